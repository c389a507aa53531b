"""Errors as clear messages: JSON for API clients, Dutch text for people. Never a crash."""

from __future__ import annotations

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
    429: "U probeert het te vaak achter elkaar. Wacht even en probeer het dan opnieuw.",
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
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        if exc.content_type == "application/json":
            raise
        message = (
            exc.text
            if exc.text and not exc.text.startswith(str(exc.status))
            else MESSAGES_NL.get(exc.status, exc.reason)
        )
        return error_response(request, exc.status, message)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(
            request, 500, "Er ging iets mis aan onze kant. Probeer het later opnieuw."
        )


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response
