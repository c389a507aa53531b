"""The actions' advice service on a migrated database and a fake parse."""

from __future__ import annotations

import pytest

from actions.runtime import use_advice_service
from bot.cli import db_upgrade
from conversation.advice import AdviceService
from database import make_engine, session_factory
from knowledge import Directory
from tests.support.actions import parse_result
from tests.support.env import settings_for

DIRECTORY = Directory.from_files()


@pytest.fixture(autouse=True)
def service(tmp_path):
    settings = settings_for(tmp_path)
    db_upgrade(settings)
    engine = make_engine(settings.database_url)
    clauses = {
        "ik moet toeslag terugbetalen": "allowances",
        "ik heb al schulden": "debts",
        "bijstand aanvragen": "social_assistance",
    }

    async def parse(text):
        return parse_result(text, clauses.get(text, "vague_request"), 0.9)

    use_advice_service(AdviceService(lambda: DIRECTORY, parse), session_factory(engine))
    yield session_factory(engine)
    use_advice_service(None)
    engine.dispose()
