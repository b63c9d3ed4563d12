"""Handing queue messages from the outbox to whatever consumes them."""
