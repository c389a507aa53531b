"""The migration 0003 creates exactly the tables of the models, with their constraints."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

import referrals.models  # noqa: F401  (tables on Base.metadata before bot.schema)
import registration.models  # noqa: F401
from bot.cli import db_upgrade
from database import Base, make_engine
from tests.support.env import settings_for

OURS = (
    "referrals",
    "referral_events",
    "handover_messages",
    "question_registrations",
    "ido_locations",
    "staff_accounts",
    "staff_account_locations",
    "staff_sessions",
    "api_tokens",
)


@pytest.fixture
def migrated(tmp_path):
    settings = settings_for(tmp_path)
    db_upgrade(settings)
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


def test_the_migration_matches_the_models(migrated):
    with migrated.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diff if any(t in repr(d) for t in OURS)] == []
    names = set(inspect(migrated).get_table_names())
    assert set(OURS) <= names


def test_the_migrated_database_refuses_personal_data_without_consent(migrated):
    with pytest.raises(IntegrityError), migrated.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO referrals (created_at, updated_at, channel, status, themes, "
                "theme_labels, urgency, organisation_name, warm_referral_possible, person_name) "
                "VALUES ('2026-11-23', '2026-11-23', 'staff', 'nieuw', '', '', 'normaal', "
                "'UWV', 0, 'Anna')"
            )
        )


@pytest.mark.postgres
def test_the_referral_path_works_on_postgresql_too():
    """Constraints, the theme filter, the purge and the counts on PostgreSQL."""
    from datetime import timedelta

    from database import session_factory, transaction
    from referrals import service
    from referrals.retention import purge_referrals
    from registration.service import count_questions, register_question
    from tests.support import postgres as pg
    from tests.support.env import migrate
    from tests.support.referrals import NOW, new

    cluster = pg.start_cluster()
    try:
        url = cluster.create_database("wegwijzer_referrals")
        migrate(url)
        engine = make_engine(url)
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert [d for d in diff if any(t in repr(d) for t in OURS)] == []
        factory = session_factory(engine)
        with transaction(factory) as session:
            referral = new(session, now=NOW - timedelta(days=100))
            referral.change_status("geannuleerd", "balie", NOW - timedelta(days=100))
            referral_id = referral.id
            register_question(
                session, channel="staff", outcome="information", theme="digid", on=NOW
            )
        with transaction(factory) as session:
            assert [r.id for r in service.list_referrals(session, theme="legal_advice")] == [
                referral_id
            ]
            assert service.list_referrals(session, organisation="HET JURIDISCH LOKET")
            assert purge_referrals(session, now=NOW).referrals == 1
            assert count_questions(session, by=("month", "theme")) == [
                {"month": "2026-11", "theme": "digid", "count": 1}
            ]
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(
                text("UPDATE referrals SET person_name = 'Anna', consent_given = NULL")
            )
        engine.dispose()
    finally:
        cluster.stop()


def test_migration_0005_gives_old_referrals_a_public_id_and_old_tokens_only_advice(tmp_path):
    from alembic import command
    from alembic.config import Config

    from bot.settings import PROJECT_ROOT

    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "0004")
    engine = make_engine(url)
    with engine.begin() as connection:
        for _ in range(2):
            connection.execute(
                text(
                    "INSERT INTO referrals (created_at, updated_at, channel, status, themes, "
                    "theme_labels, urgency, organisation_name, warm_referral_possible) "
                    "VALUES ('2026-11-23', '2026-11-23', 'staff', 'nieuw', '', '', 'normaal', "
                    "'UWV', 0)"
                )
            )
        connection.execute(
            text(
                "INSERT INTO api_tokens (name, token_hash, created_at) "
                "VALUES ('oud', 'x', '2026-01-01')"
            )
        )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT public_id FROM referrals")).scalars().all()
        token = connection.execute(text("SELECT scopes, expires_at FROM api_tokens")).one()
    assert len(set(ids)) == 2 and all(len(i) == 16 for i in ids)
    assert token[0] == "advice" and token[1] is not None
    command.downgrade(config, "0004")
    engine.dispose()
