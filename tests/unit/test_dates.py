from datetime import date

import pytest

from reports.dates import FutureDateError, parse_incident_date

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("21/11/2026", date(2026, 11, 21)),
        ("21.11.2026", date(2026, 11, 21)),
        ("21-11-2026", date(2026, 11, 21)),
        ("1/2/2026", date(2026, 2, 1)),
        ("05/03/2026", date(2026, 3, 5)),
        ("12/01/2026", date(2026, 1, 12)),
        ("  21/11/2026 ", date(2026, 11, 21)),
        ("2026-11-21", date(2026, 11, 21)),
        ("2026-2-1", date(2026, 2, 1)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_day_first_and_iso_dates_are_read(typed: str, expected: date) -> None:
    assert parse_incident_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("21/11/26", date(2026, 11, 21)),
        ("5/3/19", date(2019, 3, 5)),
        ("01.01.00", date(2000, 1, 1)),
    ],
)
def test_two_digit_years_are_in_this_century(typed: str, expected: date) -> None:
    assert parse_incident_date(typed, TODAY) == expected


def test_today_is_not_the_future() -> None:
    assert parse_incident_date("22/11/2026", TODAY) == TODAY


@pytest.mark.parametrize(
    "typed",
    [
        "31/02/2026",
        "29/02/2025",
        "00/01/2026",
        "32/01/2026",
        "15/13/2026",
        "2026-13-01",
        "2026-02-30",
    ],
)
def test_dates_that_do_not_exist_are_not_dates(typed: str) -> None:
    assert parse_incident_date(typed, TODAY) is None


@pytest.mark.parametrize(
    "typed",
    ["", "yesterday", "21/11", "2026/11/21", "21/11/202", "21/11/2026 at noon", "last week"],
)
def test_text_that_is_not_a_date_gives_none(typed: str) -> None:
    assert parse_incident_date(typed, TODAY) is None


@pytest.mark.parametrize("typed", ["23/11/2026", "2026-11-23", "01/01/2027", "23/11/26"])
def test_a_date_after_today_is_refused(typed: str) -> None:
    with pytest.raises(FutureDateError):
        parse_incident_date(typed, TODAY)
