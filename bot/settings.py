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


def _bool(env: Mapping[str, str], name: str) -> bool | None:
    raw = (env.get(name) or "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    return None


def private_dir(path: Path) -> Path:
    """Create `path` (and its parents) readable only by this user: mode 0700."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def lock_down_var(var_dir: Path) -> None:
    """`var/` and everything in it for this user only: folders 0700, files 0600.

    The databases, the trackers and the runtime files can hold personal data; the
    secrets already were private. Processes also run with umask 077 (`private_umask`),
    so what they create later is private too. Folders owned by another user (a
    PostgreSQL data folder owned by `postgres`) are left alone.
    """
    if not var_dir.exists():
        private_dir(var_dir)
        return
    uid = os.geteuid()
    for root, dirs, files in os.walk(var_dir):
        here = Path(root)
        if here.stat().st_uid != uid:
            dirs[:] = []
            continue
        os.chmod(here, 0o700)
        for name in files:
            path = here / name
            if not path.is_symlink() and path.stat().st_uid == uid:
                os.chmod(path, 0o600)


def private_umask() -> None:
    """Files and folders this process creates are for its own user only."""
    os.umask(0o077)


def read_or_create_secret(path: Path, nbytes: int = 32) -> str:
    """Return the secret stored in `path`, generating it on first use (mode 0600)."""
    if path.exists():
        value = path.read_text().strip()
        if value:
            return value
    private_dir(path.parent)
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
    # Signs every request between the project's own processes (web app -> Rasa's REST
    # channel, Rasa -> action server): bot/rasa/signing.py.
    internal_secret: str = ""
    model_dir: Path = PROJECT_ROOT / "models"
    # None: Secure outside localhost (decided per request), True/False: always/never.
    cookie_secure: bool | None = None
    # How long a conversation cookie is accepted after it was issued (server-side).
    conversation_max_age_s: int = 12 * 3600
    # Redis (lock store of Rasa, the short-lived personal form answers, rate limits and
    # offered buttons shared between processes). None: kept in each process's memory,
    # which is right for one instance only.
    redis_url: str | None = None
    # Where the web app reaches Rasa and Rasa reaches the actions, when not the ports
    # above directly (the scaled topology puts nginx in between).
    rasa_url_override: str | None = None
    action_url_override: str | None = None
    # Requests per minute: per conversation in the chat (no person types faster), per
    # client address (a library's public network puts many visitors behind one address),
    # per token (a program may look up a batch of questions one after another).
    rate_chat_per_conversation: int = 30
    rate_per_client: int = 3000
    rate_per_token: int = 6000
    # Proxies whose X-Forwarded-For is believed (nginx or the TLS proxy in front).
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
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
    # Telegram test channel (off without a token). See README, "Telegram".
    telegram_token: str | None = None
    telegram_bot_name: str | None = None
    telegram_webhook_url: str | None = None
    telegram_secret: str = ""
    telegram_api_url: str = "https://api.telegram.org"
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return self.rasa_url_override or f"http://{self.rasa_host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return self.action_url_override or f"http://{self.action_host}:{self.action_port}/webhook"

    @property
    def action_health_url(self) -> str:
        return self.action_url.rsplit("/webhook", 1)[0] + "/health"

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
            internal_secret=env.get("INTERNAL_SECRET")
            or read_or_create_secret(var_dir / "secrets" / "internal_secret"),
            model_dir=Path(env.get("MODEL_DIR") or PROJECT_ROOT / "models").resolve(),
            cookie_secure=_bool(env, "COOKIE_SECURE"),
            conversation_max_age_s=_int(env, "CONVERSATION_MAX_AGE_HOURS", 12) * 3600,
            redis_url=env.get("REDIS_URL") or None,
            rasa_url_override=env.get("RASA_URL") or None,
            action_url_override=env.get("ACTION_URL") or None,
            rate_chat_per_conversation=_int(env, "RATE_CHAT_PER_MINUTE", 30),
            rate_per_client=_int(env, "RATE_CLIENT_PER_MINUTE", 3000),
            rate_per_token=_int(env, "RATE_TOKEN_PER_MINUTE", 6000),
            trusted_proxies=tuple(
                p.strip()
                for p in (env.get("TRUSTED_PROXIES") or "127.0.0.1,::1").split(",")
                if p.strip()
            ),
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
