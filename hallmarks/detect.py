"""Finding hallmarks in a message, and how strongly they (with the verdicts on the message's
numbers and links) signal a scam."""

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from checking.reasons import ReasonCode
from checking.verdicts import Finding, Verdict
from hallmarks.codes import HallmarkCode, ScamSignals
from hallmarks.lexicon import fold, phrases, strip_marks
from identifiers.model import IdentifierKind

# Longer messages are read up to here: a scam states its methods early.
MAX_CHARS = 4096
_WORRYING = frozenset({Verdict.CONFIRMED_SCAM, Verdict.REPORTED, Verdict.SUSPICIOUS})


@dataclass(frozen=True)
class Hallmark:
    code: HallmarkCode
    # The words of the message that show it, as written.
    evidence: str


def find_hallmarks(text: str, findings: Iterable[Finding] = ()) -> list[Hallmark]:
    """Each hallmark once, with the first (longest) words that show it; a lookalike link from
    the checks counts as one."""
    original = text[:MAX_CHARS]
    folded = fold(original)
    bare, origin = strip_marks(folded)
    found: dict[HallmarkCode, Hallmark] = {}
    for phrase in phrases():
        if phrase.code in found:
            continue
        span = _locate(folded, phrase.text, phrase.anywhere)
        if span is None and phrase.plain:
            stripped = _locate(bare, phrase.text, phrase.anywhere)
            span = (origin[stripped[0]], origin[stripped[1] - 1] + 1) if stripped else None
        if span is not None and len(folded) == len(original):
            found[phrase.code] = Hallmark(phrase.code, original[span[0] : span[1]])
        elif span is not None:
            found[phrase.code] = Hallmark(phrase.code, phrase.text)
    for finding in findings:
        if any(r.code == ReasonCode.LOOKALIKE for r in finding.reasons):
            found.setdefault(
                HallmarkCode.LOOKALIKE_LINK, Hallmark(HallmarkCode.LOOKALIKE_LINK, finding.value)
            )
        if finding.kind == IdentifierKind.URL and _is_app_package(finding.value):
            found.setdefault(
                HallmarkCode.INSTALL_APP, Hallmark(HallmarkCode.INSTALL_APP, finding.value)
            )
    return [found[code] for code in HallmarkCode if code in found]


def scam_signals(hallmarks: list[Hallmark], findings: Iterable[Finding] = ()) -> ScamSignals:
    """Two or more hallmarks, or one with a worrying number or link, or a confirmed scam
    number or link: high. One of those: some. Never "safe": none only says nothing was seen."""
    verdicts = {finding.verdict for finding in findings}
    score = len(hallmarks)
    if Verdict.CONFIRMED_SCAM in verdicts:
        score += 2
    elif verdicts & _WORRYING:
        score += 1
    if score >= 2:
        return ScamSignals.HIGH
    return ScamSignals.SOME if score == 1 else ScamSignals.NONE


def _is_app_package(url: str) -> bool:
    """A link to an Android package: installing it is how phones are taken over."""
    return urlsplit(url).path.lower().endswith(".apk")


def _locate(text: str, phrase: str, anywhere: bool) -> tuple[int, int] | None:
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        if anywhere or (_boundary(text, start - 1) and _boundary(text, end)):
            return start, end
        start = text.find(phrase, start + 1)
    return None


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()
