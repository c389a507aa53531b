"""Generated input against the real stack (Rasa, the action server, the web app): fewer
cases than tests/properties/ (each one is a real turn), same rule: never a 500, the
conversation still answers, and what was stored still adds up."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.settings import PROJECT_ROOT
from tests.properties.strategies import any_text, json_values, maybe, raw_bodies
from tests.support.http import chat, post

pytestmark = pytest.mark.e2e
REAL = {
    "deadline": None,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}
COUNT = {"advice_ok": 0}


@pytest.fixture(scope="module")
def person(stack):
    opener = chat(stack)
    post(stack.web_url + "/chat/start", {}, opener)
    return opener


@pytest.fixture(scope="module")
def token(stack):
    return subprocess.run(
        [str(Path(sys.executable).parent / "wegwijzer"), "token", "create", "eigenschappen-e2e"],
        env=stack.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@settings(max_examples=120, **REAL)
@given(body=st.one_of(st.fixed_dictionaries({"text": maybe(any_text)}), json_values))
def test_the_real_chat_answers_generated_messages_without_a_500(stack, person, body):
    status, answer = post(
        stack.web_url + "/chat/message", None, person, raw=json.dumps(body).encode()
    )
    assert 200 <= status < 500, (status, answer)
    if status == 200:
        assert answer["messages"] and all(m["text"] for m in answer["messages"])


@settings(max_examples=120, **REAL)
@given(
    body=st.one_of(
        st.fixed_dictionaries({"text": maybe(any_text)}, optional={"gemeente": maybe(any_text)}),
        raw_bodies.map(lambda raw: raw[:70_000]),
    )
)
def test_the_real_advice_api_answers_generated_questions_without_a_500(stack, token, body):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    status, answer = post(
        stack.web_url + "/api/advice", None, headers={"Authorization": f"Bearer {token}"}, raw=raw
    )
    assert 200 <= status < 500, (status, answer)
    if status == 200:
        COUNT["advice_ok"] += 1


def test_after_the_generated_cases_the_chat_still_answers_and_the_data_adds_up(stack, person):
    status, answer = post(stack.web_url + "/chat/message", {"text": "hallo"}, person)
    assert status == 200 and answer["messages"]
    db = sqlite3.connect(Path(stack.env["WEGWIJZER_VAR_DIR"]) / "wegwijzer.db")
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    staff = db.execute(
        "select count(*) from question_registrations where channel = 'staff'"
    ).fetchone()[0]
    db.close()
    assert staff >= COUNT["advice_ok"]
