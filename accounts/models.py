"""The api_tokens table: tokens are stored hashed, never in plain text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, String

from database import Base, utcnow


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: int = Column(Integer, primary_key=True)
    name: str = Column(String(100), nullable=False, unique=True)
    token_hash: str = Column(String(64), nullable=False, unique=True)
    created_at: datetime = Column(DateTime, nullable=False, default=utcnow)
    revoked_at = Column(DateTime, nullable=True)
    last_used_at = Column(DateTime, nullable=True)
