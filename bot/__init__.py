"""Composition root: settings, the dispatcher, runners and the `waspada` command line."""
