"""The project's one SQLAlchemy metadata: every table module registers on it.

Import this module to get all tables (Alembic autogenerate and tests rely on it).
"""

import accounts.models  # noqa: F401  (api tokens)
import referrals.models  # noqa: F401  (referrals, audit log, e-mail outbox)
import registration.models  # noqa: F401  (anonymous question registration)
from database import Base

metadata = Base.metadata
