"""Feed files read one record at a time, so memory stays flat however large the file.

Readers only take the records apart; normalising the values is the importer's job. A record
that cannot be read becomes a `Malformed` item with its line number, and reading goes on at
the next record: a CSV record is one line (none of these feeds puts a line break inside a
field, so an unclosed quote spoils its own line only), a line or a JSON entry too long to be
a real record is passed over without being held in memory.
"""

import csv
import json
import re
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
# No real record comes near these; anything longer is passed over as malformed.
MAX_LINE_CHARS = 1024 * 1024
MAX_JSON_ENTRY_CHARS = 1024 * 1024
_LINE_ENDS = ("\n", "\r")
# What the reader puts where the file's bytes were not UTF-8 (read with errors="replace").
_UNDECODABLE = "\ufffd"
_HOSTS_FILE_ADDRESSES = {"0.0.0.0", "127.0.0.1"}


def read_feed(path: Path, feed_format: FeedFormat) -> Iterator[FeedItem]:
    # Undecodable bytes become U+FFFD: their record is then malformed alone, not the file.
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
        yield text if isinstance(text, Malformed) else FeedEntry(line, IdentifierKind.URL, text)


def _domains(file: TextIO) -> Iterator[FeedItem]:
    for line, text in _content_lines(file):
        if isinstance(text, Malformed):
            yield text
            continue
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


def _lines(file: TextIO) -> Iterator[tuple[int, str | None]]:
    """Each line with its number; None for a line over MAX_LINE_CHARS, read past in pieces."""
    number = 0
    while line := file.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) <= MAX_LINE_CHARS or line.endswith(_LINE_ENDS):
            yield number, line
            continue
        while (rest := file.readline(MAX_LINE_CHARS)) and not rest.endswith(_LINE_ENDS):
            pass
        yield number, None


def _record_lines(file: TextIO) -> Iterator[tuple[int, str | Malformed]]:
    """Lines that may hold a record (not blank, not a `#` comment), or why one cannot."""
    for number, raw in _lines(file):
        if raw is None:
            yield number, Malformed(number, f"line longer than {MAX_LINE_CHARS} characters")
        elif _UNDECODABLE in raw:
            yield number, Malformed(number, "bytes that are not UTF-8")
        elif raw.strip() and not raw.lstrip().startswith("#"):
            yield number, raw


def _content_lines(file: TextIO) -> Iterator[tuple[int, str | Malformed]]:
    for number, line in _record_lines(file):
        yield number, line if isinstance(line, Malformed) else line.strip()


def _csv_records(file: TextIO) -> Iterator[tuple[int, list[str] | Malformed]]:
    for number, line in _record_lines(file):
        if isinstance(line, Malformed):
            yield number, line
            continue
        try:
            [row] = csv.reader([line], strict=True)
        except csv.Error:
            yield number, Malformed(number, "unreadable CSV")
            continue
        yield number, row


# Outside a string only brackets and quotes matter for where an entry ends; inside one, only
# the closing quote and the backslash that may escape it.
_STRUCTURE = re.compile(r'["{}\[\]]')
_IN_STRING = re.compile(r'["\\]')
_SCALAR_END = re.compile(r"[,\]\s]")


class _EntryEnd:
    """Finds where one JSON value ends, fed its text piece by piece, holding none of it."""

    def __init__(self, first: str) -> None:
        self._depth = 1 if first in "{[" else 0
        self._in_string = first == '"'
        self._scalar = first not in '{["'
        self._escaped = False

    def find(self, text: str, position: int) -> int | None:
        """The index just past the value's end in `text`, or None if it goes on beyond it."""
        if self._scalar:
            end = _SCALAR_END.search(text, position)
            return end.start() if end else None
        if self._escaped:
            position, self._escaped = position + 1, False
        while True:
            if self._in_string:
                mark = _IN_STRING.search(text, position)
                if mark is None:
                    return None
                position = mark.end()
                if mark.group() == "\\":
                    if position >= len(text):
                        self._escaped = True
                        return None
                    position += 1
                    continue
                self._in_string = False
                if self._depth == 0:
                    return position
                continue
            mark = _STRUCTURE.search(text, position)
            if mark is None:
                return None
            position = mark.end()
            if mark.group() == '"':
                self._in_string = True
            elif mark.group() in "{[":
                self._depth += 1
            else:
                self._depth -= 1
                if self._depth == 0:
                    return position


def _json_array(file: TextIO) -> Iterator[tuple[int, Any]]:
    """The elements of a top-level JSON array, decoded one at a time, with their lines.

    An entry that does not decode is malformed alone; one over MAX_JSON_ENTRY_CHARS is read
    past in pieces. Only a file cut off inside an entry ends the reading early.
    """
    decoder = json.JSONDecoder()
    buffer, line, at_end, opened = "", 1, False, False
    while True:
        start = _skip_separators(buffer, opened)
        line += buffer.count("\n", 0, start)
        buffer = buffer[start:]
        if not buffer and not at_end:
            chunk = file.read(_JSON_CHUNK)
            at_end, buffer = not chunk, chunk
            continue
        if not opened and buffer:
            if buffer[0] != "[":
                yield line, Malformed(line, "not a JSON array")
                return
            buffer, opened = buffer[1:], True
            continue
        if buffer.startswith("]") or not buffer:
            return
        try:
            element, end = decoder.raw_decode(buffer)
        except json.JSONDecodeError:
            end_of_entry = _EntryEnd(buffer[0]).find(buffer, 1)
            if end_of_entry is not None:
                yield line, Malformed(line, "broken JSON entry")
                line += buffer.count("\n", 0, end_of_entry)
                buffer = buffer[end_of_entry:]
            elif at_end:
                yield line, Malformed(line, "file ends inside an entry")
                return
            elif len(buffer) > MAX_JSON_ENTRY_CHARS:
                yield line, Malformed(line, f"entry longer than {MAX_JSON_ENTRY_CHARS} characters")
                buffer, skipped_lines, at_end = _past_entry(file, buffer)
                line += skipped_lines
            else:
                chunk = file.read(_JSON_CHUNK)
                at_end = not chunk
                buffer += chunk
            continue
        yield line, element
        line += buffer.count("\n", 0, end)
        buffer = buffer[end:]


def _past_entry(file: TextIO, buffer: str) -> tuple[str, int, bool]:
    """Reads past the entry that `buffer` starts, keeping none of it: what follows it, the
    lines passed, and whether the file ended."""
    entry_end, lines, position = _EntryEnd(buffer[0]), 0, 1
    while (end := entry_end.find(buffer, position)) is None:
        lines += buffer.count("\n")
        buffer, position = file.read(_JSON_CHUNK), 0
        if not buffer:
            return "", lines, True
    return buffer[end:], lines + buffer.count("\n", 0, end), False


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
