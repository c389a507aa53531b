"""The actions on a migrated database, with the real directory and a fixed parse."""

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
MEANINGS = {
    "ik wil hulp bij thuis wonen": "social_support",
    "ik moet toeslag terugbetalen": "allowances",
    "ik heb al schulden": "debts",
}


@pytest.fixture(autouse=True)
def sessions(tmp_path, monkeypatch):
    settings = settings_for(tmp_path)
    for key, value in {
        "WEGWIJZER_VAR_DIR": str(settings.var_dir),
        "DATABASE_URL": settings.database_url,
        "RASA_JWT_SECRET": settings.rasa_jwt_secret,
        "SESSION_SECRET": settings.session_secret,
    }.items():
        monkeypatch.setenv(key, value)
    db_upgrade(settings)
    engine = make_engine(settings.database_url)

    async def parse(text):
        return parse_result(text, MEANINGS.get(text, "inform"), 0.9)

    factory = session_factory(engine)
    use_advice_service(AdviceService(lambda: DIRECTORY, parse), factory)
    yield factory
    use_advice_service(None)
    engine.dispose()
