"""Reading partners' TAXII 2.1 collections (taxii2-client) into the lists, as feeds with
provenance: each partner is the source `partner:NAME`; what it confirmed is listed as confirmed
or only as reported, as far as this deployment trusts it; what it revoked is removed.

Only what was added since the last pull is asked for: the newest version seen is kept as the
feed's state, keyed by the collection's URL.
"""

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from taxii2client.v21 import Collection, as_pages

from blocklists.fetch import FetchResult
from identifiers.model import IdentifierKind
from sharing.partners import Partner
from storage.feeds import FeedStateRow
from storage.indicators import CONFIRMED, REPORTED
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

PAGE_SIZE = 500
_PATTERN = re.compile(r"\[([a-z0-9-]+):([a-z_.]+) = '((?:[^'\\]|\\.)*)'\]")
_KINDS = {
    ("url", "value"): IdentifierKind.URL.value,
    ("domain-name", "value"): "domain",
    ("email-addr", "value"): IdentifierKind.EMAIL.value,
    ("phone-number", "value"): IdentifierKind.PHONE.value,
    ("bank-account", "account_number"): IdentifierKind.BANK_ACCOUNT.value,
    ("cryptocurrency-wallet", "value"): IdentifierKind.CRYPTO_WALLET.value,
    ("user-account", "account_login"): IdentifierKind.SOCIAL_HANDLE.value,
}


@dataclass(frozen=True)
class Pulled:
    listed: int = 0
    withdrawn: int = 0
    unreadable: int = 0

    def __str__(self) -> str:
        return f"listed {self.listed}, withdrawn {self.withdrawn}, unreadable {self.unreadable}"


def identifier_of(pattern: str) -> tuple[str, str] | None:
    """The (kind, value) a single-comparison STIX pattern names, if it is one we keep."""
    match = _PATTERN.fullmatch(pattern.strip())
    if match is None:
        return None
    kind = _KINDS.get((match.group(1), match.group(2)))
    value = re.sub(r"\\(.)", r"\1", match.group(3))
    return (kind, value) if kind and value else None


async def pull_partners(
    unit_of_work: UnitOfWorkFactory, partners: list[Partner]
) -> list[tuple[str, str]]:
    """Each partner's name and what its pull did (or why it failed); one partner's failure
    never stops the others."""
    outcomes = []
    for partner in partners:
        try:
            pulled = await pull_partner(unit_of_work, partner)
        except Exception as error:  # a partner's server may fail in any way
            log.warning("partner %s: pull failed (%s)", partner.name, type(error).__name__)
            await _record(unit_of_work, partner, FetchResult.FAILED, None, None)
            outcomes.append((partner.name, f"failed: {type(error).__name__}"))
        else:
            outcomes.append((partner.name, str(pulled)))
    return outcomes


async def pull_partner(unit_of_work: UnitOfWorkFactory, partner: Partner) -> Pulled:
    async with unit_of_work() as uow:
        state = await uow.feeds.get(partner.url)
    after = state.last_modified if state else None
    objects = await asyncio.to_thread(_fetch, partner, after)
    status = CONFIRMED if partner.trust == "confirmed" else REPORTED
    now = datetime.now(UTC)
    listed = withdrawn = unreadable = 0
    newest = after
    async with unit_of_work() as uow:
        for item in objects:
            if item.get("type") != "indicator":
                continue
            newest = max(newest or "", str(item.get("modified", "")))
            named = identifier_of(str(item.get("pattern", "")))
            if named is None:
                unreadable += 1
                continue
            kind, value = named
            if item.get("revoked"):
                withdrawn += int(await uow.indicators.remove(kind, value, partner.source))
                continue
            note = f"{status} by {partner.name} (TAXII {item.get('id')})"
            await uow.indicators.list_as(kind, value, partner.source, status, note, now)
            listed += 1
        await uow.commit()
    await _record(unit_of_work, partner, FetchResult.IMPORTED, newest, (listed, unreadable))
    log.info("partner %s: listed %d, withdrawn %d", partner.name, listed, withdrawn)
    return Pulled(listed, withdrawn, unreadable)


def _fetch(partner: Partner, after: str | None) -> list[dict[str, Any]]:
    collection = Collection(partner.url, user=partner.user, password=partner.key)
    found: list[dict[str, Any]] = []
    filters = {"added_after": after} if after else {}
    for envelope in as_pages(collection.get_objects, per_request=PAGE_SIZE, **filters):
        found.extend(envelope.get("objects", []))
    return found


async def _record(
    unit_of_work: UnitOfWorkFactory,
    partner: Partner,
    result: FetchResult,
    newest: str | None,
    counts: tuple[int, int] | None,
) -> None:
    async with unit_of_work() as uow:
        previous = await uow.feeds.get(partner.url)
        now = datetime.now(UTC)
        await uow.feeds.save(
            FeedStateRow(
                partner.url,
                None,
                newest if newest is not None else (previous.last_modified if previous else None),
                checked_at=now,
                changed_at=now if counts else (previous.changed_at if previous else None),
                last_result=result,
                rows=counts[0] if counts else (previous.rows if previous else None),
                errors=counts[1] if counts else (previous.errors if previous else None),
            )
        )
        await uow.commit()


async def run_partner_pull(
    unit_of_work: UnitOfWorkFactory, partners: list[Partner], minutes: float
) -> None:
    """Inside `waspada run`: every partner now, then every `minutes`, until cancelled."""
    while True:
        await pull_partners(unit_of_work, partners)
        await asyncio.sleep(minutes * 60)
