"""kastje tests (a regular package, so another installed `tests` package cannot shadow it)."""
