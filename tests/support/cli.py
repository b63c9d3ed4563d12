"""`waspada` as a separate process, as an operator or a pipe runs it."""

import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def run_waspada(
    args: list[str],
    database_url: str,
    cwd: Path,
    stdin: str = "",
    settings: dict[str, str] | None = None,
    python_flags: list[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Runs `waspada ARGS` with no WASPADA_ setting but the database, link expansion off and
    any `settings` given; never raises on exit."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("WASPADA_")}
    env["WASPADA_DATABASE_URL"] = database_url
    # No internet here: link expansion is tested against local servers on its own.
    env["WASPADA_EXPAND_LINKS"] = "false"
    # The repository first, so a checkout that was not reinstalled still runs its own code.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), env.get("PYTHONPATH")]))
    env.update(settings or {})
    return subprocess.run(
        [sys.executable, *(python_flags or []), "-m", "cli", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
