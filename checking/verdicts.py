"""The one place that decides what Waspada says about an identifier."""

from dataclasses import dataclass
from enum import StrEnum

from blocklists.normalise import DOMAIN
from checking.heuristics import is_ip_literal, url_host, url_signals
from checking.officials import Officials, Standing
from identifiers.model import IdentifierKind
from identifiers.urls import registered_domain_of_host
from storage.indicators import CONFIRMED
from storage.lookup import Reader

# One person can be wrong or malicious; agreement between people is what counts.
MIN_REPORTERS = 2
# How many of a link's parent domains are looked up: those nearest its registrable domain.
MAX_PARENT_DOMAINS = 8

ALLOWLISTED = "allowlisted"
OPERATOR_CONFIRMED = "operator_confirmed"
USER_CONTENT_ON = "user_content_on:"
LISTED_BY = "listed_by:"
REPORTED_BY = "reported_by:"


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
    reasons: tuple[str, ...]
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
        return Finding(kind, value, Verdict.OFFICIAL, (ALLOWLISTED,))
    # Where anyone can publish, the host says nothing of who made the page: said plainly.
    user_content = [USER_CONTENT_ON + standing.name] if standing else []

    listed = sorted({LISTED_BY + source for source, _status in facts.listings})
    confirmed = [OPERATOR_CONFIRMED] if any(s == CONFIRMED for _, s in facts.listings) else []
    reported = [f"{REPORTED_BY}{facts.reporters}"] if facts.reporters >= MIN_REPORTERS else []
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
