import os
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture(autouse=True)
def database_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.upper().startswith("WASPADA_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "waspada.db"
    monkeypatch.setenv("WASPADA_DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    return database


def test_unknown_country_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], database_file: Path
) -> None:
    monkeypatch.setenv("WASPADA_COUNTRY", "XX")
    assert main(["queue", "consume"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert "WASPADA_COUNTRY" in lines[0]
    assert not database_file.exists()


def test_bad_webhook_secret_is_named_without_showing_its_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WASPADA_WEBHOOK_SECRET", "leaked secret!")
    assert main(["queue", "consume"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert "WASPADA_WEBHOOK_SECRET" in lines[0]
    assert "leaked secret!" not in lines[0]


def test_run_without_a_token_is_one_line_and_opens_no_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["run"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert "WASPADA_BOT_TOKEN" in lines[0]
    assert list(tmp_path.iterdir()) == []
