from tests.referrals.conftest import engine, factory, session  # noqa: F401
