"""Accuracy on public real-world data (tests/data/realworld/), development split only: the
held-out split is reported by benchmarks/realworld_accuracy.py and never tuned on."""

import pytest

from benchmarks.realworld_accuracy import (
    MAX_FALSE_ALARMS,
    MIN_RECALL,
    is_flagged,
    lines_of,
    shipped_officials,
    split_of,
)
from languages.detection import detect_language

FLAGGED = is_flagged(shipped_officials())


def _development(name: str) -> list[str]:
    return [line for line in lines_of(name, None) if split_of(line) == "development"]


def test_real_phishing_links_aimed_at_the_region_are_caught() -> None:
    links = _development("phishing_sea.txt")
    caught = sum(map(FLAGGED, links))
    assert caught / len(links) >= MIN_RECALL


def test_popular_legitimate_domains_are_seldom_flagged() -> None:
    domains = _development("legit_domains.txt")
    flagged = [domain for domain in domains if FLAGGED(domain)]
    assert len(flagged) / len(domains) <= MAX_FALSE_ALARMS, flagged


# Below the 97% target where chat mixes languages most (Malay and English especially): these
# guard against losing ground, and the benchmark reports where each stands.
@pytest.mark.parametrize(
    ("language", "at_least"),
    [("th", 0.97), ("vi", 0.97), ("tl", 0.95), ("id", 0.95), ("en", 0.93), ("ms", 0.78)],
)
def test_the_language_of_real_messages_is_told(language: str, at_least: float) -> None:
    messages = _development(f"messages_{language}.txt")
    right = sum(detect_language(message) == language for message in messages)
    assert right / len(messages) >= at_least
