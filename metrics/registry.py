"""The metrics themselves, in one registry per process (each process serves its own page).

Labels never carry a person's data: update types, Bot API methods and outcomes only.
"""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

UPDATES = Counter("waspada_updates_total", "Telegram updates handled", ["type"], registry=REGISTRY)
UPDATE_SECONDS = Histogram(
    "waspada_update_seconds",
    "Time to handle one update, from its arrival to the end of its handler",
    ["type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
REPLIES = Counter(
    "waspada_bot_api_requests_total",
    "Requests to the Bot API (replies, edits, answers) by method and outcome",
    ["method", "outcome"],
    registry=REGISTRY,
)
REPLY_SECONDS = Histogram(
    "waspada_bot_api_request_seconds",
    "Time for one Bot API request",
    ["method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=REGISTRY,
)
RELAY_MESSAGES = Counter(
    "waspada_relay_messages_total",
    "Outbox messages the relay handled, by outcome (delivered, failed, unavailable: the "
    "sink was unreachable, parked)",
    ["outcome"],
    registry=REGISTRY,
)
QUEUE_MESSAGES = Gauge(
    "waspada_queue_messages",
    "Outbox messages by state (pending, in_flight, delivered, dead), read at each scrape",
    ["state"],
    registry=REGISTRY,
)
QUEUE_OLDEST_PENDING_SECONDS = Gauge(
    "waspada_queue_oldest_pending_age_seconds",
    "Age of the oldest message not yet delivered (0 when none), read at each scrape",
    registry=REGISTRY,
)
