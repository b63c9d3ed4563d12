"""Scam reports: taxonomy, drafts, reference numbers and the queue message."""
