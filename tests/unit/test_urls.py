import socket

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from identifiers import urls
from identifiers.urls import canonical_url, registrable_domain

# Every canonicalisation example published on Google's Safe Browsing v4 page, in its order:
# https://developers.google.com/safe-browsing/v4/urls-hashing#canonicalization
# The page writes C strings; its "\x80" is a byte, which in Python text is U+0080 and so
# escapes as the two bytes of its UTF-8 form.
SAFE_BROWSING_EXAMPLES = [
    ("http://host/%25%32%35", "http://host/%25"),
    ("http://host/%25%32%35%25%32%35", "http://host/%25%25"),
    ("http://host/%2525252525252525", "http://host/%25"),
    ("http://host/asdf%25%32%35asd", "http://host/asdf%25asd"),
    ("http://host/%%%25%32%35asd%%", "http://host/%25%25%25asd%25%25"),
    ("http://www.google.com/", "http://www.google.com/"),
    (
        "http://%31%36%38%2e%31%38%38%2e%39%39%2e%32%36/%2E%73%65%63%75%72%65/"
        "%77%77%77%2E%65%62%61%79%2E%63%6F%6D/",
        "http://168.188.99.26/.secure/www.ebay.com/",
    ),
    (
        "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn"
        "-xplmvalidateinfoswqpcmlx=hgplmcx/",
        "http://195.127.0.11/uploads/%20%20%20%20/.verify/.eBaysecure=updateuserdataxplimnbqmn"
        "-xplmvalidateinfoswqpcmlx=hgplmcx/",
    ),
    (
        "http://host%23.com/%257Ea%2521b%2540c%2523d%2524e%25f%255E00%252611%252A22%252833%2529"
        "44_55%252B",
        "http://host%23.com/~a!b@c%23d$e%25f^00&11*22(33)44_55+",
    ),
    ("http://3279880203/blah", "http://195.127.0.11/blah"),
    ("http://www.google.com/blah/..", "http://www.google.com/"),
    ("www.google.com/", "http://www.google.com/"),
    ("www.google.com", "http://www.google.com/"),
    ("http://www.evil.com/blah#frag", "http://www.evil.com/blah"),
    ("http://www.GOOgle.com/", "http://www.google.com/"),
    ("http://www.google.com.../", "http://www.google.com/"),
    ("http://www.google.com/foo\tbar\rbaz\n2", "http://www.google.com/foobarbaz2"),
    ("http://www.google.com/q?", "http://www.google.com/q?"),
    ("http://www.google.com/q?r?", "http://www.google.com/q?r?"),
    ("http://www.google.com/q?r?s", "http://www.google.com/q?r?s"),
    ("http://evil.com/foo#bar#baz", "http://evil.com/foo"),
    ("http://evil.com/foo;", "http://evil.com/foo;"),
    ("http://evil.com/foo?bar;", "http://evil.com/foo?bar;"),
    ("http://\x01\x80.com/", "http://%01%C2%80.com/"),
    ("http://notrailingslash.com", "http://notrailingslash.com/"),
    ("http://www.gotaport.com:1234/", "http://www.gotaport.com/"),
    ("  http://www.google.com/  ", "http://www.google.com/"),
    ("http:// leadingspace.com/", "http://%20leadingspace.com/"),
    ("http://%20leadingspace.com/", "http://%20leadingspace.com/"),
    ("%20leadingspace.com/", "http://%20leadingspace.com/"),
    ("https://www.securesite.com/", "https://www.securesite.com/"),
    ("http://host.com/ab%23cd", "http://host.com/ab%23cd"),
    ("http://host.com//twoslashes?more//slashes", "http://host.com/twoslashes?more//slashes"),
]


def test_every_published_example_is_here() -> None:
    assert len(SAFE_BROWSING_EXAMPLES) == 33


