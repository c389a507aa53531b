"""The project's one SQLAlchemy metadata, and the clock the stored times use.

Every table module (knowledge, accounts, referrals, registration) declares its tables on
`Base`; `bot.schema` imports them all for Alembic. The naming convention keeps constraint
names equal on SQLite and PostgreSQL and in migrations.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))


def utcnow() -> datetime:
    """Now in UTC, naive and to the second: how every table stores a moment."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
