"""What the console hands on after a decision, to whatever else must hear of it."""

from collections.abc import Awaitable, Callable

from reports.review import Outcome

# The outcome, the account's name and the decision's detail (original reference or question).
FollowUp = Callable[[Outcome, str, str | None], Awaitable[None]]
