"""Links in the canonical form of Google Safe Browsing, so one page is one identifier.

https://developers.google.com/safe-browsing/v4/urls-hashing#canonicalization
"""

import functools
import ipaddress
import re
from urllib.parse import unquote_to_bytes

import idna
import tldextract

# Scammers and the people warning about them "defang" links so chat apps do not open them.
# "[.]", "(.)" and "[dot]" written for a dot.
_DEFANGED_DOT_PATTERN = r"\[\.\]|\(\.\)|\[dot\]"
_DEFANGED = (
    (re.compile(r"^hxxp(s?)", re.IGNORECASE), r"http\1"),
    (re.compile(_DEFANGED_DOT_PATTERN, re.IGNORECASE), "."),
    (re.compile(r"\[:\]"), ":"),
)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?")
# A label IDNA would leave as it is: letters, digits and inner hyphens, at most 63, and no
# "--" in third and fourth place (kept for xn-- and refused otherwise by IDNA).
_PLAIN_LABEL = re.compile(r"(?!..--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TO_ESCAPE = re.compile(rb"[\x00-\x20\x7f-\xff#%]")
_MAX_UNESCAPES = 16
_CONTROL = re.compile(r"[\t\r\n]")
_DOTS = re.compile(rb"\.+")
_AUTHORITY_END = re.compile(r"[/?]")
_SCHEME_SEPARATOR = re.compile(r"(?::|\[:\])//")
_HEX_NUMBER = re.compile(r"0[xX][0-9a-fA-F]*")
_PORT = re.compile(r"[0-9]{0,5}")
# A link already in canonical form but for its port and final "/": a lowercase scheme and a
# host of plain lowercase labels ending in a name, and a path and query of printable ASCII
# with nothing to escape.
_CLEAN_LABEL = r"(?!..--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_CLEAN_BYTE = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_CLEAN_URL = re.compile(
    rf"(?P<scheme>https?)://(?P<host>(?:{_CLEAN_LABEL}\.)+(?!xn--)[a-z][a-z0-9-]*[a-z0-9]"
    rf"|{_CLEAN_BYTE}(?:\.{_CLEAN_BYTE}){{3}})"
    r"(?::(?P<port>[0-9]{1,5}))?(?P<rest>[/?][!\x22$&-~]*)?"
)
_DELIMITERS = re.compile(rb"[:@/?\[\]\\]")
_DEFANGED_DOT = re.compile(_DEFANGED_DOT_PATTERN.encode())
_MAX_PORT = 65535
_OCTAL_NUMBER = re.compile(r"0[0-7]+")


def undefang(raw: str) -> str:
    """The link with its scheme and host re-armed; a path or query keeps "(.)" as written,
    so canonicalising a canonical link changes nothing."""
    separator = _SCHEME_SEPARATOR.search(raw)
    end = _AUTHORITY_END.search(raw, separator.end() if separator else 0)
    head, tail = (raw[: end.start()], raw[end.start() :]) if end else (raw, "")
    for pattern, replacement in _DEFANGED:
        head = pattern.sub(replacement, head)
    return head + tail


def canonical_url(raw: str) -> str | None:
    """The link in canonical form, or None when it has no usable host.

    The port is dropped, as in Safe Browsing's own examples: one page is one identifier
    whichever port it was reached on. A host of one label ("http://intranet/") counts only
    when a scheme was written, since a lone word is no link.
    """
    return _already_clean(raw) or _canonicalised(raw)


def _already_clean(raw: str) -> str | None:
    """The canonical form of a link that needs no rule but dropping a port and adding "/":
    most feed rows, read here without the full rules' cost (tests check both agree)."""
    match = _CLEAN_URL.fullmatch(raw)
    if match is None:
        return None
    path, question, query = (match["rest"] or "").partition("?")
    if "//" in path or "/." in path or int(match["port"] or 0) > _MAX_PORT:
        return None
    return f"{match['scheme']}://{match['host']}{path or '/'}{question}{query}"


def _canonicalised(raw: str) -> str | None:
    url = _CONTROL.sub("", undefang(raw.strip()))
    url = url.split("#", 1)[0]
    scheme_match = _SCHEME.match(url)
    if scheme_match is None:
        scheme, rest = "http", url
    else:
        scheme, rest = scheme_match.group(1).lower(), url[scheme_match.end() :]
    if scheme not in _DEFAULT_PORTS:
        return None
    authority, slash, path_and_query = rest.partition("/")
    if not slash:
        authority, question, query = rest.partition("?")
        path_and_query = question + query
    path, question, query = ("/" + path_and_query.lstrip("/")).partition("?")
    host_text = _without_port(authority.rpartition("@")[2])
    if host_text is None:
        return None
    host = _canonical_host(_unescape(host_text.encode()), single_label=scheme_match is not None)
    if host is None:
        return None
    canonical_path = _escape(_resolve_path(_unescape(path.encode())))
    canonical_query = _escape(_unescape(query.encode())) if question else b""
    tail = canonical_path + (b"?" + canonical_query if question else b"")
    return f"{scheme}://{host}{tail.decode('ascii')}"


def registrable_domain(url_or_host: str) -> str | None:
    """The domain a person registers ("maybank2u.com.my" for "www.maybank2u.com.my").

    None for IP addresses and for hosts that are only a public suffix.
    """
    canonical = canonical_url(url_or_host)
    return registered_domain_of_host(canonical.split("/")[2]) if canonical else None


@functools.lru_cache(maxsize=4096)
def registered_domain_of_host(host: str) -> str | None:
    """`registrable_domain` of a host already in canonical form, skipping canonicalisation.
    Cached: one check asks for the same host's domain several times."""
    if host.startswith("[") or _ipv4(host) is not None:
        return None
    return _suffix_list()(host).top_domain_under_public_suffix or None


def readable_link(url: str) -> str | None:
    """A canonical link with its punycode host ("xn--") in the letters it stands for; None
    when the host has none."""
    scheme, _, rest = url.partition("://")
    host, slash, tail = rest.partition("/")
    if "xn--" not in host:
        return None
    labels = []
    for label in host.split("."):
        try:
            labels.append(idna.decode(label) if label.startswith("xn--") else label)
        except idna.IDNAError:
            labels.append(label)
    return f"{scheme}://{'.'.join(labels)}{slash}{tail}"


def load_suffix_list() -> None:
    """Reads the bundled snapshot now (a few hundred ms), so the first link checked need not."""
    _suffix_list()("example.com")


@functools.cache
def _suffix_list() -> tldextract.TLDExtract:
    # The bundled snapshot only: no download and no cache file, so a report never waits on
    # the network. Private suffixes (blogspot.com, github.io) count, because each site under
    # them belongs to a different person.
    return tldextract.TLDExtract(
        cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
    )


def _without_port(host_and_port: str) -> str | None:
    """The host without its port; None when the port is not a number of ASCII digits."""
    if host_and_port.startswith("["):  # an IPv6 literal, whose address holds colons
        end = host_and_port.find("]")
        if end < 0:
            return None
        host, after = host_and_port[: end + 1], host_and_port[end + 1 :]
        port = after.removeprefix(":") if after.startswith(":") or not after else None
    else:
        host, colon, port = host_and_port.rpartition(":")
        if not colon:
            host, port = host_and_port, ""
    if port is None or not _PORT.fullmatch(port) or int(port or 0) > _MAX_PORT:
        return None
    return host


def _canonical_host(raw: bytes, *, single_label: bool) -> str | None:
    if raw.startswith(b"["):
        return _ipv6(raw)
    text = _collapsed_dots(raw.lower())
    if not text:
        return None
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError:
        decoded = None
    host = _idna_host(decoded) if decoded is not None else None
    # An address, in any notation; IDNA maps look-alike (fullwidth) digits to ASCII first.
    ipv4 = _ipv4(host) if host is not None else None
    if ipv4 is not None:
        return ipv4
    if host is None:
        # A host IDNA refuses ("host#.com", raw bytes) is still the host the link names:
        # escaped like a path, as Safe Browsing does; but a delimiter makes it no host.
        if _DELIMITERS.search(text):
            return None
        host = _escape(text).decode("ascii")
    return host if single_label or "." in host else None


def _collapsed_dots(host: bytes) -> bytes:
    """Runs of dots made one, and the defanged dots ("(.)") that collapsing forms re-armed
    too: "x(..)y" is "x.y", as a second reading of "x(.)y" would make it."""
    while True:
        collapsed = _DOTS.sub(b".", host.strip(b"."))
        rearmed = _DEFANGED_DOT.sub(b".", collapsed)
        if rearmed == collapsed:
            return collapsed
        host = rearmed


def _idna_host(text: str) -> str | None:
    labels = text.split(".")
    # Most hosts are plain ASCII, which IDNA returns unchanged at a real cost per link.
    if all(_PLAIN_LABEL.fullmatch(label) for label in labels):
        return text
    try:
        host = idna.encode(text, uts46=True).decode("ascii")
    except idna.IDNAError:
        return None
    return host if all(_HOST_LABEL.fullmatch(label) for label in host.split(".")) else None


def _ipv6(raw: bytes) -> str | None:
    try:
        address = ipaddress.IPv6Address(raw[1:-1].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    return f"[{address.compressed}]" if raw.endswith(b"]") else None


def _ipv4(host: str) -> str | None:
    """Dotted decimal for any way of writing an IPv4 address (hex, octal, fewer parts)."""
    parts = host.split(".")
    # Every way of writing a part starts with a digit; names fail here, cheaply.
    if not 1 <= len(parts) <= 4 or not all(part[:1] and part[0] in "0123456789" for part in parts):
        return None
    numbers = []
    for part in parts:
        number = _ip_number(part)
        if number is None:
            return None
        numbers.append(number)
    # The last part fills all the bytes the earlier parts leave: "10.1" is 10.0.0.1.
    last_bytes = 5 - len(numbers)
    if any(n > 255 for n in numbers[:-1]) or numbers[-1] >= 256**last_bytes:
        return None
    value = 0
    for number in numbers[:-1]:
        value = value * 256 + number
    value = value * 256**last_bytes + numbers[-1]
    return ".".join(str((value >> shift) & 255) for shift in (24, 16, 8, 0))


def _ip_number(part: str) -> int | None:
    try:
        if _HEX_NUMBER.fullmatch(part):
            return int(part[2:] or "0", 16)
        if _OCTAL_NUMBER.fullmatch(part):
            return int(part, 8)
        if part.isascii() and part.isdigit() and len(part) <= 12:
            return int(part)
    except ValueError:
        return None
    return None


def _unescape(raw: bytes) -> bytes:
    """Percent-unescaped until nothing changes, as Safe Browsing asks."""
    for _ in range(_MAX_UNESCAPES):
        if b"%" not in raw:
            break
        unescaped = unquote_to_bytes(raw)
        if unescaped == raw:
            break
        raw = unescaped
    return raw


def _resolve_path(path: bytes) -> bytes:
    segments: list[bytes] = []
    parts = path.split(b"/")
    for index, segment in enumerate(parts[1:], start=1):
        last = index == len(parts) - 1
        if segment == b"..":
            if segments:
                segments.pop()
            if last:
                segments.append(b"")
        elif segment == b".":
            if last:
                segments.append(b"")
        elif segment or last:
            segments.append(segment)
    return b"/" + b"/".join(segments)


def _escape(raw: bytes) -> bytes:
    return _TO_ESCAPE.sub(lambda match: b"%%%02X" % match[0][0], raw)
