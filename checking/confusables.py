"""Characters that read as a Latin letter in a link, for spotting lookalike domains.

A hand-picked subset of Unicode TR39 confusables.txt
(https://www.unicode.org/Public/security/latest/confusables.txt): the Cyrillic, Greek,
Armenian and Latin-extension letters that survive IDNA lowercasing and are near copies of
lowercase ASCII, plus the few marked below that TR39 pairs with small capitals. Fullwidth
and other compatibility forms are not listed because NFKD folds them to ASCII first.
"""

import unicodedata

# By Unicode name, because in source code a confusable is, by definition, indistinguishable
# from the letter it copies. Each reads as its lowercase ASCII letter, like canonical hosts.
_READS_AS: tuple[tuple[str, str], ...] = (
    # Cyrillic
    ("CYRILLIC SMALL LETTER A", "a"),
    ("CYRILLIC SMALL LETTER ES", "c"),
    ("CYRILLIC SMALL LETTER KOMI DE", "d"),
    ("CYRILLIC SMALL LETTER IE", "e"),
    ("CYRILLIC SMALL LETTER SHHA", "h"),
    ("CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I", "i"),
    ("CYRILLIC SMALL LETTER JE", "j"),
    ("CYRILLIC SMALL LETTER PALOCHKA", "l"),
    ("CYRILLIC SMALL LETTER O", "o"),
    ("CYRILLIC SMALL LETTER ER", "p"),
    ("CYRILLIC SMALL LETTER QA", "q"),
    ("CYRILLIC SMALL LETTER DZE", "s"),
    ("CYRILLIC SMALL LETTER WE", "w"),
    ("CYRILLIC SMALL LETTER HA", "x"),
    ("CYRILLIC SMALL LETTER U", "y"),
    ("CYRILLIC SMALL LETTER STRAIGHT U", "y"),
    # Greek
    ("GREEK SMALL LETTER ALPHA", "a"),
    ("GREEK LUNATE SIGMA SYMBOL", "c"),
    ("GREEK SMALL LETTER IOTA", "i"),
    ("GREEK LETTER YOT", "j"),
    ("GREEK SMALL LETTER NU", "v"),
    ("GREEK SMALL LETTER OMICRON", "o"),
    ("GREEK SMALL LETTER RHO", "p"),
    ("GREEK SMALL LETTER CHI", "x"),
    ("GREEK SMALL LETTER GAMMA", "y"),
    # TR39 pairs these with small capitals, but phishing kits use them for "m" and "k"
    # because most fonts draw them as tall as the Latin letters around them.
    ("CYRILLIC SMALL LETTER EM", "m"),
    ("CYRILLIC SMALL LETTER KA", "k"),
    ("GREEK SMALL LETTER KAPPA", "k"),
    # Armenian
    ("ARMENIAN SMALL LETTER CO", "g"),
    ("ARMENIAN SMALL LETTER HO", "h"),
    ("ARMENIAN SMALL LETTER VO", "n"),
    ("ARMENIAN SMALL LETTER OH", "o"),
    ("ARMENIAN SMALL LETTER ZA", "q"),
    ("ARMENIAN SMALL LETTER SEH", "u"),
    # Latin letters outside ASCII
    ("LATIN SMALL LETTER ALPHA", "a"),
    ("LATIN SMALL LETTER SCRIPT G", "g"),
    ("LATIN SMALL LETTER DOTLESS I", "i"),
    ("LATIN SMALL LETTER IOTA", "i"),
    ("LATIN SMALL LETTER DOTLESS J", "j"),
    # ASCII digits in place of letters, as in "g00gle" or "paypa1"
    ("DIGIT ZERO", "o"),
    ("DIGIT ONE", "l"),
)

CHARACTERS: dict[str, str] = {unicodedata.lookup(name): letter for name, letter in _READS_AS}

# Letter pairs that read as one letter ("rnaybank" for "maybank"). TR39 lists them the
# other way round (m → rn); folding pairs into the letter keeps the skeleton readable.
SEQUENCES: tuple[tuple[str, str], ...] = (("rn", "m"), ("vv", "w"), ("cl", "d"))


_READS_AS_LETTER = str.maketrans(CHARACTERS)


def unicode_label(label: str) -> str:
    """A host label as people read it: "xn--" decoded, or left alone when it does not decode."""
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return label


def skeleton(text: str) -> str:
    """What the text looks like in plain ASCII, so lookalikes of one name come out equal."""
    # Accents barely show in an address bar, so "máybank" reads as "maybank".
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    folded = text.translate(_READS_AS_LETTER)
    for pair, letter in SEQUENCES:
        folded = folded.replace(pair, letter)
    return folded


def skeleton_of_host(host: str) -> str:
    """The host as it reads: each label decoded from punycode and folded to plain ASCII."""
    return ".".join(skeleton(unicode_label(label)) for label in host.split("."))
