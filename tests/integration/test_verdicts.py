"""Verdicts on each database: every verdict reached from real rows, official always wins."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from checking.reasons import Reason, ReasonCode
from checking.service import CheckService
from checking.verdicts import Finding, Verdict
from identifiers.model import Identifier, IdentifierKind
from reports.draft import DraftIdentifier
from reports.service import Reporter, ReportService
from storage.indicators import AllowlistRow, IndicatorRow
from storage.lookup import Lookup
from storage.models import Indicator
from storage.uow import UnitOfWorkFactory
from tests.integration.conftest import DraftFactory
from tests.support.cli import run_waspada

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
PHONE = "+60123456789"
OFFICIAL_URL = "https://www.maybank2u.com.my/"


@pytest.fixture
def checker(lookup: Lookup) -> CheckService:
    return CheckService(lookup, "MY")


async def _allowlist(unit_of_work: UnitOfWorkFactory, *rows: tuple[str, str]) -> None:
    async with unit_of_work() as uow:
        await uow.allowlist.upsert_many([AllowlistRow(k, v, "Maybank") for k, v in rows])
        await uow.commit()


async def _list(unit_of_work: UnitOfWorkFactory, kind: str, value: str, source: str) -> None:
    async with unit_of_work() as uow:
        await uow.indicators.upsert_many([IndicatorRow(kind, value, source, NOW, NOW)])
        await uow.commit()


async def _report(
    report_service: ReportService, make_draft: DraftFactory, reporter_id: int, kind: str, value: str
) -> None:
    draft = make_draft(identifiers=[DraftIdentifier(kind=IdentifierKind(kind), value=value)])
    await report_service.submit(draft, Reporter(telegram_id=reporter_id, interface_language="ms"))


async def _one(checker: CheckService, text: str) -> Finding:
    findings = await checker.check_text(text)
    assert len(findings) == 1, findings
    return findings[0]


async def test_official_beats_a_flood_of_reports_and_a_feed_listing(
    checker: CheckService,
    unit_of_work: UnitOfWorkFactory,
    report_service: ReportService,
    make_draft: DraftFactory,
) -> None:
    await _allowlist(unit_of_work, ("domain", "maybank2u.com.my"), ("phone", PHONE))
    await _list(unit_of_work, "url", OFFICIAL_URL, "phishtank")
    for reporter_id in range(1, 6):
        await _report(report_service, make_draft, reporter_id, "url", OFFICIAL_URL)
        await _report(report_service, make_draft, reporter_id, "phone", PHONE)

    findings = await checker.check_text(f"{OFFICIAL_URL} 012-345 6789")

    assert findings == [
        Finding("url", OFFICIAL_URL, Verdict.OFFICIAL, (Reason(ReasonCode.ALLOWLISTED),)),
        Finding("phone", PHONE, Verdict.OFFICIAL, (Reason(ReasonCode.ALLOWLISTED),)),
    ]


async def test_feed_listing_and_operator_confirmation_are_confirmed_scam(
    checker: CheckService, unit_of_work: UnitOfWorkFactory
) -> None:
    await _list(unit_of_work, "url", "http://evil.example/a.exe", "urlhaus")
    await _list(unit_of_work, "domain", "phish.example", "domains.txt")
    async with unit_of_work() as uow:
        uow.session.add(
            Indicator(
                kind="phone",
                value=PHONE,
                source="operator",
                status="confirmed",
                first_seen=NOW,
                last_seen=NOW,
            )
        )
        await uow.commit()

    findings = await checker.check_text(
        "hxxp://evil[.]example/a.exe https://login.phish.example/x 0123456789"
    )

    assert [(f.value, f.verdict, tuple(map(str, f.reasons))) for f in findings] == [
        ("http://evil.example/a.exe", Verdict.CONFIRMED_SCAM, ("listed_by:urlhaus",)),
        ("https://login.phish.example/x", Verdict.CONFIRMED_SCAM, ("listed_by:domains.txt",)),
        (PHONE, Verdict.CONFIRMED_SCAM, ("operator_confirmed", "listed_by:operator")),
    ]


async def test_one_reporter_twice_is_no_record_two_reporters_are_reported(
    checker: CheckService, report_service: ReportService, make_draft: DraftFactory
) -> None:
    await _report(report_service, make_draft, 11, "phone", PHONE)
    await _report(report_service, make_draft, 11, "phone", PHONE)

    assert await _one(checker, "012-345 6789") == Finding("phone", PHONE, Verdict.NO_RECORD, ())

    await _report(report_service, make_draft, 22, "phone", PHONE)

    assert await _one(checker, "012-345 6789") == Finding(
        "phone", PHONE, Verdict.REPORTED, (Reason(ReasonCode.REPORTED_BY, "2"),)
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("https://maybank2u-secure.com/login", "lookalike_of:maybank2u.com.my"),
        ("http://rnaybank2u.com.my/", "lookalike_of:maybank2u.com.my"),
        ("http://203.0.113.7/login", "ip_literal_link"),
        ("https://bit.ly/3xYz", "url_shortener"),
    ],
)
async def test_heuristics_make_an_unknown_link_suspicious(
    checker: CheckService, unit_of_work: UnitOfWorkFactory, text: str, reason: str
) -> None:
    await _allowlist(unit_of_work, ("domain", "maybank2u.com.my"))

    finding = await _one(checker, text)

    assert finding.verdict == Verdict.SUSPICIOUS
    assert reason in [str(reason) for reason in finding.reasons]


async def test_clean_unknown_link_has_no_record(
    checker: CheckService, unit_of_work: UnitOfWorkFactory
) -> None:
    await _allowlist(unit_of_work, ("domain", "maybank2u.com.my"))

    assert await _one(checker, "https://example.org/about") == Finding(
        "url", "https://example.org/about", Verdict.NO_RECORD, ()
    )


def test_check_command_prints_one_json_object(tmp_path: Path) -> None:
    result = run_waspada(
        [
            "check",
            "--json",
            "--country",
            "SG",
            "Ring 9123 4567 or open http://203.0.113.7/x, pay DBS 0123456789",
        ],
        f"sqlite+aiosqlite:///{tmp_path / 'w.db'}",
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    # The message's signs come with each check (tests/unit/test_hallmarks.py tests them).
    assert answer.pop("scam_signals") in ("high", "some", "none")
    assert all(set(sign) == {"code", "evidence"} for sign in answer.pop("hallmarks"))
    assert answer == {
        "language": "en",
        "identifiers": [
            {
                "kind": "url",
                "value": "http://203.0.113.7/x",
                "provider": None,
                "verdict": "suspicious",
                "reasons": ["ip_literal_link"],
            },
            {
                "kind": "phone",
                "value": "+6591234567",
                "provider": None,
                "verdict": "no_record",
                "reasons": [],
            },
            {
                "kind": "bank_account",
                "value": "0123456789",
                "provider": "DBS",
                "verdict": "no_record",
                "reasons": [],
            },
        ],
    }


async def test_a_host_of_a_thousand_labels_is_checked_against_its_listed_domain(
    checker: CheckService, unit_of_work: UnitOfWorkFactory
) -> None:
    await _list(unit_of_work, "domain", "evil.example", "feed")
    deep = "http://" + "a." * 1000 + "login.evil.example/"
    shallow = "http://" + "b." * 3 + "evil.example/"

    findings = await checker.check_identifiers(
        [Identifier(IdentifierKind.URL, url) for url in (deep, shallow)]
    )

    assert [finding.verdict for finding in findings] == [Verdict.CONFIRMED_SCAM] * 2
