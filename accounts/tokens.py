"""Create, verify and revoke API tokens.

A token is 32 random bytes (URL-safe text), shown once at creation. Only its SHA-256 is
stored: a token has far too much entropy to guess, so a slow password hash (argon2)
would add cost on every request without adding safety.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import ApiToken
from database import utcnow

TOKEN_PREFIX = "ww_"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}$")


class TokenError(ValueError):
    """A token operation that cannot be done; the message says why."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str) -> str:
    """Create a token for `name` and return it; it cannot be read back later."""
    if not NAME_PATTERN.match(name or ""):
        raise TokenError("a token name is 1-100 letters, digits, spaces or . _ @ -")
    existing = session.execute(select(ApiToken).where(ApiToken.name == name)).scalar_one_or_none()
    if existing is not None and existing.revoked_at is None:
        raise TokenError(f"a token named {name!r} exists already; revoke it first")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    if existing is not None:  # a revoked name may be given a new token
        existing.token_hash, existing.revoked_at = _hash(token), None
        existing.created_at, existing.last_used_at = utcnow(), None
    else:
        session.add(ApiToken(name=name, token_hash=_hash(token)))
    return token


def revoke_token(session: Session, name: str) -> None:
    row = session.execute(select(ApiToken).where(ApiToken.name == name)).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        raise TokenError(f"no active token named {name!r}")
    row.revoked_at = utcnow()


def verify_token(session: Session, presented: str | None) -> str | None:
    """The name of the active token `presented`, or None."""
    if not presented or not presented.startswith(TOKEN_PREFIX) or len(presented) > 200:
        return None
    digest = _hash(presented)
    row: ApiToken | None = session.execute(
        select(ApiToken).where(ApiToken.token_hash == digest)
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.token_hash, digest):
        return None
    row.last_used_at = utcnow()
    return row.name


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.execute(select(ApiToken).order_by(ApiToken.name)).scalars())
