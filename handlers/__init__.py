"""aiogram routers, one module per user journey, with the keyboards and texts they share."""

from aiogram import Router

from handlers import errors, fallback, myreports, report, start


def build_router() -> Router:
    """All journeys in one router; the catch-all fallback comes last."""
    root = Router(name="waspada")
    root.include_routers(errors.router, start.router, myreports.router, report.router)
    root.include_router(fallback.router)
    return root
