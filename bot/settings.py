"""Every setting of Wegwijzer in one place, read once from the environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


def _list(env: Mapping[str, str], name: str, lower: bool = False) -> tuple[str, ...]:
    """A comma or space separated list."""
    raw = (env.get(name) or "").replace(",", " ").split()
    return tuple(item.lower() if lower else item.rstrip("/") for item in raw)


def read_or_create_secret(path: Path, nbytes: int = 32) -> str:
    """Return the secret stored in `path`, generating it on first use (mode 0600)."""
    if path.exists():
        value = path.read_text().strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    return value


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    database_url: str
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_host: str = "127.0.0.1"
    action_port: int = 5055
    rasa_jwt_secret: str = ""
    session_secret: str = ""
    model_dir: Path = PROJECT_ROOT / "models"
    cookie_secure: bool = False
    # Handover e-mail (warm referral). No SMTP host: notes are kept in the outbox.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_from: str = "wegwijzer@localhost"
    # Retention (AVG): personal data of closed referrals, and conversation trackers.
    referral_retention_days: int = 90
    tracker_retention_days: int = 28
    # Handover e-mail to other addresses than the organisation's in the knowledge data.
    handover_allowlist: tuple[str, ...] = ()
    # Website chat widget: host sites (origins) that may embed it, and the rate limit.
    widget_origins: tuple[str, ...] = ()
    chat_rate_per_minute: int = 20
    # Telegram test channel (off without a token). See README, "Telegram".
    telegram_token: str | None = None
    telegram_bot_name: str | None = None
    telegram_webhook_url: str | None = None
    telegram_secret: str = ""
    telegram_api_url: str = "https://api.telegram.org"
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.action_host}:{self.action_port}/webhook"

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        var_dir = Path(env.get("WEGWIJZER_VAR_DIR") or PROJECT_ROOT / "var").resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{var_dir / 'wegwijzer.db'}"
        return cls(
            var_dir=var_dir,
            database_url=database_url,
            web_host=env.get("WEB_HOST", "127.0.0.1"),
            web_port=_int(env, "WEB_PORT", 8080),
            rasa_host="127.0.0.1",
            rasa_port=_int(env, "RASA_PORT", 5005),
            action_host="127.0.0.1",
            action_port=_int(env, "ACTION_PORT", 5055),
            rasa_jwt_secret=env.get("RASA_JWT_SECRET")
            or read_or_create_secret(var_dir / "secrets" / "rasa_jwt_secret"),
            session_secret=env.get("SESSION_SECRET")
            or read_or_create_secret(var_dir / "secrets" / "session_secret"),
            model_dir=Path(env.get("MODEL_DIR") or PROJECT_ROOT / "models").resolve(),
            cookie_secure=env.get("COOKIE_SECURE", "0") in ("1", "true", "yes"),
            smtp_host=env.get("SMTP_HOST") or None,
            smtp_port=_int(env, "SMTP_PORT", 25),
            smtp_user=env.get("SMTP_USER") or None,
            smtp_password=env.get("SMTP_PASSWORD") or None,
            smtp_starttls=env.get("SMTP_STARTTLS", "0") in ("1", "true", "yes"),
            smtp_from=env.get("SMTP_FROM", "wegwijzer@localhost"),
            referral_retention_days=_int(env, "REFERRAL_RETENTION_DAYS", 90),
            tracker_retention_days=_int(env, "TRACKER_RETENTION_DAYS", 28),
            handover_allowlist=_list(env, "HANDOVER_ALLOWLIST", lower=True),
            widget_origins=_list(env, "WIDGET_ORIGINS"),
            chat_rate_per_minute=_int(env, "CHAT_RATE_PER_MINUTE", 20),
            telegram_token=env.get("TELEGRAM_TOKEN") or None,
            telegram_bot_name=env.get("TELEGRAM_BOT_NAME") or None,
            telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            telegram_secret=(
                env.get("TELEGRAM_SECRET")
                or (
                    read_or_create_secret(var_dir / "secrets" / "telegram_secret")
                    if env.get("TELEGRAM_TOKEN")
                    else ""
                )
            ),
            telegram_api_url=env.get("TELEGRAM_API_URL") or "https://api.telegram.org",
        )
