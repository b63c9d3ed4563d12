"""`waspada share` and `waspada partners`: sharing confirmed indicators with partner centres."""

import argparse
import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import Any

from core.app import open_core
from core.settings import Settings
from sharing.export import ExportFormat, export_text

EXIT_REFUSED = 2


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    async with open_core(settings) as core:
        text = await export_text(
            core.unit_of_work, settings.centre, settings.sharing_tlp, args.format, args.since
        )
    if args.output:
        await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


async def _pull(settings: Settings, _args: argparse.Namespace) -> int:
    from sharing.pull import pull_partners

    if not settings.partners:
        print("waspada: WASPADA_PARTNERS names no partner collection", file=sys.stderr)
        return EXIT_REFUSED
    async with open_core(settings) as core:
        for partner, outcome in await pull_partners(core.unit_of_work, settings.partners):
            print(f"{partner}\t{outcome}")
    return 0


async def _add_partner(settings: Settings, args: argparse.Namespace) -> int:
    from sharing.partners import PartnerExists, add_partner

    async with open_core(settings) as core:
        try:
            key = await add_partner(core.unit_of_work, args.name)
        except PartnerExists:
            print(f"waspada: there is already a partner named {args.name}", file=sys.stderr)
            return EXIT_REFUSED
    print(key)
    print(
        f"the key of {args.name}: give it to them once (it is not shown again); they read "
        "/taxii2/ with HTTP Basic, user NAME and this key as the password",
        file=sys.stderr,
    )
    return 0


def add_commands(commands: Any) -> None:
    share = commands.add_parser("share", help="share confirmed indicators").add_subparsers(
        required=True, metavar="ACTION"
    )
    export = share.add_parser("export", help="write the shared indicators to a file")
    export.add_argument("--format", type=ExportFormat, choices=list(ExportFormat), required=True)
    export.add_argument("--since", type=date.fromisoformat, help="only those changed since DATE")
    export.add_argument("--output", help="a file (default: standard output)")
    export.set_defaults(command=_export)
    share.add_parser("pull", help="read the partners' collections now").set_defaults(command=_pull)
    partners = commands.add_parser("partners", help="partner centres").add_subparsers(
        required=True, metavar="ACTION"
    )
    add = partners.add_parser("add", help="a key with which a partner reads our collection")
    add.add_argument("name")
    add.set_defaults(command=_add_partner)
