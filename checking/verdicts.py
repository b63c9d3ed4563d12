"""The one place that decides what Waspada says about an identifier."""

from dataclasses import dataclass, replace
from enum import StrEnum

from blocklists.normalise import DOMAIN
from checking.heuristics import is_ip_literal, url_host, url_signals
from checking.officials import Officials, Standing
from checking.reasons import Reason, ReasonCode
from identifiers.model import IdentifierKind
from identifiers.urls import registered_domain_of_host
from storage.indicators import CONFIRMED
from storage.lookup import Reader

# One person can be wrong or malicious; agreement between people is what counts.
MIN_REPORTERS = 2
# How many of a link's parent domains are looked up: those nearest its registrable domain.
MAX_PARENT_DOMAINS = 8

# Where the centre's own confirmations are listed: one source per report ("review:WSP-…"),
# so that undoing a confirmation removes exactly its rows.
REVIEW_SOURCE_PREFIX = "review:"
PARTNER_SOURCE_PREFIX = "partner:"


class Verdict(StrEnum):
    CONFIRMED_SCAM = "confirmed_scam"
    REPORTED = "reported"
    SUSPICIOUS = "suspicious"
    NO_RECORD = "no_record"
    OFFICIAL = "official"


# How much each verdict warns, least first.
_SEVERITY = (
    Verdict.OFFICIAL,
    Verdict.NO_RECORD,
    Verdict.SUSPICIOUS,
    Verdict.REPORTED,
    Verdict.CONFIRMED_SCAM,
)


def severity(verdict: Verdict) -> int:
    return _SEVERITY.index(verdict)


@dataclass(frozen=True)
class Finding:
    kind: str
    value: str
    verdict: Verdict
    reasons: tuple[Reason, ...]
    # Who holds it, when the message named them (a bank, e-wallet or platform code).
    provider: str | None = None


async def judge(reader: Reader, kind: str, value: str, officials: Officials) -> Finding:
    """The verdict on one normalised identifier: official, then confirmed, reported, suspicious.

    `officials` is what the allowlist says of links, read once by the caller for many checks.
    Reasons of every tier below official are kept, so "reported" can also say "lookalike".
    """
    hosts = _hosts(value) if kind == IdentifierKind.URL else []
    facts = await reader.facts(kind, value, [(DOMAIN, host) for host in hosts])
    standing = officials.standing(hosts[0]) if hosts else None
    if facts.allowlisted or (standing and standing.standing == Standing.OFFICIAL):
        return Finding(kind, value, Verdict.OFFICIAL, (Reason(ReasonCode.ALLOWLISTED),))
    # Where anyone can publish, the host says nothing of who made the page: said plainly.
    user_content = [Reason(ReasonCode.USER_CONTENT_ON, standing.name)] if standing else []

    # A partner centre's word counts as far as the deployment trusts it (sharing/pull.py).
    partners = {
        (source.removeprefix(PARTNER_SOURCE_PREFIX), status)
        for source, status in facts.listings
        if source.startswith(PARTNER_SOURCE_PREFIX)
    }
    own = [(s, status) for s, status in facts.listings if not s.startswith(PARTNER_SOURCE_PREFIX)]
    reviews = sorted(
        source.removeprefix(REVIEW_SOURCE_PREFIX)
        for source, _status in own
        if source.startswith(REVIEW_SOURCE_PREFIX)
    )
    confirmed = (
        [Reason(ReasonCode.OPERATOR_CONFIRMED, reviews[0] if reviews else "")]
        if reviews or any(status == CONFIRMED for _, status in own)
        else []
    )
    confirmed += [
        Reason(ReasonCode.PARTNER_CONFIRMED, name)
        for name, status in sorted(partners)
        if status == CONFIRMED
    ]
    listed = [
        Reason(ReasonCode.LISTED_BY, source)
        for source in sorted({source for source, _status in own})
        if not source.startswith(REVIEW_SOURCE_PREFIX)
    ]
    reported = [
        Reason(ReasonCode.PARTNER_REPORTED, name)
        for name, status in sorted(partners)
        if status != CONFIRMED
    ]
    if facts.reporters >= MIN_REPORTERS:
        reported.append(Reason(ReasonCode.REPORTED_BY, str(facts.reporters)))
    suspicious = url_signals(value, officials) if kind == IdentifierKind.URL else []

    reasons = (*confirmed, *listed, *reported, *suspicious, *user_content)
    if confirmed or listed:
        verdict = Verdict.CONFIRMED_SCAM
    elif reported:
        verdict = Verdict.REPORTED
    elif suspicious:
        verdict = Verdict.SUSPICIOUS
    else:
        verdict = Verdict.NO_RECORD
    return Finding(kind, value, verdict, reasons)


def _hosts(url: str) -> list[str]:
    """The link's host and its parent domains down to the registrable one.

    A listing or allowlisting of "evil.example" covers "login.evil.example" too. A host
    outside the public suffix list stops at two labels; an IP address has no parents. Only the
    parents nearest the registrable domain are kept: lists name those, and a host of a thousand
    labels would otherwise become a look-up of a thousand terms.
    """
    host = url_host(url)
    if is_ip_literal(host):
        return [host]
    registered = registered_domain_of_host(host)
    depth = registered.count(".") + 1 if registered else 2
    labels = host.split(".")
    parents = [".".join(labels[start:]) for start in range(1, max(len(labels) - depth, 0) + 1)]
    return [host, *parents[-MAX_PARENT_DOMAINS:]]


def with_target(short: Finding, target: str, led_to: Finding) -> Finding:
    """A short link judged together with where it leads: as bad as the worst of the two, with
    the reasons of both."""
    verdict = max(short.verdict, led_to.verdict, key=severity)
    reasons = dict.fromkeys(
        (*short.reasons, Reason(ReasonCode.EXPANDS_TO, target), *led_to.reasons)
    )
    return replace(short, verdict=verdict, reasons=tuple(reasons))


def leads_elsewhere(finding: Finding) -> bool:
    """A link whose target is worth following: it goes through a shortener."""
    return Reason(ReasonCode.SHORTENER) in finding.reasons
