"""The event vocabulary (every kind declared once, with the hand-off rule and how each is told) and
the CSV event log. Below the engine, which emits events, and the counting, which reads them."""
