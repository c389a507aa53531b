"""The scaled topology for end-to-end tests: `wegwijzer run --scaled` on free ports, with
its own PostgreSQL cluster, Redis and nginx, and an SMTP port where nothing listens yet
(the handover waits in the outbox). Started once per test module that needs it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PROJECT_ROOT
from tests.support.env import free_port

START_TIMEOUT_S = 600


@dataclass
class Scaled:
    env: dict
    process: subprocess.Popen
    var: Path
    output: list = field(default_factory=list)

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.env['WEB_PORT']}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.env["RASA_INSTANCE_PORTS"].split(",")]

    @property
    def database_url(self) -> str:
        password = (self.var / "secrets" / "postgres_password").read_text().strip()
        return f"postgresql://wegwijzer:{password}@127.0.0.1:{self.env['PG_PORT']}/wegwijzer"

    @property
    def redis_url(self) -> str:
        password = (self.var / "secrets" / "redis_password").read_text().strip()
        return f"redis://:{password}@127.0.0.1:{self.env['REDIS_PORT']}/0"

    def pid(self, name: str) -> int:
        found = [
            int(m.group(1))
            for line in list(self.output)
            if (m := re.search(rf"started {re.escape(name)} \(pid (\d+)\)", line))
        ]
        assert found, f"{name} never started"
        return found[-1]

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        os.killpg(self.pid(name), sig)

    def text(self) -> str:
        return "".join(self.output)


def start_scaled(smtp_port: int) -> Scaled:
    base = Path(tempfile.mkdtemp(prefix="wegwijzer-scaled-"))
    os.chmod(base, 0o711)  # the postgres user passes through to its data folder
    var = base / "var"
    rasa, actions = free_port(), free_port()
    env = {
        **os.environ,
        "WEGWIJZER_VAR_DIR": str(var),
        "PG_DATA_DIR": str(base / "pg"),
        "WEB_PORT": str(free_port()),
        "RASA_PORT": str(rasa),
        "ACTION_PORT": str(actions),
        "RASA_INSTANCE_PORTS": f"{free_port()},{free_port()}",
        "ACTION_INSTANCE_PORTS": f"{free_port()},{free_port()}",
        "PG_PORT": str(free_port()),
        "REDIS_PORT": str(free_port()),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
    }
    for key in ("DATABASE_URL", "REDIS_URL", "RASA_URL", "ACTION_URL"):
        env.pop(key, None)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "wegwijzer"), "run", "--scaled"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    scaled = Scaled(env=env, process=process, var=var)
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            scaled.output.append(line)
            if "all processes are ready" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.time() + START_TIMEOUT_S
    while not ready.is_set() and process.poll() is None and time.time() < deadline:
        time.sleep(0.5)
    if not ready.is_set():
        stop_scaled(scaled)
        raise RuntimeError("the scaled topology did not start:\n" + "".join(scaled.output[-80:]))
    return scaled


def stop_scaled(scaled: Scaled) -> None:
    if scaled.process.poll() is None:
        scaled.process.send_signal(signal.SIGINT)
        try:
            scaled.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(scaled.process.pid, signal.SIGKILL)
    import shutil

    shutil.rmtree(scaled.var.parent, ignore_errors=True)
