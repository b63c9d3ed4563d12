"""Every benchmark still runs end to end, at the tiny sizes of --smoke."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = sorted(
    path.name
    for path in (ROOT / "benchmarks").glob("*.py")
    if 'if __name__ == "__main__":' in path.read_text(encoding="utf-8")
)


def test_every_benchmark_is_found() -> None:
    assert len(BENCHMARKS) >= 5


@pytest.mark.parametrize("benchmark", BENCHMARKS)
def test_benchmark_runs_in_smoke_mode(benchmark: str) -> None:
    finished = subprocess.run(
        [sys.executable, f"benchmarks/{benchmark}", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )

    assert finished.returncode == 0, finished.stderr[-3000:]
    assert finished.stdout.strip()
