"""The console in a real browser: sign in, filter, search as people type, decide, export; and
what must be refused or shown only as text."""

import asyncio
import csv
import io
import json
import os
import time
from decimal import Decimal
from pathlib import Path

from playwright.async_api import Browser, Page

from blocklists.allowlist import DEFAULT_ALLOWLIST, import_allowlist
from bot.i18n import load_i18n
from checking.verdicts import Verdict
from identifiers.model import Identifier, IdentifierKind
from reports.draft import DraftIdentifier
from reports.service import Reporter
from reports.taxonomy import ScamType
from storage.models import Report
from tests.browser.conftest import Console, signed_in
from tests.support.cli import run_waspada
from tests.support.drafts import complete_draft
from tests.support.journeys import TERMINAL_REPORT

# Set to a folder (docs/) to save the pages shown in the README.
SCREENSHOTS = os.environ.get("WASPADA_SCREENSHOTS")
HOSTILE = '<script>window.pwned = 1</script>"><img src=x onerror="window.pwned = 2">'


async def _submit(console: Console, reporter: int, **fields: object) -> str:
    return await console.core.reports.submit(complete_draft(**fields), Reporter(reporter, "ms"))


async def _report_status(console: Console, reference: str) -> str:
    async with console.core.unit_of_work() as uow:
        report = await uow.reports.get_by_reference(reference)
        assert isinstance(report, Report)
        return report.status


async def _shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        await page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


async def test_a_reviewer_finds_a_typed_number_confirms_and_the_check_changes(
    browser: Browser, console: Console
) -> None:
    scam = await _submit(console, 5001)
    other = await _submit(
        console,
        5002,
        scam_type=ScamType.INVESTMENT,
        identifiers=[DraftIdentifier(kind=IdentifierKind.PHONE, value="+60198765432")],
        amount=Decimal("25000"),
    )
    page = await signed_in(browser, console, "ravi")
    assert scam in await page.inner_text("table.queue")
    assert other in await page.inner_text("table.queue")
    await _shoot(page, "console-queue.png")

    await page.select_option("select[name=scam_type]", ScamType.INVESTMENT.value)
    await page.click("form.filters button[type=submit]")
    listed = await page.inner_text("table.queue")
    assert other in listed
    assert scam not in listed

    await page.goto(f"{console.url}/")
    await page.fill("input[name=search]", "012-345 6789")
    await page.click("form.filters button[type=submit]")
    assert scam in await page.inner_text("table.queue")
    assert other not in await page.inner_text("table.queue")

    await page.click(f"text={scam}")
    await page.wait_for_url(f"{console.url}/reports/{scam}")
    assert "+60123456789" in await page.inner_text("main")
    await _shoot(page, "console-report.png")
    await page.click("button.confirm")
    await page.wait_for_url(f"**/reports/{scam}?message=*")
    assert "Decided" in await page.inner_text(".message")
    assert "ravi" in await page.inner_text(".trail")

    (finding,) = await console.core.checks().check_identifiers(
        [Identifier(IdentifierKind.PHONE, "+60123456789")]
    )
    assert finding.verdict == Verdict.CONFIRMED_SCAM

    await page.goto(f"{console.url}/")
    async with page.expect_download() as waiting:
        await page.click("text=Confirmed indicators CSV")
    downloaded = await (await waiting.value).path()
    exported = await asyncio.to_thread(Path(downloaded).read_text, encoding="utf-8")
    assert "phone,+60123456789,console" not in exported
    assert "phone,+60123456789,review:" + scam in exported

    await page.goto(f"{console.url}/dashboard")
    assert await page.locator("figure.chart svg").count() >= 1
    await _shoot(page, "console-dashboard.png")


async def test_a_wrong_password_a_form_without_its_token_and_a_viewer_are_refused(
    browser: Browser, console: Console
) -> None:
    reference = await _submit(console, 5003)
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(f"{console.url}/login")
    await page.fill("input[name=name]", "ravi")
    await page.fill("input[name=password]", "not ravi's password")
    await page.click("button[type=submit]")
    assert "Wrong name or password." in await page.inner_text(".error")

    reviewer = await signed_in(browser, console, "ravi")
    forged = await reviewer.request.post(
        f"{console.url}/reports/{reference}/decide", form={"decision": "confirm"}
    )
    assert forged.status == 403

    viewer = await signed_in(browser, console, "vera")
    await viewer.goto(f"{console.url}/reports/{reference}")
    assert await viewer.locator("button.confirm").count() == 0
    token = await viewer.input_value("header form input[name=csrf] >> nth=0")
    refused = await viewer.request.post(
        f"{console.url}/reports/{reference}/decide",
        form={"decision": "confirm", "csrf": token},
    )
    assert refused.status == 403
    assert await _report_status(console, reference) == "received"


