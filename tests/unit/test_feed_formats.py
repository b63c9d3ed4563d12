"""Each feed format read from a small file in its exact published layout."""

import json
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from blocklists.formats import (
    MAX_JSON_ENTRY_CHARS,
    FeedEntry,
    FeedFormat,
    FeedItem,
    Malformed,
    Skipped,
    read_feed,
)
from blocklists.normalise import normalise

URLHAUS = """\
################################################################
# abuse.ch URLhaus Database Dump (CSV - recent URLs)            #
################################################################
#
# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter
"3001","2026-11-20 08:15:02","http://198.51.100.7:8080/bins/mozi.m","online","2026-11-20 09:00:00","malware_download","elf,mozi","https://urlhaus.abuse.ch/url/3001/","lrz_urlhaus"
"3002","2026-11-19 23:59:59","https://maybank2u-login.example/verify","offline","","malware_download","","https://urlhaus.abuse.ch/url/3002/","anonymous"
"3003","yesterday","http://bad-date.example/","online","","malware_download","","https://urlhaus.abuse.ch/url/3003/","anonymous"
"3004","2026-11-19 10:00:00","http://too-few.example/"
"""

PHISHTANK_CSV = """\
phish_id,url,phish_detail_url,submission_time,verified,verification_time,online,target
8801,https://secure-cimb.example/login,http://www.phishtank.com/phish_detail.php?phish_id=8801,2026-11-18T04:05:06+00:00,yes,2026-11-18T05:00:00+00:00,yes,CIMB Bank
8802,https://unverified.example/,http://www.phishtank.com/phish_detail.php?phish_id=8802,2026-11-18T06:00:00+00:00,no,,yes,Other
8803,https://broken.example/,http://www.phishtank.com/phish_detail.php?phish_id=8803
"""

PHISHTANK_JSON = [
    {
        "phish_id": 9901,
        "url": "https://pos-malaysia-parcel.example/pay",
        "phish_detail_url": "http://www.phishtank.com/phish_detail.php?phish_id=9901",
        "submission_time": "2026-11-17T01:02:03+00:00",
        "verified": "yes",
        "verification_time": "2026-11-17T02:00:00+00:00",
        "online": "yes",
        "target": "Pos Malaysia",
    },
    {"phish_id": 9902, "verified": "yes"},
    {
        "phish_id": 9903,
        "url": "https://unverified-json.example/",
        "submission_time": "2026-11-17T01:02:03+00:00",
        "verified": "no",
    },
]


def _read(tmp_path: Path, text: str, feed_format: FeedFormat) -> list[FeedItem]:
    path = tmp_path / "feed"
    path.write_text(text, encoding="utf-8")
    return list(read_feed(path, feed_format))


def _entries(items: list[FeedItem]) -> list[FeedEntry]:
    return [item for item in items if isinstance(item, FeedEntry)]


def _malformed_lines(items: list[FeedItem]) -> list[int]:
    return [item.line for item in items if isinstance(item, Malformed)]


def test_urlhaus_skips_comments_and_counts_bad_rows_by_line(tmp_path: Path) -> None:
    items = _read(tmp_path, URLHAUS, FeedFormat.URLHAUS)

    assert [(e.line, e.kind, e.value) for e in _entries(items)] == [
        (6, "url", "http://198.51.100.7:8080/bins/mozi.m"),
        (7, "url", "https://maybank2u-login.example/verify"),
    ]
    first = _entries(items)[0]
    assert first.first_seen == datetime(2026, 11, 20, 8, 15, 2, tzinfo=UTC)
    assert first.note == "malware_download (elf,mozi)"
    assert _entries(items)[1].note == "malware_download"
    assert _malformed_lines(items) == [8, 9]


def test_phishtank_csv_keeps_verified_phish_and_skips_the_rest(tmp_path: Path) -> None:
    items = _read(tmp_path, PHISHTANK_CSV, FeedFormat.PHISHTANK_CSV)

    [entry] = _entries(items)
    assert (entry.line, entry.value, entry.note) == (
        2,
        "https://secure-cimb.example/login",
        "CIMB Bank",
    )
    assert entry.first_seen == datetime(2026, 11, 18, 4, 5, 6, tzinfo=UTC)
    assert [item.line for item in items if isinstance(item, Skipped)] == [3]
    assert _malformed_lines(items) == [4]


def test_phishtank_json_reports_entries_by_the_line_they_start_on(tmp_path: Path) -> None:
    items = _read(tmp_path, json.dumps(PHISHTANK_JSON, indent=1), FeedFormat.PHISHTANK_JSON)

    [entry] = _entries(items)
    assert entry.value == "https://pos-malaysia-parcel.example/pay"
    assert entry.note == "Pos Malaysia"
    assert entry.line == 2
    [malformed] = [item for item in items if isinstance(item, Malformed)]
    assert malformed.line == 12
    assert sum(isinstance(item, Skipped) for item in items) == 1


def test_phishtank_json_larger_than_one_read_is_read_whole(tmp_path: Path) -> None:
    phish = {**PHISHTANK_JSON[0], "padding": "x" * 1000}
    many = [{**phish, "url": f"https://p{n}.example/"} for n in range(300)]

    items = _read(tmp_path, json.dumps(many), FeedFormat.PHISHTANK_JSON)

    assert [entry.value for entry in _entries(items)] == [
        f"https://p{n}.example/" for n in range(300)
    ]


def test_a_broken_json_entry_is_malformed_alone(tmp_path: Path) -> None:
    good = json.dumps(PHISHTANK_JSON[0])
    text = f'[{good},\n{{"url": oops, "x": "}}]"}},\n{good},\ntru,\n{good}]'

    items = _read(tmp_path, text, FeedFormat.PHISHTANK_JSON)

    assert len(_entries(items)) == 3
    assert _malformed_lines(items) == [2, 4]


