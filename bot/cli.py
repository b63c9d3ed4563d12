"""The `waspada` command line."""

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.app import build_bot, open_app
from bot.settings import MissingSettingError, Settings
from delivery.publishers import StreamPublisher
from delivery.relay import deliver_pending

EXIT_BAD_SETTING = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
        logging.basicConfig(
            level=settings.log_level,
            stream=sys.stderr,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        logging.getLogger("alembic").setLevel(logging.WARNING)
        exit_code: int = asyncio.run(args.command(settings, args))
        return exit_code
    except ValidationError as error:
        print(f"waspada: {_describe(error)}", file=sys.stderr)
        return EXIT_BAD_SETTING
    except MissingSettingError as error:
        print(f"waspada: {error}", file=sys.stderr)
        return EXIT_BAD_SETTING
    except KeyboardInterrupt:
        return 130


def _describe(error: ValidationError) -> str:
    """One line naming the setting, never the value (it may be a secret)."""
    first = error.errors()[0]
    location = "_".join(str(part) for part in first["loc"]).upper()
    name = f"WASPADA_{location}" if location else "settings"
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{name}: {message}"


async def _run(settings: Settings, _args: argparse.Namespace) -> int:
    token = settings.require_token()
    async with open_app(settings) as app:
        bot = build_bot(token, settings)
        # Start-up objects live as long as the process: keep them out of garbage collection.
        gc.freeze()
        try:
            from bot.runners import run_bot

            await run_bot(app, bot)
        finally:
            await bot.session.close()
    return 0


async def _chat(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.chat import run_terminal_chat

    logging.getLogger().setLevel(logging.WARNING)  # the chat itself is the output here
    async with open_app(settings) as app:
        await run_terminal_chat(app)
    return 0


async def _consume(settings: Settings, args: argparse.Namespace) -> int:
    async with open_app(settings) as app:
        publisher = StreamPublisher(sys.stdout, as_json=args.json)
        count = await deliver_pending(app.unit_of_work, publisher, limit=args.max)
    print(f"{count} message(s) consumed", file=sys.stderr)
    return 0


async def _upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    async with open_app(settings):
        print("database schema is up to date", file=sys.stderr)
    return 0


async def _update_catalogs(_settings: Settings, _args: argparse.Namespace) -> int:
    from bot.catalogs import update_catalogs

    for path in update_catalogs():
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="waspada", description="Waspada scam-reporting bot")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    commands.add_parser("run", help="run the Telegram bot").set_defaults(command=_run)
    commands.add_parser("chat", help="try the bot in this terminal").set_defaults(command=_chat)

    queue = commands.add_parser("queue", help="the report queue").add_subparsers(
        required=True, metavar="ACTION"
    )
    consume = queue.add_parser("consume", help="print pending messages and acknowledge them")
    consume.add_argument("--json", action="store_true", help="one JSON document per line")
    consume.add_argument("--max", type=_positive, default=None, help="stop after N messages")
    consume.set_defaults(command=_consume)

    catalogs = commands.add_parser("catalogs", help="translation catalogs").add_subparsers(
        required=True, metavar="ACTION"
    )
    catalogs.add_parser(
        "update", help="extract messages from the code into locales/ (for developers)"
    ).set_defaults(command=_update_catalogs)

    db = commands.add_parser("db", help="the database").add_subparsers(
        required=True, metavar="ACTION"
    )
    db.add_parser("upgrade", help="apply migrations").set_defaults(command=_upgrade)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


if __name__ == "__main__":
    sys.exit(main())
