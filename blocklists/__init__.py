"""Known-bad lists: feed formats, their import into the indicator store, and the allowlist."""
