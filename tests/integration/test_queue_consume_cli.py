"""`waspada queue consume` as a real process: prints pending messages once, then acknowledges."""

import asyncio
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reports.message import validate_report_message
from reports.service import Reporter, ReportService
from reports.taxonomy import ScamType
from storage.uow import UnitOfWorkFactory
from tests.integration.conftest import DraftFactory

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


async def _waspada(database_url: str, cwd: Path, *args: str) -> Finished:
    env = {name: value for name, value in os.environ.items() if not name.startswith("WASPADA_")}
    env["WASPADA_DATABASE_URL"] = database_url
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), env.get("PYTHONPATH")]))
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cli",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return Finished(process.returncode, stdout.decode(), stderr.decode())


async def _submit_three(
    service: ReportService, make_draft: DraftFactory
) -> tuple[list[str], list[str]]:
    """Three reports, one after the other: their references and idempotency keys."""
    reporter = Reporter(telegram_id=4242, interface_language="en")
    drafts = [make_draft(scam_type=t) for t in (ScamType.PHISHING, ScamType.PARCEL, ScamType.LOAN)]
    references = [await service.submit(draft, reporter) for draft in drafts]
    return references, [draft.submission_key for draft in drafts]


async def _pending(unit_of_work: UnitOfWorkFactory) -> int:
    async with unit_of_work() as uow:
        return await uow.outbox.count_pending()


async def test_consume_json_prints_each_pending_message_once(
    database_url: str,
    unit_of_work: UnitOfWorkFactory,
    report_service: ReportService,
    make_draft: DraftFactory,
    tmp_path: Path,
) -> None:
    references, keys = await _submit_three(report_service, make_draft)

    first = await _waspada(database_url, tmp_path, "queue", "consume", "--json", "--max", "2")

    assert first.returncode == 0, first.stderr
    assert len(first.lines) == 2, first.stdout
    documents = [json.loads(line) for line in first.lines]
    for document in documents:
        validate_report_message(document)
    assert [document["reference"] for document in documents] == references[:2]
    assert [document["idempotency_key"] for document in documents] == keys[:2]
    assert [document["scam_type"] for document in documents] == ["phishing", "parcel"]
    assert await _pending(unit_of_work) == 1

    second = await _waspada(database_url, tmp_path, "queue", "consume", "--json")

    assert second.returncode == 0, second.stderr
    assert [json.loads(line)["reference"] for line in second.lines] == references[2:], (
        "the second run must print only what the first left pending"
    )
    assert await _pending(unit_of_work) == 0


async def test_consume_without_json_prints_one_readable_line_per_message(
    database_url: str,
    unit_of_work: UnitOfWorkFactory,
    report_service: ReportService,
    make_draft: DraftFactory,
    tmp_path: Path,
) -> None:
    references, keys = await _submit_three(report_service, make_draft)

    finished = await _waspada(database_url, tmp_path, "queue", "consume")

    assert finished.returncode == 0, finished.stderr
    assert len(finished.lines) == 3, finished.stdout
    for line, reference, key, scam_type in zip(
        finished.lines, references, keys, ("phishing", "parcel", "loan"), strict=True
    ):
        assert line.startswith(reference)
        assert scam_type in line
        assert key in line
        assert not line.lstrip().startswith("{")
    assert await _pending(unit_of_work) == 0
