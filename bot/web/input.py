"""Reading what a client sends, so that nothing a client sends can crash a handler.

`read_json(request)` gives the parsed body or raises a 4xx with a clear message:
not JSON, not UTF-8, a number of more than MAX_NUMBER_CHARS digits, NaN or Infinity,
nesting deeper than MAX_DEPTH, or text with characters that cannot be stored (lone
surrogates, NUL). The body limit itself is the app's `client_max_size` (413).
The `clean_address` middleware does the same for the query string and the path.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

MAX_DEPTH = 20
MAX_NUMBER_CHARS = 30


class InputError(web.HTTPBadRequest):
    """400 with a message (the error middleware gives it as JSON)."""

    def __init__(self, message: str) -> None:
        super().__init__(text=message)


def _number(text: str) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        raise InputError(f"a number in the body has more than {MAX_NUMBER_CHARS} characters")
    return float(text) if any(c in text for c in ".eE") else int(text)


def _constant(name: str) -> Any:
    raise InputError(f"{name} is not a JSON number")


def bad_text(value: str) -> bool:
    """Text that cannot be stored or passed on: lone surrogates and NUL."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_value(value: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise InputError(f"the body is nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        if bad_text(value):
            raise InputError("the body holds characters that are not allowed")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_value(key, depth + 1)
            check_value(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_value(item, depth + 1)


def parse_json(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("the body is not UTF-8 text") from None
    try:
        value = json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_constant)
    except RecursionError:
        raise InputError(f"the body is nested deeper than {MAX_DEPTH} levels") from None
    except (json.JSONDecodeError, ValueError):
        raise InputError("the body is not valid JSON") from None
    check_value(value)
    return value


async def read_json(request: web.Request) -> Any:
    return parse_json(await request.read())


def is_json(request: web.Request) -> bool:
    return request.content_type == "application/json"


@web.middleware
async def clean_address(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse a path or query that decodes to text that cannot be stored (400)."""
    parts = [request.path, *request.query.keys(), *request.query.values()]
    if any(bad_text(p) for p in parts):
        raise InputError("the address holds characters that are not allowed")
    return await handler(request)
