"""A small client for the Rasa server: the signed REST channel and the JWT-protected HTTP
API."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import jwt

from bot.rasa.signing import BUTTON_FLAG, json_body, signed_headers

# A turn whose Rasa instance went away before it answered (connection refused or reset,
# or 502/503 from nginx) is sent once more: nginx then picks a living instance.
RETRY_STATUSES = (502, 503)
RETRY_PAUSE_S = 0.2


class RasaUnavailable(Exception):
    """Rasa did not answer (down, starting, or timed out)."""


class RasaRetryable(RasaUnavailable):
    """The instance went away mid-request; another may answer."""


class RasaClient:
    def __init__(
        self,
        base_url: str,
        jwt_secret: str,
        session: aiohttp.ClientSession,
        internal_secret: str = "",
    ):
        self.base_url = base_url.rstrip("/")
        self._secret = jwt_secret
        self._internal_secret = internal_secret
        self._session = session

    def _auth(self) -> dict[str, str]:
        now = int(time.time())
        token = jwt.encode(
            {"user": {"username": "wegwijzer-web", "role": "admin"}, "iat": now, "exp": now + 300},
            self._secret,
            algorithm="HS256",
        )
        return {"Authorization": f"Bearer {token}"}

    async def _request(
        self,
        method: str,
        path: str,
        *,
        auth: bool = False,
        timeout: float = 30,
        **kwargs: Any,
    ) -> Any:
        headers = {**(self._auth() if auth else {}), **kwargs.pop("headers", {})}
        try:
            async with self._session.request(
                method,
                self.base_url + path,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=timeout),
                **kwargs,
            ) as response:
                if response.status >= 400:
                    body = await response.text()
                    kind = RasaRetryable if response.status in RETRY_STATUSES else RasaUnavailable
                    raise kind(f"Rasa answered {response.status} on {path}: {body[:200]}")
                return await response.json(content_type=None)
        except (aiohttp.ClientConnectionError, ConnectionError) as exc:
            raise RasaRetryable(f"Rasa unreachable on {path}: {exc.__class__.__name__}") from exc
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ValueError) as exc:
            raise RasaUnavailable(f"Rasa unreachable on {path}: {exc.__class__.__name__}") from exc

    async def send_message(
        self, sender: str, text: str, button: bool = False
    ) -> list[dict[str, Any]]:
        """Send a user message through the REST channel, signed; returns the bot's messages.

        `button`: the text is the payload of a button the person pressed (the channel
        checks it was offered); typed text is never sent with it.
        """
        message: dict[str, Any] = {"sender": sender, "message": text}
        if button:
            message["metadata"] = {BUTTON_FLAG: True}
        body = json_body(message)
        for attempt in (1, 2):
            try:
                result = await self._request(
                    "POST",
                    "/webhooks/rest/webhook",
                    data=body,
                    headers=signed_headers(self._internal_secret, body),
                    timeout=60,
                )
                return result if isinstance(result, list) else []
            except RasaRetryable:
                if attempt == 2:
                    raise
                await asyncio.sleep(RETRY_PAUSE_S)
        return []

    async def open_conversation(self, sender: str, action: str) -> list[dict[str, Any]]:
        """Start a conversation and run one action in it (the welcome); returns its messages.

        Rasa's execute endpoint only knows existing conversations, so the session is
        started first by appending its start events.
        """
        listen = {"event": "action", "name": "action_listen"}
        await self._request(
            "POST",
            f"/conversations/{sender}/tracker/events",
            auth=True,
            json=[{"event": "session_started"}, listen],
        )
        messages = await self.execute(sender, action)
        # Back to listening, so the rules see the person's first message as a fresh turn.
        await self._request(
            "POST", f"/conversations/{sender}/tracker/events", auth=True, json=[listen]
        )
        return messages

    async def execute(self, sender: str, action: str) -> list[dict[str, Any]]:
        """Run one action in an existing conversation; returns its messages."""
        result = await self._request(
            "POST",
            f"/conversations/{sender}/execute",
            params={"output_channel": "collector"},
            auth=True,
            json={"name": action},
        )
        return result.get("messages", []) if isinstance(result, dict) else []

    async def parse(self, text: str) -> dict[str, Any]:
        parsed: dict[str, Any] = await self._request(
            "POST", "/model/parse", auth=True, json={"text": text}
        )
        return parsed

    async def status(self) -> dict[str, Any]:
        status: dict[str, Any] = await self._request("GET", "/status", auth=True, timeout=3)
        return status

    async def is_up(self, path: str = "/") -> bool:
        try:
            async with self._session.get(
                self.base_url + path, timeout=aiohttp.ClientTimeout(total=3)
            ) as response:
                return response.status == 200
        except (aiohttp.ClientError, OSError, asyncio.TimeoutError):
            return False


def messages_for_chat(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep only what the chat page shows: text and buttons (title, payload)."""
    shown = []
    for message in messages:
        item: dict[str, Any] = {"text": message.get("text") or ""}
        buttons = [
            {"title": b.get("title", ""), "payload": b.get("payload", "")}
            for b in message.get("buttons") or []
            if b.get("payload")
        ]
        if buttons:
            item["buttons"] = buttons
        if item["text"] or buttons:
            shown.append(item)
    return shown


def offered_payloads(messages: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]
