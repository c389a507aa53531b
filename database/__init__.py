"""The foundation every domain package stands on: one metadata, engines, sessions, clock.

Imports nothing from the project.
"""

from database.base import Base, utcnow
from database.engine import make_engine, session_factory, transaction

__all__ = ["Base", "make_engine", "session_factory", "transaction", "utcnow"]