@pytest.mark.parametrize(("raw", "canonical"), SAFE_BROWSING_EXAMPLES)
def test_safe_browsing_canonicalisation(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        # The same rules on shapes the page does not show.
        ("http://www.wtp101.com/.././../foo", "http://www.wtp101.com/foo"),
        ("http://www.google.com/blah/../bar/./baz", "http://www.google.com/bar/baz"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://evil.com/foo?bar;baz", "http://evil.com/foo?bar;baz"),
        ("https://www.google.com:443/", "https://www.google.com/"),
        ("http://www.google.com:443/", "http://www.google.com/"),
        ("http://198.51.100.7:8080/bins/mozi.m", "http://198.51.100.7/bins/mozi.m"),
        (
            "HTTPS://Secure-Maybank.COM/Login?Token=XyZ",
            "https://secure-maybank.com/Login?Token=XyZ",
        ),
        ("https://Example.com?ref=AbC9", "https://example.com/?ref=AbC9"),
        ("http://maybank.com.my@evil.example/login", "http://evil.example/login"),
        ("http://user:pass@evil.example:8443/", "http://evil.example/"),
        ("http://[2001:DB8:0::1]/login", "http://[2001:db8::1]/login"),
        ("https://[2001:db8::1]:8443/x", "https://[2001:db8::1]/x"),
        ("http://intranet/", "http://intranet/"),
        ("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "http://127.0.0.1/"),
    ],
)
def test_scheme_port_userinfo_and_case(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("http://mäybank.com/login", "http://xn--mybank-bua.com/login"),
        ("http://MÄYBANK.com/", "http://xn--mybank-bua.com/"),
        ("http://xn--mybank-bua.com/", "http://xn--mybank-bua.com/"),
        ("https://BÜCHER.de/", "https://xn--bcher-kva.de/"),
        ("http://München.de/", "http://xn--mnchen-3ya.de/"),
    ],
)
def test_international_hosts_become_punycode(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "hxxp://evil[.]com/login",
        "hxxp[:]//evil[.]com/login",
        "http://evil(.)com/login",
        "HXXP://evil[dot]com/login",
    ],
)
def test_defanged_links_are_read_as_links(raw: str) -> None:
    assert canonical_url(raw) == "http://evil.com/login"


def test_only_the_scheme_and_host_are_defanged() -> None:
    # "(.)" in a path is the path's own; re-arming it would make canonicalising unstable.
    assert canonical_url("hxxp://evil[.]com/a(.)b?q=[.]") == "http://evil.com/a(.)b?q=[.]"
    assert canonical_url("http://ex.com/(%2e)") == "http://ex.com/(.)"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "ftp://example.com/",
        "http:///path",
        "http://example.com:99999/",
        "localhost",
        "http://example.com:\u00b9/",
        "http://example.com:\u0661\u0662/",
        "http://[2001:db8::1/",
        "http://[not-an-address]/",
    ],
)
def test_links_without_a_usable_host_are_none(raw: str) -> None:
    assert canonical_url(raw) is None


@pytest.mark.parametrize(
    ("url_or_host", "domain"),
    [
        ("https://pos-malaysia.delivery-fee.top/pay", "delivery-fee.top"),
        ("www.maybank2u.com.my", "maybank2u.com.my"),
        ("http://login.secure.maybank2u.com.my/x", "maybank2u.com.my"),
        ("https://scam-site.github.io/claim", "scam-site.github.io"),
        ("http://xn--mybank-bua.com/", "xn--mybank-bua.com"),
        ("http://168.188.99.26/", None),
        ("com.my", None),
    ],
)
def test_registrable_domain(url_or_host: str, domain: str | None) -> None:
    assert registrable_domain(url_or_host) == domain


def test_the_public_suffix_list_comes_from_the_bundled_snapshot(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    urls._suffix_list.cache_clear()
    try:
        assert registrable_domain("https://a.b.example.co.uk/") == "example.co.uk"
        assert urls._suffix_list().suffix_list_urls == ()
    finally:
        urls._suffix_list.cache_clear()


URLISH = st.lists(
    st.sampled_from([*"abcAB0129.-/:?#%&=_~[]()@ éß", "xn--", "%2e", "%25", "%2F", ".."]),
    max_size=30,
).map("".join)


@settings(deadline=None)
@given(raw=st.one_of(URLISH.map(lambda rest: "http://ex.com/" + rest), URLISH, st.text()))
# Found by this test: a port of Unicode digits, which str.isdigit() accepts and int() may not.
@example(raw="http://example.com:\u00b9/")
@example(raw="http://[::1]:\u0661/")
# IDNA turns a superscript or fullwidth digit into an ASCII one, making the host an address.
@example(raw="http://\u00b9")
@example(raw="0.::")
# Collapsing the dots of "(..)" forms a defanged dot, which a second reading would re-arm.
@example(raw="(..)")
@example(raw="x(..)y.com")
def test_canonicalising_is_idempotent_and_never_raises(raw: str) -> None:
    canonical = canonical_url(raw)
    if canonical is not None:
        assert canonical_url(canonical) == canonical


CLEANISH = st.lists(
    st.sampled_from(
        [
            "http://",
            "https://",
            "a",
            "b9",
            "-",
            ".",
            "com",
            "xn--",
            ":8080",
            "/",
            "?",
            "#",
            "%",
            "..",
            "./",
            "//",
            "~",
            ";",
            "@",
            "=",
            "A",
            "0",
            "1.2.3.4",
            "\\",
            '"',
            " ",
            "\x7f",
            "é",
        ]
    ),
    max_size=25,
).map("".join)


@settings(deadline=None)
@given(raw=st.one_of(CLEANISH, CLEANISH.map(lambda rest: "http://ex.com/" + rest)))
def test_the_fast_path_for_clean_links_agrees_with_the_full_rules(raw: str) -> None:
    fast = urls._already_clean(raw)
    if fast is not None:
        assert fast == urls._canonicalised(raw)
