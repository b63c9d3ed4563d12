"""aiogram routers, one module per user journey, with the keyboards and texts they share."""

from aiogram import Router

from handlers import check, errors, fallback, myreports, report, start


def build_router() -> Router:
    """A fresh router tree for each dispatcher; the catch-all fallback comes last."""
    root = Router(name="waspada")
    root.include_routers(
        errors.build_router(),
        start.build_router(),
        myreports.build_router(),
        report.build_router(),
        check.build_router(),
        fallback.build_router(),
    )
    return root
