"""A shortened link is judged together with where it really leads."""

import ipaddress
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiohttp import web

from checking.expander import IPAddress, LinkExpander
from checking.reasons import Reason, ReasonCode
from checking.service import CheckService
from checking.verdicts import Verdict
from identifiers.model import Identifier, IdentifierKind
from storage.indicators import IndicatorRow
from storage.lookup import Lookup
from storage.uow import UnitOfWorkFactory

LOOPBACK = ipaddress.ip_address("127.0.0.1")
NOW = datetime(2026, 11, 22, tzinfo=UTC)


@pytest.fixture
async def port() -> AsyncIterator[int]:
    """A shortener and the site it points to, both served here under their own names."""

    async def short(request: web.Request) -> web.Response:
        target = "http://evil.example/login"
        raise web.HTTPFound(target)

    async def landing(_request: web.Request) -> web.Response:
        return web.Response(text="log in to your bank")

    async def malformed(_request: web.Request) -> web.Response:
        return web.Response(status=302, headers={"Location": "http:\\x"})

    app = web.Application()
    app.router.add_get("/pay", short)
    app.router.add_get("/broken", malformed)
    app.router.add_get("/login", landing)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    finally:
        await runner.cleanup()


def _expander(port: int) -> LinkExpander:
    """Every name is served here: links keep no port, so the resolver names the server's."""

    async def resolve(_host: str, _port: int) -> list[tuple[str, int]]:
        return [(str(LOOPBACK), port)]

    def only_this_machine(address: IPAddress) -> bool:
        return address == LOOPBACK

    return LinkExpander(resolve=resolve, address_allowed=only_this_machine)


async def test_a_short_link_takes_the_verdict_of_its_listed_target(
    unit_of_work: UnitOfWorkFactory, lookup: Lookup, port: int
) -> None:
    async with unit_of_work() as uow:
        await uow.indicators.upsert_many([IndicatorRow("domain", "evil.example", "feed", NOW, NOW)])
        await uow.commit()
    checks = CheckService(lookup, "MY", expander=_expander(port))

    [finding] = await checks.check_text("Bayar di http://bit.ly/pay sekarang")

    assert finding.value == "http://bit.ly/pay"
    assert finding.verdict == Verdict.CONFIRMED_SCAM
    assert tuple(map(str, finding.reasons)) == (
        "url_shortener",
        "expands_to:http://evil.example/login",
        "listed_by:feed",
    )


async def test_without_an_expander_a_short_link_is_only_suspicious(lookup: Lookup) -> None:
    checks = CheckService(lookup, "MY")
    link = Identifier(IdentifierKind.URL, "http://bit.ly/pay")

    [finding] = await checks.check_identifiers([link])

    assert (finding.verdict, finding.reasons) == (
        Verdict.SUSPICIOUS,
        (Reason(ReasonCode.SHORTENER),),
    )


async def test_a_link_that_cannot_be_followed_keeps_its_own_verdict(
    lookup: Lookup,
) -> None:
    async def unresolvable(host: str, _port: int) -> list[tuple[str, int]]:
        raise socket.gaierror(socket.EAI_NONAME, f"{host} not known")

    checks = CheckService(lookup, "MY", expander=LinkExpander(resolve=unresolvable))
    short = Identifier(IdentifierKind.URL, "http://bit.ly/x")

    [finding] = await checks.check_identifiers([short])

    assert (finding.verdict, finding.reasons) == (
        Verdict.SUSPICIOUS,
        (Reason(ReasonCode.SHORTENER),),
    )


async def test_a_listed_short_link_with_a_malformed_redirect_stays_confirmed(
    unit_of_work: UnitOfWorkFactory, lookup: Lookup, port: int
) -> None:
    short = "http://bit.ly/broken"
    async with unit_of_work() as uow:
        await uow.indicators.upsert_many([IndicatorRow("url", short, "feed", NOW, NOW)])
        await uow.commit()
    checks = CheckService(lookup, "MY", expander=_expander(port))

    [finding] = await checks.check_identifiers([Identifier(IdentifierKind.URL, short)])

    assert finding.verdict == Verdict.CONFIRMED_SCAM
    assert "listed_by:feed" in map(str, finding.reasons)
