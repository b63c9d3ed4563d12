from collections.abc import AsyncIterator

import pytest

from tests.support.fake_bot_api import FakeBotApi


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    server = await FakeBotApi().start()
    try:
        yield server
    finally:
        await server.stop()
