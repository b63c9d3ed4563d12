"""The pure link heuristics: lookalikes of official domains, shorteners, IP literals, punycode."""

import pytest

from blocklists.allowlist import DEFAULT_ALLOWLIST, read_allowlist
from checking.confusables import skeleton, unicode_label
from checking.heuristics import has_mixed_scripts, lookalikes, url_signals
from checking.officials import Officials

OFFICIAL_ROWS = [
    ("domain", "maybank2u.com.my", "Maybank"),
    ("domain", "cimbclicks.com.my", "CIMB"),
    ("domain", "uob.com.my", "UOB"),
]
OFFICIAL = Officials(OFFICIAL_ROWS)
LINK_IMITATIONS = {"lookalike_of", "brand_in_path"}

# Confusables spelt by name: written out, they would look exactly like the Latin letters.
CYRILLIC_A = "\N{CYRILLIC SMALL LETTER A}"
CYRILLIC_EM = "\N{CYRILLIC SMALL LETTER EM}"
CYRILLIC_ES = "\N{CYRILLIC SMALL LETTER ES}"
CYRILLIC_I = "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}"
CYRILLIC_O = "\N{CYRILLIC SMALL LETTER O}"
GREEK_ALPHA = "\N{GREEK SMALL LETTER ALPHA}"
GREEK_OMICRON = "\N{GREEK SMALL LETTER OMICRON}"
ARMENIAN_OH = "\N{ARMENIAN SMALL LETTER OH}"
# Fullwidth Latin sits a fixed distance above ASCII.
FULLWIDTH_MAYBANK = "".join(chr(ord(letter) + 0xFEE0) for letter in "maybank")
THAI = "\N{THAI CHARACTER THO THAHAN}\N{THAI CHARACTER SARA AI MAIMALAI}\N{THAI CHARACTER YO YAK}"


def idn(host: str) -> str:
    """The host as a canonical link carries it: each Unicode label as "xn--" punycode."""
    return host.encode("idna").decode("ascii")


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("maybank2u-secure.com", ["maybank2u.com.my"]),
        ("rnaybank2u.com.my", ["maybank2u.com.my"]),
        ("maybank2u.com.my.verify-account.net", ["maybank2u.com.my"]),
        ("cimbclick.com", ["cimbclicks.com.my"]),
        ("uob-login.net", ["uob.com.my"]),
        # The brand under another suffix, or with extra words around it.
        ("maybank2u.com", ["maybank2u.com.my"]),
        ("maybank2u.co", ["maybank2u.com.my"]),
        ("secure-maybank2u.net", ["maybank2u.com.my"]),
        ("cimbclicks-login.xyz", ["cimbclicks.com.my"]),
        # ASCII homoglyphs: "rn" for "m", digits for letters.
        ("rnaybank2u.com", ["maybank2u.com.my"]),
        ("c1mbclicks.com.my", ["cimbclicks.com.my"]),
        ("u0b.com", ["uob.com.my"]),
        ("login-rnaybank2u.net", ["maybank2u.com.my"]),
        # Unicode homoglyphs, which reach the heuristics as punycode.
        (idn(f"{CYRILLIC_EM}{CYRILLIC_A}ybank2u.com.my"), ["maybank2u.com.my"]),
        (idn(f"m{GREEK_ALPHA}yb{GREEK_ALPHA}nk2u.com"), ["maybank2u.com.my"]),
        (idn(f"{CYRILLIC_ES}{CYRILLIC_I}mbclicks.com.my"), ["cimbclicks.com.my"]),
        (idn(f"u{ARMENIAN_OH}b.com.my"), ["uob.com.my"]),
        (idn(f"secure.m{CYRILLIC_A}yb{CYRILLIC_A}nk2u.xyz"), ["maybank2u.com.my"]),
        # Accents barely show in an address bar.
        (idn("máybank2u.com"), ["maybank2u.com.my"]),
        # The official domain and its subdomains imitate nothing.
        ("www.maybank2u.com.my", []),
        ("m2u.maybank2u.com.my", []),
        ("maybank2u.com.my", []),
        # A short brand inside an unrelated word is chance, not imitation.
        ("youobserve.com", []),
        ("bankrakyat.com.my", []),
        ("example.org", []),
        (idn(f"{THAI}.com"), []),
    ],
)
def test_lookalikes(host: str, expected: list[str]) -> None:
    assert lookalikes(host, OFFICIAL) == expected


