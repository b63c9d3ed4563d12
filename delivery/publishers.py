"""Where queue messages go. Every sink implements `Publisher`; the relay owns retries.

A publisher is opened once, publishes batches, and is closed when its process stops. It says
per message what happened: delivered (the sink has it for good), refused (the sink will never
take it: parked as dead with the reason), or neither (a failure worth retrying, with the time
the sink asked us to wait, if it said).
"""

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from storage.outbox import PendingMessage


@dataclass
class Delivery:
    delivered: set[int] = field(default_factory=set)
    refused: dict[int, str] = field(default_factory=dict)
    # Why the rest failed, and how long the sink asked us to wait before trying again.
    failure: str | None = None
    retry_after: float | None = None
    # The sink could not be reached, or asked everyone to wait: no message was judged, so the
    # attempt counts against none of them (an outage of hours parks nothing as dead).
    sink_unavailable: bool = False

    @classmethod
    def of_all(cls, messages: Iterable[PendingMessage]) -> "Delivery":
        return cls(delivered={message.id for message in messages})

    def failed(self, messages: Iterable[PendingMessage]) -> list[PendingMessage]:
        """The messages neither delivered nor refused: they go round again."""
        return [
            message
            for message in messages
            if message.id not in self.delivered and message.id not in self.refused
        ]


class Publisher(Protocol):
    async def open(self) -> None:
        """Connects (and declares what the sink needs); raises when the sink is unreachable."""

    async def close(self) -> None: ...

    async def publish(self, messages: list[PendingMessage]) -> Delivery:
        """Hands the messages on; raises only when it could not tell which arrived (then none
        counts as delivered)."""


CONTENT_TYPE = "application/json"


def to_json_line(message: PendingMessage) -> str:
    """The document on one line: as stored, compact JSON with sorted keys."""
    return message.body


def message_body(message: PendingMessage) -> bytes:
    return to_json_line(message).encode("utf-8")


class StreamPublisher:
    """JSON lines (or a one-line summary each) on a stream such as stdout, for a pipe."""

    def __init__(self, stream: TextIO, as_json: bool) -> None:
        self._stream = stream
        self._as_json = as_json

    async def open(self) -> None:
        """A stream is open already."""

    async def close(self) -> None:
        self._stream.flush()

    async def publish(self, messages: list[PendingMessage]) -> Delivery:
        for message in messages:
            self._stream.write(
                (
                    to_json_line(message)
                    if self._as_json
                    else summary(message.payload, message.idempotency_key)
                )
                + "\n"
            )
        self._stream.flush()
        return Delivery.of_all(messages)


class JsonLinesFilePublisher:
    """Appends JSON lines to a file and syncs it to disk before the outbox is acknowledged."""

    def __init__(self, path: Path) -> None:
        self._path = path

    async def open(self) -> None:
        # Fail at start, not at the first report, when the file cannot be written.
        with self._path.open("a", encoding="utf-8"):
            pass

    async def close(self) -> None:
        """Each batch closes the file it wrote."""

    async def publish(self, messages: list[PendingMessage]) -> Delivery:
        lines = "".join(to_json_line(message) + "\n" for message in messages)
        with self._path.open("a", encoding="utf-8") as sink:
            sink.write(lines)
            sink.flush()
            os.fsync(sink.fileno())
        return Delivery.of_all(messages)


def summary(payload: dict[str, Any], idempotency_key: str) -> str:
    """One line for a person reading the queue: reference, time, kind, how many identifiers."""
    identifiers = len(payload.get("identifiers", []))
    return (
        f"{payload.get('reference')}  {payload.get('submitted_at')}  {payload.get('scam_type')}  "
        f"identifiers={identifiers}  key={idempotency_key}"
    )
