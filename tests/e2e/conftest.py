"""The real stack for end-to-end tests: `wegwijzer run` on free loopback ports.

Started once per test session (Rasa needs about a minute to load). The model is the
one `make test` trained from the current data; without it the tests fail and say so.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from bot.training import model_path, training_fingerprint
from tests.support.env import free_port

START_TIMEOUT_S = 420


@dataclass
class Stack:
    web_url: str
    rasa_url: str
    rasa_port: int
    action_port: int
    web_port: int
    env: dict
    output: list
    process: subprocess.Popen


class Mailbox:
    """A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture(scope="session")
def mailbox():
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture(scope="session")
def fake_telegram():
    from tests.support.fake_telegram import FakeBotApi

    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def host_origin():
    """The origin of a library's website that embeds the widget (tests/e2e/test_browser)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def stack(tmp_path_factory, mailbox, fake_telegram, host_origin) -> Stack:
    from tests.support.fake_telegram import SECRET, TOKEN

    model = model_path(PROJECT_ROOT / "models", training_fingerprint())
    if not model.exists():
        pytest.fail(f"no model for the current data ({model.name}): run `make train` first")
    var = tmp_path_factory.mktemp("var")
    ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}
    env = {
        **os.environ,
        "WEGWIJZER_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'wegwijzer.db'}",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mailbox.port),
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_BOT_NAME": "ww_bot",
        "TELEGRAM_SECRET": SECRET,
        "TELEGRAM_API_URL": fake_telegram.url,
        "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{ports['WEB_PORT']}/telegram/webhook",
        "WIDGET_ORIGINS": host_origin,
        # the limits have their own tests; here many turns come from one address
        "RATE_CLIENT_PER_MINUTE": "0",
        "RATE_CHAT_PER_MINUTE": "0",
        "RATE_TOKEN_PER_MINUTE": "0",
        **{k: str(v) for k, v in ports.items()},
    }
    venv_bin = Path(sys.executable).parent
    subprocess.run(
        [str(venv_bin / "wegwijzer"), "db", "upgrade"], env=env, check=True, cwd=PROJECT_ROOT
    )
    process = subprocess.Popen(
        [str(venv_bin / "wegwijzer"), "run"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list = []
    ready = threading.Event()

    def read() -> None:
        for line in process.stdout:
            output.append(line)
            if "all processes are ready" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.time() + START_TIMEOUT_S
    while not ready.is_set() and process.poll() is None and time.time() < deadline:
        time.sleep(0.5)
    if not ready.is_set():
        process.kill()
        pytest.fail("the stack did not start:\n" + "".join(output[-60:]))
    stack = Stack(
        web_url=f"http://127.0.0.1:{ports['WEB_PORT']}",
        rasa_url=f"http://127.0.0.1:{ports['RASA_PORT']}",
        rasa_port=ports["RASA_PORT"],
        action_port=ports["ACTION_PORT"],
        web_port=ports["WEB_PORT"],
        env=env,
        output=output,
        process=process,
    )
    yield stack
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
