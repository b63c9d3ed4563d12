"""Commands that never talk to Telegram never load aiogram (about five seconds per process)."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import run_waspada


@pytest.mark.parametrize(
    "args",
    [
        ["queue", "status"],
        ["queue", "dead"],
        ["check", "--json", "call 012-345 6789 or open https://bit.ly/x"],
        ["lists", "stats"],
        ["db", "upgrade"],
        ["share", "export", "--format", "csv"],
    ],
)
def test_commands_that_never_talk_to_telegram_never_import_aiogram(
    args: list[str], tmp_path: Path
) -> None:
    finished = run_waspada(
        args,
        f"sqlite+aiosqlite:///{tmp_path / 'waspada.db'}",
        tmp_path,
        python_flags=["-X", "importtime"],
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in finished.stderr.splitlines() if "|" in line}
    assert imported, "no import timings: the command did not run under -X importtime"
    assert not {name for name in imported if name.split(".")[0] == "aiogram"}


def test_the_core_and_the_relay_import_no_aiogram() -> None:
    probe = (
        "import sys, cli.main, core.app, core.relaying, delivery.amqp, delivery.intake, "
        "metrics.page; print(sorted(m for m in sys.modules if m.split('.')[0] == 'aiogram'))"
    )
    finished = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert finished.stdout.strip() == "[]"
