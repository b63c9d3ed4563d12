"""The link expander against real local servers.

The servers listen on 127.0.0.1, which the expander rightly refuses, so these tests resolve their
made-up .test names themselves and allow exactly that one address, on the server's port.
"""

import asyncio
import ipaddress
import shutil
import socket
import ssl
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from aiohttp import web
from aiohttp.typedefs import Handler

from checking.expander import (
    BAD_PORT,
    BAD_SCHEME,
    BAD_URL,
    HTTP_ERROR,
    PRIVATE_ADDRESS,
    TIMEOUT,
    TOO_MANY_REDIRECTS,
    UNRESOLVABLE,
    USER_AGENT,
    Expansion,
    IPAddress,
    LinkExpander,
    is_public_address,
)

LOOPBACK = "127.0.0.1"
TEST_HOSTS = {
    "short.test": [LOOPBACK],
    "middle.test": [LOOPBACK],
    "other.test": [LOOPBACK],
    "internal.test": ["10.0.0.5"],
    "mixed.test": [LOOPBACK, "10.0.0.5"],
    "empty.test": [],
}
HUGE_BODY = 256 * 1024 * 1024
CHUNK = b"x" * 64 * 1024


async def resolve_test_hosts(host: str, port: int) -> list[tuple[str, int]]:
    try:
        return [(address, port) for address in TEST_HOSTS[host]]
    except KeyError:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None


def only_loopback(address: IPAddress) -> bool:
    return address == ipaddress.ip_address(LOOPBACK)


@dataclass
class Seen:
    host: str
    path: str
    user_agent: str | None
    authorization: str | None


