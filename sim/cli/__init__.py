"""The `kastje` command line (sim.cli.main): the top of the house beside the app."""
