"""Typed settings from WASPADA_* environment variables or a .env file."""

import difflib
import ipaddress
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from blocklists.fetch import Feed, is_feed_url
from blocklists.formats import FeedFormat
from languages.names import NATIVE_NAMES
from reports.countries import COUNTRIES
from sharing.partners import Partner

DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org"


_CONFIG = SettingsConfigDict(
    env_prefix="WASPADA_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
)


class TelegramSettings(BaseSettings):
    model_config = _CONFIG

    bot_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_TELEGRAM_API_URL
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    operator_chat_id: int | None = Field(
        default=None,
        description="The operators' Telegram group: each new report is posted there as a card "
        "with the decision buttons",
    )
    # NoDecode: the variable is comma-separated ids, not the JSON list pydantic-settings expects.
    operators: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="Telegram user ids of the centre's admins: they decide on reports and add "
        "or remove other operators with /operator in the operators' chat",
    )
    operator_language: str = Field(
        default="en", description="The language of the operators' chat (cards, buttons)"
    )
    webhook_claim_seconds: int = Field(
        default=60,
        ge=2,
        le=3600,
        description="How long a bot process may take over a webhook update before another "
        "process, sent the same update again, takes it over (the first died)",
    )

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret_alphabet(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and -.
        secret = value.get_secret_value() if value else None
        if secret is not None and not (
            0 < len(secret) <= 256
            and all(c.isascii() and (c.isalnum() or c in "_-") for c in secret)
        ):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Self:
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("WASPADA_WEBHOOK_SECRET is required when WASPADA_WEBHOOK_URL is set")
        return self

    @field_validator("operator_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in NATIVE_NAMES:
            raise ValueError(f"must be one of {', '.join(NATIVE_NAMES)}")
        return value

    @field_validator("operators", mode="before")
    @classmethod
    def _parse_operators(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = [part.strip() for part in value.split(",") if part.strip()]
        if not all(part.lstrip("-").isdigit() for part in ids):
            raise ValueError("must be comma-separated Telegram user ids")
        return [int(part) for part in ids]

    @model_validator(mode="after")
    def _operator_chat_needs_operators(self) -> Self:
        if self.operator_chat_id is not None and not self.operators:
            raise ValueError(
                "WASPADA_OPERATORS (at least one admin's Telegram id) is required with "
                "WASPADA_OPERATOR_CHAT_ID"
            )
        return self

    def require_token(self) -> str:
        if self.bot_token is None or not self.bot_token.get_secret_value().strip():
            raise MissingSettingError("WASPADA_BOT_TOKEN", "is required to talk to Telegram")
        return self.bot_token.get_secret_value().strip()


class StorageSettings(BaseSettings):
    model_config = _CONFIG

    database_url: str = "sqlite+aiosqlite:///waspada.db"
    redis_url: str | None = Field(
        default=None,
        description="Conversation state in Redis: needed when several bot processes share "
        "one database",
    )

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        path = value.split("://", 1)[1].lstrip("/").split("?", 1)[0]
        if value.startswith("sqlite") and path in ("", ":memory:"):
            # In memory, every report would be gone when the process ends.
            raise ValueError("needs a file, such as sqlite+aiosqlite:///waspada.db")
        return value


class QueueSettings(BaseSettings):
    model_config = _CONFIG

    queue_url: str | None = Field(
        default=None,
        description="Where reports go: unset keeps them in the outbox (read with `waspada "
        "queue consume`); amqp://… RabbitMQ; https://… an agency's HTTP intake; file:PATH "
        "JSON lines",
    )
    queue_exchange: str = Field(default="waspada.reports", min_length=1, max_length=255)
    queue_name: str = Field(default="waspada.reports", min_length=1, max_length=255)
    queue_secret: SecretStr | None = Field(
        default=None, description="The HMAC-SHA256 key that signs requests to an HTTP intake"
    )
    queue_max_attempts: int = Field(default=10, ge=1, le=1000)
    queue_lease_seconds: int = Field(default=60, ge=5, le=3600)
    embedded_relay: bool = Field(
        default=True,
        description="`waspada run` forwards the outbox itself; false when `waspada relay` "
        "processes do",
    )

    @field_validator("queue_url")
    @classmethod
    def _known_sink(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        scheme = value.split(":", 1)[0].lower()
        if scheme in ("amqp", "amqps", "https", "file"):
            if scheme == "file" and not value.removeprefix("file:").strip("/"):
                raise ValueError("file: needs a path, such as file:reports.jsonl")
            return value
        if scheme == "http" and is_loopback_url(value):
            return value
        raise ValueError(
            "must start with amqp://, amqps://, https:// or file: (http:// only on loopback)"
        )

    @model_validator(mode="after")
    def _intake_needs_secret(self) -> Self:
        if self.queue_kind == "http" and not self.queue_secret:
            raise ValueError("WASPADA_QUEUE_SECRET is required for an HTTP intake")
        return self

    @property
    def queue_kind(self) -> Literal["outbox", "amqp", "http", "file"]:
        scheme = (self.queue_url or "").split(":", 1)[0].lower()
        if scheme.startswith("amqp"):
            return "amqp"
        if scheme.startswith("http"):
            return "http"
        return "file" if scheme == "file" else "outbox"

    def intake_secret(self) -> bytes:
        if self.queue_secret is None:
            raise MissingSettingError("WASPADA_QUEUE_SECRET", "is required for an HTTP intake")
        return self.queue_secret.get_secret_value().encode("utf-8")


def file_path(url: str) -> Path:
    """The path in file:PATH (or file:///PATH)."""
    return Path(url.removeprefix("file://").removeprefix("file:"))


class ListsSettings(BaseSettings):
    model_config = _CONFIG

    # NoDecode: the variable is `format=url` pairs, not the JSON list pydantic-settings expects.
    feeds: Annotated[list[Feed], NoDecode] = Field(
        default_factory=list,
        description="comma-separated FORMAT=URL pairs refreshed inside `waspada run`",
    )
    feed_refresh_minutes: int = Field(default=60, ge=5)
    expand_links: bool = Field(
        default=True,
        description="Follow shortened links, through public addresses only, to check where "
        "they lead; false turns it off",
    )

    @field_validator("feeds", mode="before")
    @classmethod
    def _parse_feeds(cls, value: object) -> object:
        return parse_feeds(value) if isinstance(value, str) else value


class ConsoleSettings(BaseSettings):
    model_config = _CONFIG

    console_enabled: bool = Field(
        default=False,
        description="Serve the web console at /console inside `waspada run` "
        "(`waspada console` serves it on its own)",
    )
    console_evidence_dir: Path = Field(
        default=Path("evidence-cache"),
        description="Where the console keeps the evidence images it fetched from Telegram",
    )


class SharingSettings(BaseSettings):
    model_config = _CONFIG

    centre_name: str = Field(
        default="",
        description="How partner centres see this centre (default: Waspada and the country)",
    )
    sharing_tlp: Literal["clear", "green", "amber", "amber+strict", "red"] = Field(
        default="amber", description="The TLP 2.0 marking on everything shared with partners"
    )
    # NoDecode: `NAME=URL|KEY|TRUST` entries separated by commas, not JSON.
    partners: Annotated[list[Partner], NoDecode] = Field(
        default_factory=list,
        description="Partner centres' TAXII 2.1 collections to read: comma-separated "
        "NAME=COLLECTION_URL|USER:KEY|confirmed or |reported (USER and KEY: what the partner "
        "gave this centre; the last part: how far their word is trusted)",
    )
    partner_pull_minutes: float = Field(default=15, gt=0)

    @field_validator("partners", mode="before")
    @classmethod
    def _parse_partners(cls, value: object) -> object:
        return parse_partners(value) if isinstance(value, str) else value


class Settings(
    TelegramSettings,
    StorageSettings,
    QueueSettings,
    ListsSettings,
    ConsoleSettings,
    SharingSettings,
):
    """Every setting, composed from one class per concern."""

    model_config = _CONFIG

    country: str = "MY"
    http_host: str = "0.0.0.0"
    http_port: int = Field(default=8080, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @property
    def centre(self) -> str:
        return self.centre_name or f"Waspada {self.country}"

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in COUNTRIES:
            raise ValueError(f"must be one of {', '.join(sorted(COUNTRIES))}")
        return code


def parse_partners(text: str) -> list[Partner]:
    """`SG ASC=https://…/collections/ID/|waspada-my:KEY|confirmed,…`; errors name the entry,
    never its key."""
    partners = []
    for number, entry in enumerate((e.strip() for e in text.split(",") if e.strip()), 1):
        name, equals, rest = (part.strip() for part in entry.partition("="))
        url, _, tail = rest.partition("|")
        credentials, _, trust = tail.partition("|")
        user, colon, key = credentials.partition(":")
        if not equals or not name or not colon or not user or not key:
            raise ValueError(f"entry {number} is not NAME=URL|USER:KEY|TRUST")
        if not is_feed_url(url):
            raise ValueError(f"entry {number} needs an http:// or https:// collection URL")
        if trust.strip() not in ("confirmed", "reported"):
            raise ValueError(f"entry {number} must end in |confirmed or |reported")
        partners.append(Partner(name, url, user, key, trust.strip()))
    return partners


def is_loopback_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_feeds(text: str) -> list[Feed]:
    """`urlhaus=https://...,openphish=https://...`; errors name the entry, never its URL."""
    feeds = []
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    for number, entry in enumerate(entries, start=1):
        name, equals, url = (part.strip() for part in entry.partition("="))
        if not equals:
            raise ValueError(f"entry {number} is not FORMAT=URL")
        try:
            feed_format = FeedFormat(name.lower())
        except ValueError:
            known = ", ".join(FeedFormat)
            raise ValueError(
                f"entry {number} has an unknown format {name!r}; known: {known}"
            ) from None
        if not is_feed_url(url):
            raise ValueError(f"entry {number} needs an http:// or https:// URL")
        feeds.append(Feed(feed_format, url))
    return feeds


def unknown_settings(names: Iterable[str]) -> list[str]:
    """Warnings for WASPADA_ names that are no setting, with the nearest one that is: a typo
    would otherwise be ignored without a word."""
    known = {f"WASPADA_{name.upper()}" for name in Settings.model_fields}
    warnings = []
    for name in sorted(names):
        if not name.startswith("WASPADA_") or name in known or name.startswith("WASPADA_TEST_"):
            continue
        nearest = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {nearest[0]}?" if nearest else ""
        warnings.append(f"{name} is not a setting{hint}")
    return warnings


class MissingSettingError(Exception):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name} {reason}")
        self.name = name
