"""A mistake in what the user asked for: the command line prints it as one line (sim.cli)."""

from __future__ import annotations


class UserError(Exception):
    """A mistake in what the user asked for; printed as one line."""
