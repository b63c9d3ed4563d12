"""Deciding what is known about an identifier: one verdict with machine-readable reasons."""
