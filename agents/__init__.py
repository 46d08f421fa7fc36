"""The agents of kastje: citizens, the desks they visit, and the decision point where both decide.

This file imports nothing, so every module imports on its own.
"""
