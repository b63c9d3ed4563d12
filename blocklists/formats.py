"""Feed files read one record at a time, so memory stays flat however large the file.

Readers only take the records apart; normalising the values is the importer's job. A record
that cannot be read becomes a `Malformed` item with its line number, and reading goes on.
"""

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from blocklists.normalise import DOMAIN
from identifiers.model import IdentifierKind


class FeedFormat(StrEnum):
    URLHAUS = "urlhaus"
    PHISHTANK_CSV = "phishtank-csv"
    PHISHTANK_JSON = "phishtank-json"
    OPENPHISH = "openphish"
    DOMAINS = "domains"
    GENERIC = "generic"


@dataclass(frozen=True)
class FeedEntry:
    line: int
    kind: str
    value: str
    first_seen: datetime | None = None
    note: str | None = None
    source: str | None = None  # only the generic format names a source per row


@dataclass(frozen=True)
class Malformed:
    line: int
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A well-formed record the feed itself does not vouch for (an unverified phish)."""

    line: int


FeedItem = FeedEntry | Malformed | Skipped

URLHAUS_FIELDS = 9
PHISHTANK_FIELDS = 8
_GENERIC_COLUMNS = 5  # kind,value[,source,first_seen,note]
_GENERIC_FIELDS = range(2, _GENERIC_COLUMNS + 1)
_JSON_CHUNK = 64 * 1024
_JSON_ELEMENT_LIMIT = 1024 * 1024
_HOSTS_FILE_ADDRESSES = {"0.0.0.0", "127.0.0.1"}


def read_feed(path: Path, feed_format: FeedFormat) -> Iterator[FeedItem]:
    # Undecodable bytes become U+FFFD: the record then fails validation alone, not the file.
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
        yield from _READERS[feed_format](file)


def _urlhaus(file: TextIO) -> Iterator[FeedItem]:
    for line, row in _csv_records(file):
        if isinstance(row, Malformed):
            yield row
        elif len(row) != URLHAUS_FIELDS:
            yield Malformed(line, f"expected {URLHAUS_FIELDS} fields")
        else:
            _id, added, url, _status, _online, threat, tags, _link, _reporter = row
            first_seen = _timestamp(added)
            if first_seen is None:
                yield Malformed(line, "bad dateadded")
                continue
            note = f"{threat} ({tags})" if tags else threat
            yield FeedEntry(line, IdentifierKind.URL, url, first_seen, note or None)


def _phishtank_csv(file: TextIO) -> Iterator[FeedItem]:
    for line, row in _csv_records(file):
        if isinstance(row, Malformed):
            yield row
        elif row and row[0] == "phish_id":
            continue
        elif len(row) != PHISHTANK_FIELDS:
            yield Malformed(line, f"expected {PHISHTANK_FIELDS} fields")
        else:
            _id, url, _detail, submitted, verified, _verified_at, _online, target = row
            yield _phish(line, url, submitted, verified, target)


def _phishtank_json(file: TextIO) -> Iterator[FeedItem]:
    for line, element in _json_array(file):
        if isinstance(element, Malformed):
            yield element
        elif not isinstance(element, dict) or not isinstance(element.get("url"), str):
            yield Malformed(line, "entry without a url")
        else:
            yield _phish(
                line,
                element["url"],
                str(element.get("submission_time", "")),
                str(element.get("verified", "")),
                str(element.get("target") or ""),
            )


def _phish(line: int, url: str, submitted: str, verified: str, target: str) -> FeedItem:
    if verified.lower() != "yes":
        return Skipped(line)
    first_seen = _timestamp(submitted)
    if first_seen is None:
        return Malformed(line, "bad submission_time")
    return FeedEntry(line, IdentifierKind.URL, url, first_seen, target or None)


def _openphish(file: TextIO) -> Iterator[FeedItem]:
    for line, text in _content_lines(file):
        yield FeedEntry(line, IdentifierKind.URL, text)


def _domains(file: TextIO) -> Iterator[FeedItem]:
    for line, text in _content_lines(file):
        words = text.split("#", 1)[0].split()
        # Hosts-file lists ("0.0.0.0 evil.example") are plain domain lists too.
        if len(words) == 2 and words[0] in _HOSTS_FILE_ADDRESSES:
            words = words[1:]
        if len(words) == 1:
            yield FeedEntry(line, DOMAIN, words[0])
        else:
            yield Malformed(line, "expected one domain")


def _generic(file: TextIO) -> Iterator[FeedItem]:
    for line, row in _csv_records(file):
        if isinstance(row, Malformed):
            yield row
        elif row and row[0].strip().lower() == "kind":
            continue
        elif len(row) not in _GENERIC_FIELDS:
            yield Malformed(line, "expected kind,value[,source,first_seen,note]")
        else:
            padded = [cell.strip() for cell in row] + [""] * (_GENERIC_COLUMNS - len(row))
            kind, value, source, seen, note = padded
            first_seen = _timestamp(seen) if seen else None
            if seen and first_seen is None:
                yield Malformed(line, "bad first_seen")
                continue
            yield FeedEntry(line, kind.lower(), value, first_seen, note or None, source or None)


def _content_lines(file: TextIO) -> Iterator[tuple[int, str]]:
    """Non-blank lines that are not `#` comments, with their line numbers."""
    for number, raw in enumerate(file, 1):
        text = raw.strip()
        if text and not text.startswith("#"):
            yield number, text


class _CountedLines:
    """Feeds csv the non-comment lines and remembers the number of the last one it read."""

    def __init__(self, file: TextIO) -> None:
        self._file = file
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        for number, raw in enumerate(self._file, 1):
            self.number = number
            if raw.strip() and not raw.startswith("#"):
                yield raw


def _csv_records(file: TextIO) -> Iterator[tuple[int, list[str] | Malformed]]:
    lines = _CountedLines(file)
    reader = csv.reader(lines)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield lines.number, Malformed(lines.number, "unreadable CSV")
            continue
        yield lines.number, row


def _json_array(file: TextIO) -> Iterator[tuple[int, Any]]:
    """The elements of a top-level JSON array, decoded one at a time, with their lines.

    Broken JSON cannot be resynchronised, so it ends the reading as one malformed item.
    """
    decoder = json.JSONDecoder()
    buffer, line, at_end, opened = "", 1, False, False
    while True:
        start = _skip_separators(buffer, opened)
        line += buffer.count("\n", 0, start)
        buffer = buffer[start:]
        if not opened and buffer:
            if buffer[0] != "[":
                yield line, Malformed(line, "not a JSON array")
                return
            buffer, opened = buffer[1:], True
            continue
        if buffer.startswith("]") or (at_end and not buffer):
            return
        try:
            element, end = decoder.raw_decode(buffer)
        except json.JSONDecodeError:
            if at_end or len(buffer) > _JSON_ELEMENT_LIMIT:
                yield line, Malformed(line, "broken JSON")
                return
            chunk = file.read(_JSON_CHUNK)
            at_end = not chunk
            buffer += chunk
            continue
        yield line, element
        line += buffer.count("\n", 0, end)
        buffer = buffer[end:]


def _skip_separators(buffer: str, opened: bool) -> int:
    separators = " \t\r\n," if opened else " \t\r\n"
    index = 0
    while index < len(buffer) and buffer[index] in separators:
        index += 1
    return index


def _timestamp(text: str) -> datetime | None:
    """An ISO 8601 date or time; feeds without a zone mean UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


_READERS = {
    FeedFormat.URLHAUS: _urlhaus,
    FeedFormat.PHISHTANK_CSV: _phishtank_csv,
    FeedFormat.PHISHTANK_JSON: _phishtank_json,
    FeedFormat.OPENPHISH: _openphish,
    FeedFormat.DOMAINS: _domains,
    FeedFormat.GENERIC: _generic,
}
