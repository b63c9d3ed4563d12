"""A feed publisher on 127.0.0.1 that honours If-None-Match, as URLhaus and OpenPhish do."""

from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web

FEED_PATH = "/feed.csv"
LAST_MODIFIED = "Sun, 22 Nov 2026 12:00:00 GMT"


@dataclass(frozen=True)
class SeenRequest:
    if_none_match: str | None
    if_modified_since: str | None


@dataclass
class FeedServer:
    """Serves `body` under `etag`; set `status` to make it fail, `chunked` to hide the size."""

    body: bytes = b""
    etag: str = '"v1"'
    status: int = 200
    chunked: bool = False
    requests: list[SeenRequest] = field(default_factory=list)

    async def __aenter__(self) -> "FeedServer":
        app = web.Application()
        app.router.add_get(FEED_PATH, self._serve)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self._runner.cleanup()

    @property
    def url(self) -> str:
        host, port = self._runner.addresses[0][:2]
        return f"http://{host}:{port}{FEED_PATH}"

    def publish(self, body: str, etag: str) -> None:
        self.body, self.etag = body.encode(), etag

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            SeenRequest(
                request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")
            )
        )
        if self.status != 200:
            return web.Response(status=self.status)
        validators = {"ETag": self.etag, "Last-Modified": LAST_MODIFIED}
        if request.headers.get("If-None-Match") == self.etag:
            return web.Response(status=304, headers=validators)
        response = web.Response(body=self.body, headers=validators)
        if self.chunked:
            response.enable_chunked_encoding()
        return response