async def test_hostile_words_in_a_report_are_shown_as_text(
    browser: Browser, console: Console
) -> None:
    reference = await _submit(console, 5004, description=HOSTILE)
    page = await signed_in(browser, console, "ravi")
    await page.goto(f"{console.url}/reports/{reference}")

    assert HOSTILE in await page.inner_text(".description")
    assert await page.evaluate("typeof window.pwned") == "undefined"
    assert await page.locator("img[src=x]").count() == 0


async def test_only_an_admin_export_carries_personal_data(
    browser: Browser, console: Console
) -> None:
    await _submit(console, 5005, description='=HYPERLINK("http://evil.example")')
    for name, sees_personal in (("aisyah", True), ("vera", False)):
        page = await signed_in(browser, console, name)
        answer = await page.request.get(f"{console.url}/export/reports.csv?status=all")
        rows = list(csv.DictReader(io.StringIO(await answer.text())))
        assert len(rows) == 1
        assert ("description" in rows[0]) is sees_personal
        if sees_personal:
            # A spreadsheet must not run what a reporter typed.
            assert rows[0]["description"].startswith("'=")
            assert rows[0]["reporter_telegram_id"] == "5005"


async def test_every_page_forbids_framing_and_foreign_scripts(
    browser: Browser, console: Console
) -> None:
    page = await signed_in(browser, console, "aisyah")
    for path in ("/", "/indicators", "/dashboard", "/login"):
        answer = await page.request.get(f"{console.url}{path}")
        headers = answer.headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["referrer-policy"] == "no-referrer"


async def test_a_report_from_waspada_chat_is_confirmed_in_the_console_and_checks_know(
    browser: Browser, console: Console, tmp_path: Path
) -> None:
    page = await signed_in(browser, console, "ravi")
    chat = await asyncio.to_thread(
        run_waspada,
        ["chat"],
        console.database_url,
        tmp_path,
        "\n".join(TERMINAL_REPORT) + "\n:quit\n",
    )
    submitted = time.monotonic()
    assert chat.returncode == 0, chat.stderr
    reference = chat.stdout.split("Your reference number is ")[1].split(".")[0]

    await page.goto(f"{console.url}/")
    assert reference in await page.inner_text("table.queue")
    assert time.monotonic() - submitted < 1.0

    await page.click(f"text={reference}")
    await page.click("button.confirm")
    await page.wait_for_url(f"**/reports/{reference}?message=*")
    checked = await asyncio.to_thread(
        run_waspada, ["check", "--json", "03-2345 6789"], console.database_url, tmp_path
    )
    (finding,) = json.loads(checked.stdout)["identifiers"]
    assert finding["verdict"] == "confirmed_scam"


async def test_the_console_speaks_malay_to_a_malay_browser(
    browser: Browser, console: Console
) -> None:
    context = await browser.new_context(locale="ms-MY")
    page = await context.new_page()
    await page.goto(f"{console.url}/login")
    i18n = load_i18n()
    with i18n.context(), i18n.use_locale("ms"):
        heading = i18n.gettext("Sign in to the console")
    assert heading != "Sign in to the console"
    assert heading in await page.inner_text("h1")


async def test_a_reviewer_lists_a_number_and_removes_it_but_never_an_official_one(
    browser: Browser, console: Console
) -> None:
    await import_allowlist(console.core.unit_of_work, DEFAULT_ALLOWLIST, default_region="MY")
    page = await signed_in(browser, console, "ravi")
    await page.goto(f"{console.url}/indicators")
    await page.fill("input[name=value]", "call 011-2345 6789 or https://www.maybank2u.com.my/")
    await page.click("form[action$='/indicators/add'] button")
    message = await page.inner_text(".message")
    assert "+601123456789" in message
    assert "maybank2u.com.my" in message.split("official")[-1]
    assert await _verdict(console, IdentifierKind.PHONE, "+601123456789") == Verdict.CONFIRMED_SCAM

    await page.fill("form.filters input[name=search]", "011-2345 6789")
    await page.click("form.filters button[type=submit]")
    await page.click("form[action$='/indicators/remove'] button")
    assert await _verdict(console, IdentifierKind.PHONE, "+601123456789") == Verdict.NO_RECORD
    (url,) = await console.core.checks().check_identifiers(
        [Identifier(IdentifierKind.URL, "https://www.maybank2u.com.my/")]
    )
    assert url.verdict == Verdict.OFFICIAL


async def _verdict(console: Console, kind: IdentifierKind, value: str) -> Verdict:
    (finding,) = await console.core.checks().check_identifiers([Identifier(kind, value)])
    return finding.verdict
