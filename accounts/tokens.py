"""Create, verify and revoke API tokens for programs.

A token is 32 random bytes (URL-safe text), shown once at creation. Only its SHA-256 is
stored: a token has far too much entropy to guess, so a slow password hash (argon2)
would add cost on every request without adding safety.

A token has scopes (`advice` by default; referrals:read, referrals:write,
personal-data and registrations only when asked for), an IDO location (required for
every scope but advice: a token reaches the referrals of that one location only), an
expiry, and an owner: the person who answers for it, recorded in the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.access import ADVICE, LOCATION_SCOPES, TOKEN_SCOPES, Principal, token_actor
from accounts.locations import ensure_location, online_locations
from accounts.models import ApiToken
from database import utcnow

TOKEN_PREFIX = "ww_"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$")
DEFAULT_DAYS = 365
MAX_DAYS = 3 * 365


class TokenError(ValueError):
    """A token operation that cannot be done; the message says why."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _scopes(scopes: Iterable[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(scopes or [ADVICE]))
    unknown = [s for s in chosen if s not in TOKEN_SCOPES]
    if unknown:
        raise TokenError(
            f"unknown scope(s) {', '.join(unknown)} (choose from {', '.join(TOKEN_SCOPES)})"
        )
    return chosen


def create_token(
    session: Session,
    name: str,
    *,
    scopes: Iterable[str] | None = None,
    location_id: str | None = None,
    owner: str | None = None,
    days: int = DEFAULT_DAYS,
    now: datetime | None = None,
) -> str:
    """Create a token for `name` and return it; it cannot be read back later."""
    if not NAME_PATTERN.match(name or ""):
        raise TokenError("a token name is 1-100 letters, digits, spaces or . _ @ -")
    chosen = _scopes(scopes)
    owner = " ".join((owner or "").split())[:200] or None
    if set(chosen) & LOCATION_SCOPES:
        if not location_id:
            raise TokenError("a token that reaches referrals needs an IDO location (--location)")
        if not owner:
            raise TokenError("a token that reaches referrals needs an owner (--owner)")
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(f"a token is valid for 1 to {MAX_DAYS} days")
    if location_id:
        try:
            ensure_location(session, location_id)
        except ValueError as exc:
            raise TokenError(str(exc)) from None
    existing = session.execute(select(ApiToken).where(ApiToken.name == name)).scalar_one_or_none()
    if existing is not None and existing.revoked_at is None:
        raise TokenError(f"a token named {name!r} exists already; revoke it first")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    at = now or utcnow()
    values: dict[str, Any] = {
        "token_hash": _hash(token),
        "revoked_at": None,
        "created_at": at,
        "last_used_at": None,
        "scopes": " ".join(chosen),
        "ido_location_id": location_id or None,
        "owner": owner,
        "expires_at": at + timedelta(days=days),
    }
    if existing is not None:  # a revoked name may be given a new token
        for key, value in values.items():
            setattr(existing, key, value)
    else:
        session.add(ApiToken(name=name, **values))
    session.flush()
    return token


def revoke_token(session: Session, name: str) -> None:
    row = session.execute(select(ApiToken).where(ApiToken.name == name)).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        raise TokenError(f"no active token named {name!r}")
    row.revoked_at = utcnow()


def verify_token(
    session: Session, presented: str | None, now: datetime | None = None
) -> Principal | None:
    """Who is behind the token `presented` (active, not expired), or None."""
    if not presented or not presented.startswith(TOKEN_PREFIX) or len(presented) > 200:
        return None
    digest = _hash(presented)
    row: ApiToken | None = session.execute(
        select(ApiToken).where(ApiToken.token_hash == digest)
    ).scalar_one_or_none()
    at = now or utcnow()
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest):
        return None
    if row.expires_at is not None and row.expires_at <= at:
        return None
    row.last_used_at = at
    return Principal(
        kind="token",
        name=row.name,
        actor=token_actor(row.name, row.owner),
        scopes=row.scope_set,
        locations=frozenset([row.ido_location_id]) if row.ido_location_id else frozenset(),
        online_locations=online_locations(session),
    )


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.execute(select(ApiToken).order_by(ApiToken.name)).scalars())
