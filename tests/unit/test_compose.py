"""compose.yaml (no Docker engine runs here) read and cross-checked against the code: the
services it names, the ports they listen on, the settings it passes and the proxy's routes."""

import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from aiohttp import web

from bot.web import webhook_path
from cli.main import build_parser
from core.http import add_service_routes
from core.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
SERVICES: dict[str, Any] = COMPOSE["services"]
CADDYFILE = (ROOT / "deploy" / "Caddyfile").read_text(encoding="utf-8")
WASPADA_SERVICES = sorted(
    name for name, service in SERVICES.items() if service.get("command", [""])[0] == "waspada"
)
# What an operator's .env would hold.
SAMPLE_ENV = {
    "POSTGRES_PASSWORD": "pg-secret",
    "RABBITMQ_PASSWORD": "mq-secret",
    "WASPADA_BOT_TOKEN": "123456:ABC",
    "WASPADA_PUBLIC_HOST": "bot.example.org",
    "WASPADA_WEBHOOK_SECRET": "hook_Secret-1",
}
_VARIABLE = re.compile(r"\$\{(\w+)(?::([?-])([^}]*))?\}")


def _interpolated(value: str) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, from SAMPLE_ENV."""

    def substitute(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if name in SAMPLE_ENV:
            return SAMPLE_ENV[name]
        assert kind == "-", f"${{{name}}} has no default and no sample value"
        return rest

    return _VARIABLE.sub(substitute, value)


def _environment(service: str) -> dict[str, str]:
    return {
        name: _interpolated(str(value)) for name, value in SERVICES[service]["environment"].items()
    }


def _settings(service: str) -> Settings:
    values = {
        name.removeprefix("WASPADA_").lower(): value
        for name, value in _environment(service).items()
    }
    return Settings.model_validate(values)


def test_the_stack_is_two_bots_a_relay_a_proxy_and_the_three_servers() -> None:
    assert set(SERVICES) == {"bot1", "bot2", "relay", "proxy", "postgres", "redis", "rabbitmq"}
    assert WASPADA_SERVICES == ["bot1", "bot2", "relay"]


@pytest.mark.parametrize("service", WASPADA_SERVICES)
def test_each_waspada_service_runs_a_real_command_with_settings_the_code_accepts(
    service: str,
) -> None:
    command = SERVICES[service]["command"]
    build_parser().parse_args(command[1:])
    known = {f"WASPADA_{name.upper()}" for name in Settings.model_fields}
    assert set(_environment(service)) <= known
    settings = _settings(service)
    assert settings.queue_kind == "amqp"
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert settings.redis_url is not None


@pytest.mark.parametrize("service", WASPADA_SERVICES)
def test_the_urls_name_the_servers_services_on_their_ports(service: str) -> None:
    settings = _settings(service)
    for url, server, port in [
        (settings.database_url, "postgres", 5432),
        (settings.redis_url or "", "redis", 6379),
        (settings.queue_url or "", "rabbitmq", 5672),
    ]:
        parts = urlsplit(url)
        assert (parts.hostname, parts.port) == (server, port)
        assert server in SERVICES
    database = urlsplit(settings.database_url)
    postgres = _environment("postgres")
    assert database.username == postgres["POSTGRES_USER"]
    assert database.password == postgres["POSTGRES_PASSWORD"]
    assert database.path == f"/{postgres['POSTGRES_DB']}"
    broker = urlsplit(settings.queue_url or "")
    rabbitmq = _environment("rabbitmq")
    assert (broker.username, broker.password) == (
        rabbitmq["RABBITMQ_DEFAULT_USER"],
        rabbitmq["RABBITMQ_DEFAULT_PASS"],
    )


def test_the_bots_take_webhooks_and_leave_the_outbox_to_the_relay() -> None:
    for bot in ("bot1", "bot2"):
        settings = _settings(bot)
        assert settings.webhook_url == "https://bot.example.org/telegram/webhook"
        assert settings.embedded_relay is False
        settings.require_token()
    assert SERVICES["relay"]["command"] == ["waspada", "relay"]


def test_the_proxy_sends_the_webhook_path_to_both_bots_on_their_port() -> None:
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", CADDYFILE)
    assert upstreams is not None
    targets = upstreams.group(1).split()
    ports = {str(_settings(bot).http_port) for bot in ("bot1", "bot2")}
    assert sorted(targets) == sorted(f"{bot}:{port}" for bot in ("bot1", "bot2") for port in ports)
    handled = re.search(r"handle (\S+) \{", CADDYFILE)
    assert handled is not None
    assert handled.group(1) == webhook_path(_settings("bot1").webhook_url or "")
    assert "{$WASPADA_PUBLIC_HOST}" in CADDYFILE
    assert "WASPADA_PUBLIC_HOST" in SERVICES["proxy"]["environment"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in SERVICES["proxy"]["volumes"]


def test_the_proxys_health_check_is_a_route_every_process_serves() -> None:
    health = re.search(r"health_uri (\S+)", CADDYFILE)
    assert health is not None
    app = web.Application()
    add_service_routes(app, database=None, unit_of_work=None)  # type: ignore[arg-type]
    paths = {route.resource.canonical for route in app.router.routes() if route.resource}
    assert health.group(1) in paths
    assert "/metrics" in paths


def test_the_image_holds_every_package_and_listens_on_the_services_port() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = [
        name.rstrip("*") for name in project["tool"]["setuptools"]["packages"]["find"]["include"]
    ]
    copied = set(re.findall(r"^COPY (\w+) \./\1$", dockerfile, flags=re.MULTILINE))
    assert set(packages) <= copied
    exposed = re.search(r"^EXPOSE (\d+)$", dockerfile, flags=re.MULTILINE)
    assert exposed is not None
    assert {str(_settings(name).http_port) for name in WASPADA_SERVICES} == {exposed.group(1)}
