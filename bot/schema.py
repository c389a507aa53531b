"""The project's one SQLAlchemy metadata, with every table registered on it.

Import this module to get all tables (Alembic and tests rely on it).
"""

import accounts.models  # noqa: F401  (staff accounts, locations, sessions, api tokens)
import knowledge.models  # noqa: F401  (the directory of help)
import referrals.models  # noqa: F401  (referrals, audit log, e-mail outbox)
import registration.models  # noqa: F401  (anonymous question registration)
from database import Base

metadata = Base.metadata
