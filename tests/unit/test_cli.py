import os
import socket
from pathlib import Path

import pytest

from cli.main import main


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


@pytest.mark.parametrize(
    ("url", "cause"),
    [
        ("sqlite+aiosqlite:///{tmp}/missing/folder/waspada.db", "unable to open database file"),
        ("postgresql+asyncpg://postgres@127.0.0.1:{closed_port}/test", "Connect call failed"),
    ],
)
def test_a_database_that_cannot_be_opened_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    url: str,
    cause: str,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    monkeypatch.setenv("WASPADA_DATABASE_URL", url.format(tmp=tmp_path, closed_port=closed_port))

    assert main(["db", "upgrade"]) == 1

    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("waspada: WASPADA_DATABASE_URL: cannot open the database: ")
    assert cause in line


@pytest.mark.parametrize("url", ["sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:"])
def test_a_database_in_memory_is_refused_since_reports_would_vanish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], url: str
) -> None:
    monkeypatch.setenv("WASPADA_DATABASE_URL", url)

    assert main(["db", "upgrade"]) == 2

    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("waspada: WASPADA_DATABASE_URL: needs a file")


def test_a_misspelt_setting_is_named_with_the_nearest_real_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WASPADA_CUNTRY", "SG")

    assert main(["db", "upgrade"]) == 0

    assert capsys.readouterr().err.splitlines()[0] == (
        "waspada: warning: WASPADA_CUNTRY is not a setting; did you mean WASPADA_COUNTRY?"
    )


def test_an_import_where_every_row_failed_exits_non_zero(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    feed = tmp_path / "broken.txt"
    feed.write_text("not a link\nhttp://\n", encoding="utf-8")

    assert main(["lists", "import", "--format", "openphish", str(feed)]) == 1

    captured = capsys.readouterr()
    assert captured.out.startswith("imported 0 ")
    assert "2 of 2 rows could not be imported" in captured.err
