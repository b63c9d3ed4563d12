"""`waspada` processes started as an operator starts them, and waited for until they serve."""

import asyncio
import os
import sys
import time
from pathlib import Path

import aiohttp

REPOSITORY = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60


def waspada_environment(settings: dict[str, str]) -> dict[str, str]:
    """This environment without any WASPADA_ setting, plus `settings` and the repository on
    the path (so a checkout that was not reinstalled runs its own code)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("WASPADA_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPOSITORY), env.get("PYTHONPATH")]))
    return env | settings


async def start_waspada(
    args: list[str], settings: dict[str, str], cwd: Path
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "cli",
        *args,
        cwd=cwd,
        env=waspada_environment(settings),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def wait_until_healthy(process: asyncio.subprocess.Process, port: int) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as http:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise AssertionError(f"the process on port {port} exited ({process.returncode})")
            try:
                async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                    if answer.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"nothing answered on port {port} within {STARTUP_SECONDS} s")
