"""Runtime files derived from the settings: Rasa's endpoints and the process commands."""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import make_url

from bot.settings import PROJECT_ROOT, Settings

VENV_BIN = Path(sys.executable).parent


TRACKER_STORE_TYPE = "bot.rasa.tracker_store.MaskingSQLTrackerStore"


def action_server_command(python: str, port: int) -> list[str]:
    """The command that starts one action server (Rasa SDK with the project's actions)."""
    return [python, "-m", "bot.action_server", "--actions", "actions", "--port", str(port)]


def tracker_store_config(settings: Settings) -> dict[str, Any]:
    """Rasa's SQL tracker store, masking personal data before it is written: a SQLite
    file beside the app database, or the same PostgreSQL database as the app (Rasa keeps
    its own `events` table). With Redis, the referral form's personal answers are kept
    there, encrypted and expiring, so every Rasa instance has them."""
    vault = {"personal_vault_url": settings.redis_url} if settings.redis_url else {}
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        return {
            "type": TRACKER_STORE_TYPE,
            "dialect": "sqlite",
            "db": str(settings.var_dir / "trackers.db"),
            **vault,
        }
    config: dict[str, Any] = {
        "type": TRACKER_STORE_TYPE,
        "dialect": url.drivername,
        "db": url.database,
        "url": url.host or "localhost",
        "port": url.port or 5432,
        "username": url.username,
        "password": url.password,
        **vault,
    }
    return {k: v for k, v in config.items() if v is not None}


def lock_store_config(settings: Settings) -> dict[str, Any] | None:
    """Rasa's lock store in Redis (database 1), so that two Rasa instances never work on
    one conversation at the same time (bot/rasa/lock_store.py). None: Rasa's in-memory
    lock (one instance)."""
    if not settings.redis_url:
        return None
    url = make_url(settings.redis_url.replace("redis://", "redis+x://", 1))
    config = {
        "type": "bot.rasa.lock_store.HealingRedisLockStore",
        "url": url.host or "127.0.0.1",
        "port": url.port or 6379,
        "password": url.password,
        "db": 1,
        "key_prefix": "wegwijzer",
    }
    return {k: v for k, v in config.items() if v is not None}


def write_endpoints(settings: Settings) -> Path:
    path = settings.var_dir / "runtime" / "endpoints.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    content: dict[str, Any] = {
        "action_endpoint": {"url": settings.action_url},
        "tracker_store": tracker_store_config(settings),
    }
    lock_store = lock_store_config(settings)
    if lock_store:
        content["lock_store"] = lock_store
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # may hold a password
    with os.fdopen(fd, "w") as fh:
        yaml.safe_dump(content, fh, sort_keys=False)
    return path


TELEGRAM_CHANNEL = "bot.channels.telegram.SafeTelegramInput"


def write_credentials(settings: Settings) -> Path:
    """Rasa's credentials: the project's credentials.yml, plus the Telegram channel when
    TELEGRAM_TOKEN is set (its token and secret never go into the project files)."""
    content = yaml.safe_load((PROJECT_ROOT / "credentials.yml").read_text()) or {}
    if settings.telegram_enabled:
        content[TELEGRAM_CHANNEL] = {
            "access_token": settings.telegram_token,
            "verify": settings.telegram_bot_name,
            "webhook_url": settings.telegram_webhook_url,
            "secret_token": settings.telegram_secret,
            "api_url": settings.telegram_api_url,
        }
    path = settings.var_dir / "runtime" / "credentials.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds the bot token
    with os.fdopen(fd, "w") as fh:
        yaml.safe_dump(content, fh, sort_keys=False)
    return path


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    command: list[str]
    env: dict[str, str]
    ready_url: str  # answered once the process is ready (http://... or tcp://host:port)
    public_url: str  # printed for people
    stop_signal: int = signal.SIGTERM


def process_specs(settings: Settings) -> list[ProcessSpec]:
    python = str(VENV_BIN / "python")
    base_env = {
        "PYTHONUNBUFFERED": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_TELEMETRY_ENABLED": "false",  # nothing reported to a third party
        "WEGWIJZER_VAR_DIR": str(settings.var_dir),
    }
    return [
        ProcessSpec(
            name="rasa",
            command=[python, "-m", "bot.rasa_server"],
            env=base_env,
            ready_url=f"{settings.rasa_url}/",
            public_url=f"{settings.rasa_url} (loopback; HTTP API needs a JWT)",
        ),
        ProcessSpec(
            name="actions",
            command=action_server_command(python, settings.action_port),
            env={**base_env, "SANIC_HOST": settings.action_host},
            ready_url=f"http://{settings.action_host}:{settings.action_port}/health",
            public_url=settings.action_url + " (loopback)",
        ),
        ProcessSpec(
            name="web",
            command=[python, "-m", "bot.web"],
            env=base_env,
            ready_url=f"http://{_connect_host(settings.web_host)}:{settings.web_port}/health/live",
            public_url=f"http://{_display_host(settings.web_host)}:{settings.web_port}/",
        ),
    ]


def _connect_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "", "::") else host


def _display_host(host: str) -> str:
    return "localhost" if host in ("0.0.0.0", "", "::", "127.0.0.1") else host


def tracker_store_url(settings: Settings) -> str:
    """The SQLAlchemy URL of the tracker store (for the retention purge)."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{settings.var_dir / 'trackers.db'}"
    return settings.database_url
