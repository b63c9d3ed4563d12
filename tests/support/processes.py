"""`waspada` processes started as an operator starts them, and waited for until they serve."""

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
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


WASPADA_RUN = [sys.executable, "-m", "cli", "run"]


@contextlib.asynccontextmanager
async def serving(
    commands: list[list[str]], settings: list[dict[str, str]], cwd: Path
) -> AsyncIterator[list[asyncio.subprocess.Process]]:
    """Starts each command with its settings, all at once, and yields them once every one
    answers /healthz on its WASPADA_HTTP_PORT; stops those still running (SIGTERM) after."""
    started: list[asyncio.subprocess.Process] = []
    try:
        for command, env in zip(commands, settings, strict=True):
            started.append(
                await asyncio.create_subprocess_exec(
                    *command,
                    cwd=cwd,
                    env=waspada_environment(env),
                    stdin=asyncio.subprocess.DEVNULL,
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                )
            )
        ports = [int(env["WASPADA_HTTP_PORT"]) for env in settings]
        await asyncio.gather(
            *(wait_until_healthy(p, port) for p, port in zip(started, ports, strict=True))
        )
        yield started
    finally:
        for process in started:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in started:
            await asyncio.wait_for(process.wait(), timeout=30)


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
