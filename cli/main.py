"""The `waspada` command line: settings, logging and exit codes; the commands themselves."""

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from cli import lists, operators, queue, share
from core.app import open_core
from core.settings import MissingSettingError, Settings, unknown_settings
from storage.database import DatabaseUnavailableError

EXIT_BAD_SETTING = 2
EXIT_DATABASE_UNAVAILABLE = 1


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for warning in unknown_settings([*os.environ, *_dotenv_names()]):
        print(f"waspada: warning: {warning}", file=sys.stderr)
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
    except DatabaseUnavailableError as error:
        print(f"waspada: WASPADA_DATABASE_URL: cannot open the database: {error}", file=sys.stderr)
        return EXIT_DATABASE_UNAVAILABLE
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
    # The Telegram runtime is loaded only by the commands that talk to Telegram.
    from bot.app import build_bot, open_app
    from bot.runners import run_bot

    token = settings.require_token()
    async with open_app(settings) as app:
        bot = build_bot(token, settings)
        try:
            await run_bot(app, bot)
        finally:
            await bot.session.close()
    return 0


async def _chat(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import open_app
    from bot.chat import LOG_FILE, run_terminal_chat, terminal_settings

    # The chat itself is the output here: problems go to a file, never into the conversation.
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    log_file = logging.FileHandler(LOG_FILE, encoding="utf-8")
    log_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(log_file)
    root.setLevel(logging.WARNING)
    async with open_app(terminal_settings(settings)) as app:
        await run_terminal_chat(app)
    return 0


async def _upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    async with open_core(settings):
        print("database schema is up to date", file=sys.stderr)
    return 0


def _dotenv_names() -> list[str]:
    """The names a .env file in the working directory sets."""
    path = Path(".env")
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.split("=", 1)[0].strip() for line in lines if "=" in line]


async def _update_catalogs(_settings: Settings, _args: argparse.Namespace) -> int:
    from bot.catalogs import update_catalogs

    for path in update_catalogs():
        print(f"wrote {path}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="waspada", description="Waspada scam-reporting bot")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    commands.add_parser("run", help="run the Telegram bot").set_defaults(command=_run)
    commands.add_parser("chat", help="try the bot in this terminal").set_defaults(command=_chat)

    queue.add_commands(commands)

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

    lists.add_commands(commands)
    operators.add_commands(commands)
    share.add_commands(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