def test_a_domain_on_the_allowlist_imitates_no_other_brand_on_it() -> None:
    official = Officials([*OFFICIAL_ROWS, ("domain", "uobgroup.com", "UOB Group")])

    assert lookalikes("www.uobgroup.com", official) == []
    assert lookalikes("uobgroup-verify.com", official) == ["uobgroup.com"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://203.0.113.7/login", ["ip_literal_link"]),
        ("https://bit.ly/abc", ["url_shortener"]),
        ("https://www.tinyurl.com/abc", ["url_shortener"]),
        ("http://xn--mybnk-0qa.com/", ["punycode_host"]),
        ("http://maybank2u-secure.com:8080/", ["lookalike_of:maybank2u.com.my"]),
        ("https://example.org/", []),
        (
            f"https://{idn(f'{CYRILLIC_EM}{CYRILLIC_A}ybank2u.com.my')}/login",
            ["punycode_host", "mixed_scripts", "lookalike_of:maybank2u.com.my"],
        ),
        # Wholly Cyrillic, as real Russian names are: not mixed, and like no official brand.
        (
            f"https://{idn(f'{CYRILLIC_ES}{CYRILLIC_I}{CYRILLIC_O}.com')}/",
            ["punycode_host"],
        ),
        (f"https://{idn(f'{THAI}.com')}/", ["punycode_host"]),
        ("https://rnaybank2u.com/", ["lookalike_of:maybank2u.com.my"]),
        ("https://www.maybank2u.com.my/", []),
    ],
)
def test_url_signals(url: str, expected: list[str]) -> None:
    assert [str(reason) for reason in url_signals(url, OFFICIAL)] == expected


@pytest.mark.parametrize(
    ("host", "mixed"),
    [
        (idn(f"{CYRILLIC_EM}{CYRILLIC_A}ybank2u.com.my"), True),
        (idn(f"g{GREEK_OMICRON}ogle.com"), True),
        (idn(f"{CYRILLIC_O}{GREEK_OMICRON}.com"), True),
        (idn(f"u{ARMENIAN_OH}b.com"), True),
        (idn("u\N{CHEROKEE SMALL LETTER A}b.com"), True),
        # One script per label, however many the host has, is how real names are written.
        (idn(f"{CYRILLIC_ES}{CYRILLIC_I}{CYRILLIC_O}.com"), False),
        (idn(f"{THAI}.com"), False),
        (idn(f"{THAI}bank.com"), False),
        (idn("máybank2u.com"), False),
        ("maybank2u.com.my", False),
        # Not valid punycode: read as it is written, which is plain Latin.
        ("xn--zzzz.com", False),
    ],
)
def test_has_mixed_scripts(host: str, mixed: bool) -> None:
    assert has_mixed_scripts(host) is mixed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{CYRILLIC_EM}{CYRILLIC_A}ybank2u", "maybank2u"),
        ("rnaybank2u", "maybank2u"),
        ("vvells", "wells"),
        ("c1icks", "dicks"),
        (FULLWIDTH_MAYBANK, "maybank"),
        ("máybank", "maybank"),
        (THAI, THAI),
    ],
)
def test_skeleton(text: str, expected: str) -> None:
    assert skeleton(text) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (idn(f"{CYRILLIC_EM}{CYRILLIC_A}ybank2u"), f"{CYRILLIC_EM}{CYRILLIC_A}ybank2u"),
        ("maybank2u", "maybank2u"),
        # Not valid punycode, so read as it is written.
        ("xn--zzzz", "xn--zzzz"),
    ],
)
def test_unicode_label(label: str, expected: str) -> None:
    assert unicode_label(label) == expected


def _shipped() -> Officials:
    rows, report = read_allowlist(DEFAULT_ALLOWLIST, default_region="MY")
    assert report.malformed == 0
    return Officials((row.kind, row.value, row.name) for row in rows)


SHIPPED = _shipped()


@pytest.mark.parametrize(
    ("url", "imitated"),
    [
        # Brands known by another name, or written apart.
        ("http://brimo-bri.top/login", "bri.co.id"),
        ("https://bualuang-ibanking.com/", "bangkokbank.com"),
        ("http://tpb-vn.com/dang-nhap", "tpb.vn"),
        ("https://m2u-rewards.xyz/", "maybank2u.com.my"),
        ("https://bank-mandiri-online.com/", "bankmandiri.co.id"),
        # A phishing kit in the path of somebody else's site.
        ("http://hacked-shop.example/wp/m2u/mbb/Login.html", "maybank2u.com.my"),
        ("https://sites.google.com/view/gcash-verify-account", "gcash.com"),
    ],
)
def test_shipped_brands_are_recognised_by_every_name_and_in_paths(url: str, imitated: str) -> None:
    assert any(reason.detail == imitated for reason in url_signals(url, SHIPPED)), url_signals(
        url, SHIPPED
    )


@pytest.mark.parametrize(
    "url",
    [
        # Official sister domains.
        "https://www.maybank.co.id/",
        "https://www.dbs.com/",
        "https://www.ocbc.id/",
        "https://shopeepay.sg/",
        "https://www.google.co.uk/",
        "https://www.amazon.de/",
        # Short brands one edit from real, unrelated names.
        "https://www.msn.com/",
        "https://www.mom.gov.sg/",
        "https://x.com/",
        "https://t.co/abc",
        "https://customsforge.com/",
        "https://smartphone.com/",
        "https://www.bbc.co.uk/",
    ],
)
def test_official_and_unrelated_sites_are_not_lookalikes(url: str) -> None:
    assert not [reason for reason in url_signals(url, SHIPPED) if reason.code in LINK_IMITATIONS]


def test_a_page_where_anyone_can_publish_is_not_official_even_under_an_official_domain() -> None:
    assert SHIPPED.is_official("accounts.google.com")
    assert not SHIPPED.is_official("sites.google.com")
    assert not SHIPPED.is_official("someone.github.io")
    assert not SHIPPED.is_official("www.facebook.com")
    assert not SHIPPED.is_official("google.xyz")
