"""Where queue messages go. Every sink implements `Publisher`; the relay owns retries."""

import json
import os
from pathlib import Path
from typing import Protocol, TextIO

from storage.outbox import PendingMessage


class Publisher(Protocol):
    async def publish(self, messages: list[PendingMessage]) -> None:
        """Returns only once every message is safely handed on; raises otherwise."""


def to_json_line(message: PendingMessage) -> str:
    return json.dumps(message.payload, ensure_ascii=False, sort_keys=True)


class StreamPublisher:
    """JSON lines (or a one-line summary each) on a stream such as stdout, for a pipe."""

    def __init__(self, stream: TextIO, as_json: bool) -> None:
        self._stream = stream
        self._as_json = as_json

    async def publish(self, messages: list[PendingMessage]) -> None:
        for message in messages:
            self._stream.write(
                (to_json_line(message) if self._as_json else _summary(message)) + "\n"
            )
        self._stream.flush()


class JsonLinesFilePublisher:
    """Appends JSON lines to a file and syncs it to disk before the outbox is acknowledged."""

    def __init__(self, path: Path) -> None:
        self._path = path

    async def publish(self, messages: list[PendingMessage]) -> None:
        lines = "".join(to_json_line(message) + "\n" for message in messages)
        with self._path.open("a", encoding="utf-8") as sink:
            sink.write(lines)
            sink.flush()
            os.fsync(sink.fileno())


def _summary(message: PendingMessage) -> str:
    payload = message.payload
    identifiers = len(payload.get("identifiers", []))
    return (
        f"{payload['reference']}  {payload['submitted_at']}  {payload['scam_type']}  "
        f"identifiers={identifiers}  key={message.idempotency_key}"
    )
