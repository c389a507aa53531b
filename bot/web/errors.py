"""Errors as clear messages: JSON for API clients, Dutch text for people. Never a crash."""

from __future__ import annotations

import asyncio
import logging

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler

log = logging.getLogger("wegwijzer.web")

MESSAGES_NL = {
    400: "Uw verzoek is niet goed. Probeer het opnieuw.",
    401: "U bent niet ingelogd of uw sleutel klopt niet.",
    403: "Dit mag u niet doen.",
    404: "Deze pagina bestaat niet.",
    405: "Dit kan niet op deze pagina.",
    413: "Uw bericht is te lang.",
    415: "Stuur uw bericht als JSON (Content-Type: application/json).",
    429: "Te veel verzoeken achter elkaar. Wacht een minuut en probeer het dan opnieuw.",
    503: "Wegwijzer is even niet bereikbaar. Probeer het over een paar minuten opnieuw.",
}


HEADINGS_NL = {
    400: "Dit klopt niet",
    401: "Niet ingelogd",
    403: "Dit mag niet",
    404: "Niet gevonden",
    429: "Even wachten",
    500: "Er ging iets mis",
    503: "Even niet bereikbaar",
}


DRAIN_MAX_BYTES = 16 * 1024 * 1024
DRAIN_TIMEOUT_S = 5


async def _drain(request: web.Request) -> None:
    """Read (and drop) the rest of a body that was too large, so that the client, still
    sending, gets to read the 413 instead of a reset connection."""

    async def drop() -> None:
        read = 0
        while read < DRAIN_MAX_BYTES:
            chunk = await request.content.readany()
            if not chunk:
                return
            read += len(chunk)

    try:
        await asyncio.wait_for(drop(), DRAIN_TIMEOUT_S)
    except (asyncio.TimeoutError, OSError, web.HTTPException, ValueError):
        return


def json_error(status: int, message: str, **extra: object) -> web.Response:
    return web.json_response({"error": message, "status": status, **extra}, status=status)


def _for_people(request: web.Request) -> bool:
    """Pages of the side panel answer errors with a Dutch page, the APIs with JSON."""
    return request.path == "/panel" or request.path.startswith("/panel/")


def html_error(request: web.Request, status: int, message: str) -> web.Response:
    response = aiohttp_jinja2.render_template(
        "panel/error.html",
        request,
        {
            "heading": HEADINGS_NL.get(status, "Er ging iets mis"),
            "message": message,
            "me": None,
            "path": request.path,
        },
    )
    response.set_status(status)
    response.headers["Cache-Control"] = "no-store"
    return response


def error_response(request: web.Request, status: int, message: str) -> web.Response:
    if _for_people(request):
        return html_error(request, status, message)
    return json_error(status, message)


@web.middleware
async def drain_unread_body(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A request answered without reading its body (401, 403, 415 ...) has the rest of
    the body read and dropped, so a client still sending reads the answer."""
    response = await handler(request)
    if request.body_exists and not request.content.at_eof():
        await _drain(request)
    return response


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        if exc.status == 413:
            await _drain(request)
        if exc.content_type == "application/json":
            raise
        message = (
            exc.text
            if exc.text and not exc.text.startswith(str(exc.status))
            else MESSAGES_NL.get(exc.status, exc.reason)
        )
        response = error_response(request, exc.status, message)
        if "Retry-After" in exc.headers:
            response.headers["Retry-After"] = exc.headers["Retry-After"]
        return response
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(
            request, 500, "Er ging iets mis aan onze kant. Probeer het later opnieuw."
        )


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    # Answers can carry what a person typed or a referral's personal data: never cached.
    # Only the static files of the chat page may be.
    if not request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


async def no_server_banner(_request: web.BaseRequest, response: web.StreamResponse) -> None:
    """on_response_prepare: no versions in the Server header (aiohttp would name its own
    and Python's)."""
    response.headers["Server"] = "wegwijzer"
