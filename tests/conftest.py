"""Fixtures every test folder may use: a fresh database with all the project's tables."""

from __future__ import annotations

import pytest

import bot.schema  # noqa: F401  (registers every table on Base.metadata)
from database import Base, make_engine, session_factory, transaction


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'project.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine):
    return session_factory(engine)


@pytest.fixture
def session(factory):
    with transaction(factory) as session:
        yield session
