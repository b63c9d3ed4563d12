"""The review loop through the real bot over HTTP: a report in Malay becomes a card in the
operators' chat, an operator asks and then confirms, the reporter hears back in Malay, and the
next person who checks the number is told it is a confirmed scam."""

import re
from collections.abc import Callable
from typing import Any, TypeVar

import aiohttp
import pytest
from aiogram.fsm.state import State
from aiogram.utils.i18n import I18n

from accounts.roles import Role
from accounts.service import AccountService
from bot.i18n import load_i18n
from handlers.hear_back import decision_text
from handlers.labels import consent_label, scam_type_label
from handlers.report.prompts import prompt_for
from handlers.report.steps import ReportForm
from reports.countries import COUNTRIES
from reports.draft import ReportDraft
from reports.review import Decision, Outcome
from reports.service import Reporter
from reports.taxonomy import ContactConsent, ReportStatus, ScamType
from tests.support.drafts import complete_draft
from tests.support.fake_bot_api import Call, FakeBotApi
from tests.support.harness import Person, running_bot, settings_for

OPERATORS_CHAT = -1001234567890
ADMIN, SECOND_OPERATOR, STRANGER = 7001, 7002, 7003
REPORTER, CITIZEN = 4601, 4602
SCAM_NUMBER = "012-345 6789"
T = TypeVar("T")
_REFERENCE = re.compile(r"WSP-[0-9A-Z-]+")


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return load_i18n()


def _malay(i18n: I18n) -> Callable[[Callable[[], T]], T]:
    """Runs a piece of the bot's wording in Malay, so a reviewer's better wording breaks no
    test."""

    def text(make: Callable[[], T]) -> T:
        with i18n.context(), i18n.use_locale("ms"):
            return make()

    return text


def _question(state: State) -> str:
    """The start of the question the bot asks at `state` (in the current language)."""
    first_line = prompt_for(str(state.state), ReportDraft(), COUNTRIES["MY"]).text.split("\n")[0]
    return first_line[:40]


async def _report_in_malay(person: Person, i18n: I18n) -> tuple[str, Call]:
    """A short report in Malay that asks to hear back; its reference and the "received" reply."""
    ms = _malay(i18n)
    await person.says("/start", expect=ms(lambda: i18n.gettext("Choose your language:")))
    await person.taps("Bahasa Melayu")
    await person.says("/report", expect=ms(lambda: _question(ReportForm.urgent)))
    await person.taps(
        ms(lambda: i18n.gettext("No")), expect=ms(lambda: i18n.gettext("What kind of scam was it?"))
    )
    await person.taps(
        ms(lambda: scam_type_label(ScamType.PARCEL)),
        expect=ms(lambda: _question(ReportForm.channel)),
    )
    await person.says("/skip", expect=ms(lambda: _question(ReportForm.impersonation)))
    await person.says("/skip", expect=ms(lambda: _question(ReportForm.identifiers)))
    await person.says(f"Dia telefon saya dari {SCAM_NUMBER}", expect="+60123456789")
    await person.taps("✅", expect=ms(lambda: _question(ReportForm.incident)))
    await person.says("/skip", expect=ms(lambda: _question(ReportForm.money_lost)))
    await person.taps(
        ms(lambda: i18n.gettext("No")), expect=ms(lambda: _question(ReportForm.description))
    )
    await person.says("/skip", expect=ms(lambda: _question(ReportForm.evidence)))
    await person.taps("✅", expect=ms(lambda: _question(ReportForm.consent)))
    await person.taps(
        ms(lambda: consent_label(ContactConsent.TELEGRAM)),
        expect=ms(lambda: _question(ReportForm.hear_back)),
    )
    await person.taps(
        ms(lambda: i18n.gettext("Yes, tell me")),
        expect=ms(lambda: i18n.gettext("<b>Please check your report</b>")),
    )
    received = await person.taps("✅", expect="<code>WSP-")
    match = _REFERENCE.search(received["params"]["text"])
    assert match is not None
    call = next(c for c in person.api.sent(person.user_id) if c.params is received["params"])
    return match.group(0), call


def _as_message(call: Call) -> dict[str, Any]:
    return {"params": call.params, "result": call.params["_result"]}


def _in_operators_chat(reference: str, method: str = "sendMessage") -> Callable[[Call], bool]:
    return lambda call: (
        call.method == method
        and int(call.params["chat_id"]) == OPERATORS_CHAT
        and reference in call.params.get("text", "")
    )


def _callback_answer(containing: str) -> Callable[[Call], bool]:
    return lambda call: (
        call.method == "answerCallbackQuery" and containing in call.params.get("text", "")
    )


