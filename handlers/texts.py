"""Reply texts used by more than one journey."""

from aiogram.utils.i18n import gettext as _

from reports.countries import Country


def welcome_text() -> str:
    return _(
        "👋 <b>Waspada</b> helps you report scams and check suspicious numbers and links.\n\n"
        "A report here helps the anti-scam centre warn others, but it is <b>not a police "
        "report</b> by itself.\n\n"
        "🔒 We will <b>never</b> ask for your OTP, PIN or password. Anyone who does is a scammer."
    )


def hotline_text(country: Country) -> str:
    if country.hotline is None:
        return _(
            "🚨 <b>If you lost money, call your bank's fraud line now</b> and ask them to "
            "block the transfer, then make a police report. Scammers move money within minutes."
        )
    # Translators: {name} is the hotline's official name and {number} its short number,
    # e.g. "National Scam Response Centre (NSRC)" and "997"; keep both as they are.
    return _(
        "🚨 <b>Call {name} at {number} now.</b>\n"
        "Scammers move money within minutes; the hotline can ask the banks to freeze it. "
        "Then call your bank."
    ).format(name=country.hotline.name, number=country.hotline.number)


def help_text() -> str:
    return _(
        "I can help with:\n"
        "/report: report a scam\n"
        "/check: check a number, account or link\n"
        "/myreports: see your reports and their status\n"
        "/language: change the language\n"
        "/cancel: stop what you are doing"
    )
