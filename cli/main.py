"""The `waspada` command line."""

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from blocklists.allowlist import DEFAULT_ALLOWLIST, import_allowlist
from blocklists.fetch import FetchResult, fetch_feed, is_feed_url
from blocklists.formats import FeedFormat
from blocklists.importer import ImportReport, import_feed
from bot.app import build_bot, build_check_service, open_app
from bot.settings import MissingSettingError, Settings, unknown_settings
from delivery.publishers import StreamPublisher
from delivery.relay import deliver_pending
from languages.detection import detect_language
from languages.zawgyi import to_unicode
from reports.countries import COUNTRIES
from storage.database import DatabaseUnavailableError

EXIT_BAD_SETTING = 2
EXIT_BAD_FILE = 2
EXIT_BAD_ARGUMENT = 2
EXIT_FETCH_FAILED = 1
EXIT_DATABASE_UNAVAILABLE = 1
EXIT_NOTHING_IMPORTED = 1
ALLOWLIST_FORMAT = "allowlist"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
    token = settings.require_token()
    async with open_app(settings) as app:
        bot = build_bot(token, settings)
        try:
            from bot.runners import run_bot

            await run_bot(app, bot)
        finally:
            await bot.session.close()
    return 0


async def _chat(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.chat import LOG_FILE, run_terminal_chat

    # The chat itself is the output here: problems go to a file, never into the conversation.
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    log_file = logging.FileHandler(LOG_FILE, encoding="utf-8")
    log_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(log_file)
    root.setLevel(logging.WARNING)
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


async def _import_list(settings: Settings, args: argparse.Namespace) -> int:
    if is_feed_url(args.location):
        return await _fetch_list(settings, args)
    path = Path(args.location)
    if not await asyncio.to_thread(path.is_file):
        print(f"waspada: no such file: {path}", file=sys.stderr)
        return EXIT_BAD_FILE
    async with open_app(settings) as app:
        if args.format == ALLOWLIST_FORMAT:
            report = await import_allowlist(app.unit_of_work, path, default_region=settings.country)
            print(f"allowlisted {report.imported}, {_malformed(report)}")
            return 0
        report = await import_feed(
            app.unit_of_work,
            path,
            FeedFormat(args.format),
            default_region=settings.country,
            source=args.source,
        )
    print(_imported(report))
    return _import_exit_code(report)


async def _fetch_list(settings: Settings, args: argparse.Namespace) -> int:
    if args.format == ALLOWLIST_FORMAT:
        print("waspada: the allowlist is imported from a file, not a URL", file=sys.stderr)
        return EXIT_BAD_ARGUMENT
    async with open_app(settings) as app:
        outcome = await fetch_feed(
            app.unit_of_work,
            args.location,
            FeedFormat(args.format),
            default_region=settings.country,
            source=args.source,
        )
    if outcome.result == FetchResult.FAILED:
        print(f"waspada: could not fetch the feed: {outcome.reason}", file=sys.stderr)
        return EXIT_FETCH_FAILED
    if outcome.result == FetchResult.NOT_MODIFIED:
        print("not modified")
        return 0
    print(_imported(outcome.report))
    return _import_exit_code(outcome.report)


async def _import_default_allowlist(settings: Settings, _args: argparse.Namespace) -> int:
    async with open_app(settings) as app:
        report = await import_allowlist(
            app.unit_of_work, DEFAULT_ALLOWLIST, default_region=settings.country
        )
    print(f"allowlisted {report.imported}, {_malformed(report)}")
    return 0


async def _check(settings: Settings, args: argparse.Namespace) -> int:
    country = (args.country or settings.country).upper()
    if country not in COUNTRIES:
        print(
            f"waspada: unknown country {country!r}; known: {', '.join(COUNTRIES)}", file=sys.stderr
        )
        return EXIT_BAD_ARGUMENT
    text = to_unicode(" ".join(args.text))
    async with open_app(settings) as app:
        findings = await build_check_service(settings, app.lookup, country).check_text(text)
    if args.json:
        identifiers = [
            {
                "kind": f.kind,
                "value": f.value,
                "provider": f.provider,
                "verdict": f.verdict,
                "reasons": list(f.reasons),
            }
            for f in findings
        ]
        print(json.dumps({"language": detect_language(text), "identifiers": identifiers}))
        return 0
    for finding in findings:
        reasons = ",".join(finding.reasons) or "-"
        kind = f"{finding.kind}({finding.provider})" if finding.provider else finding.kind
        print(f"{finding.verdict}  {kind}  {finding.value}  {reasons}")
    if not findings:
        print("no identifiers found", file=sys.stderr)
    return 0


def _import_exit_code(report: ImportReport) -> int:
    """Non-zero when the file gave nothing usable, or when most of its rows failed: a broken
    feed must not pass as a good one in a cron job."""
    if report.imported == 0 or report.malformed > report.imported:
        print(
            f"waspada: {report.malformed} of {report.malformed + report.imported} rows could "
            "not be imported",
            file=sys.stderr,
        )
        return EXIT_NOTHING_IMPORTED
    return 0


def _dotenv_names() -> list[str]:
    """The names a .env file in the working directory sets."""
    path = Path(".env")
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line.split("=", 1)[0].strip() for line in lines if "=" in line]


