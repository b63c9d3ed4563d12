"""Where a shortened link leads, found without letting the link reach into our own network.

A link, or any redirect along its way, may point at an internal address (cloud metadata, the
database) to use the bot as a proxy. So every hop is checked before it is contacted: http or
https on an allowed port, every address its name resolves to public, and the connection made to
exactly the address that was checked, so a second DNS answer cannot swap in another.
"""

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# A name and port to the socket addresses (address, port) to connect to; the system's
# resolver answers the port it was given.
SocketAddress = tuple[str, int]
Resolver = Callable[[str, int], Awaitable[list[SocketAddress]]]
AddressPolicy = Callable[[IPAddress], bool]

BAD_URL = "bad_url"
BAD_SCHEME = "bad_scheme"
BAD_PORT = "bad_port"
UNRESOLVABLE = "unresolvable"
PRIVATE_ADDRESS = "private_address"
TOO_MANY_REDIRECTS = "too_many_redirects"
TIMEOUT = "timeout"
HTTP_ERROR = "http_error"

USER_AGENT = "Waspada-link-check/1"
_DEFAULT_PORTS = {"http": 80, "https": 443}
WEB_PORTS = frozenset(_DEFAULT_PORTS.values())
# The well-known NAT64 prefix: a gateway turns these into the IPv4 address in the last 32 bits.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def is_public_address(address: IPAddress) -> bool:
    """Whether the address is globally routable unicast, so reaching it cannot reach us."""
    if isinstance(address, ipaddress.IPv6Address):
        # The network stack or a gateway delivers these to the IPv4 address inside, so
        # ::ffff:10.0.0.1 is 10.0.0.1 whatever its IPv6 form says.
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public_address(embedded)
        # Teredo tunnels through NAT to hosts of any kind, and no web server needs it;
        # site-local is deprecated private space that Python 3.11 still calls global.
        if address.teredo is not None or address.is_site_local:
            return False
    # Python 3.11 counts multicast and reserved space as global.
    return address.is_global and not (address.is_multicast or address.is_reserved)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


async def resolve_with_system(host: str, port: int) -> list[SocketAddress]:
    """Every address the system resolver gives for the name."""
    answers = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [(str(address[0]), int(address[1])) for *_, address in answers]


@dataclass(frozen=True)
class Expansion:
    """Where a link leads; final_url is None when a hop was refused, and refused says why."""

    final_url: str | None
    # Every link of the chain as far as it was found, the given one first; when a hop was
    # refused it is the last, so callers can still check it against their lists.
    hops: tuple[str, ...]
    refused: str | None


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LinkExpander:
    """Follows a link's redirects one checked hop at a time, never reading a response body.

    Only headers are read, and httpcore caps those at 100 KiB, so a huge or endless body costs
    nothing. The timeout covers the whole chain, name lookups included.
    """

    def __init__(
        self,
        *,
        timeout: float = 3.0,
        max_redirects: int = 5,
        resolve: Resolver = resolve_with_system,
        address_allowed: AddressPolicy = is_public_address,
        ports: frozenset[int] = WEB_PORTS,
        tls_context: ssl.SSLContext | None = None,
    ) -> None:
        self._timeout = timeout
        self._max_redirects = max_redirects
        self._resolve = resolve
        self._address_allowed = address_allowed
        self._ports = ports
        # Built once: loading the certificate bundle for every link would cost more than the
        # request.
        self._tls_context = tls_context or httpx.create_ssl_context()

    async def expand(self, url: str) -> Expansion:
        hops = [url]
        try:
            async with asyncio.timeout(self._timeout), self._client() as client:
                final_url = await self._follow(client, hops)
        except _Refused as refusal:
            return Expansion(final_url=None, hops=tuple(hops), refused=refusal.reason)
        except TimeoutError:
            return Expansion(final_url=None, hops=tuple(hops), refused=TIMEOUT)
        except (httpx.InvalidURL, UnicodeError, ValueError):
            # A link or redirect malformed in a way no check above foresaw (a path that does
            # not start with "/", a host IDNA refuses): whoever sent it gets no further.
            return Expansion(final_url=None, hops=tuple(hops), refused=BAD_URL)
        return Expansion(final_url=final_url, hops=tuple(hops), refused=None)

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            # A proxy would resolve names itself and undo the pinned address.
            trust_env=False,
            # Each hop is checked here before it is contacted.
            follow_redirects=False,
            timeout=self._timeout,
            verify=self._tls_context,
            # The pool keys connections by address alone: a later hop to another name on the
            # same address must not ride a connection verified for the first name.
            limits=httpx.Limits(max_keepalive_connections=0),
            headers={"User-Agent": USER_AGENT},
        )

    async def _follow(self, client: httpx.AsyncClient, hops: list[str]) -> str:
        current = httpx.URL(hops[0])
        for _ in range(self._max_redirects + 1):
            location = await self._redirect_location(client, current)
            if location is None:
                return str(current)
            current = current.join(location)
            hops.append(str(current))
        raise _Refused(TOO_MANY_REDIRECTS)

    async def _redirect_location(self, client: httpx.AsyncClient, url: httpx.URL) -> str | None:
        """Where this hop redirects to, or None when it is the destination."""
        if url.scheme not in _DEFAULT_PORTS:
            raise _Refused(BAD_SCHEME)
        host = url.raw_host.decode("ascii")
        if not host:
            raise _Refused(BAD_URL)
        port = url.port or _DEFAULT_PORTS[url.scheme]
        if port not in self._ports:
            raise _Refused(BAD_PORT)
        address, connect_port = await self._pinned_address(host, port)
        # Connect to the checked address, yet speak to the server (Host header) and verify its
        # certificate (SNI) under the real name. Userinfo is left out so it is never sent.
        pinned_url = httpx.URL(
            scheme=url.scheme, host=str(address), port=connect_port, raw_path=url.raw_path
        )
        request = client.build_request(
            "GET",
            pinned_url,
            headers={"Host": url.netloc.decode("ascii")},
            extensions={"sni_hostname": host} if url.scheme == "https" else {},
        )
        try:
            # GET rather than HEAD, which some shorteners answer wrongly; streamed and closed
            # unread so no body is downloaded.
            response = await client.send(request, stream=True)
            await response.aclose()
        except httpx.TimeoutException as error:
            raise _Refused(TIMEOUT) from error
        except (httpx.HTTPError, OSError) as error:
            raise _Refused(HTTP_ERROR) from error
        return response.headers["Location"] if response.has_redirect_location else None

    async def _pinned_address(self, host: str, port: int) -> tuple[IPAddress, int]:
        """The one address to connect to, once every address of the name has been allowed."""
        try:
            answers = [(ipaddress.ip_address(host), port)]
        except ValueError:
            answers = await self._resolved_addresses(host, port)
        # A name with one private answer among public ones may be served from either (round
        # robin, DNS rebinding), so one bad answer refuses the name.
        if not all(self._address_allowed(address) for address, _port in answers):
            raise _Refused(PRIVATE_ADDRESS)
        return answers[0]

    async def _resolved_addresses(self, host: str, port: int) -> list[tuple[IPAddress, int]]:
        try:
            answers = [
                (ipaddress.ip_address(address), answered_port)
                for address, answered_port in await self._resolve(host, port)
            ]
        except (OSError, ValueError) as error:
            raise _Refused(UNRESOLVABLE) from error
        if not answers:
            raise _Refused(UNRESOLVABLE)
        return answers
