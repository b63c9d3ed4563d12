"""Faults on the way to RabbitMQ: the broker stopped and started while reports come in, and a
relay killed after publishing but before the outbox heard the confirm. After recovery every
acknowledged report is in the queue; a duplicate carries the same idempotency key."""

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import aio_pika
import pytest

from core.app import Core, open_core
from core.settings import Settings
from delivery.amqp import CONFIRM_TIMEOUT_SECONDS, BrokerNames, declare
from delivery.factory import opened
from delivery.relay import RelayPolicy, run_relay
from reports.service import Reporter
from tests.integration.conftest import DraftFactory
from tests.support.broker import Received, drain
from tests.support.harness import free_port

REPOSITORY = Path(__file__).resolve().parents[2]
RECOVERY_SECONDS = 120


def _rabbitmqctl(*args: str) -> None:
    if shutil.which("rabbitmqctl") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("rabbitmqctl is missing; CI must have RabbitMQ installed")
        pytest.skip("rabbitmqctl is not installed")
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=120)


def _settings(database_url: str, amqp_url: str, names: BrokerNames) -> Settings:
    return Settings(
        _env_file=None,
        database_url=database_url,
        queue_url=amqp_url,
        queue_exchange=names.exchange,
        queue_name=names.queue,
        queue_lease_seconds=5,
    )


async def _submit(core: Core, make_draft: DraftFactory, first: int, count: int) -> list[str]:
    keys = []
    for number in range(first, first + count):
        draft = make_draft()
        await core.reports.submit(draft, Reporter(telegram_id=number, interface_language="vi"))
        keys.append(draft.submission_key)
    return keys


async def _until(condition: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not await condition():
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.2)


async def _undelivered(core: Core) -> int:
    async with core.unit_of_work() as uow:
        return await uow.outbox.count_pending()


def _assert_all_arrived(received: list[Received], keys: list[str]) -> None:
    assert {message.message_id for message in received} == set(keys), "a report was lost"
    for message in received:
        assert message.payload["idempotency_key"] == message.message_id


async def test_the_broker_stopped_and_started_while_reports_are_submitted(
    postgres_url: str, make_draft: DraftFactory, rabbitmq_server: str, broker_names: BrokerNames
) -> None:
    settings = _settings(postgres_url, rabbitmq_server, broker_names)
    policy = RelayPolicy(first_backoff=0.2, max_backoff=1.0, poll_interval=0.1)
    async with open_core(settings) as core:
        publisher = core.publisher()
        assert publisher is not None
        async with opened(publisher):
            relay = asyncio.create_task(
                run_relay(core.unit_of_work, publisher, policy, core.outbox_bell)
            )
            try:
                keys = await _submit(core, make_draft, 1, 10)
                await asyncio.to_thread(_rabbitmqctl, "stop_app")
                try:
                    # Reports keep being acknowledged while the broker is away.
                    keys += await _submit(core, make_draft, 11, 10)
                    await asyncio.sleep(1.0)
                    assert await _undelivered(core) >= 10
                finally:
                    await asyncio.to_thread(_rabbitmqctl, "start_app")
                keys += await _submit(core, make_draft, 21, 10)

                async def drained() -> bool:
                    return await _undelivered(core) == 0

                await _until(drained, RECOVERY_SECONDS, "the outbox never drained")
            finally:
                relay.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await relay

    _assert_all_arrived(await drain(rabbitmq_server, broker_names), keys)


async def test_a_relay_killed_between_publish_and_confirm_loses_nothing(
    postgres_url: str,
    make_draft: DraftFactory,
    rabbitmq_server: str,
    broker_names: BrokerNames,
    tmp_path: Path,
) -> None:
    settings = _settings(postgres_url, rabbitmq_server, broker_names)
    async with open_core(settings) as core:
        keys = await _submit(core, make_draft, 1, 400)
        relay = _start_relay(settings, tmp_path)
        try:
            caught = await _pause_mid_batch(relay, core, rabbitmq_server, broker_names)
        finally:
            relay.kill()
            relay.wait(timeout=30)
        in_queue, acknowledged = caught
        assert in_queue > acknowledged, "the relay was not caught between publish and confirm"

        restarted = _start_relay(settings, tmp_path)
        try:

            async def drained() -> bool:
                return await _undelivered(core) == 0

            # The killed relay's lease runs out after 5 s; the new one takes its rows.
            await _until(drained, RECOVERY_SECONDS, "the restarted relay never drained")
        finally:
            restarted.send_signal(signal.SIGTERM)
            assert restarted.wait(timeout=30) == 0

    received = await drain(rabbitmq_server, broker_names)
    _assert_all_arrived(received, keys)
    # Those published twice: sent before the kill, and again after the lease ran out.
    assert len(received) > len(keys)


def _start_relay(settings: Settings, cwd: Path) -> subprocess.Popen[bytes]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("WASPADA_")}
    env |= {
        "PYTHONPATH": str(REPOSITORY),
        "WASPADA_DATABASE_URL": settings.database_url,
        "WASPADA_QUEUE_URL": settings.queue_url or "",
        "WASPADA_QUEUE_EXCHANGE": settings.queue_exchange,
        "WASPADA_QUEUE_NAME": settings.queue_name,
        "WASPADA_QUEUE_LEASE_SECONDS": str(settings.queue_lease_seconds),
        "WASPADA_HTTP_HOST": "127.0.0.1",
        "WASPADA_HTTP_PORT": str(free_port()),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "relay"],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _pause_mid_batch(
    relay: subprocess.Popen[bytes], core: Core, url: str, names: BrokerNames
) -> tuple[int, int]:
    """Freezes the relay (SIGSTOP) at a moment when the broker holds more messages than the
    outbox has acknowledged: published, confirm not yet recorded. Returns both counts."""
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        await declare(channel, names)  # whoever comes first declares it
        deadline = time.monotonic() + RECOVERY_SECONDS
        while time.monotonic() < deadline:
            assert relay.poll() is None, "the relay process stopped"
            queue = await channel.declare_queue(names.queue, passive=True)
            if queue.declaration_result.message_count:
                relay.send_signal(signal.SIGSTOP)
                await asyncio.sleep(0.2)  # confirms already on the wire land in the broker
                queue = await channel.declare_queue(names.queue, passive=True)
                in_queue = queue.declaration_result.message_count or 0
                async with core.unit_of_work() as uow:
                    status = await uow.outbox.status()
                if in_queue > status.delivered:
                    return in_queue, status.delivered
                relay.send_signal(signal.SIGCONT)
            await asyncio.sleep(0.005)
    pytest.fail("never caught the relay with a batch published and unconfirmed")


def test_the_lease_outlasts_no_sane_publish() -> None:
    """A lease shorter than a confirm may take would hand rows to a second relay mid-publish."""
    assert timedelta(seconds=CONFIRM_TIMEOUT_SECONDS) <= RelayPolicy().lease
