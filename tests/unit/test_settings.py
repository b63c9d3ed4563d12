import os
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from blocklists.fetch import Feed
from blocklists.formats import FeedFormat
from cli.main import main
from core.settings import MissingSettingError, Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("WASPADA_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults_are_valid() -> None:
    settings = Settings(_env_file=None)
    assert settings.country == "MY"
    assert settings.database_url.startswith("sqlite+aiosqlite://")
    assert settings.bot_token is None
    assert settings.queue_kind == "outbox"
    assert settings.embedded_relay is True


@pytest.mark.parametrize(("given", "stored"), [("sg", "SG"), (" th ", "TH"), ("Id", "ID")])
def test_country_is_upper_cased(given: str, stored: str) -> None:
    assert Settings(_env_file=None, country=given).country == stored


@pytest.mark.parametrize("country", ["XX", "US", "", "MYS", "Malaysia"])
def test_unknown_country_is_refused(country: str) -> None:
    with pytest.raises(ValidationError, match="country"):
        Settings(_env_file=None, country=country)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite+aiosqlite:///waspada.db",
        "sqlite+aiosqlite:////var/lib/waspada/waspada.db",
        "postgresql+asyncpg://waspada@db:5432/waspada",
    ],
)
def test_async_database_urls_are_accepted(url: str) -> None:
    assert Settings(_env_file=None, database_url=url).database_url == url


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///waspada.db",
        "postgresql://waspada@db/waspada",
        "postgresql+psycopg2://waspada@db/waspada",
        "mysql+aiomysql://waspada@db/waspada",
        "waspada.db",
    ],
)
def test_database_url_without_an_async_driver_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="database_url"):
        Settings(_env_file=None, database_url=url)


def test_webhook_url_without_a_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="WASPADA_WEBHOOK_SECRET"):
        Settings(_env_file=None, webhook_url="https://bot.example.org/telegram")


def test_webhook_url_with_a_secret_is_accepted() -> None:
    settings = Settings(
        _env_file=None,
        webhook_url="https://bot.example.org/telegram",
        webhook_secret=SecretStr("s3cret_Token-1"),
    )
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == "s3cret_Token-1"


@pytest.mark.parametrize(
    "secret",
    ["has space", "semi;colon", "slash/", "ünïcode", "x" * 257],
    ids=["space", "semicolon", "slash", "non-ascii", "too-long"],
)
def test_webhook_secret_outside_telegrams_alphabet_is_refused(secret: str) -> None:
    with pytest.raises(ValidationError, match="webhook_secret") as raised:
        Settings(_env_file=None, webhook_secret=SecretStr(secret))
    assert secret not in str(raised.value)


def test_webhook_secret_of_the_longest_allowed_length_is_accepted() -> None:
    secret = "A1_-" * 64
    settings = Settings(_env_file=None, webhook_secret=SecretStr(secret))
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == secret


def test_environment_variables_are_read_with_the_waspada_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WASPADA_COUNTRY", "ph")
    monkeypatch.setenv("WASPADA_BOT_TOKEN", "123:abc")
    settings = Settings(_env_file=None)
    assert settings.country == "PH"
    assert settings.require_token() == "123:abc"


@pytest.mark.parametrize("token", [None, "", "   "])
def test_require_token_without_a_token_names_the_setting(token: str | None) -> None:
    settings = Settings(_env_file=None, bot_token=None if token is None else SecretStr(token))
    with pytest.raises(MissingSettingError) as raised:
        settings.require_token()
    assert raised.value.name == "WASPADA_BOT_TOKEN"
    assert "WASPADA_BOT_TOKEN" in str(raised.value)


def test_require_token_returns_the_token_without_surrounding_whitespace() -> None:
    settings = Settings(_env_file=None, bot_token=SecretStr(" 123456:ABC-def \n"))
    assert settings.require_token() == "123456:ABC-def"


def test_feed_settings_default_to_no_feeds_hourly_and_expanding_links() -> None:
    settings = Settings(_env_file=None)
    assert settings.feeds == []
    assert settings.feed_refresh_minutes == 60
    assert settings.expand_links is True


