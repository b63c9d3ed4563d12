"""Signing in and out, and the console's language."""

import aiohttp_jinja2
from aiogram.utils.i18n import gettext as _
from aiohttp import web

from accounts.service import LockedOut, SignInRefused
from console.keys import ACCOUNTS, PREFIX
from console.security import (
    LANGUAGE_COOKIE,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    new_login_token,
    same_token,
    set_cookie,
)
from languages.names import NATIVE_NAMES


async def login_form(request: web.Request) -> web.StreamResponse:
    return _login_page(request, error=None)


async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    if not same_token(str(form.get("csrf", "")), request.cookies.get(LOGIN_CSRF_COOKIE, "")):
        return _login_page(request, _("The sign-in form expired. Please try again."), status=403)
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    try:
        token, _account = await request.app[ACCOUNTS].sign_in(
            name, password, request.remote or "unknown"
        )
    except LockedOut:
        return _login_page(
            request,
            _("Too many failed sign-ins. Wait 15 minutes, or ask an admin."),
            status=429,
        )
    except SignInRefused:
        return _login_page(request, _("Wrong name or password."), status=401)
    response = web.HTTPSeeOther(f"{request.app[PREFIX]}/")
    # A new session at every sign-in: a token planted before it is worth nothing after.
    set_cookie(response, request, SESSION_COOKIE, token)
    response.del_cookie(LOGIN_CSRF_COOKIE, path=request.app[PREFIX] or "/")
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await request.app[ACCOUNTS].sign_out(token)
    response = web.HTTPSeeOther(f"{request.app[PREFIX]}/login")
    response.del_cookie(SESSION_COOKIE, path=request.app[PREFIX] or "/")
    return response


async def choose_language(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    language = str(form.get("language", ""))
    back = str(form.get("back", "")) or f"{request.app[PREFIX]}/"
    if not back.startswith(request.app[PREFIX] + "/"):
        back = f"{request.app[PREFIX]}/"
    response = web.HTTPSeeOther(back)
    if language in NATIVE_NAMES:
        set_cookie(response, request, LANGUAGE_COOKIE, language)
    return response


def _login_page(request: web.Request, error: str | None, status: int = 200) -> web.Response:
    token = new_login_token()
    response = aiohttp_jinja2.render_template(
        "login.html", request, {"csrf": token, "error": error}, status=status
    )
    set_cookie(response, request, LOGIN_CSRF_COOKIE, token)
    return response


def add_routes(app: web.Application) -> None:
    app.router.add_get("/login", login_form)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
    app.router.add_post("/language", choose_language)
