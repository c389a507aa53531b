"""Staff accounts: create and manage them, log in, and keep a session.

Passwords are hashed with argon2 (argon2-cffi, its recommended parameters) and rehashed
when those change. After MAX_FAILURES wrong passwords in a row an account is locked for
LOCK_MINUTES; a successful login resets the count. Unknown user names, wrong passwords,
locked and disabled accounts all give the same LoginFailed, after the same work.

A session is a random id in an HttpOnly cookie; the database keeps only its SHA-256,
with a CSRF token, and ends it after IDLE_MINUTES without use or MAX_HOURS in all.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from accounts.access import ROLE_SCOPES, Principal
from accounts.errors import AccountError, LoginFailed
from accounts.locations import ensure_location, online_locations
from accounts.models import ROLES, IdoLocation, StaffAccount, StaffSession
from database import utcnow

MIN_PASSWORD = 12
MAX_PASSWORD = 200
MAX_FAILURES = 5
LOCK_MINUTES = 15
IDLE_MINUTES = 30
MAX_HOURS = 10
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,99}$")

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so that answer takes as long.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def check_password_rules(password: str, username: str = "") -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise AccountError(f"Een wachtwoord heeft minstens {MIN_PASSWORD} tekens")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"Een wachtwoord heeft hoogstens {MAX_PASSWORD} tekens")
    if username and username.lower() in password.lower():
        raise AccountError("Het wachtwoord mag de gebruikersnaam niet bevatten")
    if len(set(password)) < 5:
        raise AccountError("Dit wachtwoord is te eenvoudig: gebruik meer verschillende tekens")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


# ------------------------------------------------------------------------- accounts
def get_account(session: Session, username: str) -> StaffAccount | None:
    return session.execute(
        select(StaffAccount).where(StaffAccount.username == (username or "").strip().lower())
    ).scalar_one_or_none()


def _locations(session: Session, location_ids: Iterable[str]) -> list[IdoLocation]:
    locations = [ensure_location(session, lid) for lid in dict.fromkeys(location_ids)]
    if not locations:
        raise AccountError("Een account hoort bij minstens één IDO-locatie")
    return locations


def create_account(
    session: Session,
    *,
    username: str,
    display_name: str,
    password: str,
    role: str,
    location_ids: Iterable[str],
    by: str,
    now: datetime | None = None,
) -> StaffAccount:
    username = (username or "").strip().lower()
    if not USERNAME.match(username):
        raise AccountError(
            "Een gebruikersnaam is 2 tot 100 kleine letters, cijfers of . _ @ - "
            "(bijvoorbeeld: anna.devries)"
        )
    if role not in ROLES:
        raise AccountError(f"Onbekende rol {role!r} (kies uit: {', '.join(ROLES)})")
    display_name = " ".join((display_name or "").split())
    if not display_name or len(display_name) > 200:
        raise AccountError("Geef een naam van 1 tot 200 tekens")
    if get_account(session, username) is not None:
        raise AccountError(f"Er is al een account {username!r}")
    check_password_rules(password, username)
    at = now or utcnow()
    account = StaffAccount(
        username=username,
        display_name=display_name,
        role=role,
        password_hash=hash_password(password),
        created_at=at,
        created_by=by[:200],
        password_changed_at=at,
        failed_logins=0,
    )
    account.locations = _locations(session, location_ids)
    session.add(account)
    session.flush()
    return account


def _existing(session: Session, username: str) -> StaffAccount:
    account = get_account(session, username)
    if account is None:
        raise AccountError(f"Er is geen account {username!r}")
    return account


def set_password(session: Session, username: str, password: str) -> StaffAccount:
    """A new password; the account is unlocked and its sessions end."""
    account = _existing(session, username)
    check_password_rules(password, account.username)
    account.password_hash = hash_password(password)
    account.password_changed_at = utcnow()
    account.failed_logins, account.locked_until = 0, None
    end_all_sessions(session, account.id)
    return account


def set_locations(session: Session, username: str, location_ids: Iterable[str]) -> StaffAccount:
    account = _existing(session, username)
    account.locations = _locations(session, location_ids)
    session.flush()
    return account


def set_role(session: Session, username: str, role: str) -> StaffAccount:
    if role not in ROLES:
        raise AccountError(f"Onbekende rol {role!r} (kies uit: {', '.join(ROLES)})")
    account = _existing(session, username)
    account.role = role
    end_all_sessions(session, account.id)
    return account


def disable_account(session: Session, username: str) -> StaffAccount:
    account = _existing(session, username)
    if account.disabled_at is None:
        account.disabled_at = utcnow()
    end_all_sessions(session, account.id)
    return account


def enable_account(session: Session, username: str) -> StaffAccount:
    account = _existing(session, username)
    account.disabled_at = None
    account.failed_logins, account.locked_until = 0, None
    return account


def list_accounts(session: Session, within: frozenset[str] | None = None) -> list[StaffAccount]:
    """All accounts, or those whose every location lies `within` these locations."""
    accounts = list(session.execute(select(StaffAccount).order_by(StaffAccount.username)).scalars())
    if within is None:
        return accounts
    return [a for a in accounts if a.location_ids and a.location_ids <= within]


def manageable(account: StaffAccount, by: Principal) -> bool:
    """A coordinator manages accounts whose every location is one of theirs."""
    return by.is_coordinator and bool(account.location_ids) and account.location_ids <= by.locations


# ------------------------------------------------------------------------- log in
def authenticate(
    session: Session, username: str, password: str, now: datetime | None = None
) -> StaffAccount:
    """The account, when the password is right and the account may log in now.

    Raises LoginFailed otherwise (one message for every reason, and the same work).
    """
    at = now or utcnow()
    account = get_account(session, username) if isinstance(username, str) else None
    if account is None or not isinstance(password, str) or len(password) > MAX_PASSWORD:
        _verify(_DUMMY_HASH, password if isinstance(password, str) else "")
        raise LoginFailed("login failed")
    locked = account.locked_until is not None and account.locked_until > at
    right = _verify(account.password_hash, password)
    if locked or not account.active or not right:
        if not right and not locked:
            account.failed_logins += 1
            if account.failed_logins >= MAX_FAILURES:
                account.locked_until = at + timedelta(minutes=LOCK_MINUTES)
                account.failed_logins = 0
        raise LoginFailed("locked" if locked else "login failed")
    account.failed_logins, account.locked_until = 0, None
    account.last_login_at = at
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    return account


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# ------------------------------------------------------------------------- sessions
@dataclass(frozen=True)
class NewSession:
    cookie: str  # the value for the cookie: shown once, stored only hashed
    csrf_token: str
    expires_at: datetime


def start_session(
    session: Session, account: StaffAccount, now: datetime | None = None
) -> NewSession:
    at = now or utcnow()
    session.execute(delete(StaffSession).where(StaffSession.expires_at < at))
    cookie = secrets.token_urlsafe(32)
    row = StaffSession(
        id_hash=_sha256(cookie),
        account_id=account.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=at,
        last_seen_at=at,
        expires_at=min(at + timedelta(minutes=IDLE_MINUTES), at + timedelta(hours=MAX_HOURS)),
    )
    session.add(row)
    session.flush()
    return NewSession(cookie=cookie, csrf_token=row.csrf_token, expires_at=row.expires_at)


@dataclass(frozen=True)
class ActiveSession:
    principal: Principal
    csrf_token: str


def resume_session(
    session: Session, cookie: str | None, now: datetime | None = None
) -> ActiveSession | None:
    """The logged-in account behind a session cookie, or None (unknown, ended, expired,
    disabled). Each use extends the session up to its maximum length."""
    if not cookie or len(cookie) > 100:
        return None
    at = now or utcnow()
    row = session.get(StaffSession, _sha256(cookie))
    if row is None:
        return None
    account = row.account
    if row.expires_at <= at or not account.active or row.created_at < account.password_changed_at:
        session.delete(row)
        return None
    row.last_seen_at = at
    row.expires_at = min(
        at + timedelta(minutes=IDLE_MINUTES), row.created_at + timedelta(hours=MAX_HOURS)
    )
    return ActiveSession(principal=account_principal(session, account), csrf_token=row.csrf_token)


def end_session(session: Session, cookie: str | None) -> None:
    if cookie:
        session.execute(delete(StaffSession).where(StaffSession.id_hash == _sha256(cookie)))


def end_all_sessions(session: Session, account_id: int) -> None:
    session.execute(delete(StaffSession).where(StaffSession.account_id == account_id))


def account_principal(session: Session, account: StaffAccount) -> Principal:
    return Principal(
        kind="account",
        name=account.username,
        actor=account.username,
        scopes=ROLE_SCOPES[account.role],
        locations=account.location_ids,
        role=account.role,
        display_name=account.display_name,
        account_id=account.id,
        online_locations=online_locations(session),
    )