async def test_a_report_is_reviewed_in_the_operators_chat_and_everyone_hears_of_it(
    api: FakeBotApi, sqlite_url: str, i18n: I18n
) -> None:
    ms = _malay(i18n)
    api.app_languages[REPORTER] = "ms"
    settings = settings_for(api, sqlite_url, operator_chat_id=OPERATORS_CHAT, operators=[ADMIN])
    async with running_bot(settings):
        reporter = Person(api, REPORTER)
        reference, received = await _report_in_malay(reporter, i18n)

        # The card reaches the operators within a second, with the number's verdict.
        card = await api.wait_for(_in_operators_chat(reference), seconds=5)
        assert card.at - received.at < 1.0
        assert "+60123456789" in card.params["text"]
        assert "Received" in card.params["text"]

        # Someone who is not an operator presses a decision: refused, nothing changes.
        mark = api.mark()
        api.press(STRANGER, _as_message(card), "Scam")
        await api.wait_for(_callback_answer("Only the centre's operators"), after=mark)
        citizen = Person(api, CITIZEN)
        unchanged = await citizen.says(f"/check {SCAM_NUMBER}", expect="+60123456789")
        assert "Confirmed scam" not in unchanged["params"]["text"]
        assert not [c for c in api.calls[mark:] if c.method == "editMessageText"]

        # The admin asks the reporter a question; the reporter answers in the same report.
        mark = api.mark()
        api.press(ADMIN, _as_message(card), "Ask")
        await api.wait_for(_in_operators_chat(reference), after=mark)
        api.send_to_group(OPERATORS_CHAT, ADMIN, "Which bank did you pay into?")
        question = await api.next_message(REPORTER, mark, containing="Which bank did you pay")
        answer_label = ms(lambda: i18n.gettext("✍️ Answer"))
        assert answer_label in str(question["params"]["reply_markup"])
        reporter.last = question
        await reporter.taps(answer_label)
        mark = api.mark()
        await reporter.says("Maybank, akaun 5140 1234 5678", expect=reference)
        reopened = await api.wait_for(_in_operators_chat(reference), after=mark, seconds=5)
        assert "Received" in reopened.params["text"]

        # The admin adds a second operator, then confirms; the second operator is too late.
        mark = api.mark()
        api.send_to_group(OPERATORS_CHAT, ADMIN, f"/operator add {SECOND_OPERATOR}")
        await api.wait_for(lambda c: "Done." in c.params.get("text", ""), after=mark)
        mark = api.mark()
        api.press(ADMIN, _as_message(reopened), "Scam")
        edited = await api.wait_for(_in_operators_chat(reference, "editMessageText"), after=mark)
        assert "Confirmed as a scam" in edited.params["text"]
        assert "Decided by" in edited.params["text"]
        api.press(SECOND_OPERATOR, _as_message(reopened), "Scam")
        await api.wait_for(_callback_answer("Already decided"), after=mark)

        # The reporter hears it in Malay; the next person who checks is warned.
        told = ms(
            lambda: decision_text(
                Outcome(reference, Decision.CONFIRM, ReportStatus.CONFIRMED, ReportStatus.RECEIVED),
                None,
            )
        )
        assert told is not None
        await api.next_message(REPORTER, mark, containing=told)
        warned = await citizen.says(f"/check {SCAM_NUMBER}", expect="+60123456789")
        assert "Confirmed scam" in warned["params"]["text"]


async def test_a_decision_in_the_console_inside_the_bot_reaches_the_card_and_the_reporter(
    api: FakeBotApi, sqlite_url: str
) -> None:
    settings = settings_for(
        api,
        sqlite_url,
        operator_chat_id=OPERATORS_CHAT,
        operators=[ADMIN],
        console_enabled=True,
    )
    async with running_bot(settings) as app:
        await AccountService(app.unit_of_work).create(
            "nurul", "nurul's long password", Role.REVIEWER
        )
        draft = complete_draft(notify_reporter=True)
        reference = await app.core.reports.submit(draft, Reporter(REPORTER, "ms"))
        await api.wait_for(_in_operators_chat(reference), seconds=5)

        console = f"http://127.0.0.1:{settings.http_port}/console"
        # unsafe: the console is on an IP address, whose cookies aiohttp refuses by default.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            login = await (await http.get(f"{console}/login")).text()
            await http.post(
                f"{console}/login",
                data={"csrf": _csrf(login), "name": "nurul", "password": "nurul's long password"},
            )
            page = await (await http.get(f"{console}/reports/{reference}")).text()
            mark = api.mark()
            decided = await http.post(
                f"{console}/reports/{reference}/decide",
                data={"csrf": _csrf(page), "decision": "confirm"},
            )
            assert decided.status == 200

        edited = await api.wait_for(_in_operators_chat(reference, "editMessageText"), after=mark)
        assert "Decided by nurul" in edited.params["text"]
        await api.next_message(REPORTER, mark, containing=reference)


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)
