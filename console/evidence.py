"""Evidence images for the console: fetched once through the Bot API, then served from disk.

A file is named by the SHA-256 the bot recorded when it received it, and what comes back
from Telegram must hash to the same value: the console never shows bytes other than those
the reporter sent.
"""

import asyncio
import hashlib
import logging
import re
from pathlib import Path

import httpx

from core.settings import Settings

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
_SHA256 = re.compile(r"[0-9a-f]{64}")


class EvidenceUnavailable(Exception):
    """No token to ask Telegram with, or Telegram no longer has the file."""


class EvidenceCache:
    def __init__(self, settings: Settings) -> None:
        self._directory = settings.console_evidence_dir
        self._api = settings.telegram_api_url.rstrip("/")
        self._token = settings.bot_token.get_secret_value() if settings.bot_token else None
        self._locks: dict[str, asyncio.Lock] = {}

    async def path_of(self, file_id: str, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise EvidenceUnavailable("not a recorded file")
        cached = self._directory / sha256
        lock = self._locks.setdefault(sha256, asyncio.Lock())
        async with lock:  # two viewers of one report fetch the file once
            if not cached.is_file():
                await self._fetch(file_id, sha256, cached)
        return cached

    async def _fetch(self, file_id: str, sha256: str, target: Path) -> None:
        if not self._token:
            raise EvidenceUnavailable("WASPADA_BOT_TOKEN is not set")
        base = f"{self._api}/bot{self._token}"
        try:
            async with httpx.AsyncClient(timeout=20) as http:
                answer = (await http.post(f"{base}/getFile", data={"file_id": file_id})).json()
                if not answer.get("ok"):
                    raise EvidenceUnavailable("Telegram does not have the file any more")
                path = answer["result"]["file_path"]
                download = await http.get(f"{self._api}/file/bot{self._token}/{path}")
                download.raise_for_status()
        except (httpx.HTTPError, ValueError, KeyError) as error:
            log.warning("could not fetch evidence (%s)", type(error).__name__)
            raise EvidenceUnavailable(type(error).__name__) from error
        content = download.content[: MAX_BYTES + 1]
        if len(content) > MAX_BYTES or hashlib.sha256(content).hexdigest() != sha256:
            raise EvidenceUnavailable("the file differs from the one reported")
        self._directory.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        await asyncio.to_thread(partial.write_bytes, content)
        partial.replace(target)
