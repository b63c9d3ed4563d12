"""The review queue, a report with its decisions and evidence, and the dashboard."""

import logging
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiogram.utils.i18n import gettext as _
from aiohttp import web
from markupsafe import Markup

from console.charts import stacked_bars
from console.evidence import EvidenceUnavailable
from console.keys import CORE, EVIDENCE, FOLLOW_UP
from console.queries import QueueFilter, dashboard, review_queue
from console.security import ACCOUNT_KEY
from handlers.check import badge
from handlers.formatting import date_text, money_text
from handlers.labels import (
    consent_label,
    contact_channel_label,
    identifier_label,
    impersonated_party_label,
    payment_method_label,
    refusal_text,
    scam_type_label,
    status_label,
)
from identifiers.model import IdentifierKind
from reports.cards import build_card
from reports.review import (
    Actor,
    Decision,
    NotAnOperator,
    Outcome,
    ReviewError,
    Surface,
    UnknownReport,
)
from reports.taxonomy import (
    ContactChannel,
    ContactConsent,
    ImpersonatedParty,
    PaymentMethod,
    ReportStatus,
    ScamType,
)

log = logging.getLogger(__name__)
FILTER_FIELDS = ("status", "scam_type", "language", "country", "search")


def queue_filter(query: Any) -> QueueFilter:
    """The queue's filters from a query string; what cannot be read filters nothing."""
    return QueueFilter(
        **{name: str(query.get(name, "")).strip()[:200] for name in FILTER_FIELDS},
        since=_date(query.get("since")),
        until=_date(query.get("until")),
        min_amount=_amount(query.get("min_amount")),
        max_amount=_amount(query.get("max_amount")),
        page=int(query["page"]) if str(query.get("page", "")).isdigit() else 1,
    )


@aiohttp_jinja2.template("queue.html")
async def queue(request: web.Request) -> dict[str, Any]:
    core = request.app[CORE]
    wanted = queue_filter(request.query)
    page = await review_queue(core.unit_of_work, wanted, core.settings.country)
    return {
        "page": page,
        "wanted": wanted,
        "statuses": list(ReportStatus),
        "scam_types": list(ScamType),
        "labels": _labels(),
        "query_without_page": _query_without(request, "page"),
    }


@aiohttp_jinja2.template("report.html")
async def report(request: web.Request) -> dict[str, Any]:
    core = request.app[CORE]
    reference = request.match_info["reference"]
    try:
        card = await build_card(core.unit_of_work, core.checks(), reference)
    except UnknownReport:
        raise web.HTTPNotFound(text=refusal_text(UnknownReport(reference))) from None
    async with core.unit_of_work() as uow:
        stored = await uow.reports.get_by_reference(reference)
        assert stored is not None
        sharing = {
            item.value: await uow.reports.references_sharing(stored.id, item.kind, item.value)
            for item in stored.identifiers
        }
        trail = await uow.audit.of_report(stored.id)
        # Detached as loaded (with its identifiers and evidence): the page reads it after.
        uow.session.expunge_all()
    return {
        "report": stored,
        "card": card,
        "sharing": sharing,
        "trail": trail,
        "labels": _labels(),
        "message": request.query.get("message", ""),
        "decisions": Decision,
        "open": card.status in (ReportStatus.RECEIVED, ReportStatus.NEEDS_INFORMATION),
    }


async def decide(request: web.Request) -> web.StreamResponse:
    """The same decisions as in the operators' chat, through the same review service."""
    account = request[ACCOUNT_KEY]
    reference = request.match_info["reference"]
    form = await request.post()
    core = request.app[CORE]
    actor = Actor(account.telegram_id or 0, Surface.CONSOLE, account.name)
    try:
        decision = Decision(str(form.get("decision", "")))
    except ValueError:
        raise web.HTTPBadRequest(text=_("Nothing was decided.")) from None
    detail = str(form.get("detail", "")).strip()[:1000] or None
    try:
        outcome = await core.review.decide(reference, decision, actor, detail)
    except NotAnOperator as error:
        raise web.HTTPForbidden(text=refusal_text(error)) from None
    except UnknownReport as error:
        raise web.HTTPNotFound(text=refusal_text(error)) from None
    except ReviewError as error:
        message = refusal_text(error)
    else:
        message = _("Decided: {status}.").format(
            status=status_label(outcome.status, to_reporter=False)
        )
        await _follow_up(request, outcome, account.name, detail)
        if outcome.official:
            message += " " + _("Not marked as scams, because they are official: {values}.").format(
                values=", ".join(outcome.official)
            )
    back = request.app.router["report"].url_for(reference=reference).with_query(message=message)
    raise web.HTTPSeeOther(str(back))


