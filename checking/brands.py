"""Which official brand a link imitates, found fast among hundreds of brands.

A brand is known by its official domains' names ("maybank2u"), its other names ("m2u", "mbb",
"brimo", "bualuang") and the look of each (homoglyphs folded by `skeleton`). A host imitates a
brand when one of its words is a brand's name, when a long brand name stands inside it
("maybank2usecure"), or when one of its words is one or two edits from a long brand name
("maybnk2u"). Short and everyday names ("uob", "post", "smart") count only as whole words,
never inside another word or by edits: "msn" is not "bsn", "customsforge" is not customs.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from checking.confusables import skeleton_of_host
from identifiers.urls import registrable_domain

# Names shorter than this are too often parts of other words to count at all.
_MIN_WORD = 3
# Names this long count inside another word; shorter ones only as whole words.
_MIN_INSIDE = 6
# Names this long count at one edit; never shorter ones.
_MIN_FUZZY = 5
# Names this long count at two edits.
_MIN_TWO_EDITS = 9
# Everyday words that some brands are named by: only a whole word of the host counts.
_EVERYDAY = frozenset(
    {
        "bank", "pay", "money", "post", "mail", "express", "smart", "globe", "true", "yes",
        "customs", "immigration", "police", "tax", "cake", "wave", "wing", "boost", "line",
        "grab", "touch", "live", "link", "home", "store", "shop", "one", "go", "my", "gov",
        "digital", "online", "mobile", "service", "services", "group", "global", "asia",
        "national", "central", "capital", "public", "united", "security", "standard", "first",
        "easy", "quick", "star", "sun", "mega", "super", "prime", "courier", "flash",
        "kerry", "best", "city", "union", "land", "metro", "hong", "leong", "alliance",
        "affin", "rakyat", "islam", "agro", "maya", "dana", "ovo", "seabank", "jago",
    }
)  # fmt: skip
_SEPARATORS = re.compile(r"[.-]")


@dataclass(frozen=True)
class Brand:
    name: str
    # Its registrable official domains: a host under one of them imitates nothing.
    domains: frozenset[str]
    # The official domain named in the reason ("looks like the official …").
    shown: str


class BrandIndex:
    """Built once per allowlist revision; each look-up then costs a few dictionary and
    regular-expression steps, whatever the number of brands."""

    def __init__(self, brands: Iterable[Brand], aliases: Iterable[tuple[str, str]]) -> None:
        self._brands = {brand.name: brand for brand in brands}
        names: defaultdict[str, set[str]] = defaultdict(set)
        for brand in self._brands.values():
            for domain in brand.domains:
                names[skeleton_of_host(domain.split(".")[0])].add(brand.name)
        for alias, brand_name in aliases:
            if brand_name in self._brands:
                names[skeleton_of_host(alias)].add(brand_name)
        self._whole_words = {word: frozenset(owners) for word, owners in names.items()}
        inside = [w for w in names if len(w) >= _MIN_INSIDE and w not in _EVERYDAY]
        inside.sort(key=len, reverse=True)
        self._inside = re.compile("|".join(map(re.escape, inside))) if inside else None
        self._fuzzy = [w for w in names if len(w) >= _MIN_FUZZY and w not in _EVERYDAY]

    def imitated(self, host: str) -> list[Brand]:
        """The brands the host imitates; none when it belongs to one of them."""
        registered = registrable_domain(host)
        if registered is None:
            return []
        seen = skeleton_of_host(host.removesuffix(registered.split(".", 1)[1]).rstrip("."))
        words = [word for word in _SEPARATORS.split(seen) if len(word) >= _MIN_WORD]
        owners: set[str] = set()
        for word in words:
            owners |= self._whole_words.get(word, frozenset())
            owners |= self._near(word)
        if self._inside is not None:
            joined = _SEPARATORS.sub("", seen)
            for match in self._inside.finditer(joined):
                owners |= self._whole_words[match.group()]
        return sorted(
            (self._brands[name] for name in owners if registered not in self._brands[name].domains),
            key=lambda brand: brand.name,
        )

    def named_in(self, words: Iterable[str]) -> list[Brand]:
        """The brands whose names are among the words (of a link's path, say)."""
        owners: set[str] = set()
        for word in words:
            owners |= self._whole_words.get(skeleton_of_host(word), frozenset())
        return sorted((self._brands[name] for name in owners), key=lambda brand: brand.name)

    def _near(self, word: str) -> set[str]:
        if len(word) < _MIN_FUZZY or word in _EVERYDAY:
            return set()
        near: set[str] = set()
        for name, distance, _index in process.extract_iter(
            word, self._fuzzy, scorer=Levenshtein.distance, score_cutoff=2
        ):
            allowed = 2 if len(name) >= _MIN_TWO_EDITS else 1
            if 0 < distance <= allowed:
                near |= self._whole_words[name]
        return near
