"""What a message's hallmarks are called in the person's language, and the advice that fits."""

import html

from aiogram.utils.i18n import gettext as _

from hallmarks.codes import HallmarkCode
from hallmarks.detect import Hallmark

# A message with this many words is someone's message to check, not a list of numbers: it
# gets a word on its signs even when there are none.
MESSAGE_WORDS = 6


def hallmark_label(code: HallmarkCode) -> str:
    return {
        HallmarkCode.CREDENTIALS: _("it asks for a code, PIN, password or card number"),
        HallmarkCode.URGENCY_THREAT: _("it rushes or threatens you"),
        HallmarkCode.IMPERSONATION: _("it claims to be a bank, the police or an agency"),
        HallmarkCode.PAY_PERSONAL_ACCOUNT: _(
            "it asks you to pay into a personal account or e-wallet"
        ),
        HallmarkCode.TOO_GOOD_RETURNS: _("it promises returns too good to be true"),
        HallmarkCode.JOB_TASK: _("it offers paid tasks or easy part-time work"),
        HallmarkCode.PRIZE_FEE: _("it says you won a prize that you must pay to claim"),
        HallmarkCode.NEW_NUMBER: _("it says a friend or relative has a new number"),
        HallmarkCode.INSTALL_APP: _("it asks you to install an app from a link"),
        HallmarkCode.MOVE_APP: _("it moves the conversation to another app"),
        HallmarkCode.LOOKALIKE_LINK: _("its link imitates a real bank's or agency's"),
    }[code]


def hallmarks_text(hallmarks: list[Hallmark], text: str) -> str | None:
    """The signs, each with the words that show it, and the advice; for a message with no
    sign, that none was seen (never that it is safe). None for a bare number or link."""
    if not hallmarks:
        words = [word for word in text.split() if sum(c.isalpha() for c in word) >= 2]
        if len(words) < MESSAGE_WORDS:
            return None
        return _(
            "This message shows none of the signs of a scam that we know. That is not proof "
            "that it is safe."
        )
    lines = [
        "⚠️ <b>"
        + _(
            "This message shows {count} sign of a scam:",
            "This message shows {count} signs of a scam:",
            len(hallmarks),
        ).format(count=len(hallmarks))
        + "</b>"
    ]
    lines += [
        f"• {hallmark_label(h.code)} («<i>{html.escape(h.evidence[:80])}</i>»)" for h in hallmarks
    ]
    codes = {h.code for h in hallmarks}
    if HallmarkCode.CREDENTIALS in codes:
        lines.append(
            _(
                "Never share a code or PIN with anyone: your bank never asks for it. Call your "
                "bank on the number printed on your card."
            )
        )
    lines.append(
        _(
            "Do not pay, reply or click until you have checked with the real bank or agency, "
            "on a number you find yourself."
        )
    )
    return "\n".join(lines)
