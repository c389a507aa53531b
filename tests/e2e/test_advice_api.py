"""The advice API on the real stack: its contract (shape and errors) and a few answers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.support.http import post

pytestmark = pytest.mark.e2e
SUGGESTION_FIELDS = {
    "kind",
    "organisation",
    "service",
    "contact",
    "open_now",
    "bring",
    "why",
    "verified_on",
}
ANSWER_FIELDS = {
    "themes": list,
    "clarify": bool,
    "out_of_scope": bool,
    "crisis": bool,
    "suggestions": list,
}


@pytest.fixture(scope="module")
def token(stack):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "wegwijzer"), "token", "create", "e2e-tests"],
        env=stack.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    "question",
    ["digid activeren lukt niet", "huurtoeslag aanvragen", "ik wil leren werken met een tablet"],
)
def test_an_answer_has_the_contract_shape(stack, token, question):
    status, body = post(
        stack.web_url + "/api/advice",
        {"text": question},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status == 200, body
    for field, kind in ANSWER_FIELDS.items():
        assert isinstance(body.get(field), kind), (field, body.get(field))
    assert {"name", "label", "confidence"} <= set(body["themes"][0])
    assert body["suggestions"], body
    assert set(body["suggestions"][0]) >= SUGGESTION_FIELDS


@pytest.mark.parametrize(
    ("body", "auth", "raw", "statuses"),
    [
        ({"text": "digid"}, None, None, {401}),
        ({"text": "digid"}, "not-a-token", None, {401}),
        (None, "token", b"{not json", {400}),
        ({"gemeente": "x"}, "token", None, {400}),
        ({"text": "   "}, "token", None, {400}),
        ({"text": 42}, "token", None, {400}),
        ({"text": "a" * 100_000}, "token", None, {400, 413}),
    ],
    ids=[
        "no token",
        "wrong token",
        "invalid JSON",
        "text missing",
        "text empty",
        "text not a string",
        "text of 100,000 characters",
    ],
)
def test_a_bad_request_gets_a_clear_error(stack, token, body, auth, raw, statuses):
    headers = {"Authorization": f"Bearer {token if auth == 'token' else auth}"} if auth else {}
    status, answer = post(stack.web_url + "/api/advice", body, headers=headers, raw=raw)
    assert status in statuses, (status, answer)
    if status in (400, 413):
        assert str(answer).strip(), "the error carries a message"


def test_advice_names_the_competent_organisation_first(stack, token):
    status, body = post(
        stack.web_url + "/api/advice",
        {
            "text": "mevrouw heeft een brief van het CAK over de eigen bijdrage",
            "gemeente": "Voorbeeldstad",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status == 200, body
    assert body["themes"][0]["name"] == "care_contribution"
    assert body["suggestions"][0]["organisation"] == "CAK"


def test_two_needs_in_one_question_both_reach_the_advice(stack, token):
    _status, body = post(
        stack.web_url + "/api/advice",
        {"text": "ik moet mijn zorgtoeslag terugbetalen en ik heb al veel schulden"},
        headers={"Authorization": f"Bearer {token}"},
    )
    names = {t["name"] for t in body["themes"]}
    assert {"allowances", "debts"} <= names, body["themes"]
    assert body["clarify"] is False


def test_an_unknown_gemeente_gets_national_advice_and_a_notice(stack, token):
    status, body = post(
        stack.web_url + "/api/advice",
        {"text": "huurtoeslag aanvragen", "gemeente": "Atlantis"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status == 200
    assert body["notice"].startswith("Voor Atlantis heb ik geen lokale gegevens")
    assert "Voorbeeldstad" in [g["name"] for g in body["known_gemeenten"]]


def test_a_revoked_token_is_refused(stack):
    env_cli = [str(Path(sys.executable).parent / "wegwijzer"), "token"]
    created = subprocess.run(
        [*env_cli, "create", "e2e-revoke"],
        env=stack.env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run(
        [*env_cli, "revoke", "e2e-revoke"],
        env=stack.env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
    )
    status, _body = post(
        stack.web_url + "/api/advice",
        {"text": "digid"},
        headers={"Authorization": f"Bearer {created}"},
    )
    assert status == 401
