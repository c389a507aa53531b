"""The Telegram test channel: Rasa's Telegram connector, made safe.

Rasa's own connector (rasa.core.channels.telegram) does not check Telegram's secret
token, leaves its /set_webhook route open, asks the Bot API who it is on every update,
and registers its webhook through aiogram 2.15, which cannot send a secret. This channel
keeps its update handling and output (TelegramInput, TelegramOutput) and changes that:

- every update must carry the secret in X-Telegram-Bot-Api-Secret-Token (else 403);
- the webhook is registered with that secret when the server starts (no open route);
- the Bot API's base URL comes from credentials.yml (`api_url`), so a test server on
  loopback can stand in for Telegram;
- buttons are inline keyboards, one button a row (long Dutch titles stay readable);
- like the REST channel (bot/channels/rest.py), a typed "/intent" never sets an intent:
  a "/payload" counts only when it is a button offered in the conversation's last
  message; "/start" (Telegram's first message) opens the conversation with the welcome.

The crisis handling and the masking of personal data are the dialogue's and the tracker
store's, the same for every channel. credentials.yml gets this channel from the settings
(bot.runtime.write_credentials) when TELEGRAM_TOKEN is set:

    bot.channels.telegram.SafeTelegramInput:
      access_token: "123456:ABC..."     # from BotFather
      verify: "wegwijzer_test_bot"      # the bot's user name
      webhook_url: "https://wegwijzer.example/telegram/webhook"
      secret_token: "..."               # sent back by Telegram with every update
      api_url: "https://api.telegram.org"
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.core.events import ActionExecuted
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.rest import safe_text
from bot.rasa.signing import BUTTON_FLAG

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_API_URL = "https://api.telegram.org"
WELCOME_ACTION = "action_welcome"
START = "/start"


class SafeTelegramOutput(TelegramOutput):  # type: ignore[misc]  # rasa has no type information
    """Rasa's Telegram output, talking to the Bot API at `api_url`."""

    def __init__(self, access_token: str, api_url: str = DEFAULT_API_URL) -> None:
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_url))

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        button_type: str | None = "vertical",
        **kwargs: Any,
    ) -> None:
        markup = InlineKeyboardMarkup()
        for button in buttons:
            if button.get("payload"):
                markup.row(
                    InlineKeyboardButton(button.get("title", ""), callback_data=button["payload"])
                )
        await self.send_message(recipient_id, text, reply_markup=markup)


class SafeTelegramInput(TelegramInput):  # type: ignore[misc]  # rasa has no type information
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SafeTelegramInput:
        if not credentials:
            cls.raise_missing_credentials_exception()
        credentials = credentials or {}
        secret = credentials.get("secret_token")
        if not secret:
            raise ValueError("the Telegram channel needs a secret_token in credentials.yml")
        return cls(
            credentials.get("access_token"),
            credentials.get("verify"),
            credentials.get("webhook_url"),
            secret_token=str(secret),
            api_url=str(credentials.get("api_url") or DEFAULT_API_URL),
        )

    def __init__(
        self,
        access_token: str | None,
        verify: str | None,
        webhook_url: str | None,
        debug_mode: bool = False,
        *,
        secret_token: str = "",
        api_url: str = DEFAULT_API_URL,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode)
        self.secret_token = secret_token
        self.api_url = api_url

    def get_output_channel(self) -> SafeTelegramOutput:
        # Rasa's version registers the webhook here, in a loop of its own; ours does that
        # when the server has started (register_webhook).
        return SafeTelegramOutput(self.access_token, self.api_url)

    async def register_webhook(self, out: SafeTelegramOutput) -> bool:
        if not self.webhook_url:
            log.warning("Telegram: no webhook_url, so no webhook registered")
            return False
        try:
            await out.request(
                "setWebhook",
                {
                    "url": self.webhook_url,
                    "secret_token": self.secret_token,
                    "allowed_updates": json.dumps(["message", "callback_query"]),
                },
            )
        except (TelegramAPIError, OSError) as exc:
            log.error("Telegram: registering the webhook failed: %s", exc)
            return False
        log.info("Telegram: webhook registered")
        return True

    def _secret_ok(self, request: Request) -> bool:
        presented = request.headers.get(SECRET_HEADER, "")
        return bool(self.secret_token) and hmac.compare_digest(
            presented.encode(), self.secret_token.encode()
        )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = Blueprint("telegram_webhook", __name__)
        out = self.get_output_channel()

        async def register(_app: Any, _loop: Any) -> None:
            await self.register_webhook(out)

        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        async def message(request: Request) -> HTTPResponse:
            if not self._secret_ok(request):
                return response.text("forbidden", status=403)
            try:
                body = request.json
                update = Update(**(json.loads(body) if isinstance(body, str) else body))
            except Exception:  # a body that is no update: nothing to do
                return response.text("not an update", status=400)
            if self._is_button(update):
                query = update.callback_query
                chat, text = query.message.chat if query.message else None, query.data
                try:
                    await out.answer_callback_query(query.id)
                except (TelegramAPIError, OSError) as exc:
                    log.warning("Telegram: answerCallbackQuery failed: %s", exc)
            elif update.message is not None and update.message.text is not None:
                chat, text = update.message.chat, update.message.text
            else:  # edits, locations, photos...: not for this assistant
                return response.text("success")
            if chat is None or not isinstance(text, str):
                return response.text("success")
            sender_id = str(chat.id)
            if text.strip().split("@")[0] == START:
                await self._welcome(request, sender_id, out)
                return response.text("success")
            # a button press counts only when that button was just offered; it then travels
            # with the verified flag, as on the web chat (typed text never carries it)
            checked, pressed = await safe_text(
                request, sender_id, text, button=self._is_button(update)
            )
            metadata = {BUTTON_FLAG: True} if pressed else None
            try:
                await on_new_message(
                    UserMessage(
                        checked, out, sender_id, input_channel=self.name(), metadata=metadata
                    )
                )
            except Exception:
                log.exception("Telegram: handling an update failed")
            return response.text("success")

        telegram_webhook.listener("after_server_start")(register)
        telegram_webhook.add_route(health, "/", methods=["GET"])
        telegram_webhook.add_route(message, "/webhook", methods=["POST"])
        return telegram_webhook

    async def _welcome(self, request: Request, sender_id: str, out: SafeTelegramOutput) -> None:
        """Start the conversation with the assistant's welcome (it says it is a program)."""
        agent = request.app.ctx.agent
        try:
            async with agent.lock_store.lock(sender_id):
                await agent.execute_action(sender_id, WELCOME_ACTION, out, None, None)
                tracker = await agent.tracker_store.retrieve(sender_id)
                if tracker is not None:
                    tracker.update(ActionExecuted("action_listen"))
                    await agent.tracker_store.save(tracker)
        except Exception:
            log.exception("Telegram: the welcome failed")
