"""The project's one SQLAlchemy metadata: every table module registers on it.

Import this module to get all tables (Alembic autogenerate and tests rely on it).
"""
from database import Base  # noqa: F401  (the knowledge directory tables)

import accounts.models  # noqa: F401,E402  (api tokens)
import referrals.models  # noqa: F401,E402  (referrals, audit log, e-mail outbox)
import registration.models  # noqa: F401,E402  (anonymous question registration)

metadata = Base.metadata
