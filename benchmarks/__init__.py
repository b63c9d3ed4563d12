"""Measurements, not tests: each script prints figures beside a baseline from the same run."""