def test_feeds_are_read_as_format_url_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "WASPADA_FEEDS",
        " urlhaus=https://urlhaus.abuse.ch/downloads/csv_recent/ ,"
        "OpenPhish=https://openphish.com/feed.txt,domains=http://lists.example/d?x=1,",
    )
    assert Settings(_env_file=None).feeds == [
        Feed(FeedFormat.URLHAUS, "https://urlhaus.abuse.ch/downloads/csv_recent/"),
        Feed(FeedFormat.OPENPHISH, "https://openphish.com/feed.txt"),
        Feed(FeedFormat.DOMAINS, "http://lists.example/d?x=1"),
    ]


@pytest.mark.parametrize(
    ("feeds", "message"),
    [
        ("urlhaus=https://a.example/x,bogus=https://b.example/", "entry 2 has an unknown format"),
        ("https://a.example/feed.txt", "entry 1 is not FORMAT=URL"),
        ("openphish=ftp://secret-key@a.example/feed", "entry 1 needs an http:// or https:// URL"),
        ("allowlist=https://a.example/allow.csv", "entry 1 has an unknown format 'allowlist'"),
    ],
    ids=["unknown-format", "no-format", "not-http", "allowlist"],
)
def test_a_bad_feed_entry_is_one_line_naming_the_setting_not_the_url(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    feeds: str,
    message: str,
) -> None:
    monkeypatch.setenv("WASPADA_FEEDS", feeds)

    assert main(["lists", "stats"]) == 2

    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"waspada: WASPADA_FEEDS: {message}")
    assert "a.example" not in line


@pytest.mark.parametrize("minutes", [0, 4, -60])
def test_feeds_are_refreshed_at_most_every_five_minutes(minutes: int) -> None:
    with pytest.raises(ValidationError, match="feed_refresh_minutes"):
        Settings(_env_file=None, feed_refresh_minutes=minutes)


def test_link_expansion_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WASPADA_EXPAND_LINKS", "false")
    monkeypatch.setenv("WASPADA_FEED_REFRESH_MINUTES", "15")
    settings = Settings(_env_file=None)
    assert settings.expand_links is False
    assert settings.feed_refresh_minutes == 15


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("amqp://guest:guest@127.0.0.1:5672/", "amqp"),
        ("amqps://broker.example/", "amqp"),
        ("https://intake.example/reports", "http"),
        ("http://127.0.0.1:9000/reports", "http"),
        ("file:reports.jsonl", "file"),
        ("", "outbox"),
    ],
)
def test_the_queue_url_chooses_the_sink(url: str, kind: str) -> None:
    settings = Settings(_env_file=None, queue_url=url, queue_secret="s3cret")
    assert settings.queue_kind == kind


@pytest.mark.parametrize(
    "url", ["http://intake.example/reports", "kafka://broker:9092", "file:", "outbox"]
)
def test_a_queue_url_that_names_no_known_sink_is_refused(url: str) -> None:
    with pytest.raises(ValidationError, match="queue_url"):
        Settings(_env_file=None, queue_url=url)


def test_an_http_intake_needs_a_signing_secret() -> None:
    with pytest.raises(ValidationError, match="WASPADA_QUEUE_SECRET"):
        Settings(_env_file=None, queue_url="https://intake.example/reports")


def test_partners_are_read_from_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "WASPADA_PARTNERS",
        "SG Anti-Scam Centre=https://sg.example/taxii2/api/collections/c1/|waspada-my:s3cret|"
        "confirmed, TH=https://th.example/taxii2/api/collections/c2/|my:k2|reported",
    )
    partners = Settings(_env_file=None).partners
    assert [(p.name, p.url, p.user, p.trust, p.source) for p in partners] == [
        (
            "SG Anti-Scam Centre",
            "https://sg.example/taxii2/api/collections/c1/",
            "waspada-my",
            "confirmed",
            "partner:SG Anti-Scam Centre",
        ),
        ("TH", "https://th.example/taxii2/api/collections/c2/", "my", "reported", "partner:TH"),
    ]
    assert "s3cret" not in repr(partners)


@pytest.mark.parametrize(
    "entry",
    [
        "SG=https://sg.example/c/|no-colon-key|confirmed",
        "SG=https://sg.example/c/|u:k|trusted",
        "SG=ftp://sg.example/c/|u:k|confirmed",
        "https://sg.example/c/|u:k|confirmed",
    ],
)
def test_a_malformed_partner_is_refused_without_echoing_its_key(entry: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(_env_file=None, partners=entry)
    assert "entry 1" in str(refused.value)
    assert ":k|" not in str(refused.value).split("input_value")[0]
