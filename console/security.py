"""Who is signed in, forms that prove they came from the console, and the headers that keep
the pages from being framed, leaking their address or running anyone else's script."""

import hmac
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

from accounts.service import AccountService, SignedIn
from console.keys import PREFIX

SESSION_COOKIE = "waspada_console"
LOGIN_CSRF_COOKIE = "waspada_console_login"
LANGUAGE_COOKIE = "waspada_console_language"
ACCOUNT_KEY = web.RequestKey("account", SignedIn)
LANGUAGE_KEY = web.RequestKey("language", str)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# Reached without signing in.
PUBLIC_PATHS = ("/login", "/static/")


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    headers = response.headers
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not request.path.startswith(f"{_prefix(request)}/static/"):
        headers["Cache-Control"] = "no-store"
    if is_https(request):
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if isinstance(response, web.HTTPException):
        raise response
    return response


def signed_in_middleware(accounts: AccountService) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def signed_in(request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every page but the sign-in needs a live session; every form its session's token."""
        relative = request.path[len(_prefix(request)) :]
        if relative.startswith(PUBLIC_PATHS):
            return await handler(request)
        token = request.cookies.get(SESSION_COOKIE)
        account = await accounts.session(token) if token else None
        if account is None:
            if request.method == "GET":
                raise web.HTTPSeeOther(f"{_prefix(request)}/login")
            raise web.HTTPUnauthorized(text="Sign in again: your session has ended.")
        if request.method == "POST":
            form = await request.post()
            if not same_token(str(form.get("csrf", "")), account.csrf_token):
                raise web.HTTPForbidden(
                    text="This form has expired or did not come from the console. "
                    "Reload the page and try again."
                )
        request[ACCOUNT_KEY] = account
        return await handler(request)

    return signed_in


def same_token(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


def is_https(request: web.Request) -> bool:
    # Behind the reverse proxy of compose.yaml the browser speaks HTTPS to the proxy.
    return request.secure or request.headers.get("X-Forwarded-Proto") == "https"


def set_cookie(response: web.StreamResponse, request: web.Request, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        httponly=True,
        secure=is_https(request),
        samesite="Strict",
        path=_prefix(request) or "/",
    )


def _prefix(request: web.Request) -> str:
    return request.app.get(PREFIX, "")
