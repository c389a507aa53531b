"""Realistic multi-turn conversations through the real web chat (tests/e2e/conversations.yml):
an elderly person without a mobile phone, a newcomer with an IND letter, a staff note,
turning 18, debts and a bailiff, a bereavement, a person wanted, a call-back without a
gemeente, an unknown gemeente, a change of topic, follow-ups, a referral completed and
one stopped, a crisis mid-form and back, starting again, and more."""

from __future__ import annotations

import pytest

from tests.support.conversations import load, play

pytestmark = pytest.mark.e2e
CONVERSATIONS = load()


def test_there_are_at_least_forty_conversations():
    assert len(CONVERSATIONS) >= 40


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_the_conversation_goes_well(stack, conversation):
    problems = play(stack.web_url, conversation)
    assert not problems, "\n".join(problems)
