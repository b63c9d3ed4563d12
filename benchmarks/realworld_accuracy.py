"""How often Waspada is right on public real-world data nobody on this project wrote.

Run from the repository root:

    .venv/bin/python benchmarks/realworld_accuracy.py

The data is in tests/data/realworld/ (SOURCES.md gives each file's origin and licence). Each
line falls in the development split or the held-out split by a hash of its text (one in five
held out); heuristics are tuned on the development split only, and both are reported:

1. Lookalike recall: real phishing links aimed at South-East Asian banks, e-wallets,
   marketplaces and agencies, judged with the shipped allowlist and no feed. A link counts as
   caught when the check would call it suspicious. Target: at least 85%.
2. False alarms: popular legitimate domains (a public top-sites list and regional sites) that
   the check would call suspicious. Target: at most 1%.
3. Language: real informal messages (tweets, chat, reviews) per language. Target: 97%.

Besides the figures, the first misses of each kind are printed to guide work on the
development split. A measurement: the exit code is 0 whether or not a target is met.
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.smoke import parse_with_smoke
from blocklists.allowlist import DEFAULT_ALLOWLIST, read_allowlist
from checking.heuristics import url_signals
from checking.officials import Officials
from identifiers.urls import canonical_url
from languages.detection import detect_language

DATA = ROOT / "tests" / "data" / "realworld"
HELD_OUT_IN = 5  # one line in five
MIN_RECALL = 0.85
MAX_FALSE_ALARMS = 0.01
MIN_LANGUAGE = 0.97
SHOWN_MISSES = 8


def split_of(line: str) -> str:
    """The split a line belongs to, fixed by its text alone."""
    digest = hashlib.sha256(line.encode("utf-8")).digest()
    return "held-out" if digest[0] % HELD_OUT_IN == 0 else "development"


def lines_of(name: str, limit: int | None) -> list[str]:
    lines = [line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line][:limit]


def shipped_officials() -> Officials:
    rows, _report = read_allowlist(DEFAULT_ALLOWLIST, default_region="MY")
    return Officials((row.kind, row.value, row.name) for row in rows)


def is_flagged(officials: Officials) -> Callable[[str], bool]:
    def flagged(written: str) -> bool:
        url = canonical_url(written)
        if url is None:
            return False
        host = url.split("/")[2]
        return not officials.is_official(host) and bool(url_signals(url, officials))

    return flagged


def rate(
    items: list[str], counts: Callable[[str], bool], title: str, target: str, show_misses: bool
) -> None:
    for split in ("development", "held-out"):
        part = [item for item in items if split_of(item) == split]
        hits = [item for item in part if counts(item)]
        share = len(hits) / len(part) if part else 0.0
        print(f"  {title:<28} {split:<12} {len(hits):>5}/{len(part):<5} {share:7.1%}   {target}")
        if show_misses and split == "development":
            for missed in [item for item in part if not counts(item)][:SHOWN_MISSES]:
                print(f"      missed: {missed}")


def main(per_file: int | None) -> None:
    officials = shipped_officials()
    flagged = is_flagged(officials)
    print("real-world accuracy (tests/data/realworld/), development and held-out splits\n")
    phishing = lines_of("phishing_sea.txt", per_file)
    rate(phishing, flagged, "phishing links caught", f">= {MIN_RECALL:.0%}", show_misses=True)
    legit = lines_of("legit_domains.txt", per_file)
    rate(legit, flagged, "legitimate domains flagged", f"<= {MAX_FALSE_ALARMS:.0%}", False)
    for domain in [d for d in legit if split_of(d) == "development" and flagged(d)][:SHOWN_MISSES]:
        print(f"      flagged: {domain} {url_signals(canonical_url(domain) or '', officials)}")
    for path in sorted(DATA.glob("messages_*.txt")):
        language = path.stem.split("_")[1]
        messages = lines_of(path.name, per_file)

        def right(message: str, expected: str = language) -> bool:
            return detect_language(message) == expected

        rate(messages, right, f"language {language}", f">= {MIN_LANGUAGE:.0%}", show_misses=True)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--per-file", type=int, help="read only this many lines of each file")
    return parse_with_smoke(parser, per_file=20)


if __name__ == "__main__":
    main(parse_arguments().per_file)
