"""Evidence images for the console come from Telegram once, through the Bot API, and only
when they are the bytes the bot recorded."""

import hashlib
from pathlib import Path

import pytest

from console.evidence import EvidenceCache, EvidenceUnavailable
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import settings_for


async def test_an_image_is_fetched_once_then_served_from_disk(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path
) -> None:
    content = b"\x89PNG\r\n\x1a\n a screenshot of the scammer's chat"
    stored = api.add_file(content)
    cache = EvidenceCache(settings_for(api, sqlite_url, console_evidence_dir=tmp_path / "evidence"))
    digest = hashlib.sha256(content).hexdigest()

    first = await cache.path_of(stored.file_id, digest)
    second = await cache.path_of(stored.file_id, digest)

    assert first == second
    assert first.read_bytes() == content
    assert len(api.sent(method="getFile")) == 1


async def test_bytes_other_than_those_reported_are_refused(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path
) -> None:
    stored = api.add_file(b"what Telegram holds now")
    cache = EvidenceCache(settings_for(api, sqlite_url, console_evidence_dir=tmp_path / "evidence"))

    with pytest.raises(EvidenceUnavailable):
        await cache.path_of(stored.file_id, hashlib.sha256(b"what was reported").hexdigest())
    with pytest.raises(EvidenceUnavailable):
        await cache.path_of(stored.file_id, "../../etc/passwd")
    assert not (tmp_path / "evidence").exists() or not any((tmp_path / "evidence").iterdir())
