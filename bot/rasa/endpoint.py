"""Rasa's action endpoint, with every request signed (bot/rasa/signing.py).

Rasa's own EndpointConfig can only add fixed headers; this one signs the body of each
call to the action server, which refuses unsigned ones (bot/action_server.py). A call
that takes longer than ACTION_TIMEOUT_S fails, so a hanging action server cannot keep a
person waiting: the web app then answers with a kind message.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from rasa.utils.endpoints import EndpointConfig

from bot.rasa.signing import json_body, signed_headers

ACTION_TIMEOUT_S = 20


class SigningEndpointConfig(EndpointConfig):  # type: ignore[misc]  # rasa has no types
    def __init__(self, url: str, secret: str, **kwargs: Any) -> None:
        super().__init__(url=url, **kwargs)
        self._secret = secret

    async def request(
        self,
        method: str = "post",
        subpath: str | None = None,
        content_type: str | None = "application/json",
        compress: bool = False,
        **kwargs: Any,
    ) -> Any:
        body = json_body(kwargs.pop("json", None))
        headers = {**kwargs.pop("headers", {}), **signed_headers(self._secret, body)}
        kwargs["timeout"] = aiohttp.ClientTimeout(total=ACTION_TIMEOUT_S)
        # compressing would change the signed bytes; the body stays on loopback anyway
        return await super().request(
            method, subpath, content_type, compress=False, data=body, headers=headers, **kwargs
        )
