"""Signing in to the console: Argon2 password hashes, sessions that expire and are new at
every sign-in, and lockout after repeated failures, per account and per address."""

import asyncio
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from accounts.roles import DECIDING_ROLES, Role
from storage.models import ConsoleAccount, ConsoleSession, LoginFailure
from storage.uow import UnitOfWork, UnitOfWorkFactory

SESSION_LIFETIME = timedelta(hours=8)
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
# Failures within the window before a lockout: an account is guessed at slowly, an address
# may be an office's shared one.
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()
# Verified against when the name is unknown, so that a wrong name costs as long as a wrong
# password and does not tell which names exist.
_UNKNOWN = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class SignedIn:
    name: str
    role: Role
    telegram_id: int | None
    csrf_token: str
    expires_at: datetime

    @property
    def may_decide(self) -> bool:
        return self.role in DECIDING_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


@dataclass(frozen=True)
class AccountSummary:
    name: str
    role: Role
    telegram_id: int | None
    disabled: bool
    created_at: datetime


class SignInRefused(Exception):
    """A wrong name or password, or a disabled account: the same answer for all three."""


class LockedOut(Exception):
    def __init__(self, until: datetime) -> None:
        super().__init__(until.isoformat())
        self.until = until


class AccountError(Exception):
    """An account that cannot be created or changed as asked; the message says why."""


class AccountService:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    async def create(
        self, name: str, password: str, role: Role, telegram_id: int | None = None
    ) -> None:
        name = name.strip()
        if not name or len(name) > 64:
            raise AccountError("a name of 1 to 64 characters")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"a password of at least {MIN_PASSWORD_LENGTH} characters")
        hashed = await asyncio.to_thread(_hasher.hash, password)
        async with self._unit_of_work() as uow:
            if await uow.accounts.by_name(name) is not None:
                raise AccountError(f"there is already an account named {name}")
            await uow.accounts.add(
                ConsoleAccount(
                    name=name,
                    password_hash=hashed,
                    role=role,
                    telegram_id=telegram_id,
                    disabled=False,
                    created_at=datetime.now(UTC),
                )
            )
            await uow.commit()

    async def all(self) -> list[AccountSummary]:
        async with self._unit_of_work() as uow:
            return [
                AccountSummary(a.name, Role(a.role), a.telegram_id, a.disabled, a.created_at)
                for a in await uow.accounts.all()
            ]

    async def disable(self, name: str) -> None:
        """The account can no longer sign in, and its open sessions end now."""
        async with self._unit_of_work() as uow:
            account = await uow.accounts.by_name(name)
            if account is None:
                raise AccountError(f"there is no account named {name}")
            account.disabled = True
            await uow.accounts.end_sessions_of(account.id)
            await uow.commit()

    async def sign_in(self, name: str, password: str, address: str) -> tuple[str, SignedIn]:
        """A new session's token (kept by the browser only) and who signed in."""
        now = datetime.now(UTC)
        keys = (f"account:{name.strip().lower()}"[:128], f"address:{address}"[:128])
        async with self._unit_of_work() as uow:
            for key in keys:
                failure = await uow.accounts.failures(key)
                if failure and failure.locked_until and failure.locked_until > now:
                    raise LockedOut(failure.locked_until)
            account = await uow.accounts.by_name(name.strip())
            stored = account.password_hash if account else _UNKNOWN
        valid = await asyncio.to_thread(_verify, stored, password)
        async with self._unit_of_work() as uow:
            account = await uow.accounts.by_name(name.strip())
            if not valid or account is None or account.disabled:
                for key, limit in zip(keys, (ACCOUNT_FAILURES, ADDRESS_FAILURES), strict=True):
                    await _count_failure(uow, key, limit, now)
                await uow.commit()
                raise SignInRefused
            # The address's count stays: one good password must not reset a guesser's tally.
            await uow.accounts.clear_failures(keys[0])
            if _hasher.check_needs_rehash(account.password_hash):
                account.password_hash = await asyncio.to_thread(_hasher.hash, password)
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            expires = now + SESSION_LIFETIME
            signed_in = SignedIn(
                account.name, Role(account.role), account.telegram_id, csrf, expires
            )
            await uow.accounts.forget_expired(now)
            await uow.accounts.start_session(
                ConsoleSession(
                    token_hash=_digest(token),
                    account_id=account.id,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=expires,
                )
            )
            await uow.commit()
        return token, signed_in

    async def session(self, token: str) -> SignedIn | None:
        """Who holds this session token, while it lasts and their account is enabled."""
        async with self._unit_of_work() as uow:
            found = await uow.accounts.session_of(_digest(token), datetime.now(UTC))
            if found is None or found[1].disabled:
                return None
            session, account = found
            return SignedIn(
                account.name,
                Role(account.role),
                account.telegram_id,
                session.csrf_token,
                session.expires_at,
            )

    async def sign_out(self, token: str) -> None:
        async with self._unit_of_work() as uow:
            await uow.accounts.end_session(_digest(token))
            await uow.commit()


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _count_failure(uow: UnitOfWork, key: str, limit: int, now: datetime) -> None:
    accounts = uow.accounts
    failure = await accounts.failures(key)
    if failure is None or now - failure.first_at > FAILURE_WINDOW:
        failure = LoginFailure(key=key, failures=0, first_at=now, locked_until=None)
    failure.failures += 1
    if failure.failures >= limit:
        failure.locked_until = now + LOCKOUT
        failure.failures, failure.first_at = 0, now
    await accounts.count_failure(failure)
