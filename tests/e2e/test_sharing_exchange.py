"""Two deployments on loopback, Malaysia and Singapore, each with its own database: what the
SG centre confirms reaches a citizen checking in MY within one pull interval, and an undo in SG
withdraws it in MY. Then Waspada's bundle goes through the OASIS reference TAXII server."""

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from taxii2client.v21 import Collection, Server
from werkzeug.serving import make_server

from checking.reasons import Reason, ReasonCode
from checking.verdicts import Verdict
from core.app import Core, open_core
from core.http import serve
from core.settings import Settings
from identifiers.model import Identifier, IdentifierKind
from reports.review import Actor, Decision, Surface
from reports.service import Reporter
from sharing.export import ExportFormat, export_text
from sharing.partners import add_partner
from sharing.pull import run_partner_pull
from sharing.taxii import COLLECTION_ID, mount_taxii
from tests.support.drafts import complete_draft
from tests.support.harness import free_port

SG_ADMIN = Actor(6501, Surface.TELEGRAM)
NUMBER = "+6591234567"
PULL_MINUTES = 0.01  # 0.6 s: one interval in the test


def _settings(tmp_path: Path, country: str, **values: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / f'{country}.db'}",
        country=country,
        operators=[SG_ADMIN.telegram_id],
        expand_links=False,
        **values,
    )


async def _serve_taxii(core: Core) -> tuple[web.AppRunner, str]:
    site = web.Application()
    mount_taxii(site, core)
    port = free_port()
    runner = await serve(site, "127.0.0.1", port)
    return runner, f"http://127.0.0.1:{port}/taxii2/api/collections/{COLLECTION_ID}/"


async def _verdict(core: Core) -> tuple[Verdict, tuple[Reason, ...]]:
    (finding,) = await core.checks().check_identifiers([Identifier(IdentifierKind.PHONE, NUMBER)])
    return finding.verdict, finding.reasons


async def _within(seconds: float, core: Core, wanted: Verdict) -> float:
    started = time.monotonic()
    while (await _verdict(core))[0] != wanted:
        assert time.monotonic() - started < seconds, f"still not {wanted}"
        await asyncio.sleep(0.05)
    return time.monotonic() - started


async def _confirmed_in_singapore(sg: Core, reporter: int) -> str:
    """A report naming NUMBER, confirmed by an SG operator; its reference."""
    first = complete_draft().identifiers[0]
    draft = complete_draft(identifiers=[first.model_copy(update={"value": NUMBER})])
    reference = await sg.reports.submit(draft, Reporter(reporter, "en"))
    await sg.review.decide(reference, Decision.CONFIRM, SG_ADMIN)
    return reference


@pytest.fixture
async def singapore(tmp_path: Path) -> AsyncIterator[tuple[Core, str, str]]:
    async with open_core(_settings(tmp_path, "SG", centre_name="SG Anti-Scam Centre")) as core:
        key = await add_partner(core.unit_of_work, "waspada-my")
        runner, url = await _serve_taxii(core)
        try:
            yield core, url, key
        finally:
            await runner.cleanup()


async def test_a_number_confirmed_in_singapore_is_confirmed_in_malaysia_until_undone(
    tmp_path: Path, singapore: tuple[Core, str, str]
) -> None:
    sg, url, key = singapore
    partners = f"SG Anti-Scam Centre={url}|waspada-my:{key}|confirmed"
    async with open_core(_settings(tmp_path, "MY", partners=partners)) as my:
        puller = asyncio.create_task(
            run_partner_pull(my.unit_of_work, my.settings.partners, PULL_MINUTES)
        )
        try:
            assert (await _verdict(my))[0] == Verdict.NO_RECORD
            reference = await _confirmed_in_singapore(sg, 6500)
            # Within one pull interval (and the time the pull itself takes).
            await _within(PULL_MINUTES * 60 + 1.0, my, Verdict.CONFIRMED_SCAM)
            _, reasons = await _verdict(my)
            assert Reason(ReasonCode.PARTNER_CONFIRMED, "SG Anti-Scam Centre") in reasons

            await sg.review.decide(reference, Decision.UNDO, SG_ADMIN)
            await _within(PULL_MINUTES * 60 + 1.0, my, Verdict.NO_RECORD)
        finally:
            puller.cancel()


