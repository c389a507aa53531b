"""Start the real assistant (`wegwijzer run`) on free loopback ports, for benchmarks.

    with running_stack() as stack:
        ...  # stack.web_url, stack.token (an advice API token), stack.env

The model is the one `make train` trained from the current data; the database is a fresh
one in a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
START_TIMEOUT_S = 420


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Stack:
    web_url: str
    token: str
    env: dict[str, str]
    process: subprocess.Popen[str]
    output: list[str]


def _wegwijzer(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(VENV_BIN / "wegwijzer"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


@contextlib.contextmanager
def running_stack(extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    with tempfile.TemporaryDirectory(prefix="wegwijzer-bench-") as tmp:
        var = Path(tmp) / "var"
        ports = {"RASA_PORT": free_port(), "ACTION_PORT": free_port(), "WEB_PORT": free_port()}
        env = {
            **os.environ,
            "WEGWIJZER_VAR_DIR": str(var),
            "DATABASE_URL": f"sqlite:///{var / 'wegwijzer.db'}",
            **{k: str(v) for k, v in ports.items()},
            **(extra_env or {}),
        }
        _wegwijzer("db", "upgrade", env=env)
        token = _wegwijzer("token", "create", "bench", env=env).splitlines()[0]
        process = subprocess.Popen(
            [str(VENV_BIN / "wegwijzer"), "run"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        output: list[str] = []
        ready = threading.Event()

        def read() -> None:
            assert process.stdout is not None
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
            raise RuntimeError("the stack did not start:\n" + "".join(output[-40:]))
        try:
            yield Stack(f"http://127.0.0.1:{ports['WEB_PORT']}", token, env, process, output)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
