"""How long a command that never talks to Telegram takes, against what loading aiogram costs.

Run from the repository root:

    .venv/bin/python benchmarks/command_startup.py [--runs N]

Each figure is the median wall time of N runs of a fresh process, on a database already
migrated (as an operator's cron job or a console meets it):

- `python -c pass`: the interpreter alone, the floor;
- `waspada queue status` and `waspada queue dead`: the core only (target: under 1.5 s);
- baseline, `python -c "import bot.app"`: the Telegram runtime, which every command loaded
  before the core was split from it.

A measurement: the exit code is 0 whether or not the target is met, non-zero only when a
command failed.
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.smoke import parse_with_smoke

TARGET_SECONDS = 1.5


def median_seconds(command: list[str], env: dict[str, str], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    arguments = parse_with_smoke(parser, runs=1)
    with tempfile.TemporaryDirectory() as directory:
        env = {name: value for name, value in os.environ.items() if not name.startswith("WASPADA")}
        env["WASPADA_DATABASE_URL"] = f"sqlite+aiosqlite:///{Path(directory) / 'waspada.db'}"
        python = sys.executable
        subprocess.run(
            [python, "-m", "cli", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        figures = {
            "python -c pass (floor)": [python, "-c", "pass"],
            "waspada queue status": [python, "-m", "cli", "queue", "status"],
            "waspada queue dead": [python, "-m", "cli", "queue", "dead"],
            "import bot.app (baseline: aiogram)": [python, "-c", "import bot.app"],
        }
        print(f"median of {arguments.runs} fresh processes each")
        for name, command in figures.items():
            seconds = median_seconds(command, env, arguments.runs)
            verdict = ""
            if name.startswith("waspada"):
                verdict = "  target met" if seconds < TARGET_SECONDS else "  TARGET MISSED"
            print(f"{name:40} {seconds:6.2f} s{verdict}")


if __name__ == "__main__":
    main()
