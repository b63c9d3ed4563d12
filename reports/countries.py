"""What Waspada needs to know about each country it serves: currency and anti-scam hotline.

Only hotlines verified by the project are listed; elsewhere the bot tells people to call
their bank and the police instead of guessing a number.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Hotline:
    number: str
    name: str


@dataclass(frozen=True)
class Country:
    code: str
    currency: str
    hotline: Hotline | None


COUNTRIES = {
    country.code: country
    for country in (
        Country("MY", "MYR", Hotline("997", "National Scam Response Centre (NSRC)")),
        Country("SG", "SGD", Hotline("1799", "ScamShield Helpline")),
        Country("TH", "THB", Hotline("1441", "Anti Online Scam Operation Center (AOC)")),
        Country("PH", "PHP", Hotline("1326", "CICC Inter-Agency Response Center")),
        Country("ID", "IDR", None),
        Country("VN", "VND", None),
        Country("KH", "KHR", None),
        Country("MM", "MMK", None),
        Country("LA", "LAK", None),
        Country("BN", "BND", None),
    )
}
