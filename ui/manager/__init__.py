"""The manager's pages (compare, what if, a citizen's journey, the scenario) and their parts."""
