"""Every parser of what people send reads it in time linear in its length.

One message of a few thousand characters shaped to make a pattern backtrack (a run of digits,
"1." or "a-" repeated) once froze the bot for seconds. Each parser is timed here on such shapes
at a Telegram message's full length and, as the baseline of the same run, on a quarter of it:
linear work grows about four times, quadratic work sixteen.
"""

import itertools
import time
from collections.abc import Callable
from datetime import date

import pytest

from checking.heuristics import url_signals
from checking.officials import Officials
from identifiers.extract import extract_identifiers
from identifiers.model import IdentifierKind
from identifiers.normalise import normalise
from identifiers.urls import canonical_url
from languages.detection import detect_language
from reports.dates import parse_incident_date
from reports.money import parse_money
from reports.reference import parse_reference

FULL_LENGTH = 4096
# Linear work grows 4x from a quarter to the whole; allow for noise, never for 16x.
MAX_GROWTH = 8
# Below this a whole message costs nothing worth timing, whatever its growth.
NOT_WORTH_TIMING = 0.004
_OFFICIAL = Officials([("domain", "maybank2u.com.my", "Maybank"), ("brand", "m2u", "Maybank")])

PARSERS: dict[str, Callable[[str], object]] = {
    "extract_identifiers": lambda text: extract_identifiers(text, "MY"),
    "parse_money": lambda text: parse_money(text, "MYR"),
    "parse_incident_date": lambda text: parse_incident_date(text, date(2026, 12, 1)),
    "detect_language": detect_language,
    "canonical_url": canonical_url,
    "canonical_url of a link": lambda text: canonical_url("http://" + text),
    "url_signals": lambda text: url_signals("http://" + text + ".com/", _OFFICIAL),
    "parse_reference": parse_reference,
    "normalise email": lambda text: normalise(IdentifierKind.EMAIL, text, "MY"),
    "normalise phone": lambda text: normalise(IdentifierKind.PHONE, text, "MY"),
}

# Characters the patterns treat specially, and runs known to have hurt them.
_ALPHABET = "0 1.,-a@/:[]+(x_R"
_KNOWN = [
    "880512",
    "http://",
    "www.",
    "RM0",
    "a.b",
    "1.000,",
    "hxxp[:]//",
    "a[.]",
    "a@b.",
    "A1-",
    "wsp-",
    "0x",
    "bc1",
    "RM 1 ",
    "Rp1.",
    "+60 ",
    "012-",
    "https://a.b/",
    "a.com/",
    "Example.Com ",
    "xn--",
    "%2e",
    "..",
    "@aa",
    "a\u0430",
    "\u0e01 ",
]
SHAPES = sorted(
    {*_ALPHABET, *("".join(pair) for pair in itertools.product(_ALPHABET, repeat=2)), *_KNOWN}
)


def _message(shape: str, length: int) -> str:
    return (shape * (length // len(shape) + 1))[:length]


def _best_time(parse: Callable[[str], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        parse(text)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_parser_is_linear_on_hostile_shapes(name: str) -> None:
    parse = PARSERS[name]
    too_slow = []
    for shape in SHAPES:
        whole = _best_time(parse, _message(shape, FULL_LENGTH), runs=2)
        if whole < NOT_WORTH_TIMING:
            continue
        quarter = _best_time(parse, _message(shape, FULL_LENGTH // 4), runs=3)
        whole = min(whole, _best_time(parse, _message(shape, FULL_LENGTH), runs=3))
        if whole > MAX_GROWTH * quarter:
            too_slow.append(f"{shape!r}: {quarter * 1e3:.1f} ms -> {whole * 1e3:.1f} ms")
    assert not too_slow, f"{name} grows faster than linear on: {too_slow}"