async def test_a_partner_trusted_only_so_far_makes_a_number_reported(
    tmp_path: Path, singapore: tuple[Core, str, str]
) -> None:
    sg, url, key = singapore
    partners = f"SG Anti-Scam Centre={url}|waspada-my:{key}|reported"
    async with open_core(_settings(tmp_path, "MY", partners=partners)) as my:
        await _confirmed_in_singapore(sg, 6502)
        puller = asyncio.create_task(
            run_partner_pull(my.unit_of_work, my.settings.partners, PULL_MINUTES)
        )
        try:
            await _within(PULL_MINUTES * 60 * 3, my, Verdict.REPORTED)
        finally:
            puller.cancel()


async def test_waspadas_server_refuses_a_wrong_key_and_reads_with_taxii2_client(
    singapore: tuple[Core, str, str],
) -> None:
    sg, url, key = singapore
    await _confirmed_in_singapore(sg, 6503)

    def read(password: str) -> dict[str, Any]:
        root = url.split("/api/")[0] + "/"
        server = Server(root, user="waspada-my", password=password)
        (api_root,) = server.api_roots
        (collection,) = api_root.collections
        return dict(collection.get_objects())

    envelope = await asyncio.to_thread(read, key)
    assert [o["pattern"] for o in envelope["objects"]] == [f"[phone-number:value = '{NUMBER}']"]
    with pytest.raises(Exception, match="401"):
        await asyncio.to_thread(read, "not the key")


@pytest.fixture
def medallion(tmp_path: Path) -> Iterator[str]:
    """The OASIS reference TAXII 2.1 server (medallion, in memory) on loopback."""
    from medallion import application_instance, register_blueprints, set_config

    data = {
        "/discovery": {"title": "medallion", "default": "/api1/", "api_roots": ["/api1/"]},
        "api1": {
            "information": {
                "title": "api1",
                "versions": ["application/taxii+json;version=2.1"],
                "max_content_length": 10_000_000,
            },
            "status": [],
            "collections": [
                {
                    "id": "91a7b528-80eb-42ed-a74d-c6fbd5a26116",
                    "title": "partners",
                    "can_read": True,
                    "can_write": True,
                    "media_types": ["application/stix+json;version=2.1"],
                    "objects": [],
                    "manifest": [],
                }
            ],
        },
    }
    data_file = tmp_path / "medallion.json"
    data_file.write_text(json.dumps(data))
    config = {
        "backend": {
            "module": "medallion.backends.memory_backend",
            "module_class": "MemoryBackend",
            "filename": str(data_file),
        },
        "users": {"waspada": "medallion-password"},
        "taxii": {"max_page_size": 100},
    }
    for part in ("users", "taxii", "backend"):
        set_config(application_instance, part, config)
    if "objects" not in application_instance.blueprints:
        register_blueprints(application_instance)
    port = free_port()
    server = make_server("127.0.0.1", port, application_instance, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/api1/collections/91a7b528-80eb-42ed-a74d-c6fbd5a26116/"
    finally:
        server.shutdown()
        thread.join(timeout=5)


async def test_a_bundle_pushed_to_the_oasis_reference_server_reads_back_whole(
    singapore: tuple[Core, str, str], medallion: str
) -> None:
    sg, _url, _key = singapore
    await _confirmed_in_singapore(sg, 6504)
    bundle = await export_text(sg.unit_of_work, "SG Anti-Scam Centre", "amber", ExportFormat.STIX)

    def push_then_read() -> tuple[dict[str, Any], dict[str, Any]]:
        collection = Collection(medallion, user="waspada", password="medallion-password")
        status = collection.add_objects(bundle)
        return dict(status._raw), dict(collection.get_objects())

    status, stored = await asyncio.to_thread(push_then_read)
    sent = {o["id"]: o for o in json.loads(bundle)["objects"]}
    received = {o["id"]: o for o in stored["objects"]}
    assert status["status"] == "complete"
    assert status["failure_count"] == 0
    assert received.keys() == sent.keys()
    indicator = next(o for o in received.values() if o["type"] == "indicator")
    assert indicator == sent[indicator["id"]]
