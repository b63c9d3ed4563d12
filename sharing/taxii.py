"""A TAXII 2.1 server with one read-only collection: the indicators this centre confirmed.

Partners read it with HTTP Basic (their name and the key `waspada partners add` gave them).
Objects come oldest version first; `added_after`, `limit` and `next` page through them, and
the X-TAXII-Date-Added-First/Last headers say which versions a page holds.
"""

import base64
import binascii
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from core.app import Core
from sharing.formats import stix_objects
from sharing.ledger import sync_shared
from sharing.partners import partner_of_key

log = logging.getLogger(__name__)

TAXII = "application/taxii+json;version=2.1"
STIX = "application/stix+json;version=2.1"
COLLECTION_ID = "2d9a8bb4-5d0e-4c43-9f5b-0f1b2a3c4d5e"
DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
CORE = web.AppKey("core", Core)
PARTNER_KEY = web.RequestKey("partner", str)


def build_taxii(core: Core) -> web.Application:
    app = web.Application(middlewares=[_partners_only])
    app[CORE] = core
    app.router.add_get("/", discovery)
    app.router.add_get("/api/", api_root)
    app.router.add_get("/api/collections/", collections)
    app.router.add_get("/api/collections/{id}/", collection)
    app.router.add_get("/api/collections/{id}/objects/", objects)
    app.router.add_get("/api/collections/{id}/manifest/", manifest)
    return app


def mount_taxii(parent: web.Application, core: Core) -> None:
    parent.add_subapp("/taxii2/", build_taxii(core))


@web.middleware
async def _partners_only(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    partner = await _partner(request)
    if partner is None:
        return _taxii(
            {"title": "Unauthorized", "http_status": "401"},
            status=401,
            headers={"WWW-Authenticate": 'Basic realm="waspada"'},
        )
    if not _accepts_taxii(request.headers.get("Accept", "")):
        return _taxii({"title": "Not Acceptable", "http_status": "406"}, status=406)
    request[PARTNER_KEY] = partner
    return await handler(request)


async def _partner(request: web.Request) -> str | None:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        name, _, key = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    partner = await partner_of_key(request.app[CORE].unit_of_work, key)
    return partner if partner == name else None


def _accepts_taxii(accept: str) -> bool:
    kinds = [part.split(";")[0].strip() for part in accept.split(",")]
    return "application/taxii+json" in kinds or "*/*" in kinds or "application/*" in kinds


async def discovery(request: web.Request) -> web.Response:
    root = f"{_base(request)}/api/"
    centre = request.app[CORE].settings.centre
    return _taxii({"title": f"{centre} TAXII", "default": root, "api_roots": [root]})


async def api_root(request: web.Request) -> web.Response:
    centre = request.app[CORE].settings.centre
    return _taxii({"title": centre, "versions": [TAXII], "max_content_length": 10_485_760})


async def collections(request: web.Request) -> web.Response:
    return _taxii({"collections": [_collection(request)]})


async def collection(request: web.Request) -> web.Response:
    _require_collection(request)
    return _taxii(_collection(request))


async def objects(request: web.Request) -> web.Response:
    rows, more = await _page(request)
    core = request.app[CORE]
    settings = core.settings
    found = stix_objects(rows, settings.centre, settings.sharing_tlp)
    log.info("taxii: partner %s read %d object(s)", request[PARTNER_KEY], len(found))
    body: dict[str, Any] = {"more": more, "objects": found}
    if more:
        body["next"] = _stamp(rows[-1].modified_at)
    return _taxii(body, headers=_added_headers(rows))


async def manifest(request: web.Request) -> web.Response:
    rows, more = await _page(request)
    entries = [
        {
            "id": row.stix_id,
            "date_added": _stamp(row.modified_at),
            "version": _stamp(row.modified_at),
            "media_type": STIX,
        }
        for row in rows
    ]
    body: dict[str, Any] = {"more": more, "objects": entries}
    if more:
        body["next"] = _stamp(rows[-1].modified_at)
    return _taxii(body, headers=_added_headers(rows))


async def _page(request: web.Request) -> tuple[list[Any], bool]:
    _require_collection(request)
    core = request.app[CORE]
    await sync_shared(core.unit_of_work, core.settings.centre, datetime.now(UTC))
    after = _when(request.query.get("next") or request.query.get("added_after"))
    try:
        limit = min(MAX_LIMIT, max(1, int(request.query.get("limit", DEFAULT_LIMIT))))
    except ValueError:
        limit = DEFAULT_LIMIT
    async with core.unit_of_work() as uow:
        rows = await uow.sharing.versions_after(after, limit + 1)
    return rows[:limit], len(rows) > limit


def _require_collection(request: web.Request) -> None:
    if request.match_info["id"] != COLLECTION_ID:
        raise web.HTTPNotFound(
            text='{"title": "Not Found", "http_status": "404"}',
            content_type="application/taxii+json",
        )


def _collection(request: web.Request) -> dict[str, Any]:
    centre = request.app[CORE].settings.centre
    return {
        "id": COLLECTION_ID,
        "title": f"Scam indicators confirmed by {centre}",
        "description": "Phone numbers, links, accounts and wallets the centre's operators "
        "confirmed as scams; withdrawn ones come again as revoked.",
        "can_read": True,
        "can_write": False,
        "media_types": [STIX],
    }


def _added_headers(rows: list[Any]) -> dict[str, str]:
    if not rows:
        return {}
    return {
        "X-TAXII-Date-Added-First": _stamp(rows[0].modified_at),
        "X-TAXII-Date-Added-Last": _stamp(rows[-1].modified_at),
    }


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise web.HTTPBadRequest(text="added_after is not a timestamp") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _base(request: web.Request) -> str:
    scheme = request.headers.get("X-Forwarded-Proto", request.scheme)
    return f"{scheme}://{request.host}/taxii2"


def _taxii(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    response = web.json_response(body, status=status, headers=headers)
    response.content_type = "application/taxii+json"
    response.headers["Content-Type"] = TAXII
    return response
