"""An agency's HTTP intake: one signed POST per message.

Each request carries the idempotency key (`Idempotency-Key`), the time it was signed
(`Waspada-Timestamp`, Unix seconds) and `Waspada-Signature: sha256=HEX`, the HMAC-SHA256 of
`TIMESTAMP.BODY` under the shared secret, so the intake can refuse forgeries and replays.
A 2xx answer delivers the message. 408, 429, 5xx, timeouts and network errors are retried
later (after `Retry-After` when the intake sends one); an intake that cannot be reached, or
answers 429, counts no attempt against the message. Any other 4xx means the intake will never
take the message: it is parked as dead with the status as its reason.
"""

import asyncio
import hashlib
import hmac
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from delivery.publishers import CONTENT_TYPE, Delivery, message_body
from storage.outbox import PendingMessage

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
RETRIED_STATUSES = frozenset({408, 425, 429})
# Requests in flight at once: enough to drain a backlog, few enough not to flood an intake.
CONCURRENCY = 8


def signature(secret: bytes, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret, timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


class HttpIntakePublisher:
    def __init__(self, url: str, secret: bytes, timeout: httpx.Timeout = TIMEOUT) -> None:
        self._url = url
        self._secret = secret
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    async def open(self) -> None:
        self._client = httpx.AsyncClient(timeout=self._timeout, follow_redirects=False)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def publish(self, messages: list[PendingMessage]) -> Delivery:
        if self._client is None:
            raise RuntimeError("the intake publisher is not open")
        client = self._client
        slots = asyncio.Semaphore(CONCURRENCY)

        async def post(message: PendingMessage) -> httpx.Response | Exception:
            async with slots:
                try:
                    return await client.post(
                        self._url, content=message_body(message), headers=self._headers(message)
                    )
                except httpx.HTTPError as error:
                    return error

        answers = await asyncio.gather(*(post(message) for message in messages))
        delivery = Delivery()
        for message, answer in zip(messages, answers, strict=True):
            _record(delivery, message, answer)
        return delivery

    def _headers(self, message: PendingMessage) -> dict[str, str]:
        timestamp = str(int(time.time()))
        return {
            "Content-Type": CONTENT_TYPE,
            "Idempotency-Key": message.idempotency_key,
            "Waspada-Schema": message.schema,
            "Waspada-Event": message.event,
            "Waspada-Timestamp": timestamp,
            "Waspada-Signature": signature(self._secret, timestamp, message_body(message)),
        }


def _record(
    delivery: Delivery, message: PendingMessage, answer: httpx.Response | Exception
) -> None:
    if isinstance(answer, Exception):
        delivery.failure = type(answer).__name__
        # Never connected: the intake is down or unreachable, whatever the message.
        delivery.sink_unavailable |= isinstance(answer, httpx.ConnectError | httpx.ConnectTimeout)
        return
    status = answer.status_code
    if 200 <= status < 300:
        delivery.delivered.add(message.id)
    elif status in RETRIED_STATUSES or status >= 500:
        delivery.failure = f"HTTP {status}"
        # Told to slow down: the intake's load, not the message's fault.
        delivery.sink_unavailable |= status == 429
        wait = retry_after(answer.headers.get("Retry-After"))
        if wait is not None:
            delivery.retry_after = max(delivery.retry_after or 0.0, wait)
    else:
        # Redirects count here too: a signed report is never re-sent to another address.
        delivery.refused[message.id] = f"HTTP {status}"


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
