"""The newcomer's path in `waspada chat`: check a forwarded SMS, report a scam, then read
the report from the queue."""

import json
import re
import subprocess
from datetime import date
from pathlib import Path

from babel.dates import format_date

from languages.names import NATIVE_NAMES
from reports.message import validate_report_message
from tests.support.cli import run_waspada
from tests.support.journeys import TERMINAL_REPORT


def _waspada(args: list[str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    finished = run_waspada(args, f"sqlite+aiosqlite:///{cwd / 'waspada.db'}", cwd, stdin)
    assert finished.returncode == 0, finished.stderr
    return finished


def test_report_in_the_terminal_and_consume_it_from_the_queue(tmp_path: Path) -> None:
    chat = _waspada(["chat"], tmp_path, stdin="\n".join(TERMINAL_REPORT) + "\n:quit\n")
    assert "not a police report" in chat.stdout
    assert "[1] 🚨 Report a scam" in chat.stdout
    assert "• Link: http://maybank2u-verify.com/login" in chat.stdout
    reference = chat.stdout.split("Your reference number is ")[1].split(".")[0]

    consumed = _waspada(["queue", "consume", "--json"], tmp_path)
    (line,) = consumed.stdout.splitlines()
    message = json.loads(line)
    validate_report_message(message)
    assert message["reference"] == reference
    assert message["scam_type"] == "phishing"
    assert message["incident"] == {"period": "yesterday", "date": None}
    assert ("phone", "+60323456789", "MY") in [
        (i["kind"], i["value"], i["country"]) for i in message["identifiers"]
    ]
    assert "1 message(s) consumed" in consumed.stderr

    again = _waspada(["queue", "consume", "--json"], tmp_path)
    assert again.stdout == ""


def test_an_operator_confirms_the_report_and_the_reporter_and_the_next_check_know(
    tmp_path: Path,
) -> None:
    session = [
        *TERMINAL_REPORT[:13],
        "1",
        TERMINAL_REPORT[14],
        ":operator",
        "1",
        ":user 7",
        "/check 03-2345 6789",
    ]
    chat = _waspada(["chat"], tmp_path, stdin="\n".join(session) + "\n:quit\n").stdout

    reference = chat.split("Your reference number is ")[1].split(".")[0]
    card = chat.split("bot → operators' chat> ")[1].split("you> ")[0]
    assert reference in card
    assert "+60323456789" in card
    assert "[1] ✅ Scam" in chat.split("(now in the operators' chat")[1]
    decided = chat.split("(now in the operators' chat")[1].split("(now speaking as person 7)")[0]
    assert "Status: Confirmed as a scam" in decided
    assert f"bot → person 1000> ✅ Your report {reference} was confirmed as a scam" in decided
    checked = chat.split("(now speaking as person 7)")[1]
    assert "⛔ Confirmed scam · Phone: +60323456789" in checked


SMS = (
    "Maybank: Akaun anda disekat. Sahkan segera di https://mayb4nk-rewards.com/login atau "
    "hubungi 011-2345 6789. Info lanjut: bit.ly/mbb-sah atau https://www.maybank2u.com.my"
)


def test_a_forwarded_sms_has_every_number_and_link_judged(tmp_path: Path) -> None:
    listed = tmp_path / "nsrc.csv"
    listed.write_text(
        "kind,value,source\nphone,011-2345 6789,nsrc\ndomain,mayb4nk-rewards.com,nsrc\n"
    )
    _waspada(["lists", "allowlist-default"], tmp_path)
    _waspada(["lists", "import", "--format", "generic", str(listed)], tmp_path)

    chat = _waspada(["chat"], tmp_path, stdin=f"3\n:forward {SMS}\n:quit\n").stdout

    answer = chat.split("you> ")[-2]
    verdicts = [
        line.strip() for line in answer.splitlines() if " Link: " in line or " Phone: " in line
    ]
    assert verdicts == [
        "⛔ Confirmed scam · Link: https://mayb4nk-rewards.com/login",
        "⚠️ Suspicious · Link: http://bit.ly/mbb-sah",
        "✅ Official · Link: https://www.maybank2u.com.my/",
        "⛔ Confirmed scam · Phone: +601123456789",
    ]
    assert answer.count("• Listed as malicious by nsrc.") == 2
    assert "• A link shortener hides where this link really goes." in answer
    assert "• On the official list of banks and agencies." in answer
    assert "[1] 🚨 Report this scam" in answer
    # The message's own signs come first: the frozen account, the lookalike link.
    assert re.match(r"bot> ⚠️ This message shows \d signs of a scam:", answer.strip())
    assert "• it rushes or threatens you («Akaun anda disekat»)" in answer
    assert "• its link imitates a real bank's or agency's" in answer


PHONE_REPORT = [
    "3",  # English
    "/report",
    "2",  # money did not leave in the last hours
    ":sticker",  # a sticker is answered, and the question comes again
    "1",  # phishing
    "/skip",  # channel
    "/skip",  # who they claimed to be
    "/skip",  # identifiers
    "/skip",  # when
    "2",  # no money lost
    "/skip",  # description
    "/skip",  # evidence
    "2",  # yes, call me: the contact button
    "1",  # share my number
    "+60 12-987 6543",
    "1",  # yes, tell me what the centre decides
    "1",  # Submit
    "/report",
    "/cancel",
    ":user 2",
    "hello",
]


def test_the_terminal_behaves_like_telegram_with_reply_keyboards_and_contacts(
    tmp_path: Path,
) -> None:
    chat = _waspada(["chat"], tmp_path, stdin="\n".join(PHONE_REPORT) + "\n:quit\n")

    out = chat.stdout
    assert "[1] 📞 Share my phone number" in out
    assert "Thank you." in out
    assert "Your reference number is" in out
    assert "Your report was cancelled. Nothing was sent." in out
    assert "(now speaking as person 2)" in out
    # Person 2 starts afresh: the menu, not person 1's conversation.
    assert "What would you like to do?" in out.rsplit("you> ", 2)[-2]
    assert "Traceback" not in out
    consumed = _waspada(["queue", "consume", "--json"], tmp_path)
    message = json.loads(consumed.stdout)
    assert message["reporter"]["phone"] == "+60129876543"


def _eleven_language_session() -> list[str]:
    """For each language of the picker, a new person: a report with a typed number and a typed
    date, a change to English halfway, and a cancel at the summary."""
    lines = []
    for number in range(1, len(NATIVE_NAMES) + 1):
        lines += [
            f":user {100 + number}",
            "/start",
            str(number),  # the picker's languages, in their order
            "/report",
            "2",  # money did not leave in the last hours
            "1",  # the first kind of scam
            "/skip",  # channel
            "/skip",  # who they claimed to be
            "012-345 6789",
            "1",  # Done
            "27/11",  # typed, not tapped
            "/language",
            "3",  # English, halfway
            "2",  # no money lost: the same question again, now in English
            "Paid a fake customs fee for a parcel.",
            "/skip",  # evidence
            "3",  # do not contact me
            "2",  # do not tell me the decision
            "/cancel",
        ]
    return lines


def test_a_report_in_each_of_the_eleven_languages_loses_nothing(tmp_path: Path) -> None:
    session = "\n".join(_eleven_language_session()) + "\n:quit\n"

    out = _waspada(["chat"], tmp_path, stdin=session).stdout

    people = out.split("(now speaking as person")[1:]
    assert len(people) == len(NATIVE_NAMES)
    today = date.today()
    year = today.year if (today.month, today.day) >= (11, 27) else today.year - 1
    incident = format_date(date(year, 11, 27), format="medium", locale="en")
    for language, person in zip(NATIVE_NAMES, people, strict=True):
        summary = person.split("Please check your report")[1]
        assert "+60123456789" in summary, language
        assert "Paid a fake customs fee for a parcel." in summary, language
        assert incident in summary, language
        assert "Your report was cancelled. Nothing was sent." in person, language
