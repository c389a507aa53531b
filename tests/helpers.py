"""Small shared test helpers."""
from __future__ import annotations

import socket
from pathlib import Path

from bot.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settings_for(tmp_path: Path, **overrides) -> Settings:
    env = {
        "WEGWIJZER_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'test.db'}",
        "RASA_JWT_SECRET": "test-jwt-secret-that-is-long-enough-for-hs256",
        "SESSION_SECRET": "test-session-secret",
        **{k: str(v) for k, v in overrides.items()},
    }
    return Settings.from_env(env)
