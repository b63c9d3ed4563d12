"""What a centre shares: only what its operators confirmed, in STIX 2.1 that the OASIS
validator passes, in a MISP event PyMISP loads, in CSV; withdrawals as revocations; and never
anything personal."""

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from pymisp import MISPEvent
from stix2validator import ValidationOptions, validate_string

from identifiers.model import IdentifierKind
from reports.draft import DraftIdentifier
from reports.review import Decision, ReviewService
from reports.service import Reporter, ReportService
from sharing.export import ExportFormat, export_text
from sharing.formats import TLP_MARKINGS
from storage.indicators import IndicatorRow
from storage.uow import UnitOfWorkFactory
from tests.integration.conftest import ADMIN, DraftFactory
from tests.support.cli import run_waspada

CENTRE = "Waspada MY"
REPORTER_PHONE = "+60198887777"
WALLET = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
DESCRIPTION = "Encik Ahmad dari Jalan Ampang, IC 880512-10-1234, hilang RM5000"


async def _confirmed_report(
    report_service: ReportService, review: ReviewService, make_draft: DraftFactory, who: int
) -> str:
    draft = make_draft(
        description=DESCRIPTION,
        contact_phone=REPORTER_PHONE,
        identifiers=[
            DraftIdentifier(kind=IdentifierKind.PHONE, value="+60123456789"),
            DraftIdentifier(
                kind=IdentifierKind.URL, value="https://maybank2u-secure.example/login"
            ),
            DraftIdentifier(kind=IdentifierKind.BANK_ACCOUNT, value="514012345678", provider="MBB"),
            DraftIdentifier(
                kind=IdentifierKind.CRYPTO_WALLET,
                value="bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            ),
        ],
    )
    reference = await report_service.submit(draft, Reporter(who, "ms"))
    await review.decide(reference, Decision.CONFIRM, ADMIN)
    return reference


async def test_a_stix_bundle_of_confirmed_indicators_passes_the_oasis_validator(
    unit_of_work: UnitOfWorkFactory,
    report_service: ReportService,
    review: ReviewService,
    make_draft: DraftFactory,
) -> None:
    await _confirmed_report(report_service, review, make_draft, 880_001)

    bundle = await export_text(unit_of_work, CENTRE, "amber", ExportFormat.STIX)

    result = validate_string(bundle, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(error) for error in result.errors]
    objects = json.loads(bundle)["objects"]
    patterns = sorted(o["pattern"] for o in objects if o["type"] == "indicator")
    assert patterns == [
        "[bank-account:account_number = '514012345678']",
        "[cryptocurrency-wallet:value = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']",
        "[phone-number:value = '+60123456789']",
        "[url:value = 'https://maybank2u-secure.example/login']",
    ]
    indicators = [o for o in objects if o["type"] == "indicator"]
    assert all(o["object_marking_refs"] == [TLP_MARKINGS["amber"]] for o in indicators)
    assert all(o["labels"] == ["phishing"] for o in indicators)
    (account,) = [o for o in indicators if "bank-account" in o["pattern"]]
    assert account["x_waspada_provider"] == "MBB"
    assert "held by Maybank" in account["description"]


async def test_an_undone_confirmation_is_published_again_as_revoked(
    unit_of_work: UnitOfWorkFactory,
    report_service: ReportService,
    review: ReviewService,
    make_draft: DraftFactory,
) -> None:
    reference = await _confirmed_report(report_service, review, make_draft, 880_002)
    first = json.loads(await export_text(unit_of_work, CENTRE, "amber", ExportFormat.STIX))

    await review.decide(reference, Decision.UNDO, ADMIN)
    second = json.loads(await export_text(unit_of_work, CENTRE, "amber", ExportFormat.STIX))

    before = {o["id"]: o for o in first["objects"] if o["type"] == "indicator"}
    after = {o["id"]: o for o in second["objects"] if o["type"] == "indicator"}
    assert before.keys() == after.keys()
    assert all(o["revoked"] for o in after.values())
    assert all(after[i]["modified"] > before[i]["modified"] for i in after)


async def test_a_misp_event_loads_in_pymisp_and_csv_lists_the_same(
    unit_of_work: UnitOfWorkFactory,
    report_service: ReportService,
    review: ReviewService,
    make_draft: DraftFactory,
) -> None:
    await _confirmed_report(report_service, review, make_draft, 880_003)

    event = MISPEvent()
    event.from_dict(**json.loads(await export_text(unit_of_work, CENTRE, "red", ExportFormat.MISP)))
    rows = list(
        csv.DictReader(
            io.StringIO(await export_text(unit_of_work, CENTRE, "red", ExportFormat.CSV))
        )
    )

    kinds = sorted((attribute.type, attribute.value) for attribute in event.attributes)
    assert kinds == [
        ("bank-account-nr", "514012345678"),
        ("btc", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
        ("phone-number", "+60123456789"),
        ("url", "https://maybank2u-secure.example/login"),
    ]
    assert [tag.name for tag in event.tags] == ["tlp:red"]
    assert sorted(row["value"] for row in rows) == sorted(value for _, value in kinds)


async def test_nothing_personal_and_nothing_unconfirmed_leaves_the_country(
    unit_of_work: UnitOfWorkFactory,
    report_service: ReportService,
    review: ReviewService,
    make_draft: DraftFactory,
) -> None:
    reporters = [880_100 + n for n in range(5)]
    for who in reporters:
        await _confirmed_report(report_service, review, make_draft, who)
    await report_service.submit(
        make_draft(identifiers=[DraftIdentifier(kind=IdentifierKind.PHONE, value="+60177776666")]),
        Reporter(880_200, "ms"),
    )
    now = datetime.now(UTC)
    async with unit_of_work() as uow:
        await uow.indicators.upsert_many(
            [IndicatorRow("url", "http://feed-only.example/x", "urlhaus", now, now)]
        )
        await uow.commit()

    for export_format in ExportFormat:
        text = await export_text(unit_of_work, CENTRE, "amber", export_format)
        for personal in [*map(str, reporters), "880200", REPORTER_PHONE, "Ahmad", "880512"]:
            assert personal not in text, (export_format, personal)
        # Only what operators confirmed: not a mere report, not a feed's listing.
        assert "+60177776666" not in text
        assert "feed-only.example" not in text


def test_the_commands_add_a_partner_and_write_an_export(tmp_path: Path) -> None:
    database = f"sqlite+aiosqlite:///{tmp_path / 'waspada.db'}"
    added = run_waspada(["partners", "add", "sg-asc"], database, tmp_path)
    again = run_waspada(["partners", "add", "sg-asc"], database, tmp_path)
    exported = run_waspada(
        ["share", "export", "--format", "stix", "--output", "shared.json"], database, tmp_path
    )

    assert added.returncode == 0, added.stderr
    assert len(added.stdout.strip()) >= 40
    assert again.returncode == 2
    assert exported.returncode == 0, exported.stderr
    bundle = (tmp_path / "shared.json").read_text(encoding="utf-8")
    assert validate_string(bundle, ValidationOptions(version="2.1")).is_valid
