"""ReportService.reports_of: what /myreports shows, from a real database."""

from reports.service import Reporter, ReportService
from reports.taxonomy import ReportStatus, ScamType
from tests.integration.conftest import DraftFactory


async def test_reports_of_lists_only_that_reporters_reports_newest_first(
    report_service: ReportService,
    make_draft: DraftFactory,
) -> None:
    alice = Reporter(telegram_id=111, interface_language="en")
    bob = Reporter(telegram_id=222, interface_language="id")
    alice_references = []
    for scam_type in (ScamType.PHISHING, ScamType.JOB, ScamType.INVESTMENT):
        alice_references.append(await report_service.submit(make_draft(scam_type=scam_type), alice))
        await report_service.submit(make_draft(), bob)

    listed = await report_service.reports_of(alice.telegram_id)

    assert [summary.reference for summary in listed] == alice_references[::-1]
    assert [summary.scam_type for summary in listed] == ["investment", "job", "phishing"]
    assert {summary.status for summary in listed} == {ReportStatus.RECEIVED}
    assert all(summary.status == "received" for summary in listed)
    times = [summary.submitted_at for summary in listed]
    assert times == sorted(times, reverse=True)
    assert all(time.tzinfo is not None for time in times)
    assert await report_service.reports_of(333) == []


async def test_reports_of_honours_its_limit_keeping_the_newest(
    report_service: ReportService,
    make_draft: DraftFactory,
    reporter: Reporter,
) -> None:
    references = [await report_service.submit(make_draft(), reporter) for _ in range(4)]

    listed = await report_service.reports_of(reporter.telegram_id, limit=2)

    assert [summary.reference for summary in listed] == references[:1:-1]
