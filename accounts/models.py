"""The tables of accounts: staff, their IDO locations, their sessions, and API tokens.

Secrets are never stored as given: passwords as argon2 hashes, session ids and API
tokens as SHA-256 (both have far too much entropy to guess, so a slow hash would add
cost on every request without adding safety).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import relationship

from database import Base, utcnow

STAFF, COORDINATOR = "staff", "coordinator"
ROLES = (STAFF, COORDINATOR)
ROLE_LABELS = {STAFF: "Medewerker", COORDINATOR: "Coördinator"}


class IdoLocation(Base):
    """An IDO location (a library branch with an Informatiepunt), copied from the knowledge
    data when an account or token is first given it; the kb_* tables are replaced on
    every load, so accounts and referrals keep their own copy of id and name."""

    __tablename__ = "ido_locations"

    id: str = Column(String(100), primary_key=True)
    name: str = Column(String(300), nullable=False)
    gemeente_code = Column(String(6))
    gemeente_name = Column(String(200))
    # The location that owns referrals made online (website chat, Telegram).
    online: bool = Column(Boolean, nullable=False, default=False)
    created_at: datetime = Column(DateTime, nullable=False, default=utcnow)


account_locations = Table(
    "staff_account_locations",
    Base.metadata,
    Column(
        "account_id",
        Integer,
        ForeignKey("staff_accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("location_id", String(100), ForeignKey("ido_locations.id"), primary_key=True),
)


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id: int = Column(Integer, primary_key=True)
    username: str = Column(String(100), nullable=False, unique=True)
    display_name: str = Column(String(200), nullable=False)
    role: str = Column(String(16), nullable=False, default=STAFF)
    password_hash: str = Column(String(200), nullable=False)
    created_at: datetime = Column(DateTime, nullable=False, default=utcnow)
    created_by: str = Column(String(200), nullable=False, default="")
    password_changed_at: datetime = Column(DateTime, nullable=False, default=utcnow)
    disabled_at = Column(DateTime)
    failed_logins: int = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    last_login_at = Column(DateTime)

    locations: list[IdoLocation] = relationship(
        "IdoLocation", secondary=account_locations, order_by="IdoLocation.id"
    )

    __table_args__ = (CheckConstraint("role IN ('staff', 'coordinator')", name="role_known"),)

    @property
    def location_ids(self) -> frozenset[str]:
        return frozenset(location.id for location in self.locations)

    @property
    def active(self) -> bool:
        return self.disabled_at is None


class StaffSession(Base):
    """A logged-in browser: expires after a quiet period and at the end of the day."""

    __tablename__ = "staff_sessions"

    id_hash: str = Column(String(64), primary_key=True)
    account_id: int = Column(
        Integer, ForeignKey("staff_accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    csrf_token: str = Column(String(64), nullable=False)
    created_at: datetime = Column(DateTime, nullable=False)
    last_seen_at: datetime = Column(DateTime, nullable=False)
    expires_at: datetime = Column(DateTime, nullable=False, index=True)

    account: StaffAccount = relationship(StaffAccount)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: int = Column(Integer, primary_key=True)
    name: str = Column(String(100), nullable=False, unique=True)
    token_hash: str = Column(String(64), nullable=False, unique=True)
    created_at: datetime = Column(DateTime, nullable=False, default=utcnow)
    revoked_at = Column(DateTime, nullable=True)
    last_used_at = Column(DateTime, nullable=True)
    # What the token may do (space separated, see accounts.access.TOKEN_SCOPES), where,
    # until when, and the person who answers for it (recorded in the audit log).
    scopes: str = Column(String(200), nullable=False, default="advice")
    ido_location_id = Column(String(100), ForeignKey("ido_locations.id"), nullable=True)
    expires_at = Column(DateTime, nullable=True)
    owner = Column(String(200), nullable=True)

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())