def test_json_cut_off_inside_an_entry_ends_with_one_malformed_item(tmp_path: Path) -> None:
    good = json.dumps(PHISHTANK_JSON[0])

    items = _read(tmp_path, f'[{good},\n{{"url": "https://cut.example/', FeedFormat.PHISHTANK_JSON)

    assert len(_entries(items)) == 1
    assert _malformed_lines(items) == [2]


def test_a_json_entry_over_the_limit_is_passed_over_and_the_rest_read(tmp_path: Path) -> None:
    # Quotes, brackets and backslashes inside strings must not end the huge entry early.
    tricky = '\\"}],{[\\\\' * (MAX_JSON_ENTRY_CHARS // 8)
    huge = {**PHISHTANK_JSON[0], "padding": tricky, "lines": "\n".join("x" * 5)}
    after = [{**PHISHTANK_JSON[0], "url": f"https://after{n}.example/"} for n in range(101)]
    text = "[\n" + ",\n".join(json.dumps(entry) for entry in [PHISHTANK_JSON[0], huge, *after])
    text += "\n]"

    items = _read(tmp_path, text, FeedFormat.PHISHTANK_JSON)

    assert [entry.line for entry in _entries(items)] == [2, *range(4, 105)]
    assert _entries(items)[-1].value == "https://after100.example/"
    assert [item.line for item in items if isinstance(item, Malformed)] == [3]


@pytest.mark.parametrize("feed_format", [FeedFormat.GENERIC, FeedFormat.OPENPHISH])
def test_a_line_of_fifty_megabytes_is_passed_over_in_flat_memory(
    tmp_path: Path, feed_format: FeedFormat
) -> None:
    path = tmp_path / "feed"
    with path.open("w", encoding="utf-8") as feed:
        feed.write("url,https://before.example/\n")
        feed.write("url,https://" + "a" * 50_000_000 + ".example/\n")
        feed.write("url,https://after.example/\n")
    if feed_format == FeedFormat.OPENPHISH:
        path.write_text(path.read_text().replace("url,", ""))

    tracemalloc.start()
    try:
        items = list(read_feed(path, feed_format))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert [entry.line for entry in _entries(items)] == [1, 3]
    assert _malformed_lines(items) == [2]
    assert peak < 16 * 1024 * 1024


def test_an_unclosed_quote_spoils_only_its_own_line(tmp_path: Path) -> None:
    rows = [f"phone,+6012{n:07d},police" for n in range(1000)]
    text = "kind,value,source\n" + 'phone,"+60123456789,police\n' + "\n".join(rows) + "\n"

    items = _read(tmp_path, text, FeedFormat.GENERIC)

    assert len(_entries(items)) == 1000
    assert _entries(items)[0].line == 3
    assert _malformed_lines(items) == [2]


def test_json_that_is_not_an_array_is_malformed(tmp_path: Path) -> None:
    items = _read(tmp_path, json.dumps(PHISHTANK_JSON[0]), FeedFormat.PHISHTANK_JSON)

    assert items == [Malformed(1, "not a JSON array")]


def test_openphish_is_one_url_a_line(tmp_path: Path) -> None:
    text = "https://a.example/login\n\nhttp://b.example/x?y=1\n"

    items = _read(tmp_path, text, FeedFormat.OPENPHISH)

    assert [(e.line, e.kind, e.value) for e in _entries(items)] == [
        (1, "url", "https://a.example/login"),
        (3, "url", "http://b.example/x?y=1"),
    ]


def test_domain_lists_accept_comments_and_hosts_file_lines(tmp_path: Path) -> None:
    text = "# scam shops\nevil.example\n0.0.0.0 tracker.example # ads\nthree words here\n"

    items = _read(tmp_path, text, FeedFormat.DOMAINS)

    assert [(e.line, e.kind, e.value) for e in _entries(items)] == [
        (2, "domain", "evil.example"),
        (3, "domain", "tracker.example"),
    ]
    assert _malformed_lines(items) == [4]


def test_generic_csv_takes_optional_columns(tmp_path: Path) -> None:
    text = (
        "kind,value,source,first_seen,note\n"
        "phone,+60 12-345 6789\n"
        "bank_account,514012345678,nsrc,2026-11-01,mule account\n"
        "phone,+60123456789,,not-a-date\n"
        "phone\n"
    )

    items = _read(tmp_path, text, FeedFormat.GENERIC)

    assert _entries(items) == [
        FeedEntry(2, "phone", "+60 12-345 6789"),
        FeedEntry(
            3,
            "bank_account",
            "514012345678",
            datetime(2026, 11, 1, tzinfo=UTC),
            "mule account",
            "nsrc",
        ),
    ]
    assert _malformed_lines(items) == [4, 5]


def test_undecodable_bytes_fail_only_their_own_line(tmp_path: Path) -> None:
    path = tmp_path / "feed"
    path.write_bytes(b"https://ok.example/\nhttps://\xff\xfe.example/\nhttps://next.example/\n")

    items = list(read_feed(path, FeedFormat.OPENPHISH))

    assert [entry.value for entry in _entries(items)] == [
        "https://ok.example/",
        "https://next.example/",
    ]
    assert _malformed_lines(items) == [2]


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("domain", "EVIL.Example.COM.", "evil.example.com"),
        ("domain", "evil.example/path", None),
        ("domain", "198.51.100.7", None),
        ("url", "HTTP://Evil.Example/a.exe", "http://evil.example/a.exe"),
        ("phone", "012-345 6789", "+60123456789"),
    ],
)
def test_values_are_normalised_by_kind(kind: str, raw: str, expected: str | None) -> None:
    assert normalise(kind, raw, "MY") == expected
