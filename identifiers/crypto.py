"""Crypto wallet addresses, accepted only when their checksum holds.

A checksum failure means a typo or a made-up string, and listing either would send people
looking for a wallet that does not exist.
"""

import hashlib
import re

from Crypto.Hash import keccak

_BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32_ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONSTANT = 1
_BECH32M_CONSTANT = 0x2BC830A3
_BITCOIN_VERSIONS = (0x00, 0x05)  # pay to a public key hash, pay to a script hash
_TRON_VERSION = 0x41

# Shapes to look for in text; each candidate is then checked in full.
WALLET_CANDIDATE = re.compile(
    r"(?<![\w])(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|T[1-9A-HJ-NP-Za-km-z]{33}"
    r"|bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71}|0x[0-9a-fA-F]{40})(?![\w])"
)


def normalise_wallet(raw: str) -> str | None:
    """The address in its canonical form (EIP-55 case, lowercase bech32), or None."""
    address = raw.strip()
    if address.startswith("0x"):
        return _ethereum(address)
    if address.lower().startswith("bc1"):
        return _bech32_segwit(address)
    payload = _base58check(address)
    if payload is None or len(payload) != 21:
        return None
    if address.startswith("T") and payload[0] == _TRON_VERSION:
        return address
    if address.startswith(("1", "3")) and payload[0] in _BITCOIN_VERSIONS:
        return address
    return None


def eip55(hex_digits: str) -> str:
    """The address with the mixed case that encodes its keccak-256 checksum (EIP-55)."""
    lower = hex_digits.lower()
    digest = keccak.new(digest_bits=256, data=lower.encode("ascii")).hexdigest()
    return "0x" + "".join(
        char.upper() if int(nibble, 16) >= 8 else char
        for char, nibble in zip(lower, digest[: len(lower)], strict=True)
    )


def _ethereum(address: str) -> str | None:
    hex_digits = address[2:]
    if not re.fullmatch(r"[0-9a-fA-F]{40}", hex_digits):
        return None
    checksummed = eip55(hex_digits)
    # All one case carries no checksum; mixed case must be exactly the EIP-55 form.
    if hex_digits in (hex_digits.lower(), hex_digits.upper()) or address == checksummed:
        return checksummed
    return None


def _base58check(address: str) -> bytes | None:
    if not address or any(char not in _BASE58_ALPHABET for char in address):
        return None
    number = 0
    for char in address:
        number = number * 58 + _BASE58_ALPHABET.index(char)
    leading_zeros = len(address) - len(address.lstrip("1"))
    raw = b"\0" * leading_zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")
    payload, checksum = raw[:-4], raw[-4:]
    if len(raw) < 5 or hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] != checksum:
        return None
    return payload


def _bech32_segwit(address: str) -> str | None:
    """A mainnet segwit address (BIP 173, and BIP 350 for witness version 1 and up)."""
    if address not in (address.lower(), address.upper()):
        return None
    address = address.lower()
    hrp, _, data_part = address.rpartition("1")
    if hrp != "bc" or len(data_part) < 7 or len(address) > 90:
        return None
    if any(char not in _BECH32_ALPHABET for char in data_part):
        return None
    data = [_BECH32_ALPHABET.index(char) for char in data_part]
    constant = _bech32_polymod(_hrp_expand(hrp) + data)
    version, program = data[0], _convert_bits(data[1:-6])
    if program is None or version > 16 or not 2 <= len(program) <= 40:
        return None
    if version == 0 and (constant != _BECH32_CONSTANT or len(program) not in (20, 32)):
        return None
    if version > 0 and constant != _BECH32M_CONSTANT:
        return None
    return address


def _bech32_polymod(values: list[int]) -> int:
    generators = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit, generator in enumerate(generators):
            if (top >> bit) & 1:
                checksum ^= generator
    return checksum


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(char) >> 5 for char in hrp] + [0] + [ord(char) & 31 for char in hrp]


def _convert_bits(data: list[int]) -> bytes | None:
    """Five-bit groups back to bytes; None when the padding is not all zero bits."""
    accumulator, bits, result = 0, 0, bytearray()
    for value in data:
        accumulator = (accumulator << 5) | value
        bits += 5
        while bits >= 8:
            bits -= 8
            result.append((accumulator >> bits) & 0xFF)
    if bits >= 5 or (accumulator << (8 - bits)) & 0xFF:
        return None
    return bytes(result)
