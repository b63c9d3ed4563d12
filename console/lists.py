"""The lists: indicators (search, add, confirm, remove), the allowlist, each feed's last
import, and the queue's dead letters. Every change is audited with the account."""

from datetime import UTC, datetime
from typing import Any

import aiohttp_jinja2
from aiogram.utils.i18n import gettext as _
from aiohttp import web

from accounts.service import SignedIn
from checking.verdicts import Verdict
from console.keys import CORE
from console.queries import search_values
from console.security import ACCOUNT_KEY
from identifiers.extract import extract_from_message
from reports.review import Surface
from storage.audit import AuditRecord
from storage.uow import UnitOfWork

# The source under which the console lists what its operators confirm.
CONSOLE_SOURCE = "console"
INDICATOR_ADDED, INDICATOR_REMOVED, DEAD_RETRIED = (
    "indicator_added",
    "indicator_removed",
    "dead_retried",
)


@aiohttp_jinja2.template("indicators.html")
async def indicators(request: web.Request) -> dict[str, Any]:
    core = request.app[CORE]
    search = request.query.get("search", "").strip()[:500]
    values = search_values(search, core.settings.country) if search else None
    async with core.unit_of_work() as uow:
        listed = await uow.indicators.listed(values, limit=100)
        official = await uow.allowlist.listed(values) if values else []
        sources = await uow.indicators.counts_by_source_and_kind()
        allowlist = await uow.allowlist.counts_by_kind()
        feeds = await uow.feeds.all()
        dead = await uow.outbox.dead()
    return {
        "search": search,
        "listed": listed,
        "official": official,
        "sources": sources,
        "allowlist": allowlist,
        "feeds": feeds,
        "dead": dead,
        "message": request.query.get("message", ""),
    }


async def add_indicator(request: web.Request) -> web.StreamResponse:
    """Lists what the operator typed as confirmed scams (numbers and links as the bot reads
    them); an official identifier is refused."""
    account = _deciding(request)
    core = request.app[CORE]
    form = await request.post()
    text = str(form.get("value", ""))[:2000]
    found = extract_from_message(text, [], core.settings.country)
    checks = await core.checks().check_identifiers(found)
    official = [f.value for f in checks if f.verdict == Verdict.OFFICIAL]
    now = datetime.now(UTC)
    added = []
    async with core.unit_of_work() as uow:
        for item in found:
            if item.value in official:
                continue
            note = f"confirmed in the console by {account.name} at {now.isoformat()}"
            await uow.indicators.confirm(item.kind, item.value, CONSOLE_SOURCE, note, now)
            await _audit(uow, account, INDICATOR_ADDED, f"{item.kind} {item.value}", now)
            added.append(item.value)
        await uow.commit()
    if not found:
        message = _("No number, account or link found in what you typed.")
    else:
        message = _("Listed as confirmed scams: {values}.").format(values=", ".join(added) or "-")
        if official:
            message += " " + _("Not marked as scams, because they are official: {values}.").format(
                values=", ".join(official)
            )
    raise _back(request, message)


async def remove_indicator(request: web.Request) -> web.StreamResponse:
    account = _deciding(request)
    core = request.app[CORE]
    form = await request.post()
    kind, value, source = (str(form.get(name, "")) for name in ("kind", "value", "source"))
    now = datetime.now(UTC)
    async with core.unit_of_work() as uow:
        removed = await uow.indicators.remove(kind, value, source)
        if removed:
            await _audit(uow, account, INDICATOR_REMOVED, f"{kind} {value} ({source})", now)
        await uow.commit()
    raise _back(request, _("Removed.") if removed else _("Nothing to change."))


async def retry_dead(request: web.Request) -> web.StreamResponse:
    account = request[ACCOUNT_KEY]
    if not account.is_admin:
        raise web.HTTPForbidden(text=_("Only the centre's admins can do this."))
    core = request.app[CORE]
    form = await request.post()
    chosen = str(form.get("message_id", ""))
    now = datetime.now(UTC)
    async with core.unit_of_work() as uow:
        count = await uow.outbox.retry(int(chosen) if chosen.isdigit() else None)
        await _audit(uow, account, DEAD_RETRIED, chosen or "all", now)
        await uow.commit()
    again = _("{count} message will be sent again.", "{count} messages will be sent again.", count)
    raise _back(request, again.format(count=count))


def _deciding(request: web.Request) -> SignedIn:
    account = request[ACCOUNT_KEY]
    if not account.may_decide:
        raise web.HTTPForbidden(text=_("Viewers can look but not change anything."))
    return account


async def _audit(
    uow: UnitOfWork, account: SignedIn, action: str, detail: str, now: datetime
) -> None:
    await uow.audit.add(
        AuditRecord(
            now,
            account.telegram_id or 0,
            Surface.CONSOLE,
            action,
            None,
            None,
            None,
            detail,
            account.name,
        )
    )


def _back(request: web.Request, message: str) -> web.HTTPSeeOther:
    target = request.app.router["indicators"].url_for().with_query(message=message)
    return web.HTTPSeeOther(str(target))


def add_routes(app: web.Application) -> None:
    app.router.add_get("/indicators", indicators, name="indicators")
    app.router.add_post("/indicators/add", add_indicator)
    app.router.add_post("/indicators/remove", remove_indicator)
    app.router.add_post("/dead/retry", retry_dead)
