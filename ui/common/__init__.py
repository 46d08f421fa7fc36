"""What the manager's pages and the room's pages both use: the session, the active scenario, the run
cache, the address, widgets, the journey replay."""
