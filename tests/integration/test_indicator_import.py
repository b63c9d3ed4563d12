"""Feed imports on each database: re-imports update, sources stay apart, bad rows never stop it."""

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from blocklists.allowlist import DEFAULT_ALLOWLIST, import_allowlist
from blocklists.formats import FeedFormat
from blocklists.importer import import_feed
from cli.main import main
from storage.indicators import SourceCount
from storage.models import Indicator
from storage.uow import UnitOfWorkFactory
from tests.support.cli import run_waspada

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
URLHAUS = (
    "# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n"
    '"1","2026-11-20 08:00:00","http://EVIL.example/a.exe","online","","malware_download",'
    '"elf","https://urlhaus.abuse.ch/url/1/","anon"\n'
    '"2","2026-11-21 09:30:00","http://other.example/b","offline","","malware_download",'
    '"","https://urlhaus.abuse.ch/url/2/","anon"\n'
    '"3","2026-11-21 09:30:00","ftp://not-web.example/","online","","malware_download",'
    '"","https://urlhaus.abuse.ch/url/3/","anon"\n'
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Stored:
    value: str
    source: str
    status: str
    first_seen: datetime
    last_seen: datetime
    note: str | None


async def _rows(unit_of_work: UnitOfWorkFactory) -> list[Stored]:
    columns = [getattr(Indicator, name) for name in Stored.__dataclass_fields__]
    async with unit_of_work() as uow:
        result = await uow.session.execute(select(*columns).order_by(Indicator.id))
        return [Stored(*row) for row in result]


async def test_reimport_moves_last_seen_forward_without_duplicating(
    unit_of_work: UnitOfWorkFactory, tmp_path: Path
) -> None:
    feed = _write(tmp_path, "urlhaus.csv", URLHAUS)

    first = await import_feed(unit_of_work, feed, FeedFormat.URLHAUS, default_region="MY", now=NOW)
    later = NOW + timedelta(days=1)
    second = await import_feed(
        unit_of_work, feed, FeedFormat.URLHAUS, default_region="MY", now=later
    )

    assert (first.imported, first.new, first.malformed) == (2, 2, 1)
    assert [problem.line for problem in first.first_problems] == [4]
    assert (second.imported, second.new, second.updated, second.malformed) == (2, 0, 2, 1)
    rows = await _rows(unit_of_work)
    assert [(row.value, row.source, row.status) for row in rows] == [
        ("http://evil.example/a.exe", "urlhaus", "listed"),
        ("http://other.example/b", "urlhaus", "listed"),
    ]
    assert rows[0].first_seen == datetime(2026, 11, 20, 8, tzinfo=UTC)
    assert [row.last_seen for row in rows] == [later, later]
    assert rows[0].note == "malware_download (elf)"


async def test_an_older_import_never_moves_last_seen_back(
    unit_of_work: UnitOfWorkFactory, tmp_path: Path
) -> None:
    feed = _write(tmp_path, "openphish.txt", "https://a.example/login\n")

    await import_feed(unit_of_work, feed, FeedFormat.OPENPHISH, default_region="MY", now=NOW)
    await import_feed(
        unit_of_work,
        feed,
        FeedFormat.OPENPHISH,
        default_region="MY",
        now=NOW - timedelta(days=3),
    )

    [row] = await _rows(unit_of_work)
    assert row.first_seen == NOW - timedelta(days=3)
    assert row.last_seen == NOW


async def test_two_sources_keep_two_rows_and_stats_count_each(
    unit_of_work: UnitOfWorkFactory, tmp_path: Path
) -> None:
    openphish = _write(tmp_path, "openphish.txt", "http://evil.example/a.exe\nnot a url\n")
    domains = _write(tmp_path, "scam-shops.txt", "shop.example\nevil.example\n")
    generic = _write(
        tmp_path,
        "agency.csv",
        "phone,012-345 6789,nsrc\nbank_account,5140 1234 5678,nsrc\nfax,123,nsrc\n",
    )

    await import_feed(
        unit_of_work,
        _write(tmp_path, "u.csv", URLHAUS),
        FeedFormat.URLHAUS,
        default_region="MY",
        now=NOW,
    )
    report = await import_feed(
        unit_of_work, openphish, FeedFormat.OPENPHISH, default_region="MY", now=NOW
    )
    await import_feed(unit_of_work, domains, FeedFormat.DOMAINS, default_region="MY", now=NOW)
    agency = await import_feed(
        unit_of_work, generic, FeedFormat.GENERIC, default_region="MY", now=NOW
    )

    assert (report.imported, report.malformed) == (1, 1)
    assert (agency.imported, agency.malformed) == (2, 1)
    async with unit_of_work() as uow:
        listings = await uow.indicators.find("url", "http://evil.example/a.exe")
        counts = await uow.indicators.counts_by_source_and_kind()
        phone = await uow.indicators.find("phone", "+60123456789")
    assert [row.source for row in listings] == ["urlhaus", "openphish"]
    assert [row.source for row in phone] == ["nsrc"]
    assert counts == [
        SourceCount("nsrc", "bank_account", 1),
        SourceCount("nsrc", "phone", 1),
        SourceCount("openphish", "url", 1),
        SourceCount("scam-shops", "domain", 2),
        SourceCount("urlhaus", "url", 2),
    ]


async def test_batches_smaller_than_the_file_store_every_row_once(
    unit_of_work: UnitOfWorkFactory, tmp_path: Path
) -> None:
    urls = [f"https://p{n}.example/" for n in range(25)]
    feed = _write(tmp_path, "openphish.txt", "\n".join(urls + urls[:5]) + "\n")

    report = await import_feed(
        unit_of_work, feed, FeedFormat.OPENPHISH, default_region="MY", now=NOW, batch_size=7
    )

    assert report.new == 25
    assert sorted(row.value for row in await _rows(unit_of_work)) == sorted(urls)


async def test_shipped_allowlist_loads_and_reloads_in_place(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    first = await import_allowlist(unit_of_work, DEFAULT_ALLOWLIST, default_region="MY")
    second = await import_allowlist(unit_of_work, DEFAULT_ALLOWLIST, default_region="MY")

    assert first.malformed == 0
    assert first.imported == second.imported > 20
    async with unit_of_work() as uow:
        maybank = await uow.allowlist.find("domain", "maybank2u.com.my")
        counts = await uow.allowlist.counts_by_kind()
    assert maybank is not None
    assert maybank.name == "Maybank"
    assert sum(counts.values()) == first.imported
    assert set(counts) == {"domain", "platform", "international", "brand"}
    assert counts["domain"] > 400


def test_cli_as_a_process_imports_and_names_malformed_lines(tmp_path: Path) -> None:
    feed = _write(tmp_path, "urlhaus.csv", URLHAUS)
    finished = run_waspada(
        ["lists", "import", "--format", "urlhaus", str(feed)],
        f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        tmp_path,
    )

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == [
        "imported 2 (2 new, 0 updated), malformed 1 (line 4: not a valid url), skipped 0 unverified"
    ]
    assert "example" not in finished.stderr, "identifier values must never be logged"


@pytest.fixture
def cli_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.upper().startswith("WASPADA_"):
            monkeypatch.delenv(name)
    database = tmp_path / "cli.db"
    monkeypatch.setenv("WASPADA_DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    return database


def test_cli_reimport_updates_and_stats_count_per_source_and_kind(
    cli_database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = _write(tmp_path, "urlhaus.csv", URLHAUS)
    assert main(["lists", "import", "--format", "urlhaus", str(feed)]) == 0
    capsys.readouterr()

    assert main(["lists", "import", "--format", "urlhaus", str(feed)]) == 0
    assert capsys.readouterr().out.startswith("imported 2 (0 new, 2 updated), malformed 1 ")
    assert main(["lists", "allowlist-default"]) == 0
    assert capsys.readouterr().out.startswith("allowlisted ")
    assert main(["lists", "stats"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "urlhaus\turl\t2"
    assert [line.rsplit("\t", 1)[0] for line in lines[1:]] == [
        "allowlist\tbrand",
        "allowlist\tdomain",
        "allowlist\tinternational",
        "allowlist\tplatform",
    ]


def test_cli_missing_file_is_one_line_and_exit_2(
    cli_database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.csv"

    assert main(["lists", "import", "--format", "openphish", str(missing)]) == 2

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [f"waspada: no such file: {missing}"]
    assert not cli_database.exists()
