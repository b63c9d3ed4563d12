"""The real Waspada bot, polling a fake Bot API server, and a person who talks to it."""

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from bot.app import App, build_bot, open_app
from bot.runners import run_bot
from core.settings import Settings
from tests.support.fake_bot_api import TOKEN, FakeBotApi


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def settings_for(api: FakeBotApi, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "telegram_api_url": api.base_url,
        "database_url": database_url,
        "http_host": "127.0.0.1",
        "http_port": free_port(),
        # No internet here: link expansion is tested against local servers on its own.
        "expand_links": False,
    }
    return Settings(_env_file=None, **(values | overrides))


@contextlib.asynccontextmanager
async def running_bot(settings: Settings) -> AsyncIterator[App]:
    """`waspada run` in this event loop; stopped (as a restart would) when the block ends."""
    async with open_app(settings) as app:
        bot = build_bot(TOKEN, settings)
        stop = asyncio.Event()
        task = asyncio.create_task(run_bot(app, bot, stop))
        try:
            yield app
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=10)
            await bot.session.close()


@dataclass
class Person:
    """Someone chatting with the bot: sends, taps and reads the bot's replies."""

    api: FakeBotApi
    user_id: int
    last: dict[str, Any] = field(default_factory=dict)

    async def says(self, text: str, expect: str = "") -> dict[str, Any]:
        mark = self.api.mark()
        self.api.send_text(self.user_id, text)
        return await self._reply(mark, expect)

    async def sends(self, expect: str = "", **content: Any) -> dict[str, Any]:
        mark = self.api.mark()
        self.api.send_message(self.user_id, **content)
        return await self._reply(mark, expect)

    async def taps(self, label: str, expect: str = "") -> dict[str, Any]:
        mark = self.api.mark()
        self.api.press(self.user_id, self.last, label)
        return await self._reply(mark, expect)

    async def _reply(self, mark: int, expect: str) -> dict[str, Any]:
        """The bot's message containing `expect`, or its last message once it falls quiet."""
        if expect:
            message = await self.api.next_message(self.user_id, mark, containing=expect)
        else:
            message = await self.api.next_message(self.user_id, mark)
            await asyncio.sleep(0.05)
            message = self.latest() or message
        if message["params"].get("reply_markup"):
            self.last = message
        return message

    def latest(self) -> dict[str, Any] | None:
        sent = self.api.sent(self.user_id)
        if not sent:
            return None
        return {"params": sent[-1].params, "result": sent[-1].params["_result"]}


async def skip_to_description(person: Person, scam: str) -> None:
    """A report with only the required answers (no money lost), up to the description."""
    await person.says("/report", expect="did money leave")
    await person.taps("No", expect="What kind of scam")
    await person.taps(scam, expect="first contact you")
    await person.says("/skip", expect="claim to be")
    await person.says("/skip", expect="phone numbers, bank accounts")
    await person.says("/skip", expect="When did it happen")
    await person.says("/skip", expect="lose any money")
    await person.taps("No", expect="what happened")


async def skip_to_evidence(person: Person, scam: str) -> None:
    """The same, up to the evidence question."""
    await skip_to_description(person, scam)
    await person.says("/skip", expect="screenshots")
