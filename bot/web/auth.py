"""Who is asking: an API token (Authorization: Bearer) or a staff session (cookie).

The API takes tokens only, the side panel sessions only; both end in one Principal
(accounts.access) with scopes and IDO locations. The session cookie is HttpOnly,
SameSite=Strict and Secure behind TLS; the session expires on the server. Every form of
the panel carries a CSRF token bound to the session (the login form one bound to a
short-lived cookie of its own).
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Handler

from accounts.access import Principal
from accounts.staff import ActiveSession, resume_session
from accounts.tokens import verify_token
from bot.web.errors import json_error
from bot.web.keys import SETTINGS
from bot.web.limits import TOO_MANY, WINDOW_S, over_limit
from bot.web.work import in_transaction

SESSION_COOKIE = "wegwijzer_staff"
LOGIN_COOKIE = "wegwijzer_login"
_SESSION = "wegwijzer.staff_session"
LOGIN_PATH = "/panel/inloggen"

ApiHandler = Callable[[web.Request, Principal], Awaitable[web.StreamResponse]]
PanelHandler = Callable[[web.Request, ActiveSession], Awaitable[web.StreamResponse]]


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class TooManyRequests(web.HTTPTooManyRequests):
    def __init__(self) -> None:
        super().__init__(text=TOO_MANY, headers={"Retry-After": str(WINDOW_S)})


async def token_principal(request: web.Request) -> Principal | None:
    """The principal of the Bearer token, or None. Each token (also a wrong one) has its own
    rate limit; raises TooManyRequests over it."""
    token = bearer_token(request)
    if token is None or len(token) > 200:
        return None
    if await over_limit(request, "token", token, request.app[SETTINGS].rate_per_token):
        raise TooManyRequests()
    return await in_transaction(request, lambda session: verify_token(session, token))


def api(scope: str) -> Callable[[ApiHandler], Handler]:
    """A token with `scope` is required: 401 without a valid one, 403 without the scope."""

    def decorate(handler: ApiHandler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            principal = await token_principal(request)
            if principal is None:
                return json_error(401, "a valid token is required: Authorization: Bearer <token>")
            if not principal.allows(scope):
                return json_error(403, f"this token does not have the scope '{scope}'")
            return await handler(request, principal)

        return wrapper

    return decorate


def secure_cookies(request: web.Request) -> bool:
    return request.app[SETTINGS].cookie_secure or request.secure


async def staff_session(request: web.Request) -> ActiveSession | None:
    if _SESSION not in request:
        cookie = request.cookies.get(SESSION_COOKIE)
        request[_SESSION] = (
            await in_transaction(request, lambda session: resume_session(session, cookie))
            if cookie
            else None
        )
    found: ActiveSession | None = request[_SESSION]
    return found


def csrf_ok(expected: str, presented: object) -> bool:
    return (
        isinstance(presented, str)
        and bool(expected)
        and hmac.compare_digest(expected.encode(), presented.encode())
    )


def panel(scope: str | None = None) -> Callable[[PanelHandler], Handler]:
    """A logged-in account is required (else to the login page); with `scope`, an account
    whose role has it (else 403). Every POST needs the session's CSRF token."""

    def decorate(handler: PanelHandler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            active = await staff_session(request)
            if active is None:
                if request.method == "GET":
                    raise web.HTTPSeeOther(LOGIN_PATH)
                raise web.HTTPUnauthorized(text="U bent niet (meer) ingelogd. Log opnieuw in.")
            if scope is not None and not active.principal.allows(scope):
                raise web.HTTPForbidden(text="Dit mag alleen een coördinator.")
            if request.method == "POST":
                form = await request.post()
                if not csrf_ok(active.csrf_token, form.get("csrf")):
                    raise web.HTTPForbidden(
                        text="Dit formulier is verlopen. Ga terug, laad de pagina opnieuw "
                        "en probeer het nog een keer."
                    )
            response = await handler(request, active)
            response.headers["Cache-Control"] = "no-store"
            return response

        return wrapper

    return decorate


def set_session_cookie(response: web.StreamResponse, request: web.Request, value: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        value,
        httponly=True,
        samesite="Strict",
        secure=secure_cookies(request),
        path="/",
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(SESSION_COOKIE, path="/")


def login_csrf_token(request: web.Request) -> str:
    """The login form's CSRF token: equal to a short-lived cookie (double submit)."""
    return request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)


def set_login_csrf(request: web.Request, response: web.StreamResponse, token: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        httponly=True,
        samesite="Strict",
        secure=secure_cookies(request),
        path=LOGIN_PATH,
        max_age=3600,
    )
