"""Evidence intake: a file is hashed while it streams from Telegram, never kept whole in memory."""

import hashlib
import io
from typing import BinaryIO, cast

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from handlers.inputs import IncomingFile
from reports.draft import MAX_EVIDENCE_BYTES, DraftEvidence
from reports.taxonomy import EvidenceKind


class EvidenceTooLargeError(Exception):
    """Over Telegram's 20 MB download limit for bots."""


class EmptyEvidenceError(Exception):
    """A file of no bytes: nothing to keep, and nothing an officer could open."""


class _HashingSink(io.RawIOBase):
    def __init__(self) -> None:
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        self.size += len(chunk)
        if self.size > MAX_EVIDENCE_BYTES:
            raise EvidenceTooLargeError
        self.digest.update(chunk)
        return len(chunk)


async def fetch_file_evidence(bot: Bot, incoming: IncomingFile) -> DraftEvidence:
    """Downloads and hashes the file; raises EvidenceTooLargeError past 20 MB and
    EmptyEvidenceError for an empty file."""
    if incoming.size is not None and incoming.size > MAX_EVIDENCE_BYTES:
        raise EvidenceTooLargeError
    if incoming.size == 0:
        raise EmptyEvidenceError
    try:
        telegram_file = await bot.get_file(incoming.file_id)
    except TelegramBadRequest as error:
        if "too big" in error.message.lower():
            raise EvidenceTooLargeError from error
        raise
    if telegram_file.file_size is not None and telegram_file.file_size > MAX_EVIDENCE_BYTES:
        raise EvidenceTooLargeError
    sink = _HashingSink()
    await bot.download_file(
        cast(str, telegram_file.file_path), destination=cast(BinaryIO, sink), seek=False
    )
    if sink.size == 0:
        raise EmptyEvidenceError
    return DraftEvidence(
        kind=incoming.kind,
        file_id=incoming.file_id,
        file_unique_id=incoming.file_unique_id,
        size=sink.size,
        sha256=sink.digest.hexdigest(),
        mime_type=incoming.mime_type,
    )


async def receive_file(bot: Bot, message: Message, incoming: IncomingFile) -> DraftEvidence | None:
    """The file as evidence; None once the person is told why it cannot be kept."""
    try:
        return await fetch_file_evidence(bot, incoming)
    except EvidenceTooLargeError:
        await message.answer(
            _(
                "This file is larger than 20 MB, which is the most I can receive. Please "
                "send a screenshot or a smaller file instead."
            )
        )
    except EmptyEvidenceError:
        await message.answer(_("This file is empty, so I cannot keep it. Please send it again."))
    return None


def forwarded_text_evidence(text: str) -> DraftEvidence:
    encoded = text.encode("utf-8")
    return DraftEvidence(
        kind=EvidenceKind.FORWARDED_MESSAGE,
        size=len(encoded),
        sha256=hashlib.sha256(encoded).hexdigest(),
        mime_type="text/plain",
        text=text,
    )
