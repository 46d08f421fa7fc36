"""The counting: one fold over a citizen's events into a named row, the ledger of rows, the metrics
declared once, the hand-off network, and the model as counted (tally.CountedModel)."""
