"""The Telegram runtime on the core: the dispatcher and the Bot, for `run` and `chat`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.redis import RedisStorage

from bot.i18n import load_i18n
from bot.instruments import RequestMetricsMiddleware, UpdateMetricsMiddleware
from bot.middlewares import UserLanguageMiddleware
from bot.outbound import PacedSender, pin_response_models
from checking.group_guard import GroupGuards
from core.app import Core, open_core
from core.settings import Settings
from handlers import build_router
from languages.preferences import LanguagePreferences
from reports.countries import COUNTRIES
from storage.database import Database
from storage.fsm import DatabaseStorage, conversation_keys
from storage.uow import UnitOfWorkFactory


@dataclass
class App:
    """The core with the Telegram runtime on top: what `waspada run` and `waspada chat` use."""

    core: Core
    dispatcher: Dispatcher

    @property
    def settings(self) -> Settings:
        return self.core.settings

    @property
    def database(self) -> Database:
        return self.core.database

    @property
    def unit_of_work(self) -> UnitOfWorkFactory:
        return self.core.unit_of_work


@asynccontextmanager
async def open_app(settings: Settings) -> AsyncIterator[App]:
    """Opens the core and builds the dispatcher on it; closes both after."""
    async with open_core(settings) as core:
        dispatcher = build_dispatcher(core)
        try:
            yield App(core, dispatcher)
        finally:
            await dispatcher.storage.close()


def build_dispatcher(core: Core) -> Dispatcher:
    settings = core.settings
    storage: BaseStorage = (
        RedisStorage.from_url(settings.redis_url, key_builder=conversation_keys())
        if settings.redis_url
        else DatabaseStorage(core.database.engine)
    )
    dispatcher = Dispatcher(storage=storage)
    dispatcher.update.outer_middleware(UpdateMetricsMiddleware())
    dispatcher["country"] = COUNTRIES[settings.country]
    dispatcher["reports"] = core.reports
    dispatcher["review"] = core.review
    dispatcher["unit_of_work"] = core.unit_of_work
    dispatcher["cards"] = core.cards_bell
    dispatcher["operator_language"] = settings.operator_language
    dispatcher["checks"] = core.checks()
    dispatcher["guards"] = GroupGuards(core.unit_of_work)
    preferences = LanguagePreferences(core.unit_of_work)
    dispatcher["language_preferences"] = preferences
    i18n = load_i18n()
    # Also for what runs beside the updates (the operators' cards), not only inside them.
    dispatcher["i18n"] = i18n
    UserLanguageMiddleware(i18n, preferences).setup(dispatcher)
    dispatcher.include_router(build_router(settings.operator_chat_id))
    return dispatcher


def build_bot(token: str, settings: Settings, session: BaseSession | None = None) -> Bot:
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(RequestMetricsMiddleware())
    session.middleware(PacedSender())
    pin_response_models()
    return Bot(
        token=token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
