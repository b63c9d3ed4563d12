"""`waspada queue …` and `waspada relay`: the report queue, seen from the centre's side."""

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any

from core.app import Core, open_core
from core.background import stop_on_signals
from core.relaying import run_relay_process
from core.settings import Settings
from delivery.publishers import StreamPublisher, summary
from delivery.relay import RelayPolicy, deliver_pending

EXIT_NOTHING_TO_DO = 2


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    commands.add_parser(
        "relay",
        help="forward the outbox to WASPADA_QUEUE_URL until stopped (with /healthz, /metrics)",
        description="Run the outbox relay as its own process. Several may run at once: each "
        "message is leased to one of them at a time. Set WASPADA_EMBEDDED_RELAY=false for "
        "the `waspada run` processes.",
    ).set_defaults(command=_relay)
    queue = commands.add_parser("queue", help="the report queue").add_subparsers(
        required=True, metavar="ACTION"
    )
    consume = queue.add_parser(
        "consume",
        help="print queued messages and acknowledge them: from the outbox, or from RabbitMQ",
        description="A reference consumer. With WASPADA_QUEUE_URL unset it reads the outbox; "
        "with an amqp:// URL it reads the centre's queue, acknowledging each message after "
        "printing it and skipping any idempotency key it printed before.",
    )
    consume.add_argument("--json", action="store_true", help="one JSON document per line")
    consume.add_argument("--max", type=positive, default=None, help="stop after N messages")
    consume.add_argument(
        "--idle",
        type=float,
        default=None,
        metavar="SECONDS",
        help="RabbitMQ: stop once no message came for this long (default: run until stopped)",
    )
    consume.set_defaults(command=_consume)
    status = queue.add_parser(
        "status", help="pending, in-flight, delivered and dead messages, and the oldest pending"
    )
    status.add_argument("--json", action="store_true", help="one JSON object")
    status.set_defaults(command=_status)
    queue.add_parser(
        "dead", help="messages parked after too many failures, or refused by the sink"
    ).set_defaults(command=_dead)
    retry = queue.add_parser("retry", help="send dead messages again")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("id", nargs="?", type=positive, help="one message, by the id `dead` shows")
    which.add_argument("--all", action="store_true", help="every dead message")
    retry.set_defaults(command=_retry)


async def _relay(settings: Settings, _args: argparse.Namespace) -> int:
    if settings.queue_kind == "outbox":
        print(
            "waspada: WASPADA_QUEUE_URL is not set: the outbox is the queue and there is "
            "nothing to relay (read it with `waspada queue consume`)",
            file=sys.stderr,
        )
        return EXIT_NOTHING_TO_DO
    async with open_core(settings) as core:
        await run_relay_process(core, stop_on_signals())
    return 0


async def _consume(settings: Settings, args: argparse.Namespace) -> int:
    kind = settings.queue_kind
    if kind not in ("outbox", "amqp"):
        print(
            f"waspada: the queue is {'an HTTP intake' if kind == 'http' else 'a file'}; "
            "`queue consume` reads the outbox or RabbitMQ",
            file=sys.stderr,
        )
        return EXIT_NOTHING_TO_DO
    async with open_core(settings) as core:
        if kind == "amqp":
            count = await _consume_broker(core, args)
        else:
            publisher = StreamPublisher(sys.stdout, as_json=args.json)
            in_order = RelayPolicy(parallel_batches=1)
            count = await deliver_pending(core.unit_of_work, publisher, in_order, limit=args.max)
    print(f"{count} message(s) consumed", file=sys.stderr)
    return 0


async def _consume_broker(core: Core, args: argparse.Namespace) -> int:
    from aio_pika.abc import AbstractIncomingMessage

    from delivery.amqp import BrokerNames, consume

    settings = core.settings
    printed = 0

    async def handle(incoming: AbstractIncomingMessage) -> None:
        nonlocal printed
        key = incoming.message_id or ""
        async with core.unit_of_work() as uow:
            if key and await uow.consumed.seen(key):
                return
            payload: dict[str, Any] = json.loads(incoming.body)
            line = json.dumps(payload, ensure_ascii=False, sort_keys=True)
            print(line if args.json else summary(payload, key), flush=True)
            printed += 1
            if key:
                # After printing: a crash in between prints it again, never loses it.
                await uow.consumed.remember(key)
                await uow.commit()

    names = BrokerNames(settings.queue_exchange, settings.queue_name)
    assert settings.queue_url is not None
    await consume(settings.queue_url, names, handle, limit=args.max, idle=args.idle)
    return printed


async def _status(settings: Settings, args: argparse.Namespace) -> int:
    async with open_core(settings) as core, core.unit_of_work() as uow:
        status = await uow.outbox.status()
    oldest = status.oldest_pending_at
    age = (datetime.now(UTC) - oldest).total_seconds() if oldest else None
    if args.json:
        print(
            json.dumps(
                {
                    "pending": status.pending,
                    "in_flight": status.in_flight,
                    "delivered": status.delivered,
                    "dead": status.dead,
                    "oldest_pending_age_seconds": age,
                }
            )
        )
        return 0
    print(f"pending     {status.pending}")
    print(f"in flight   {status.in_flight}")
    print(f"delivered   {status.delivered}")
    print(f"dead        {status.dead}")
    print(f"oldest pending: {f'{age:.0f} s ago' if age is not None else 'none'}")
    return 0


async def _dead(settings: Settings, _args: argparse.Namespace) -> int:
    async with open_core(settings) as core, core.unit_of_work() as uow:
        dead = await uow.outbox.dead()
    for message in dead:
        print(
            f"{message.id}\t{message.dead_at:%Y-%m-%dT%H:%M:%SZ}\tattempts={message.attempts}\t"
            f"key={message.idempotency_key}\t{message.last_error or '-'}"
        )
    if not dead:
        print("no dead messages", file=sys.stderr)
    return 0


async def _retry(settings: Settings, args: argparse.Namespace) -> int:
    async with open_core(settings) as core, core.unit_of_work() as uow:
        count = await uow.outbox.retry(None if args.all else args.id)
        await uow.commit()
    print(f"{count} message(s) will be sent again")
    if not count and not args.all:
        print(f"waspada: no dead message with id {args.id}", file=sys.stderr)
        return EXIT_NOTHING_TO_DO
    return 0


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number
