"""The chat widget for a library's own website, and the CORS rules that let it talk.

    <script src="https://wegwijzer.example/widget.js" defer></script>

GET /widget.js serves the script (bot/web/static/widget.js; the standalone page uses
it too). A page on another origin may call the chat API only when that origin is in
WIDGET_ORIGINS; the conversation cookie (SameSite=Strict) then still needs the site to be
the same site as Wegwijzer (for example www.bibliotheek.nl and chat.bibliotheek.nl).
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Handler

from bot.web.keys import SETTINGS

routes = web.RouteTableDef()
STATIC = Path(__file__).parent / "static"
CHAT_PATHS = ("/chat/start", "/chat/message")


@routes.get("/widget.js")
async def widget_script(request: web.Request) -> web.FileResponse:
    return web.FileResponse(
        STATIC / "widget.js",
        headers={
            "Content-Type": "text/javascript; charset=utf-8",
            "Cache-Control": "public, max-age=300",
            "Cross-Origin-Resource-Policy": "cross-origin",
        },
    )


@web.middleware
async def widget_cors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """CORS for the chat API, for the origins in WIDGET_ORIGINS only."""
    origin = request.headers.get("Origin")
    allowed = (
        origin is not None
        and request.path in CHAT_PATHS
        and origin.rstrip("/") in request.app[SETTINGS].widget_origins
    )
    if request.method == "OPTIONS" and request.path in CHAT_PATHS:
        if not allowed:
            return web.Response(status=403, text="origin not allowed")
        response: web.StreamResponse = web.Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = "POST"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    else:
        response = await handler(request)
    if allowed and origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Credentials"] = "true"
        response.headers["Vary"] = "Origin"
    return response
