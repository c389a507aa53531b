"""The project's one SQLAlchemy metadata: every table module registers on it.

Import this module to get all tables (Alembic autogenerate and tests rely on it).
"""
from knowledge.models import Base  # noqa: F401  (the knowledge directory tables)

import bot.auth.models  # noqa: F401,E402  (api tokens)

metadata = Base.metadata
