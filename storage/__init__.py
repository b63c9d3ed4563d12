"""Persistence: models, repositories, unit of work, outbox, FSM storage and migrations."""