def _imported(report: ImportReport) -> str:
    return (
        f"imported {report.imported} ({report.new} new, {report.updated} updated), "
        f"{_malformed(report)}, skipped {report.skipped} unverified"
    )


def _malformed(report: ImportReport) -> str:
    """The count, then the first few line numbers and reasons (never the values themselves)."""
    if not report.malformed:
        return "malformed 0"
    problems = ", ".join(f"line {p.line}: {p.reason}" for p in report.first_problems)
    more = ", ..." if report.malformed > len(report.first_problems) else ""
    return f"malformed {report.malformed} ({problems}{more})"


async def _list_stats(settings: Settings, _args: argparse.Namespace) -> int:
    async with open_app(settings) as app, app.unit_of_work() as uow:
        counts = await uow.indicators.counts_by_source_and_kind()
        allowlisted = await uow.allowlist.counts_by_kind()
    for count in counts:
        print(f"{count.source}\t{count.kind}\t{count.count}")
    for kind, number in allowlisted.items():
        print(f"allowlist\t{kind}\t{number}")
    if not counts and not allowlisted:
        print("no indicators and no allowlist entries", file=sys.stderr)
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

    lists = commands.add_parser("lists", help="known-bad lists and the allowlist").add_subparsers(
        required=True, metavar="ACTION"
    )
    feed = lists.add_parser(
        "import",
        help="import a feed file or URL; importing it again updates its rows, never duplicates",
        description="Import a feed from a file or an http(s) URL. A URL is fetched with a "
        "conditional GET: when the feed has not changed since its last import, nothing is "
        "imported. Malformed rows are counted and reported by line number, never fatal. "
        "--format allowlist reads kind,value,name[,note] rows of official numbers and domains "
        "from a file into the allowlist instead.",
    )
    feed.add_argument(
        "--format", required=True, choices=[*FeedFormat, ALLOWLIST_FORMAT], help="the feed's format"
    )
    feed.add_argument(
        "--source",
        help="source name stored with each row (default: the feed's publisher, or the file's "
        "name or the URL's host)",
    )
    feed.add_argument("location", metavar="FILE|URL")
    feed.set_defaults(command=_import_list)
    lists.add_parser(
        "allowlist-default",
        help="load the shipped allowlist of official Malaysian bank and agency domains",
    ).set_defaults(command=_import_default_allowlist)
    lists.add_parser(
        "stats", help="indicators per source and kind, allowlist entries per kind"
    ).set_defaults(command=_list_stats)

    check = commands.add_parser(
        "check",
        help="what is known about the numbers, accounts and links in a text",
        description="Extract the identifiers in TEXT and print a verdict with reasons for each. "
        "'no_record' is not proof of safety.",
    )
    check.add_argument("--json", action="store_true", help="one JSON object")
    check.add_argument(
        "--country", help="read local phone numbers as this country's (default WASPADA_COUNTRY)"
    )
    check.add_argument("text", nargs="+", metavar="TEXT")
    check.set_defaults(command=_check)
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


if __name__ == "__main__":
    sys.exit(main())
