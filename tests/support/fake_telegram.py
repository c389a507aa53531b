"""A stand-in for Telegram's Bot API over real HTTP on loopback, in a thread of its own.

It answers the methods the channel uses (setWebhook, sendMessage, answerCallbackQuery,
getMe) the way the Bot API does, and keeps every call for the test to look at.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time

from aiohttp import web

from tests.support.env import free_port

TOKEN = "123456789:TEST-token-of-the-fake-bot-api_abcdefg"
SECRET = "telegram-secret-for-the-tests_0123456789"


class FakeBotApi:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.calls: list[tuple[str, dict]] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._started = threading.Event()
        self._next_id = 100

    # ------------------------------------------------------------------ the Bot API
    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = {k: v for k, v in (await request.post()).items() if isinstance(v, str)}
        for key in ("reply_markup", "allowed_updates"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        with self._lock:
            self.calls.append((method, params))
            self._next_id += 1
            message_id = self._next_id
        if method == "sendMessage":
            result: object = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": {"id": 1, "is_bot": True, "first_name": "Wegwijzer", "username": "ww_bot"},
                "text": params.get("text", ""),
            }
        elif method == "getMe":
            result = {"id": 1, "is_bot": True, "first_name": "Wegwijzer", "username": "ww_bot"}
        else:
            result = True
        return web.json_response({"ok": True, "result": result})

    # ------------------------------------------------------------------ running
    def start(self) -> FakeBotApi:
        threading.Thread(target=self._run, daemon=True).start()
        if not self._started.wait(10):
            raise RuntimeError("the fake Bot API did not start")
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        self._runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        self._loop.run_until_complete(site.start())
        self._started.set()
        self._loop.run_forever()

    def stop(self) -> None:
        if self._loop is not None and self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)

    # ------------------------------------------------------------------ for the tests
    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict]:
        with self._lock:
            return [
                params
                for name, params in self.calls
                if name == method
                and (chat_id is None or str(params.get("chat_id")) == str(chat_id))
            ]

    def wait_for(self, method: str, chat_id: int | None, count: int, timeout: float = 60) -> list:
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.sent(method, chat_id)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no {method} #{count} to {chat_id}; calls: {self.calls[-10:]}")
