"""API tokens: stored hashed, scopes (advice by default), a location, an expiry, an owner."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from accounts.models import ApiToken, IdoLocation
from accounts.tokens import TokenError, create_token, revoke_token, verify_token
from database import transaction, utcnow


@pytest.fixture
def sessions(factory):
    with transaction(factory) as s:
        s.add(IdoLocation(id="centrum", name="Bibliotheek Centrum", online=False))
    return factory


def test_a_created_token_verifies_and_is_stored_only_as_a_hash(sessions):
    with transaction(sessions) as s:
        token = create_token(s, "balie-centrum")
    with transaction(sessions) as s:
        principal = verify_token(s, token)
        assert principal.name == "balie-centrum" and principal.kind == "token"
        assert principal.scopes == {"advice"} and principal.locations == frozenset()
        stored = s.execute(select(ApiToken)).scalar_one()
        assert token not in stored.token_hash and len(stored.token_hash) == 64
        assert stored.last_used_at is not None
        assert stored.expires_at > utcnow() + timedelta(days=364)


def test_scopes_location_and_owner_are_recorded(sessions):
    with transaction(sessions) as s:
        token = create_token(
            s,
            "koppeling",
            scopes=["referrals:read", "referrals:write"],
            location_id="centrum",
            owner="Anna de Vries",
            days=30,
        )
    with transaction(sessions) as s:
        principal = verify_token(s, token)
    assert principal.scopes == {"referrals:read", "referrals:write"}
    assert principal.locations == {"centrum"}
    assert principal.actor == "Anna de Vries (token koppeling)"


def test_referral_scopes_need_a_known_location_and_an_owner(sessions):
    for kwargs, message in (
        ({"scopes": ["referrals:read"], "owner": "Anna"}, "needs an IDO location"),
        ({"scopes": ["personal-data"], "location_id": "centrum"}, "needs an owner"),
        ({"scopes": ["everything"]}, "unknown scope"),
        (
            {"scopes": ["referrals:read"], "location_id": "nergens", "owner": "Anna"},
            "Onbekende IDO-locatie",
        ),
        ({"days": 5000}, "valid for"),
    ):
        with pytest.raises(TokenError, match=message), transaction(sessions) as s:
            create_token(s, "t", **kwargs)


def test_an_expired_token_no_longer_verifies(sessions):
    with transaction(sessions) as s:
        token = create_token(s, "kort", days=1)
    with transaction(sessions) as s:
        assert verify_token(s, token, now=utcnow() + timedelta(days=2)) is None
        assert verify_token(s, token) is not None


def test_a_revoked_token_no_longer_verifies(sessions):
    with transaction(sessions) as s:
        token = create_token(s, "balie")
    with transaction(sessions) as s:
        revoke_token(s, "balie")
    with transaction(sessions) as s:
        assert verify_token(s, token) is None


def test_wrong_or_missing_tokens_do_not_verify(sessions):
    with transaction(sessions) as s:
        create_token(s, "balie")
        for presented in (None, "", "ww_wrong", "Bearer x", "x" * 500):
            assert verify_token(s, presented) is None


def test_names_are_unique_while_active_and_reusable_after_revoking(sessions):
    with transaction(sessions) as s:
        first = create_token(s, "balie")
    with pytest.raises(TokenError, match="exists already"), transaction(sessions) as s:
        create_token(s, "balie")
    with transaction(sessions) as s:
        revoke_token(s, "balie")
        second = create_token(s, "balie")
    with transaction(sessions) as s:
        assert verify_token(s, first) is None
        assert verify_token(s, second).name == "balie"


def test_revoking_an_unknown_token_is_a_clear_error(sessions):
    with pytest.raises(TokenError, match="no active token"), transaction(sessions) as s:
        revoke_token(s, "onbekend")


def test_bad_names_are_refused(sessions):
    with pytest.raises(TokenError), transaction(sessions) as s:
        create_token(s, "")
