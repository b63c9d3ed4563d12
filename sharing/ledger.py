"""The shared collection follows the centre's confirmations: a new one is added, a changed
one gets a new version, and one that was undone is published again as revoked."""

import itertools
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from storage.models import SharedIndicator
from storage.uow import UnitOfWorkFactory

# Every deployment derives the same id for the same identifier confirmed by the same centre,
# so a partner recognises a new version of what it already holds.
_NAMESPACE = uuid.UUID("6f1c2a4e-2d9b-5b7e-9a53-0c8f4e6d2b11")


@dataclass(frozen=True)
class SyncResult:
    added: int = 0
    changed: int = 0
    revoked: int = 0


def stix_id(centre: str, kind: str, value: str) -> str:
    return f"indicator--{uuid.uuid5(_NAMESPACE, f'{centre}|{kind}|{value}')}"


async def sync_shared(unit_of_work: UnitOfWorkFactory, centre: str, now: datetime) -> SyncResult:
    """Brings the collection up to date. Each new version gets its own moment, later than any
    before it, so a partner paging with `added_after` never skips one."""
    try:
        return await _sync(unit_of_work, centre, now)
    except IntegrityError:  # another process added the same versions at the same time
        return SyncResult()


async def _sync(unit_of_work: UnitOfWorkFactory, centre: str, now: datetime) -> SyncResult:
    added = changed = revoked = 0
    async with unit_of_work() as uow:
        confirmed = {(c.kind, c.value): c for c in await uow.sharing.confirmed_here()}
        shared = {(row.kind, row.value): row for row in await uow.sharing.shared()}
        latest = max((row.modified_at for row in shared.values()), default=now)
        moments = (
            max(now, latest + timedelta(microseconds=1)) + timedelta(microseconds=n)
            for n in itertools.count()
        )
        for key, item in confirmed.items():
            row = shared.get(key)
            if row is None:
                uow.sharing.add(
                    SharedIndicator(
                        stix_id=stix_id(centre, item.kind, item.value),
                        kind=item.kind,
                        value=item.value,
                        scam_type=item.scam_type,
                        provider=item.provider,
                        first_seen=item.first_seen,
                        last_seen=item.last_seen,
                        created_at=now,
                        modified_at=next(moments),
                        revoked=False,
                    )
                )
                added += 1
            elif row.revoked or row.last_seen != item.last_seen:
                row.revoked, row.last_seen, row.modified_at = False, item.last_seen, next(moments)
                row.scam_type = item.scam_type or row.scam_type
                changed += 1
        for key, row in shared.items():
            if key not in confirmed and not row.revoked:
                row.revoked, row.modified_at = True, next(moments)
                revoked += 1
        await uow.commit()
    return SyncResult(added, changed, revoked)
