"""The shared indicators as STIX 2.1 (built with OASIS's stix2), a MISP event, and CSV.

STIX has observables for links, domains and email addresses. Phone numbers, bank accounts,
e-wallets and crypto wallets are written as the custom observables OpenCTI defines and MISP's
STIX export reads (`phone-number:value`, `bank-account:account_number`,
`cryptocurrency-wallet:value`); a social media handle as a `user-account:account_login`.
"""

import csv
import io
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from stix2 import Bundle, Identity, Indicator

from identifiers.model import IdentifierKind
from identifiers.providers import provider_name
from storage.sharing import SharedVersion

# TLP 2.0 markings, as the FIRST TLP extension for STIX 2.1 publishes them.
TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP_MARKINGS = {
    "clear": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "green": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "amber": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "red": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
# Operators confirmed each one after reading the report: high, not certain.
CONFIDENCE = 85
_CENTRES = uuid.UUID("0b8f6f8e-3c1e-5d55-8a7e-6f1d9e1a4c22")
_PATTERNS = {
    IdentifierKind.URL: "url:value",
    "domain": "domain-name:value",
    IdentifierKind.EMAIL: "email-addr:value",
    IdentifierKind.PHONE: "phone-number:value",
    IdentifierKind.BANK_ACCOUNT: "bank-account:account_number",
    IdentifierKind.EWALLET: "phone-number:value",
    IdentifierKind.CRYPTO_WALLET: "cryptocurrency-wallet:value",
    IdentifierKind.SOCIAL_HANDLE: "user-account:account_login",
}
_MISP = {
    IdentifierKind.URL: ("url", "Network activity"),
    "domain": ("domain", "Network activity"),
    IdentifierKind.EMAIL: ("email-src", "Payload delivery"),
    IdentifierKind.PHONE: ("phone-number", "Person"),
    IdentifierKind.BANK_ACCOUNT: ("bank-account-nr", "Financial fraud"),
    IdentifierKind.EWALLET: ("phone-number", "Financial fraud"),
    IdentifierKind.CRYPTO_WALLET: ("btc", "Financial fraud"),
    IdentifierKind.SOCIAL_HANDLE: ("text", "Social network"),
}


def centre_identity(centre: str) -> Identity:
    return Identity(
        id=f"identity--{uuid.uuid5(_CENTRES, centre)}",
        name=centre,
        identity_class="organization",
        sectors=["government"],
        created="2026-01-01T00:00:00Z",
        modified="2026-01-01T00:00:00Z",
    )


def tlp_marking(level: str) -> dict[str, Any]:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": TLP_MARKINGS[level],
        "created": "2022-10-01T00:00:00.000Z",
        "name": f"TLP:{level.upper()}",
        "extensions": {TLP_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": level}},
    }


def stix_pattern(kind: str, value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"[{_PATTERNS[kind]} = '{escaped}']"


def stix_indicator(row: SharedVersion, centre: Identity, tlp: str) -> dict[str, Any]:
    indicator = Indicator(
        id=row.stix_id,
        created=row.created_at,
        modified=row.modified_at,
        name=f"Scam {row.kind.replace('_', ' ')}",
        description=_description(row, centre.name),
        pattern=stix_pattern(row.kind, row.value),
        pattern_type="stix",
        pattern_version="2.1",
        valid_from=row.first_seen,
        indicator_types=["malicious-activity"],
        labels=[row.scam_type] if row.scam_type else None,
        confidence=CONFIDENCE,
        revoked=row.revoked,
        created_by_ref=centre.id,
        object_marking_refs=[TLP_MARKINGS[tlp]],
        # The bank, e-wallet or platform's code, as Waspada's report message names it.
        x_waspada_provider=row.provider,
        allow_custom=True,
    )
    result: dict[str, Any] = json.loads(indicator.serialize())
    return result


def _description(row: SharedVersion, centre: str) -> str:
    details = [row.scam_type.replace("_", " ")] if row.scam_type else []
    if row.provider:
        details.append(f"held by {provider_name(row.provider)}")
    return f"Confirmed as a scam by {centre}" + (f" ({'; '.join(details)})" if details else "")


def stix_objects(rows: Sequence[SharedVersion], centre: str, tlp: str) -> list[dict[str, Any]]:
    identity = centre_identity(centre)
    return [stix_indicator(row, identity, tlp) for row in rows]


def stix_bundle(rows: Sequence[SharedVersion], centre: str, tlp: str) -> dict[str, Any]:
    identity = centre_identity(centre)
    bundle = Bundle(objects=[identity], allow_custom=True)
    document: dict[str, Any] = json.loads(bundle.serialize())
    document["objects"].append(tlp_marking(tlp))
    document["objects"].extend(stix_indicator(row, identity, tlp) for row in rows)
    return document


def misp_event(rows: Sequence[SharedVersion], centre: str, tlp: str) -> dict[str, Any]:
    """One event of the centre's confirmed indicators; a withdrawn one is left out (MISP has
    no revocation: the next export simply no longer holds it)."""
    now = datetime.now(UTC)
    attributes = []
    for row in rows:
        if row.revoked:
            continue
        kind, category = _MISP[row.kind]
        attributes.append(
            {
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, row.stix_id)),
                "type": kind,
                "category": category,
                "value": row.value,
                "to_ids": True,
                "comment": "; ".join(
                    filter(None, [row.scam_type, provider_name(row.provider or "")])
                ),
                "timestamp": str(int(row.modified_at.timestamp())),
                "first_seen": row.first_seen.isoformat(),
                "last_seen": row.last_seen.isoformat(),
            }
        )
    return {
        "Event": {
            "uuid": str(uuid.uuid5(_CENTRES, f"{centre}|{now.date().isoformat()}")),
            "info": f"Scam indicators confirmed by {centre}",
            "date": now.date().isoformat(),
            "threat_level_id": "2",
            "analysis": "2",
            "distribution": "0",
            "published": False,
            "timestamp": str(int(now.timestamp())),
            "Orgc": {"name": centre, "uuid": str(uuid.uuid5(_CENTRES, centre))},
            "Tag": [{"name": f"tlp:{tlp}"}],
            "Attribute": attributes,
        }
    }


def csv_text(rows: Sequence[SharedVersion], centre: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["kind", "value", "provider", "scam_type", "first_seen", "last_seen", "centre", "revoked"]
    )
    for row in rows:
        writer.writerow(
            [
                row.kind,
                row.value,
                row.provider or "",
                row.scam_type or "",
                row.first_seen.isoformat(),
                row.last_seen.isoformat(),
                centre,
                "yes" if row.revoked else "no",
            ]
        )
    return buffer.getvalue()