@dataclass
class LocalServer:
    """One server that every test name resolves to, recording what reached it."""

    scheme: str = "http"
    port: int = 0
    requests: list[Seen] = field(default_factory=list)
    huge_body_written: int = 0
    huge_body_finished: asyncio.Event = field(default_factory=asyncio.Event)
    release_slow: asyncio.Event = field(default_factory=asyncio.Event)

    def url(self, host: str, path: str) -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def app(self) -> web.Application:
        routes = {
            "/s": self._redirect_to_middle,
            "/m": self._redirect_relative,
            "/landing": self._landing,
            "/to-internal": self._redirect_to_internal,
            "/to-ftp": self._redirect_to_ftp,
            "/to-malformed": self._redirect_to_malformed,
            "/loop": self._loop,
            "/slow": self._slow,
            "/huge": self._huge,
        }
        app = web.Application(middlewares=[self._record])
        for path, handler in routes.items():
            app.router.add_get(path, handler)
        return app

    @web.middleware
    async def _record(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.requests.append(
            Seen(
                host=request.headers["Host"],
                path=request.path_qs,
                user_agent=request.headers.get("User-Agent"),
                authorization=request.headers.get("Authorization"),
            )
        )
        return await handler(request)

    async def _redirect_to_middle(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(self.url("middle.test", "/m"))

    async def _redirect_relative(self, request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/landing?id=7")

    async def _landing(self, request: web.Request) -> web.Response:
        return web.Response(text="welcome")

    async def _redirect_to_internal(self, request: web.Request) -> web.Response:
        raise web.HTTPFound(self.url("internal.test", "/secret"))

    async def _redirect_to_ftp(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("ftp://short.test/file")

    async def _redirect_to_malformed(self, request: web.Request) -> web.Response:
        """Sends the Location header exactly as the test wrote it, unchecked by aiohttp."""
        return web.Response(status=302, headers={"Location": request.query["to"]})

    async def _loop(self, request: web.Request) -> web.Response:
        raise web.HTTPFound("/loop")

    async def _slow(self, request: web.Request) -> web.Response:
        await self.release_slow.wait()
        return web.Response(text="too late")

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()
        response.content_length = HUGE_BODY
        await response.prepare(request)
        try:
            while self.huge_body_written < HUGE_BODY:
                await response.write(CHUNK)
                self.huge_body_written += len(CHUNK)
        except ConnectionError:
            pass  # the expander hung up, as it should
        finally:
            self.huge_body_finished.set()
        return response


async def serve(
    local: LocalServer, tls: ssl.SSLContext | None = None
) -> AsyncIterator[LocalServer]:
    runner = web.AppRunner(local.app())
    await runner.setup()
    await web.TCPSite(runner, LOOPBACK, 0, ssl_context=tls).start()
    local.port = runner.addresses[0][1]
    try:
        yield local
    finally:
        local.release_slow.set()
        await runner.cleanup()


@pytest.fixture
async def server() -> AsyncIterator[LocalServer]:
    async for local in serve(LocalServer()):
        yield local


@dataclass(frozen=True)
class CertificateFiles:
    authority: Path
    certificate: Path
    key: Path


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> CertificateFiles:
    """A test authority and a certificate it signed for short.test, with no IP address in it."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make test certificates")
    folder = tmp_path_factory.mktemp("tls")

    def openssl(command: str) -> None:
        subprocess.run(["openssl", *command.split()], cwd=folder, check=True, capture_output=True)

    key = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
    openssl(
        f"req -x509 {key} -keyout ca.key -out ca.pem -days 2 -subj /CN=waspada-test-authority"
        " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign"
    )
    openssl(f"req {key} -keyout leaf.key -out leaf.csr -subj /CN=short.test")
    (folder / "leaf.ext").write_text(
        "subjectAltName=DNS:short.test\nbasicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    openssl(
        "x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem"
        " -days 2 -extfile leaf.ext"
    )
    return CertificateFiles(folder / "ca.pem", folder / "leaf.pem", folder / "leaf.key")


@pytest.fixture
async def tls_server(certificates: CertificateFiles) -> AsyncIterator[LocalServer]:
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificates.certificate, certificates.key)
    async for local in serve(LocalServer(scheme="https"), tls):
        yield local


def local_expander(
    server: LocalServer,
    *,
    timeout: float = 3.0,
    max_redirects: int = 5,
    tls_context: ssl.SSLContext | None = None,
) -> LinkExpander:
    return LinkExpander(
        timeout=timeout,
        max_redirects=max_redirects,
        resolve=resolve_test_hosts,
        address_allowed=only_loopback,
        ports=frozenset({server.port}),
        tls_context=tls_context,
    )


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"]
)
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.0.0.5",  # private
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata, link-local
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # unspecified
        "224.0.0.1",  # multicast
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "192.0.2.10",  # documentation
        "::1",
        "::",
        "fe80::1",
        "fd00::1",  # unique local
        "fec0::1",  # deprecated site-local
        "ff02::1",  # multicast
        "2001:db8::1",  # documentation
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "2002:a00:1::1",  # 6to4 around 10.0.0.1
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "::a00:1",  # IPv4-compatible, deprecated
    ],
)
def test_private_and_special_addresses_are_refused(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


def test_nat64_of_a_public_address_is_allowed() -> None:
    assert is_public_address(ipaddress.ip_address("64:ff9b::808:808"))


async def test_a_chain_of_redirects_is_followed_to_its_end(server: LocalServer) -> None:
    start = server.url("short.test", "/s")

    expansion = await local_expander(server).expand(start)

    final = server.url("middle.test", "/landing?id=7")
    assert expansion == Expansion(
        final_url=final, hops=(start, server.url("middle.test", "/m"), final), refused=None
    )
    assert [(seen.host, seen.path) for seen in server.requests] == [
        (f"short.test:{server.port}", "/s"),
        (f"middle.test:{server.port}", "/m"),
        (f"middle.test:{server.port}", "/landing?id=7"),
    ]


async def test_the_server_sees_the_real_name_and_no_credentials(server: LocalServer) -> None:
    # short.test exists only in the test resolver, so the request arriving at all shows the
    # connection went to the address that was resolved and checked.
    url = f"http://user:secret@short.test:{server.port}/landing"

    expansion = await local_expander(server).expand(url)

    assert expansion.final_url == url
    [seen] = server.requests
    assert seen.host == f"short.test:{server.port}"
    assert seen.user_agent == USER_AGENT
    assert seen.authorization is None


async def test_a_redirect_to_a_private_address_is_not_followed(server: LocalServer) -> None:
    start = server.url("short.test", "/to-internal")

    expansion = await local_expander(server).expand(start)

    assert expansion == Expansion(
        final_url=None,
        hops=(start, server.url("internal.test", "/secret")),
        refused=PRIVATE_ADDRESS,
    )
    assert [seen.path for seen in server.requests] == ["/to-internal"]


async def test_a_name_with_any_private_address_is_refused(server: LocalServer) -> None:
    expansion = await local_expander(server).expand(server.url("mixed.test", "/landing"))

    assert expansion.refused == PRIVATE_ADDRESS
    assert server.requests == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.5/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::1]/",
        "http://localhost/",
        "http://2130706433/",  # 127.0.0.1 written as one number
    ],
)
async def test_private_addresses_are_refused_by_default(url: str) -> None:
    expansion = await LinkExpander().expand(url)

    assert expansion == Expansion(final_url=None, hops=(url,), refused=PRIVATE_ADDRESS)


async def test_a_redirect_loop_ends(server: LocalServer) -> None:
    expansion = await local_expander(server, max_redirects=3).expand(
        server.url("short.test", "/loop")
    )

    assert expansion.refused == TOO_MANY_REDIRECTS
    assert expansion.final_url is None
    assert len(server.requests) == 4
    assert len(expansion.hops) == 5


async def test_a_slow_server_times_out_within_the_limit(server: LocalServer) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()

    expansion = await local_expander(server, timeout=0.5).expand(server.url("short.test", "/slow"))

    assert expansion.refused == TIMEOUT
    assert loop.time() - started < 1.5
    assert [seen.path for seen in server.requests] == ["/slow"]


async def test_a_huge_body_is_not_downloaded(server: LocalServer) -> None:
    url = server.url("short.test", "/huge")

    expansion = await local_expander(server, timeout=10).expand(url)

    assert expansion.final_url == url
    await asyncio.wait_for(server.huge_body_finished.wait(), timeout=5)
    # Only what fits in the socket buffers got out before the expander hung up.
    assert server.huge_body_written < HUGE_BODY // 4


@pytest.mark.parametrize(
    "url", ["ftp://short.test/file", "javascript:alert(1)", "file:///etc/passwd", "data:,hi"]
)
async def test_other_schemes_are_refused(url: str) -> None:
    expansion = await LinkExpander(resolve=resolve_test_hosts).expand(url)

    assert expansion == Expansion(final_url=None, hops=(url,), refused=BAD_SCHEME)


async def test_a_redirect_to_another_scheme_is_refused(server: LocalServer) -> None:
    start = server.url("short.test", "/to-ftp")

    expansion = await local_expander(server).expand(start)

    assert expansion.hops == (start, "ftp://short.test/file")
    assert expansion.refused == BAD_SCHEME


@pytest.mark.parametrize(
    "location",
    [
        "http:\\x",
        "https:\\\\evil.test",
        "javascript:alert(1)",
        "http://xn--/",
        "http://[::1",
        "https://",
        "http://user@/",
        "http://short.test:99999/",
        "http://short.test:\u00b9/",
        "http://\u00e4\u00e4--.test/",
    ],
)
async def test_a_malformed_redirect_is_refused_with_a_reason(
    server: LocalServer, location: str
) -> None:
    start = server.url("short.test", "/to-malformed?" + urlencode({"to": location}))

    expansion = await local_expander(server).expand(start)

    assert expansion.final_url is None
    assert expansion.refused is not None
    assert expansion.hops[0] == start


async def test_ports_other_than_the_web_ports_are_refused(server: LocalServer) -> None:
    expander = LinkExpander(resolve=resolve_test_hosts, address_allowed=only_loopback)

    expansion = await expander.expand(server.url("short.test", "/landing"))

    assert expansion.refused == BAD_PORT
    assert server.requests == []


@pytest.mark.parametrize("host", ["nowhere.test", "empty.test"])
async def test_a_name_that_does_not_resolve_is_refused(host: str) -> None:
    expansion = await LinkExpander(resolve=resolve_test_hosts).expand(f"http://{host}/")

    assert expansion.refused == UNRESOLVABLE


@pytest.mark.parametrize("url", ["http:///path", "http://short.test:x/"])
async def test_a_malformed_link_is_refused(url: str) -> None:
    expansion = await LinkExpander(resolve=resolve_test_hosts).expand(url)

    assert expansion.refused == BAD_URL


async def test_nothing_listening_is_an_http_error(server: LocalServer) -> None:
    with socket.socket() as unused:
        unused.bind((LOOPBACK, 0))
        closed_port = unused.getsockname()[1]
    expander = LinkExpander(
        resolve=resolve_test_hosts, address_allowed=only_loopback, ports=frozenset({closed_port})
    )

    expansion = await expander.expand(f"http://short.test:{closed_port}/")

    assert expansion.refused == HTTP_ERROR


async def test_tls_is_verified_under_the_real_name(
    tls_server: LocalServer, certificates: CertificateFiles
) -> None:
    trusting_test_authority = ssl.create_default_context(cafile=certificates.authority)
    expander = local_expander(tls_server, tls_context=trusting_test_authority)
    start = tls_server.url("short.test", "/m")

    expansion = await expander.expand(start)

    # The certificate names short.test and no address: it can only have been accepted because
    # the pinned connection verified it under the name.
    assert expansion.final_url == tls_server.url("short.test", "/landing?id=7")
    assert [seen.host for seen in tls_server.requests] == [f"short.test:{tls_server.port}"] * 2


async def test_tls_for_another_name_is_refused(
    tls_server: LocalServer, certificates: CertificateFiles
) -> None:
    trusting_test_authority = ssl.create_default_context(cafile=certificates.authority)
    expander = local_expander(tls_server, tls_context=trusting_test_authority)

    expansion = await expander.expand(tls_server.url("other.test", "/landing"))

    assert expansion.refused == HTTP_ERROR
    assert tls_server.requests == []


async def test_tls_from_an_unknown_authority_is_refused(tls_server: LocalServer) -> None:
    expansion = await local_expander(tls_server).expand(tls_server.url("short.test", "/landing"))

    assert expansion.refused == HTTP_ERROR
    assert tls_server.requests == []
