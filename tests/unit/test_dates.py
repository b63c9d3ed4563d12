from datetime import date

import pytest

from reports.dates import FutureDateError, example_date, parse_incident_date

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
    ["", "yesterday", "2026/11/21", "21/11/202", "21/11/2026 at noon", "last week"],
)
def test_text_that_is_not_a_date_gives_none(typed: str) -> None:
    assert parse_incident_date(typed, TODAY) is None


@pytest.mark.parametrize("typed", ["23/11/2026", "2026-11-23", "01/01/2027", "23/11/26"])
def test_a_date_after_today_is_refused(typed: str) -> None:
    with pytest.raises(FutureDateError):
        parse_incident_date(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "locale", "expected"),
    [
        ("21/11", "en", date(2026, 11, 21)),
        ("27/12", "en", date(2025, 12, 27)),  # December typed in November: last year's
        ("20/11/2569", "th", date(2026, 11, 20)),  # the Thai Buddhist era
        ("20 พ.ย. 2569", "th", date(2026, 11, 20)),
        ("20 พฤศจิกายน", "th", date(2026, 11, 20)),
        ("20 Nov", "en", date(2026, 11, 20)),
        ("Nov 20, 2026", "en", date(2026, 11, 20)),
        ("20 November 2026", "ms", date(2026, 11, 20)),
        ("20 Januari", "id", date(2026, 1, 20)),
        ("20 tháng 11", "vi", date(2026, 11, 20)),
        ("ngày 20 tháng 11 năm 2026", "vi", date(2026, 11, 20)),
        ("11月20日", "zh", date(2026, 11, 20)),
        ("2026年11月20日", "zh", date(2026, 11, 20)),
        ("20 நவம்பர்", "ta", date(2026, 11, 20)),
        ("last friday", "en", date(2026, 11, 20)),
        ("Jumaat lepas", "ms", date(2026, 11, 20)),
        ("jumat lalu", "id", date(2026, 11, 20)),
        ("thứ sáu tuần trước", "vi", date(2026, 11, 20)),
        ("วันศุกร์ที่แล้ว", "th", date(2026, 11, 20)),
        ("上周五", "zh", date(2026, 11, 20)),
    ],
)
def test_dates_as_people_write_them_in_their_language(
    typed: str, locale: str, expected: date
) -> None:
    assert parse_incident_date(typed, TODAY, locale) == expected


def test_the_example_date_is_today_as_people_type_it() -> None:
    assert example_date(TODAY) == "22/11/2026"
