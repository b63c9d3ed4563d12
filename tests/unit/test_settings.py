import os
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from bot.settings import MissingSettingError, Settings


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
    assert settings.queue_file is None


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
