"""The engine: the model (Mesa agents, a SimPy clock and queues) and its random streams. It emits
events to its listeners and counts nothing itself (sim.counting does)."""
