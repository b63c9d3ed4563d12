import re
from collections import Counter

import pytest

from reports.reference import CROCKFORD_ALPHABET, new_reference, parse_reference

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_SHAPE = re.compile(rf"^WSP-[{CROCKFORD}]{{4}}-[{CROCKFORD}]{{4}}$")
DRAWS = 5000


def test_alphabet_is_crockford_base32_without_read_alike_letters() -> None:
    assert CROCKFORD_ALPHABET == CROCKFORD
    assert not set("ILOU") & set(CROCKFORD_ALPHABET)


def test_new_reference_has_the_published_shape() -> None:
    for _ in range(DRAWS):
        reference = new_reference()
        assert REFERENCE_SHAPE.match(reference), reference


def test_new_references_do_not_repeat_over_many_draws() -> None:
    references = [new_reference() for _ in range(DRAWS)]
    assert len(set(references)) == DRAWS


def test_every_symbol_appears_in_every_position_over_many_draws() -> None:
    symbols = [new_reference().removeprefix("WSP-").replace("-", "") for _ in range(DRAWS)]
    for position in range(8):
        seen = Counter(code[position] for code in symbols)
        assert set(seen) == set(CROCKFORD), f"position {position} only drew {sorted(seen)}"


def test_a_new_reference_parses_back_to_itself() -> None:
    for _ in range(500):
        reference = new_reference()
        assert parse_reference(reference) == reference


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("WSP-ABCD-EFGH", "WSP-ABCD-EFGH"),
        ("wsp-abcd-efgh", "WSP-ABCD-EFGH"),
        ("WSP ABCD EFGH", "WSP-ABCD-EFGH"),
        ("  wsp abcd-efgh\n", "WSP-ABCD-EFGH"),
        ("WSPABCDEFGH", "WSP-ABCD-EFGH"),
        ("ABCD-EFGH", "WSP-ABCD-EFGH"),
        ("abcdefgh", "WSP-ABCD-EFGH"),
        ("WSP-0O0o-1234", "WSP-0000-1234"),
        ("WSP-IiLl-5678", "WSP-1111-5678"),
        ("wsp-k1o9-zz0l", "WSP-K109-ZZ01"),
    ],
)
def test_parse_reference_normalises_what_people_type(typed: str, expected: str) -> None:
    assert parse_reference(typed) == expected


def test_a_code_starting_with_wsp_is_recognised_with_or_without_the_prefix() -> None:
    assert parse_reference("WSP-WSPA-BCDE") == "WSP-WSPA-BCDE"
    assert parse_reference("WSPA-BCDE") == "WSP-WSPA-BCDE"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "WSP",
        "WSP-ABCU-EFGH",
        "wsp-uuuu-uuuu",
        "WSP-ABCD-EFG",
        "WSP-ABCD-EFGHJ",
        "WSP-AB!D-EFGH",
        "WSP_ABCD_EFGH",
        "XYZ-ABCD-EFGH",
        "hello there",
        "my reference is WSP-ABCD-EFGH",
    ],
)
def test_parse_reference_rejects_what_is_not_a_reference(typed: str) -> None:
    assert parse_reference(typed) is None


@pytest.mark.parametrize("typed", ["9123 4567", "ABCD-EFGH", "abcdefgh", "91234567"])
def test_a_reference_without_its_prefix_is_none_when_the_prefix_is_required(typed: str) -> None:
    assert parse_reference(typed) is not None
    assert parse_reference(typed, prefix_required=True) is None


def test_a_prefixed_reference_passes_when_the_prefix_is_required() -> None:
    assert parse_reference("wsp 9123 4567", prefix_required=True) == "WSP-9123-4567"
