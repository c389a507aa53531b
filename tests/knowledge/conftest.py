"""Fixtures: the shipped directory from the files, and the same directory read back from a
migrated database, SQLite and PostgreSQL alike (DB-backed tests run on both)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from database import make_engine, session_factory, transaction
from knowledge import Directory
from knowledge.load import DEFAULT_DATA_DIR, sync_database
from tests.support import postgres as pg
from tests.support.env import migrate

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_cluster():
    try:
        cluster = pg.start_cluster()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    yield cluster
    cluster.stop()


_counter = {"n": 0}


@pytest.fixture(scope="session")
def database_factory(request, tmp_path_factory):
    """new(backend) -> URL of a fresh, migrated, empty database."""

    def new(backend: str) -> str:
        _counter["n"] += 1
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        else:
            cluster = request.getfixturevalue("postgres_cluster")
            url = cluster.create_database(f"wegwijzer_test_{_counter['n']}")
        migrate(url)
        return url

    return new


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def engine(backend, database_factory):
    engine = make_engine(database_factory(backend))
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def file_directory() -> Directory:
    return Directory.from_files(DEFAULT_DATA_DIR)


@pytest.fixture(scope="session", params=BACKENDS)
def directory(request, database_factory) -> Directory:
    """The shipped data, loaded into a migrated database and read back from it."""
    engine = make_engine(database_factory(request.param))
    with transaction(session_factory(engine)) as session:
        sync_database(session, DEFAULT_DATA_DIR)
    with session_factory(engine)() as session:
        result = Directory.from_session(session)
    engine.dispose()
    return result


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shipped data directory."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target
