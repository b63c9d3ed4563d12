"""The console's aiohttp application: mounted at /console inside `waspada run`, or served on its
own by `waspada console`. Pages are Jinja2 templates translated with the bot's catalogs."""

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiogram.utils.i18n import I18n
from aiohttp import web

from accounts.service import AccountService
from bot.i18n import load_i18n
from console.decisions import FollowUp
from console.evidence import EvidenceCache
from console.exports import add_routes as add_export_routes
from console.keys import ACCOUNTS, CORE, EVIDENCE, FOLLOW_UP, I18N, PREFIX
from console.lists import add_routes as add_list_routes
from console.pages import add_routes as add_page_routes
from console.security import (
    ACCOUNT_KEY,
    LANGUAGE_COOKIE,
    LANGUAGE_KEY,
    security_headers,
    signed_in_middleware,
)
from console.signing import add_routes as add_signing_routes
from core.app import Core
from core.http import add_service_routes
from languages.names import NATIVE_NAMES
from sharing.taxii import mount_taxii

PREFIX_PATH = "/console"
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def console_site(core: Core) -> web.Application:
    """`waspada console`: the console at /console/ and the TAXII server for partner centres at
    /taxii2/, with /healthz and /metrics."""
    site = web.Application()
    add_service_routes(site, core.database, core.unit_of_work)
    mount_console(site, core)
    mount_taxii(site, core)
    return site


def mount_console(parent: web.Application, core: Core, follow_up: FollowUp | None = None) -> None:
    parent.add_subapp(PREFIX_PATH + "/", build_console(core, follow_up))

    async def to_console(_request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(PREFIX_PATH + "/")

    parent.router.add_get(PREFIX_PATH, to_console)


def build_console(core: Core, follow_up: FollowUp | None = None) -> web.Application:
    """Alone (`waspada console`) nothing follows a decision; inside `waspada run`, `follow_up`
    tells Telegram."""
    accounts = AccountService(core.unit_of_work)
    i18n = load_i18n()
    app = web.Application(
        middlewares=[security_headers, _in_language(i18n), signed_in_middleware(accounts)]
    )
    app[PREFIX] = PREFIX_PATH
    if follow_up is not None:
        app[FOLLOW_UP] = follow_up
    app[CORE] = core
    app[ACCOUNTS] = accounts
    app[I18N] = i18n
    app[EVIDENCE] = EvidenceCache(core.settings)
    environment = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        context_processors=[_page_context],
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda message: i18n.gettext(message),
        ngettext=lambda singular, plural, n: i18n.gettext(singular, plural, n),
        newstyle=True,
    )
    app.router.add_static("/static/", STATIC)
    for add_routes in (add_signing_routes, add_page_routes, add_list_routes, add_export_routes):
        add_routes(app)
    return app


def _in_language(i18n: I18n) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def in_language(request: web.Request, handler: Handler) -> web.StreamResponse:
        """The language the person chose here, else their browser's first one we speak."""
        chosen = request.cookies.get(LANGUAGE_COOKIE, "")
        if chosen not in NATIVE_NAMES:
            chosen = _browser_language(request.headers.get("Accept-Language", ""))
        request[LANGUAGE_KEY] = chosen
        with i18n.context(), i18n.use_locale(chosen):
            return await handler(request)

    return in_language


def _browser_language(header: str) -> str:
    for part in header.split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code == "fil":
            code = "tl"
        if code in NATIVE_NAMES:
            return code
    return "en"


async def _page_context(request: web.Request) -> dict[str, Any]:
    return {
        "prefix": request.app[PREFIX],
        "account": request.get(ACCOUNT_KEY),
        "language": request.get(LANGUAGE_KEY, "en"),
        "languages": NATIVE_NAMES,
        "path": request.path_qs,
    }
