"""Console accounts on SQLite and PostgreSQL: Argon2 hashes, sessions that end, lockout."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from accounts.roles import Role
from accounts.service import (
    ACCOUNT_FAILURES,
    ADDRESS_FAILURES,
    AccountError,
    AccountService,
    LockedOut,
    SignInRefused,
)
from storage.models import ConsoleAccount, ConsoleSession
from storage.uow import UnitOfWorkFactory

PASSWORD = "correct horse battery"


@pytest.fixture
async def accounts(unit_of_work: UnitOfWorkFactory) -> AccountService:
    service = AccountService(unit_of_work)
    await service.create("aminah", PASSWORD, Role.REVIEWER, telegram_id=7001)
    return service


async def test_the_password_is_kept_only_as_an_argon2_hash(
    accounts: AccountService, unit_of_work: UnitOfWorkFactory
) -> None:
    async with unit_of_work() as uow:
        stored = await uow.session.scalar(select(ConsoleAccount.password_hash))
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


async def test_a_sign_in_opens_a_new_session_each_time_kept_as_a_hash(
    accounts: AccountService, unit_of_work: UnitOfWorkFactory
) -> None:
    first, who = await accounts.sign_in("aminah", PASSWORD, "192.0.2.1")
    second, _ = await accounts.sign_in("aminah", PASSWORD, "192.0.2.1")

    assert first != second
    assert (who.name, who.role, who.telegram_id, who.may_decide) == (
        "aminah",
        Role.REVIEWER,
        7001,
        True,
    )
    session = await accounts.session(first)
    assert session is not None
    assert session.csrf_token == who.csrf_token
    async with unit_of_work() as uow:
        hashes = list(await uow.session.scalars(select(ConsoleSession.token_hash)))
    assert first not in hashes
    assert len(hashes) == 2


async def test_a_wrong_password_an_unknown_name_and_a_disabled_account_are_refused_alike(
    accounts: AccountService,
) -> None:
    token, _ = await accounts.sign_in("aminah", PASSWORD, "192.0.2.2")
    with pytest.raises(SignInRefused):
        await accounts.sign_in("aminah", "wrong password!!", "192.0.2.2")
    with pytest.raises(SignInRefused):
        await accounts.sign_in("nobody", PASSWORD, "192.0.2.2")

    await accounts.disable("aminah")

    with pytest.raises(SignInRefused):
        await accounts.sign_in("aminah", PASSWORD, "192.0.2.2")
    assert await accounts.session(token) is None


async def test_repeated_failures_lock_the_account_even_with_the_right_password(
    accounts: AccountService,
) -> None:
    for attempt in range(ACCOUNT_FAILURES):
        with pytest.raises(SignInRefused):
            await accounts.sign_in("aminah", f"guess number {attempt}", f"198.51.100.{attempt}")

    with pytest.raises(LockedOut) as locked:
        await accounts.sign_in("aminah", PASSWORD, "203.0.113.9")
    assert locked.value.until > datetime.now(UTC)


async def test_short_passwords_and_taken_names_are_refused(accounts: AccountService) -> None:
    with pytest.raises(AccountError):
        await accounts.create("short", "too short", Role.VIEWER)
    with pytest.raises(AccountError):
        await accounts.create("aminah", PASSWORD, Role.ADMIN)
    assert [a.name for a in await accounts.all()] == ["aminah"]


async def test_one_address_guessing_many_names_is_locked_out(accounts: AccountService) -> None:
    for attempt in range(ADDRESS_FAILURES):
        with pytest.raises(SignInRefused):
            await accounts.sign_in(f"name-{attempt}", "a guess at a password", "198.51.100.7")

    with pytest.raises(LockedOut):
        await accounts.sign_in("aminah", PASSWORD, "198.51.100.7")
    token, _ = await accounts.sign_in("aminah", PASSWORD, "198.51.100.8")
    assert await accounts.session(token) is not None


async def test_a_session_ends_when_it_expires(
    accounts: AccountService, unit_of_work: UnitOfWorkFactory
) -> None:
    token, _ = await accounts.sign_in("aminah", PASSWORD, "192.0.2.3")
    async with unit_of_work() as uow:
        await uow.session.execute(
            update(ConsoleSession).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await uow.commit()

    assert await accounts.session(token) is None
