"""Telegram messages mapped to the plain values the journeys work with."""

from dataclasses import dataclass

from aiogram.types import Message, MessageEntity

from languages.zawgyi import is_zawgyi, to_unicode
from reports.taxonomy import EvidenceKind


@dataclass(frozen=True)
class IncomingFile:
    kind: EvidenceKind
    file_id: str
    file_unique_id: str
    size: int | None
    mime_type: str | None


def text_of(message: Message) -> str | None:
    """What the person wrote: the text, or the caption of a photo or file, with Burmese
    typed in Zawgyi already turned into Unicode."""
    written = message.text or message.caption
    return to_unicode(written) if written else None


def entities_of(message: Message) -> list[MessageEntity]:
    """The entities Telegram marked in the text or caption (links hidden behind words...)."""
    entities = list(message.entities or message.caption_entities or [])
    written = message.text or message.caption
    if written and is_zawgyi(written):
        # Offsets point into the Zawgyi text; only a hidden link's own address still holds.
        return [entity for entity in entities if entity.type == "text_link"]
    return entities


def is_forwarded(message: Message) -> bool:
    return message.forward_origin is not None


def is_image(incoming: IncomingFile) -> bool:
    return incoming.kind == EvidenceKind.PHOTO or (incoming.mime_type or "").startswith("image/")


def file_of(message: Message) -> IncomingFile | None:
    """The photo (largest size) or document attached to the message, if any."""
    if message.photo:
        largest = message.photo[-1]
        return IncomingFile(
            EvidenceKind.PHOTO,
            largest.file_id,
            largest.file_unique_id,
            largest.file_size,
            "image/jpeg",
        )
    if message.document:
        document = message.document
        return IncomingFile(
            EvidenceKind.DOCUMENT,
            document.file_id,
            document.file_unique_id,
            document.file_size,
            document.mime_type,
        )
    return None


def is_command(text: str | None) -> bool:
    return text is not None and text.startswith("/")
