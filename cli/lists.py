"""`waspada lists …` and `waspada check`: the known-bad lists, the allowlist, a check."""

import argparse
import asyncio
import json
import sys
from pathlib import Path

from blocklists.allowlist import DEFAULT_ALLOWLIST, import_allowlist
from blocklists.fetch import FetchResult, fetch_feed, is_feed_url
from blocklists.formats import FeedFormat
from blocklists.importer import ImportReport, import_feed
from core.app import open_core
from core.settings import Settings
from hallmarks.detect import find_hallmarks, scam_signals
from languages.detection import detect_language
from languages.zawgyi import to_unicode
from reports.countries import COUNTRIES
from screenshots.reader import UnreadableImage, read_image

EXIT_BAD_FILE = 2
EXIT_BAD_ARGUMENT = 2
EXIT_FETCH_FAILED = 1
EXIT_NOTHING_IMPORTED = 1
ALLOWLIST_FORMAT = "allowlist"


def add_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
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
        "--image",
        help="also read the text of this screenshot (Tesseract) and check it like typed text",
    )
    check.add_argument(
        "--language",
        default="en",
        help="the screenshot's language, for Tesseract (en, ms, id, tl, vi, th, lo, km, my, zh, "
        "ta; English is always read too)",
    )
    check.add_argument(
        "--country", help="read local phone numbers as this country's (default WASPADA_COUNTRY)"
    )
    check.add_argument("text", nargs="*", metavar="TEXT")
    check.set_defaults(command=_check)


async def _import_list(settings: Settings, args: argparse.Namespace) -> int:
    if is_feed_url(args.location):
        return await _fetch_list(settings, args)
    path = Path(args.location)
    if not await asyncio.to_thread(path.is_file):
        print(f"waspada: no such file: {path}", file=sys.stderr)
        return EXIT_BAD_FILE
    async with open_core(settings) as core:
        if args.format == ALLOWLIST_FORMAT:
            report = await import_allowlist(
                core.unit_of_work, path, default_region=settings.country
            )
            print(f"allowlisted {report.imported}, {_malformed(report)}")
            return 0
        report = await import_feed(
            core.unit_of_work,
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
    async with open_core(settings) as core:
        outcome = await fetch_feed(
            core.unit_of_work,
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
    async with open_core(settings) as core:
        report = await import_allowlist(
            core.unit_of_work, DEFAULT_ALLOWLIST, default_region=settings.country
        )
    print(f"allowlisted {report.imported}, {_malformed(report)}")
    return 0


async def _list_stats(settings: Settings, _args: argparse.Namespace) -> int:
    async with open_core(settings) as core, core.unit_of_work() as uow:
        counts = await uow.indicators.counts_by_source_and_kind()
        allowlisted = await uow.allowlist.counts_by_kind()
    for count in counts:
        print(f"{count.source}\t{count.kind}\t{count.count}")
    for kind, number in allowlisted.items():
        print(f"allowlist\t{kind}\t{number}")
    if not counts and not allowlisted:
        print("no indicators and no allowlist entries", file=sys.stderr)
    return 0


async def _check(settings: Settings, args: argparse.Namespace) -> int:
    country = (args.country or settings.country).upper()
    if country not in COUNTRIES:
        print(
            f"waspada: unknown country {country!r}; known: {', '.join(COUNTRIES)}", file=sys.stderr
        )
        return EXIT_BAD_ARGUMENT
    text = to_unicode(" ".join(args.text))
    if not text and not args.image:
        print("waspada: give the TEXT to check, or --image PATH", file=sys.stderr)
        return EXIT_BAD_ARGUMENT
    if args.image:
        try:
            picture = await asyncio.to_thread(Path(args.image).read_bytes)
            text = f"{text} {await read_image(picture, args.language)}".strip()
        except (OSError, UnreadableImage) as error:
            print(f"waspada: cannot read the image: {type(error).__name__}", file=sys.stderr)
            return EXIT_BAD_ARGUMENT
    async with open_core(settings) as core:
        findings = await core.checks(country).check_text(text)
    hallmarks = find_hallmarks(text, findings)
    signals = scam_signals(hallmarks, findings)
    if args.json:
        identifiers = [
            {
                "kind": f.kind,
                "value": f.value,
                "provider": f.provider,
                "verdict": f.verdict,
                "reasons": [str(reason) for reason in f.reasons],
            }
            for f in findings
        ]
        answer = {
            "language": detect_language(text),
            "identifiers": identifiers,
            "hallmarks": [{"code": h.code, "evidence": h.evidence} for h in hallmarks],
            "scam_signals": signals,
        }
        print(json.dumps(answer, ensure_ascii=False))
        return 0
    for finding in findings:
        reasons = ",".join(str(reason) for reason in finding.reasons) or "-"
        kind = f"{finding.kind}({finding.provider})" if finding.provider else finding.kind
        print(f"{finding.verdict}  {kind}  {finding.value}  {reasons}")
    for hallmark in hallmarks:
        print(f"hallmark  {hallmark.code}  {hallmark.evidence}")
    print(f"scam signals: {signals}")
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
