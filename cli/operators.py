"""`waspada console` and `waspada operators`: the web console and its accounts."""

import argparse
import getpass
import sys
from typing import Any

from accounts.roles import Role
from core.app import open_core
from core.settings import Settings

EXIT_REFUSED = 2


async def _serve_console(settings: Settings, _args: argparse.Namespace) -> int:
    from console.app import console_site
    from core.background import stop_on_signals
    from core.http import serve

    async with open_core(settings) as core:
        runner = await serve(console_site(core), settings.http_host, settings.http_port)
        print(
            f"console on http://{settings.http_host}:{settings.http_port}/console/",
            file=sys.stderr,
        )
        try:
            await stop_on_signals().wait()
        finally:
            await runner.cleanup()
    return 0


async def _add(settings: Settings, args: argparse.Namespace) -> int:
    from accounts.service import AccountError, AccountService

    password = _read_password()
    async with open_core(settings) as core:
        try:
            await AccountService(core.unit_of_work).create(
                args.name, password, Role(args.role), args.telegram_id
            )
        except AccountError as error:
            print(f"waspada: not added: {error}", file=sys.stderr)
            return EXIT_REFUSED
    print(f"added {args.name} ({args.role})", file=sys.stderr)
    return 0


async def _list(settings: Settings, _args: argparse.Namespace) -> int:
    from accounts.service import AccountService

    async with open_core(settings) as core:
        for account in await AccountService(core.unit_of_work).all():
            state = "disabled" if account.disabled else "enabled"
            telegram = f" telegram:{account.telegram_id}" if account.telegram_id else ""
            print(f"{account.name}\t{account.role}\t{state}{telegram}")
    return 0


async def _disable(settings: Settings, args: argparse.Namespace) -> int:
    from accounts.service import AccountError, AccountService

    async with open_core(settings) as core:
        try:
            await AccountService(core.unit_of_work).disable(args.name)
        except AccountError as error:
            print(f"waspada: {error}", file=sys.stderr)
            return EXIT_REFUSED
    print(f"disabled {args.name}; their sessions ended", file=sys.stderr)
    return 0


def _read_password() -> str:
    """Asked for twice at a terminal; otherwise the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise SystemExit("waspada: the two passwords differ; nothing was added")
        return first
    return sys.stdin.readline().rstrip("\n")


def add_commands(commands: Any) -> None:
    commands.add_parser(
        "console", help="serve the operators' web console on WASPADA_HTTP_PORT"
    ).set_defaults(command=_serve_console)
    operators = commands.add_parser("operators", help="console accounts").add_subparsers(
        required=True, metavar="ACTION"
    )
    add = operators.add_parser("add", help="add an account (the password is asked for)")
    add.add_argument("name")
    add.add_argument("--role", choices=[role.value for role in Role], default=Role.VIEWER)
    add.add_argument("--telegram-id", type=int, default=None, help="the same person's Telegram id")
    add.set_defaults(command=_add)
    operators.add_parser("list", help="every account").set_defaults(command=_list)
    disable = operators.add_parser("disable", help="stop an account from signing in")
    disable.add_argument("name")
    disable.set_defaults(command=_disable)
