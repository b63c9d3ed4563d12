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
    """The urgent advice, while money that just left may still be stopped."""
    if country.hotline is None:
        return _(
            "🚨 <b>If you lost money, call your bank's fraud line now</b> and ask them to "
            "block the transfer, then make a police report. Scammers move money within minutes."
        )
    # Translators: {name} is the hotline's name and {number} its short number, e.g.
    # "National Scam Response Centre (NSRC)" and "997"; keep the number as it is.
    return _(
        "🚨 <b>Call {name} at {number} now.</b>\n"
        "Scammers move money within minutes; the hotline can ask the banks to freeze it. "
        "Then call your bank."
    ).format(name=hotline_name(country), number=country.hotline.number)


def after_loss_text(country: Country) -> str:
    """The advice when money was lost some time ago: no "now", but never nothing."""
    if country.hotline is None:
        return _(
            "💡 Tell your bank about the payment and make a police report: the sooner, the "
            "better the chance of getting money back."
        )
    return _(
        "💡 Tell your bank about the payment and make a police report. {name} ({number}) "
        "can also advise you."
    ).format(name=hotline_name(country), number=country.hotline.number)


def hotline_name(country: Country) -> str:
    """The hotline's name in the person's language, as the agency itself writes it there."""
    return {
        "MY": _("National Scam Response Centre (NSRC)"),
        "SG": _("ScamShield Helpline"),
        "TH": _("Anti Online Scam Operation Center (AOC)"),
        "PH": _("CICC Inter-Agency Response Center"),
    }.get(country.code, country.hotline.name if country.hotline else "")


def help_text() -> str:
    return _(
        "I can help with:\n"
        "/report: report a scam\n"
        "/check: check a number, account or link\n"
        "/myreports: see your reports and their status\n"
        "/language: change the language\n"
        "/cancel: stop what you are doing"
    )