async def _follow_up(
    request: web.Request, outcome: Outcome, decided_by: str, detail: str | None
) -> None:
    """Telegram hears of the decision when the console runs inside the bot; the decision
    itself is kept whatever happens there."""
    follow_up = request.app.get(FOLLOW_UP)
    if follow_up is None:
        return
    try:
        await follow_up(outcome, decided_by, detail)
    except Exception as error:  # the decision stands; the card and the message are extras
        log.warning("could not tell Telegram of a decision (%s)", type(error).__name__)


async def evidence(request: web.Request) -> web.StreamResponse:
    core = request.app[CORE]
    reference, number = request.match_info["reference"], int(request.match_info["number"])
    async with core.unit_of_work() as uow:
        stored = await uow.reports.get_by_reference(reference)
        uow.session.expunge_all()
    items = stored.evidence if stored else []
    if not 0 <= number < len(items) or not items[number].file_id:
        raise web.HTTPNotFound()
    item = items[number]
    try:
        path = await request.app[EVIDENCE].path_of(item.file_id or "", item.sha256)
    except EvidenceUnavailable:
        raise web.HTTPNotFound(text=_("This file cannot be shown here.")) from None
    # Served as a download unless it is an image, so no file can run as a page.
    image = (item.mime_type or "").startswith("image/") or item.kind == "photo"
    return web.FileResponse(
        path,
        headers={
            "Content-Type": (item.mime_type if image and item.mime_type else "image/jpeg")
            if image
            else "application/octet-stream",
            "Content-Disposition": "inline" if image else "attachment",
        },
    )


@aiohttp_jinja2.template("dashboard.html")
async def dashboard_page(request: web.Request) -> dict[str, Any]:
    core = request.app[CORE]
    figures = await dashboard(core.unit_of_work, datetime.now(UTC).date())
    async with core.unit_of_work() as uow:
        queue_status = await uow.outbox.status()
    names = {code.value: scam_type_label(code) for code in ScamType}
    per_day = stacked_bars(
        [date_text(day) for day in figures.days],
        figures.per_day,
        _("Reports per day, by scam type"),
        names,
    )
    lost = [
        stacked_bars(
            [date_text(week) for week in figures.weeks],
            {currency: [float(value) for value in values]},
            _("Money lost per week ({currency})").format(currency=currency),
            {currency: currency},
        )
        for currency, values in sorted(figures.lost_per_week.items())
    ]
    return {
        "figures": figures,
        "per_day": per_day,
        "lost": lost,
        "queue_status": queue_status,
        "labels": _labels(),
    }


def _labels() -> dict[str, Any]:
    """Label functions for the templates, in the page's language."""
    return {
        "scam_type": lambda code: scam_type_label(ScamType(code)),
        "status": lambda code: status_label(ReportStatus(code), to_reporter=False),
        "identifier": lambda kind, provider=None: identifier_label(IdentifierKind(kind), provider),
        "channel": lambda code: contact_channel_label(ContactChannel(code)) if code else "-",
        "party": lambda code: impersonated_party_label(ImpersonatedParty(code)) if code else "-",
        "consent": lambda code: consent_label(ContactConsent(code)),
        "payment": lambda code: payment_method_label(PaymentMethod(code)) if code else "-",
        "verdict": lambda verdict: Markup(badge(verdict)),
        "money": lambda amount, currency: money_text(amount, currency or ""),
        "date": date_text,
        "moment": lambda moment: moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _query_without(request: web.Request, name: str) -> str:
    return urlencode([(key, value) for key, value in request.rel_url.query.items() if key != name])


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _amount(value: object) -> Decimal | None:
    try:
        return Decimal(str(value)) if value else None
    except InvalidOperation:
        return None


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", queue, name="queue")
    app.router.add_get("/reports/{reference}", report, name="report")
    app.router.add_post("/reports/{reference}/decide", decide)
    app.router.add_get("/reports/{reference}/evidence/{number:\\d+}", evidence)
    app.router.add_get("/dashboard", dashboard_page)
