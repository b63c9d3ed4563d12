"""Which official brand a link imitates, found fast among hundreds of brands.

A brand is known by its official domains' names ("maybank2u"), its other names ("m2u", "mbb",
"brimo", "bualuang") and the look of each (homoglyphs folded by `skeleton`). A host imitates a
brand when:

- one of its words is a brand's name ("uob-login.net"); a short name (four letters or fewer)
  only beside other words or folded from look-alike letters ("u0b.com"), since alone it is
  most often another organisation's initials ("nbc.com");
- a label is a brand's name glued to everyday words and numbers ("sieumomo", "bdogift",
  "vib84", "gcashlinking");
- a long name stands inside it ("maybank2usecure"), or a word is one edit from a long name
  (two from a very long one: "maybnk2u").

Everyday words that some brands are named by ("post", "smart", "express") count only as whole
words, and hosts under a government or academic suffix imitate nobody: nobody registers those
but the state and its schools.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from checking.confusables import skeleton, skeleton_of_host, unicode_label
from identifiers.urls import registered_domain_of_host

# Names shorter than this are too often parts of other words to count at all.
_MIN_WORD = 3
# Names this short are initials that many organisations share.
_MAX_SHORT = 4
# Names this long count inside another word.
_MIN_INSIDE = 6
# Names this long count at one edit; never shorter ones ("cisco" is not "tisco").
_MIN_FUZZY = 6
# Names this long count at two edits.
_MIN_TWO_EDITS = 10
# Everyday words that some brands are named by: only a whole word of the host counts.
_EVERYDAY = frozenset(
    {
        "bank", "pay", "money", "post", "mail", "express", "smart", "globe", "true", "yes",
        "customs", "immigration", "police", "tax", "cake", "wave", "wing", "boost", "line",
        "grab", "touch", "live", "link", "home", "store", "shop", "one", "gov", "digital",
        "online", "mobile", "service", "services", "group", "global", "asia", "national",
        "central", "capital", "public", "united", "security", "standard", "first", "easy",
        "quick", "star", "sun", "mega", "super", "prime", "courier", "flash", "kerry", "best",
        "city", "union", "land", "metro", "hong", "leong", "alliance", "rakyat", "islam",
        "agro", "maya", "dana", "outlook", "genius", "chinhphu", "malaysia", "indonesia",
        "thailand", "vietnam", "philippines", "singapore", "cambodia", "myanmar", "laos",
        "brunei", "booking",
    }
)  # fmt: skip
# Words glued to a brand's name in phishing hosts: "sieumomo", "bdogift", "gcashlinking".
_GLUE = frozenset(
    {
        # English
        "my", "the", "get", "go", "app", "apps", "login", "log", "in", "sign", "secure",
        "verify", "verification", "update", "account", "service", "support", "help", "care",
        "customer", "official", "web", "portal", "banking", "net", "gift", "gifts", "reward",
        "rewards", "bonus", "promo", "prize", "win", "claim", "free", "vip", "pro", "plus",
        "max", "top", "hub", "center", "centre", "club", "mall", "fast", "linking", "id", "auth",
        "confirm", "card", "loan", "cash", "wallet", "payment", "refund", "info", "news", "now",
        "new", "user", "sms", "otp", "mini", "game", "games", "earn", "invest", "job", "jobs",
        "task", "tasks", "work", "finance", "finans", "fund", "apply", "cs",
        # Vietnamese, written without accents
        "vi", "nhan", "tien", "vay", "nhanh", "khuyenmai", "khuyen", "mai", "sieu", "thuong",
        "qua", "tang", "hoan", "dang", "ky", "nhap", "nganhang", "ngan", "hang",
        "dichvu", "khachhang", "canhan", "xacthuc", "xacminh", "so", "lixi", "taixiu", "tai",
        "xiu", "kiemtien", "kiem", "chanle", "lienket", "rut", "nap", "loc", "phat", "vui",
        "vua", "san", "trum", "xoso", "thanhpho", "hanoi", "saigon", "viet",
        # Malay, Indonesian, Filipino
        "akun", "akaun", "kartu", "hadiah", "undian", "bantuan", "resmi", "layanan", "cek",
        "klaim", "daftar", "masuk", "aktivasi", "verifikasi", "pusat", "nasabah", "sahkan",
        "ganjaran", "bayad", "libre",
        # Country codes people add
        "ph", "vn", "th", "sg", "bn", "kh", "mm", "la",
    }
)  # fmt: skip
_GOVERNMENT_LABELS = frozenset({"gov", "go", "gob", "mil", "edu", "ac"})
_SEPARATORS = re.compile(r"[.-]")
# Labels that say nothing of who runs a host.
_NEUTRAL_LABELS = frozenset({"www", "m", "web"})
_NUMBER = re.compile(r"[0-9]+[a-z]?")


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
        # How long each name is as written: folding ("cl" reads as "d") shortens some.
        self._written_length: dict[str, int] = {}
        written = [(d.split(".")[0], b.name) for b in self._brands.values() for d in b.domains]
        for name, brand_name in [*written, *aliases]:
            if brand_name in self._brands:
                folded = skeleton_of_host(name)
                names[folded].add(brand_name)
                self._written_length[folded] = max(len(name), self._written_length.get(folded, 0))
        self._owners = {word: frozenset(owners) for word, owners in names.items() if word}
        distinctive = [w for w in self._owners if len(w) >= _MIN_WORD and w not in _EVERYDAY]
        inside = sorted((w for w in distinctive if len(w) >= _MIN_INSIDE), key=len, reverse=True)
        self._inside = re.compile("|".join(map(re.escape, inside))) if inside else None
        self._fuzzy = [w for w in distinctive if len(w) >= _MIN_FUZZY]
        self._glued = frozenset(distinctive)
        self._longest = max((len(w) for w in (*self._glued, *_GLUE, *_EVERYDAY)), default=1)

    def imitated(self, host: str) -> list[Brand]:
        """The brands the host imitates; none when it belongs to one of them."""
        registered = registered_domain_of_host(host)
        if registered is None:
            return []
        suffix_labels = registered.split(".")[1:]
        if any(label in _GOVERNMENT_LABELS for label in suffix_labels):
            return []
        labels = [
            label
            for label in host.split(".")[: -len(suffix_labels)]
            if label not in _NEUTRAL_LABELS
        ]
        owners: set[str] = set()
        for label in labels:
            owners |= self._in_label(label, alone=len(labels) == 1)
        if self._inside is not None:
            joined = _SEPARATORS.sub("", ".".join(skeleton_of_host(label) for label in labels))
            for match in self._inside.finditer(joined):
                owners |= self._owners[match.group()]
        return sorted(
            (self._brands[name] for name in owners if registered not in self._brands[name].domains),
            key=lambda brand: brand.name,
        )

    def named_in(self, words: Iterable[str]) -> list[Brand]:
        """The brands whose names are among the words (of a link's path, say)."""
        owners: set[str] = set()
        for word in words:
            owners |= self._owners.get(skeleton(word), frozenset())
        return sorted((self._brands[name] for name in owners), key=lambda brand: brand.name)

    def _in_label(self, label: str, *, alone: bool) -> set[str]:
        written = unicode_label(label)
        raw_words = written.split("-")
        words = [skeleton(word) for word in raw_words]
        owners: set[str] = set()
        for raw, word in zip(raw_words, words, strict=True):
            if len(word) < _MIN_WORD:
                continue
            named = self._owners.get(word, frozenset())
            # Alone, short initials are most often another organisation's ("nbc.com"); with
            # other words, or spelt with look-alike letters ("u0b"), they are imitation.
            if named and (len(word) > _MAX_SHORT or len(words) > 1 or not alone or raw != word):
                owners |= named
            owners |= self._near(word)
            owners |= self._glued_brands(word)
        return owners

    def _glued_brands(self, word: str) -> set[str]:
        """The brands a word is made of when it is brand names glued to everyday words and
        numbers, and nothing else ("sieumomo" is "sieu" and "momo")."""
        if word in self._owners or len(word) > 63:
            return set()
        # For each position reached: the brand names used on a way there (None: not reached).
        reached: list[frozenset[str] | None] = [None] * (len(word) + 1)
        reached[0] = frozenset()
        for start in range(len(word)):
            used = reached[start]
            if used is None:
                continue
            number = _NUMBER.match(word, start)
            if number:
                _reach(reached, number.end(), used)
            for end in range(start + 1, min(len(word), start + self._longest) + 1):
                piece = word[start:end]
                if piece in self._glued:
                    _reach(reached, end, used | {piece})
                elif piece in _GLUE or piece in _EVERYDAY:
                    _reach(reached, end, used)
        found = reached[len(word)]
        return {owner for piece in found or () for owner in self._owners[piece]}

    def _near(self, word: str) -> set[str]:
        if len(word) < _MIN_FUZZY or word in _EVERYDAY:
            return set()
        near: set[str] = set()
        for name, distance, _index in process.extract_iter(
            word, self._fuzzy, scorer=Levenshtein.distance, score_cutoff=2
        ):
            allowed = 2 if self._written_length[name] >= _MIN_TWO_EDITS else 1
            if 0 < distance <= allowed:
                near |= self._owners[name]
        return near


def _reach(reached: list[frozenset[str] | None], position: int, used: frozenset[str]) -> None:
    """Marks a position reached, preferring a way there that used brand names."""
    earlier = reached[position]
    if earlier is None or (used and not earlier):
        reached[position] = used
