from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps are stored in UTC and always come back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # When the bot offered another language after guessing one: offered once, by any process.
    language_offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Report(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    reporter_telegram_id: Mapped[int] = mapped_column(BigInteger, index=True)
    status: Mapped[str] = mapped_column(String(32))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    country: Mapped[str] = mapped_column(String(2))
    interface_language: Mapped[str] = mapped_column(String(16))
    money_left_recently: Mapped[bool] = mapped_column(Boolean)
    scam_type: Mapped[str] = mapped_column(String(32))
    contact_channel: Mapped[str | None] = mapped_column(String(32))
    impersonated_party: Mapped[str | None] = mapped_column(String(32))
    incident_period: Mapped[str | None] = mapped_column(String(32))
    incident_date: Mapped[date | None] = mapped_column(Date)
    money_lost: Mapped[bool] = mapped_column(Boolean)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(8))
    payment_method: Mapped[str | None] = mapped_column(String(32))
    description: Mapped[str | None] = mapped_column(Text)
    description_language: Mapped[str | None] = mapped_column(String(16))
    contact_consent: Mapped[str] = mapped_column(String(16))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    # The reporter asked to be told what the centre decides.
    notify_reporter: Mapped[bool] = mapped_column(Boolean, default=False)
    # The report this one repeats, once an operator said so.
    duplicate_of: Mapped[str | None] = mapped_column(String(16))

    identifiers: Mapped[list["ReportIdentifier"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportIdentifier.id"
    )
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="Evidence.id"
    )


