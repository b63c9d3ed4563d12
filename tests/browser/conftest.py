"""The console served on loopback from a SQLite file, and Debian's Chromium driven by
Playwright (no browser is downloaded: `.ci/run` installs the chromium package)."""

import contextlib
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

from accounts.roles import Role
from accounts.service import AccountService
from console.app import console_site
from core.app import Core, open_core
from core.http import serve
from core.settings import Settings
from tests.support.harness import free_port

PASSWORDS = {
    "aisyah": ("aisyah's long password", Role.ADMIN),
    "ravi": ("ravi's long password!", Role.REVIEWER),
    "vera": ("vera's long password!", Role.VIEWER),
}
# What the machine's closed network needs: no call home, no sandbox as root.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed: .ci/run installs Debian's chromium package")
        pytest.skip("no chromium here (apt-get install chromium); CI installs it")
    return path


@dataclass
class Console:
    url: str
    core: Core
    database_url: str


@pytest.fixture
async def console(tmp_path: Path) -> AsyncIterator[Console]:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'waspada.db'}"
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        expand_links=False,
        console_evidence_dir=tmp_path / "evidence",
    )
    async with open_core(settings) as core:
        accounts = AccountService(core.unit_of_work)
        for name, (password, role) in PASSWORDS.items():
            await accounts.create(name, password, role)
        port = free_port()
        runner = await serve(console_site(core), "127.0.0.1", port)
        try:
            yield Console(f"http://127.0.0.1:{port}/console", core, database_url)
        finally:
            await runner.cleanup()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    path = chromium_path()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            with contextlib.suppress(Exception):
                await launched.close()


async def signed_in(browser: Browser, console: Console, name: str) -> Page:
    context = await browser.new_context(accept_downloads=True, locale="en-GB")
    page = await context.new_page()
    await page.goto(f"{console.url}/login")
    await page.fill("input[name=name]", name)
    await page.fill("input[name=password]", PASSWORDS[name][0])
    await page.click("button[type=submit]")
    await page.wait_for_url(f"{console.url}/")
    return page
