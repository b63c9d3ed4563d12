"""Prometheus metrics: what every process counts, and the /metrics page that shows it."""