class ReportIdentifier(Base):
    __tablename__ = "report_identifiers"
    # Values are stored whole, however long (a phishing link can run to thousands of
    # characters). PostgreSQL's B-tree refuses entries over about 2.7 kB, so there the look-up
    # by value uses a hash index, which has no such limit and serves equality, the only use.
    __table_args__ = (Index("ix_report_identifiers_value", "value", postgresql_using="hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(Text)
    # Who holds it (a bank, e-wallet or platform code) and, for a phone number, how its
    # country was known; both None when the report does not say.
    provider: Mapped[str | None] = mapped_column(String(32))
    origin: Mapped[str | None] = mapped_column(String(32))

    report: Mapped[Report] = relationship(back_populates="identifiers")


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    # Telegram sets these and documents no length for them: stored whole.
    file_id: Mapped[str | None] = mapped_column(Text)
    file_unique_id: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    mime_type: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)

    report: Mapped[Report] = relationship(back_populates="evidence")


class OutboxMessage(Base):
    """A queue message written in the same transaction as the report it carries."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "delivered_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    schema: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    # What happened, as a broker's routing key: report.submitted, report.updated…
    event: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A relay's claim: nobody else publishes the row until locked_until, and only the holder
    # of the lease may acknowledge it.
    lease: Mapped[str | None] = mapped_column(String(36))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Why the last attempt failed: the kind of error, never the message's content.
    last_error: Mapped[str | None] = mapped_column(String(256))
    # Parked after too many failures, until `waspada queue retry`.
    dead_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Every decision on a report and every refused attempt at one: who, when, what, why and
    from which surface. Rows are only ever added."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # An operator's Telegram id, or the reporter's for their answers.
    actor: Mapped[int] = mapped_column(BigInteger)
    surface: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    status_before: Mapped[str | None] = mapped_column(String(32))
    status_after: Mapped[str | None] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    # The console account that acted, when the surface is the console.
    account: Mapped[str | None] = mapped_column(String(64))


class Operator(Base):
    """Staff added in the operators' chat (those in WASPADA_OPERATORS need no row)."""

    __tablename__ = "operators"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    added_by: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConsoleAccount(Base):
    """A person who signs in to the web console; `telegram_id` links them to their Telegram
    self, so the audit trail is one person across surfaces."""

    __tablename__ = "console_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConsoleSession(Base):
    """A signed-in browser: only the token's hash is kept; it expires, and a new one is made
    at every sign-in."""

    __tablename__ = "console_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("console_accounts.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LoginFailure(Base):
    """Failed sign-ins counted per account name and per address, to lock out guessing."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OperatorCard(Base):
    """A report's card in the operators' chat: claimed by one process, then posted once."""

    __tablename__ = "operator_cards"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id"), primary_key=True, autoincrement=False
    )
    claimed_until: Mapped[datetime] = mapped_column(UTCDateTime)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HandledUpdate(Base):
    """A Telegram update some bot process took on: a repeated webhook delivery of it is
    acknowledged, not handled again."""

    __tablename__ = "handled_updates"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # Until then the update is another process's to finish; after it, a redelivery may take
    # it over (that process died).
    claimed_until: Mapped[datetime] = mapped_column(UTCDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class ConsumedMessage(Base):
    """Queue messages the reference consumer (`waspada queue consume`) has passed on, by
    idempotency key: a redelivered or republished one is skipped."""

    __tablename__ = "consumed_messages"

    idempotency_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    consumed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ConversationState(Base):
    """One row per conversation: the FSM state and its data, as JSON."""

    __tablename__ = "conversation_states"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default="{}")


INDICATOR_VALUE_LENGTH = 2048
INDICATOR_SOURCE_LENGTH = 64


class Indicator(Base):
    """A known-bad identifier as one source lists it; two sources listing it make two rows."""

    __tablename__ = "indicators"
    # The unique index starts with (kind, value), so it also serves look-ups by value alone;
    # a second index on the same prefix would only slow bulk imports down.
    __table_args__ = (
        UniqueConstraint("kind", "value", "source", name="uq_indicators_kind_value_source"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(INDICATOR_VALUE_LENGTH))
    source: Mapped[str] = mapped_column(String(INDICATOR_SOURCE_LENGTH))
    status: Mapped[str] = mapped_column(String(16))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)


class AllowlistEntry(Base):
    """An official number or domain (a bank, an agency) that reports can never mark as a scam."""

    __tablename__ = "allowlist"
    __table_args__ = (UniqueConstraint("kind", "value", name="uq_allowlist_kind_value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(512))
    name: Mapped[str] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)


class Revision(Base):
    """A counter bumped in the same transaction as every change to what it names, so that
    each process can tell with one point read whether its copy of that data is stale."""

    __tablename__ = "revisions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger)


ALLOWLIST_REVISION = "allowlist"


FEED_URL_LENGTH = 2048
FEED_ETAG_LENGTH = 512
FEED_LAST_MODIFIED_LENGTH = 64


class FeedState(Base):
    """What the last fetch of a feed learnt, so the next one can ask "changed since?"."""

    __tablename__ = "feed_states"

    url: Mapped[str] = mapped_column(String(FEED_URL_LENGTH), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(FEED_ETAG_LENGTH))
    last_modified: Mapped[str | None] = mapped_column(String(FEED_LAST_MODIFIED_LENGTH))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_result: Mapped[str] = mapped_column(String(32))
    # What the last import of the feed read: rows listed and rows it could not read.
    rows: Mapped[int | None] = mapped_column(Integer)
    errors: Mapped[int | None] = mapped_column(Integer)


class GroupGuard(Base):
    """A group chat in which the bot checks the links and numbers members post."""

    __tablename__ = "group_guards"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    enabled_by: Mapped[int] = mapped_column(BigInteger)
    enabled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Warnings go out in the language of the admin who turned the guard on.
    language: Mapped[str] = mapped_column(String(16))
    # The last warning, shared by every bot process so a group is not warned by each.
    last_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SharedIndicator(Base):
    """One identifier this centre confirmed, as partner centres see it: a STIX indicator whose
    versions are kept here, so a withdrawal can be published as a revocation."""

    __tablename__ = "shared_indicators"

    stix_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(INDICATOR_VALUE_LENGTH))
    scam_type: Mapped[str | None] = mapped_column(String(32))
    # The bank, e-wallet or platform that holds it, when the report named one.
    provider: Mapped[str | None] = mapped_column(String(32))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The latest version: when it was added to the collection, and whether it is withdrawn.
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class PartnerKey(Base):
    """A partner centre that may read the shared collection; only its key's hash is kept."""

    __tablename__ = "partner_keys"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
