"""Small shared test helpers."""

from __future__ import annotations

import socket
from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.settings import PROJECT_ROOT, Settings


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
        "INTERNAL_SECRET": "test-internal-secret",
        **{k: str(v) for k, v in overrides.items()},
    }
    return Settings.from_env(env)


def migrate(url: str) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
