"""Identifiers a scammer leaves behind (phone numbers, accounts, links), found and normalised."""
