"""The application: one place that wires settings, database, dispatcher and Bot together."""

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
from bot.middlewares import UserLanguageMiddleware
from bot.outbound import RetryAfterMiddleware, pin_response_models
from bot.settings import Settings
from checking.expander import LinkExpander
from checking.group_guard import GroupGuards
from checking.service import CheckService
from delivery.publishers import JsonLinesFilePublisher, Publisher
from handlers import build_router
from identifiers.urls import load_suffix_list
from languages.preferences import LanguagePreferences
from reports.countries import COUNTRIES
from reports.service import ReportService
from storage.database import Database, open_migrated
from storage.fsm import DatabaseStorage, conversation_keys
from storage.lookup import Lookup, open_lookup
from storage.uow import UnitOfWork, UnitOfWorkFactory


@dataclass
class App:
    settings: Settings
    database: Database
    dispatcher: Dispatcher
    unit_of_work: UnitOfWorkFactory
    lookup: Lookup

    def publisher(self) -> Publisher | None:
        """The sink the relay feeds; None when the outbox itself is the queue."""
        queue_file = self.settings.queue_file
        return JsonLinesFilePublisher(queue_file) if queue_file else None


@asynccontextmanager
async def open_app(settings: Settings) -> AsyncIterator[App]:
    """Opens the database (migrating it first) and builds the dispatcher; closes both after."""
    database = await open_migrated(settings.database_url)
    try:

        def unit_of_work() -> UnitOfWork:
            return UnitOfWork(database.sessions)

        with open_lookup(database) as lookup:
            dispatcher = build_dispatcher(settings, database, unit_of_work, lookup)
            try:
                yield App(settings, database, dispatcher, unit_of_work, lookup)
            finally:
                await dispatcher.storage.close()
    finally:
        await database.close()


def build_dispatcher(
    settings: Settings, database: Database, unit_of_work: UnitOfWorkFactory, lookup: Lookup
) -> Dispatcher:
    storage: BaseStorage = (
        RedisStorage.from_url(settings.redis_url, key_builder=conversation_keys())
        if settings.redis_url
        else DatabaseStorage(database.engine)
    )
    dispatcher = Dispatcher(storage=storage)
    country = COUNTRIES[settings.country]
    dispatcher["country"] = country
    dispatcher["reports"] = ReportService(unit_of_work, country.code)
    dispatcher["checks"] = build_check_service(settings, lookup, country.code)
    dispatcher["guards"] = GroupGuards(unit_of_work)
    preferences = LanguagePreferences(unit_of_work)
    dispatcher["language_preferences"] = preferences
    UserLanguageMiddleware(load_i18n(), preferences).setup(dispatcher)
    dispatcher.include_router(build_router())
    return dispatcher


def build_check_service(settings: Settings, lookup: Lookup, country: str) -> CheckService:
    load_suffix_list()
    return CheckService(lookup, country, expander=LinkExpander() if settings.expand_links else None)


def build_bot(token: str, settings: Settings, session: BaseSession | None = None) -> Bot:
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(RetryAfterMiddleware())
    pin_response_models()
    return Bot(
        token=token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
