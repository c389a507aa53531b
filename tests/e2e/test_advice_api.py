"""The advice API on the real stack, checked with the shared contract checker."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.e2e.test_stack import post

pytestmark = pytest.mark.e2e
CHECKER = PROJECT_ROOT.parent / "shared" / "tools" / "check_advice_api.py"


@pytest.fixture(scope="module")
def token(stack):
    result = subprocess.run([str(Path(sys.executable).parent / "wegwijzer"), "token", "create",
                             "e2e-tests"], env=stack.env, cwd=PROJECT_ROOT, capture_output=True,
                            text=True, check=True)
    return result.stdout.strip()


def test_the_advice_api_meets_the_shared_contract(stack, token):
    assert CHECKER.exists(), f"the contract checker is missing: {CHECKER}"
    result = subprocess.run([sys.executable, str(CHECKER), "--url", stack.web_url, "--token", token],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_advice_names_the_competent_organisation_first(stack, token):
    status, body = post(stack.web_url + "/api/advice",
                        {"text": "mevrouw heeft een brief van het CAK over de eigen bijdrage",
                         "gemeente": "Voorbeeldstad"},
                        headers={"Authorization": f"Bearer {token}"})
    assert status == 200, body
    assert body["themes"][0]["name"] == "care_contribution"
    assert body["suggestions"][0]["organisation"] == "CAK"


def test_two_needs_in_one_question_both_reach_the_advice(stack, token):
    status, body = post(stack.web_url + "/api/advice",
                        {"text": "ik moet mijn zorgtoeslag terugbetalen en ik heb al veel schulden"},
                        headers={"Authorization": f"Bearer {token}"})
    names = {t["name"] for t in body["themes"]}
    assert {"allowances", "debts"} <= names, body["themes"]
    assert body["clarify"] is False


def test_an_unknown_gemeente_gets_national_advice_and_a_notice(stack, token):
    status, body = post(stack.web_url + "/api/advice",
                        {"text": "huurtoeslag aanvragen", "gemeente": "Atlantis"},
                        headers={"Authorization": f"Bearer {token}"})
    assert status == 200
    assert "Atlantis" in body["notice"] and "Voorbeeldstad" in body["notice"]


def test_a_revoked_token_is_refused(stack):
    env_cli = [str(Path(sys.executable).parent / "wegwijzer"), "token"]
    created = subprocess.run(env_cli + ["create", "e2e-revoke"], env=stack.env, cwd=PROJECT_ROOT,
                             capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run(env_cli + ["revoke", "e2e-revoke"], env=stack.env, cwd=PROJECT_ROOT, check=True,
                   capture_output=True)
    status, body = post(stack.web_url + "/api/advice", {"text": "digid"},
                        headers={"Authorization": f"Bearer {created}"})
    assert status == 401
