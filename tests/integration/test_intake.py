"""Reports into an agency's HTTP intake, a real server on loopback that fails as real ones do:
500s, 429 with Retry-After, requests that time out, refusals. Every acknowledged report
arrives, signed; a repeat carries the same idempotency key; a refused one is parked."""

import asyncio
import contextlib
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiohttp import web

from delivery.intake import HttpIntakePublisher, retry_after
from delivery.relay import RelayPolicy, deliver_pending, run_relay
from reports.message import validate_report_message
from reports.service import Reporter, ReportService
from storage.uow import UnitOfWorkFactory
from tests.integration.conftest import DraftFactory

SECRET = b"intake-shared-secret"
QUICK = RelayPolicy(batch_size=50, first_backoff=0.05, max_backoff=0.3, max_attempts=50)
CLIENT_GIVES_UP_AFTER = 0.5
SHORT_TIMEOUT = httpx.Timeout(CLIENT_GIVES_UP_AFTER)


@dataclass
class Attempt:
    key: str
    at: float
    status: int


@dataclass
class FakeIntake:
    """Answers each request with the next scripted status (then 200), checking signatures."""

    script: list[int | str] = field(default_factory=list)
    retry_after_seconds: int = 1
    attempts: list[Attempt] = field(default_factory=list)
    accepted: list[dict[str, Any]] = field(default_factory=list)
    bad_signatures: int = 0
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        key = request.headers["Idempotency-Key"]
        timestamp = request.headers["Waspada-Timestamp"]
        expected = hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        if request.headers["Waspada-Signature"] != f"sha256={expected}":
            self.bad_signatures += 1
            return web.Response(status=401)
        step = self.script.pop(0) if self.script else 200
        if step == "hang":
            # Takes the report, but answers after the client gave up: it will come again.
            self.accepted.append(json.loads(body))
            await asyncio.sleep(CLIENT_GIVES_UP_AFTER * 4)
            step = 200
        assert isinstance(step, int)
        self.attempts.append(Attempt(key, time.monotonic(), step))
        if step == 200:
            self.accepted.append(json.loads(body))
            return web.json_response({"received": key})
        headers = {"Retry-After": str(self.retry_after_seconds)} if step == 429 else {}
        if step == 302:
            headers = {"Location": "http://127.0.0.1:1/elsewhere"}
        return web.Response(status=step, headers=headers)


@contextlib.asynccontextmanager
async def running(intake: FakeIntake) -> AsyncIterator[FakeIntake]:
    app = web.Application()
    app.router.add_post("/reports", intake.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    intake.url = f"http://127.0.0.1:{port}/reports"
    try:
        yield intake
    finally:
        await runner.cleanup()


async def _submit(service: ReportService, make_draft: DraftFactory, count: int) -> list[str]:
    keys = []
    for number in range(count):
        draft = make_draft()
        await service.submit(draft, Reporter(telegram_id=9_000 + number, interface_language="th"))
        keys.append(draft.submission_key)
    return keys


async def _until(condition: Callable[[], Any], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        assert time.monotonic() < deadline, "the relay did not finish in time"
        await asyncio.sleep(0.05)


async def test_every_report_arrives_through_500s_429s_and_timeouts(
    unit_of_work: UnitOfWorkFactory, make_draft: DraftFactory
) -> None:
    service = ReportService(unit_of_work, "TH")
    keys = await _submit(service, make_draft, 6)
    async with running(FakeIntake(script=[500, 503, "hang", 429, 500])) as intake:
        publisher = HttpIntakePublisher(intake.url, SECRET, timeout=SHORT_TIMEOUT)
        await publisher.open()
        relay = asyncio.create_task(run_relay(unit_of_work, publisher, QUICK))

        async def all_delivered() -> bool:
            async with unit_of_work() as uow:
                return await uow.outbox.count_pending() == 0

        try:
            await _until(all_delivered, seconds=30)
        finally:
            relay.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relay
            await publisher.close()

    arrived = [message["idempotency_key"] for message in intake.accepted]
    assert set(arrived) == set(keys)
    # The report the intake took while the relay had given up came again, with its own key.
    assert len(arrived) > len(set(arrived))
    assert intake.bad_signatures == 0
    for message in intake.accepted:
        validate_report_message(message)
    async with unit_of_work() as uow:
        assert await uow.outbox.dead() == []


async def test_retry_after_is_honoured_before_the_next_attempt(
    unit_of_work: UnitOfWorkFactory, make_draft: DraftFactory
) -> None:
    [key] = await _submit(ReportService(unit_of_work, "TH"), make_draft, 1)
    async with running(FakeIntake(script=[429], retry_after_seconds=1)) as intake:
        publisher = HttpIntakePublisher(intake.url, SECRET)
        await publisher.open()
        try:
            assert await deliver_pending(unit_of_work, publisher, QUICK) == 0
            await asyncio.sleep(QUICK.max_backoff)
            # Within the second the intake asked for, the message is not offered again.
            assert await deliver_pending(unit_of_work, publisher, QUICK) == 0
            await asyncio.sleep(1.0)
            assert await deliver_pending(unit_of_work, publisher, QUICK) == 1
        finally:
            await publisher.close()

    first, second = intake.attempts
    assert (first.key, first.status, second.key, second.status) == (key, 429, key, 200)
    assert second.at - first.at >= 1.0


@pytest.mark.parametrize(("status", "reason"), [(422, "HTTP 422"), (302, "HTTP 302")])
async def test_a_refusal_parks_the_report_as_dead_until_it_is_retried(
    unit_of_work: UnitOfWorkFactory, make_draft: DraftFactory, status: int, reason: str
) -> None:
    keys = await _submit(ReportService(unit_of_work, "TH"), make_draft, 2)
    async with running(FakeIntake(script=[status])) as intake:
        publisher = HttpIntakePublisher(intake.url, SECRET)
        await publisher.open()
        try:
            assert await deliver_pending(unit_of_work, publisher, QUICK) == 1
            async with unit_of_work() as uow:
                dead = await uow.outbox.dead()
                assert [(m.idempotency_key, m.last_error) for m in dead] == [(keys[0], reason)]
                assert await uow.outbox.retry(dead[0].id) == 1
                await uow.commit()
            assert await deliver_pending(unit_of_work, publisher, QUICK) == 1
        finally:
            await publisher.close()

    assert sorted(message["idempotency_key"] for message in intake.accepted) == sorted(keys)
    # Never followed: the signed report went to no other address.
    assert len(intake.attempts) == 3


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("7", 7.0), (" 0 ", 0.0), ("soon", None), ("", None), (None, None), ("-3", None)],
)
def test_retry_after_in_seconds(header: str | None, seconds: float | None) -> None:
    assert retry_after(header) == seconds


def test_retry_after_as_an_http_date() -> None:
    later = time.time() + 30
    header = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(later))
    wait = retry_after(header)
    assert wait is not None
    assert 25 <= wait <= 31
    assert retry_after("Thu, 01 Jan 1970 00:00:00 GMT") == 0.0
