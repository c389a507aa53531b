"""A small HTTP client for end-to-end tests: JSON posts and a chat with its cookie."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from http.cookiejar import CookieJar


def _decoded(raw: bytes):
    try:
        return json.loads(raw or b"null")
    except ValueError:
        return raw.decode("utf-8", "replace")


def post(url: str, body, opener=None, headers=None, raw: bytes | None = None):
    """POST JSON (or `raw` bytes); returns the status and the decoded answer."""
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(
        url,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=120) as response:
            return response.status, _decoded(response.read())
    except urllib.error.HTTPError as error:
        return error.code, _decoded(error.read())


def chat(stack):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    opener.open(stack.web_url + "/", timeout=30).read()
    return opener


def say(stack, opener, text):
    status, body = post(stack.web_url + "/chat/message", {"text": text}, opener)
    assert status == 200, body
    return " ".join(m["text"] for m in body["messages"])
