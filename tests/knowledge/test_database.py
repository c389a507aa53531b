"""Migrations, loading into the database and reading back: on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from database import Base, session_factory, transaction
from knowledge import Directory
from knowledge.__main__ import main
from knowledge.load import DataError, load_files, sync_database
from knowledge.models import OrganisationRow, ServiceRow


def test_the_migration_matches_the_models(engine):
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    kb_diff = [d for d in diff if "kb_" in repr(d)]
    assert kb_diff == []


def test_loading_and_reading_back_gives_the_same_directory(engine):
    with transaction(session_factory(engine)) as session:
        sync_database(session)
    with session_factory(engine)() as session:
        assert Directory.from_session(session).data == load_files()


def test_loading_twice_replaces_the_directory(engine):
    for _ in range(2):
        with transaction(session_factory(engine)) as session:
            sync_database(session)
    with session_factory(engine)() as session:
        count = session.execute(select(func.count()).select_from(ServiceRow)).scalar_one()
    assert count == sum(len(o.services) for o in load_files().organisations)


def test_bad_files_leave_the_loaded_directory_untouched(engine, data_copy):
    with transaction(session_factory(engine)) as session:
        sync_database(session)
    (data_copy / "national/zz.yml").write_text("organisations: [{id: x}]\n", encoding="utf-8")
    with pytest.raises(DataError), transaction(session_factory(engine)) as session:
        sync_database(session, data_copy)
    with session_factory(engine)() as session:
        names = session.execute(select(OrganisationRow.id)).scalars().all()
    assert "digid" in names and "x" not in names


def test_the_load_command(engine, capsys):
    assert main(["load", "--database-url", engine.url.render_as_string(hide_password=False)]) == 0
    assert capsys.readouterr().out.startswith("Geladen:")
