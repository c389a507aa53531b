"""Dialogue paths end to end: the test stories, advice in the chat, crisis, gemeente."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.settings import PROJECT_ROOT
from bot.training import latest_model
from tests.support.http import chat, post, say

pytestmark = pytest.mark.e2e


def test_the_test_stories_pass_against_the_real_action_server(stack, tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        yaml.safe_dump(
            {"action_endpoint": {"url": f"http://127.0.0.1:{stack.action_port}/webhook"}}
        )
    )
    model = latest_model(PROJECT_ROOT / "models")
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "test",
            "core",
            "--stories",
            "tests/test_stories.yml",
            "--model",
            str(model),
            "--endpoints",
            str(endpoints),
            "--out",
            str(tmp_path / "results"),
            "--fail-on-prediction-errors",
            "--no-plot",
        ],
        cwd=PROJECT_ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    failed = tmp_path / "results" / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:] + details[-4000:]


def test_a_question_gets_the_competent_organisation_first_with_contact(stack):
    opener = chat(stack)
    answer = say(stack, opener, "mijn digid activeringscode is verlopen, wat moet ik doen")
    assert "DigiD" in answer
    assert "088 123 65 55" in answer


def test_crisis_gets_113_and_112_in_the_first_reply_whatever_else_was_said(stack):
    opener = chat(stack)
    answer = say(
        stack, opener, "ik heb schulden en een brief van de deurwaarder en ik wil niet meer leven"
    )
    assert "113" in answer and "112" in answer and "0800 0113" in answer
    assert "deurwaarder" not in answer.lower()


def test_the_gemeente_is_asked_with_buttons_and_remembered(stack):
    opener = chat(stack)
    _, body = post(
        stack.web_url + "/chat/message", {"text": "ik wil bijzondere bijstand aanvragen"}, opener
    )
    buttons = [b for m in body["messages"] for b in m.get("buttons", [])]
    assert "Voorbeeldstad" in [b["title"] for b in buttons], body
    payload = next(b["payload"] for b in buttons if b["title"] == "Voorbeeldstad")
    _, body = post(stack.web_url + "/chat/message", {"payload": payload}, opener)
    text = " ".join(m["text"] for m in body["messages"])
    assert "Voorbeeldstad" in text
    _status, body = post(
        stack.web_url + "/chat/message",
        {"text": "waar kan ik een cursus volgen om met de computer te leren werken"},
        opener,
    )
    later = [b["title"] for m in body["messages"] for b in m.get("buttons", [])]
    assert "Voorbeeldstad" not in later  # not asked again


def test_a_typed_slash_intent_cannot_fake_a_button(stack):
    opener = chat(stack)
    answer = say(stack, opener, '/inform{"gemeente": "Voorbeeldstad"}')
    assert answer  # answered as text, no crash
    _status, body = post(stack.web_url + "/chat/message", {"payload": "/affirm"}, opener)
    assert "knop" in body["messages"][0]["text"]
