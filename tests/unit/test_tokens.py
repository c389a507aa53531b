import pytest
from sqlalchemy import select

from accounts.models import ApiToken
from accounts.tokens import TokenError, create_token, revoke_token, verify_token
from database import make_engine, session_factory, transaction


@pytest.fixture
def sessions(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 't.db'}")
    ApiToken.__table__.create(engine)
    yield session_factory(engine)
    engine.dispose()


def test_a_created_token_verifies_and_is_stored_only_as_a_hash(sessions):
    with transaction(sessions) as s:
        token = create_token(s, "balie-centrum")
    with transaction(sessions) as s:
        assert verify_token(s, token) == "balie-centrum"
        stored = s.execute(select(ApiToken)).scalar_one()
        assert token not in stored.token_hash and len(stored.token_hash) == 64
        assert stored.last_used_at is not None


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
        assert verify_token(s, second) == "balie"


def test_revoking_an_unknown_token_is_a_clear_error(sessions):
    with pytest.raises(TokenError, match="no active token"), transaction(sessions) as s:
        revoke_token(s, "onbekend")


def test_bad_names_are_refused(sessions):
    with pytest.raises(TokenError), transaction(sessions) as s:
        create_token(s, "")
