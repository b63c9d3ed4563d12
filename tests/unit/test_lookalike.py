"""The pure link heuristics: lookalikes of official domains, shorteners, IP literals, punycode."""

import pytest

from checking.heuristics import edit_distance, lookalikes, url_signals

OFFICIAL = ["maybank2u.com.my", "cimbclicks.com.my", "uob.com.my"]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("maybank2u-secure.com", ["maybank2u.com.my"]),
        ("rnaybank2u.com.my", ["maybank2u.com.my"]),
        ("maybank2u.com.my.verify-account.net", ["maybank2u.com.my"]),
        ("cimbclick.com", ["cimbclicks.com.my"]),
        ("uob-login.net", ["uob.com.my"]),
        # The official domain and its subdomains imitate nothing.
        ("www.maybank2u.com.my", []),
        ("maybank2u.com.my", []),
        # A short brand inside an unrelated word is chance, not imitation.
        ("youobserve.com", []),
        ("example.org", []),
    ],
)
def test_lookalikes(host: str, expected: list[str]) -> None:
    assert lookalikes(host, OFFICIAL) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://203.0.113.7/login", ["ip_literal_link"]),
        ("https://bit.ly/abc", ["url_shortener"]),
        ("https://www.tinyurl.com/abc", ["url_shortener"]),
        ("http://xn--mybnk-0qa.com/", ["punycode_host"]),
        ("http://maybank2u-secure.com:8080/", ["lookalike_of:maybank2u.com.my"]),
        ("https://example.org/", []),
    ],
)
def test_url_signals(url: str, expected: list[str]) -> None:
    assert url_signals(url, OFFICIAL) == expected


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        ("maybank2u", "maybank2u", 0),
        ("maybank2u", "rnaybank2u", 2),
        ("cimb", "cim", 1),
        ("", "ab", 2),
    ],
)
def test_edit_distance(first: str, second: str, distance: int) -> None:
    assert edit_distance(first, second) == distance
