"""Partner centres: the collections this centre reads, and the keys with which partners read
this centre's collection."""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

from checking.verdicts import PARTNER_SOURCE_PREFIX
from storage.models import PartnerKey
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class Partner:
    """A partner's TAXII collection; `trust` is how its word counts here: "confirmed" lists
    what it confirmed as confirmed, "reported" only as reported."""

    name: str
    url: str
    # The name and key the partner gave this centre for reading its collection.
    user: str
    key: str = field(repr=False)
    trust: str = "confirmed"

    @property
    def source(self) -> str:
        return f"{PARTNER_SOURCE_PREFIX}{self.name}"


class PartnerExists(Exception):
    pass


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


async def add_partner(unit_of_work: UnitOfWorkFactory, name: str) -> str:
    """A new key for the partner; shown once, kept only as a hash."""
    key = secrets.token_urlsafe(32)
    async with unit_of_work() as uow:
        if await uow.sharing.partner(name) is not None:
            raise PartnerExists(name)
        uow.sharing.add_partner(
            PartnerKey(
                name=name, key_hash=key_digest(key), created_at=datetime.now(UTC), disabled=False
            )
        )
        await uow.commit()
    return key


async def partner_of_key(unit_of_work: UnitOfWorkFactory, key: str) -> str | None:
    async with unit_of_work() as uow:
        partner = await uow.sharing.partner_by_key(key_digest(key))
        return partner.name if partner else None
