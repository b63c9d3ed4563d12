"""What each console role may do."""

from enum import StrEnum


class Role(StrEnum):
    VIEWER = "viewer"  # sees the queue, reports, lists and dashboard
    REVIEWER = "reviewer"  # also decides on reports and changes the lists
    ADMIN = "admin"  # also exports personal data and retries dead messages


DECIDING_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})
