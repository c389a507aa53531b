"""Staff accounts: argon2 passwords, lockout, sessions that expire on the server, the CLI."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from accounts import staff
from accounts.errors import AccountError, LoginFailed
from accounts.models import StaffAccount
from database import transaction, utcnow
from tests.support.accounts import CENTRUM, PASSWORD, account, add_location


@pytest.fixture
def sessions(factory):
    with transaction(factory) as s:
        add_location(s, CENTRUM, "Bibliotheek Centrum")
        account(s, "anna")
    return factory


def test_the_password_is_stored_as_an_argon2_hash(sessions):
    with sessions() as s:
        stored = s.execute(select(StaffAccount)).scalar_one()
    assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash


@pytest.mark.parametrize(
    "password, message",
    [
        ("kort", "minstens 12"),
        ("anna-heeft-een-wachtwoord", "gebruikersnaam"),
        ("a" * 14, "eenvoudig"),
    ],
)
def test_weak_passwords_are_refused(sessions, password, message):
    with pytest.raises(AccountError, match=message), transaction(sessions) as s:
        staff.set_password(s, "anna", password)


def test_a_wrong_password_five_times_locks_the_account_for_a_while(sessions):
    now = utcnow()
    for _ in range(5):
        with transaction(sessions) as s, pytest.raises(LoginFailed):
            staff.authenticate(s, "anna", "fout-wachtwoord", now=now)
    with transaction(sessions) as s, pytest.raises(LoginFailed):
        staff.authenticate(s, "anna", PASSWORD, now=now + timedelta(minutes=1))
    with transaction(sessions) as s:
        later = now + timedelta(minutes=staff.LOCK_MINUTES + 1)
        assert staff.authenticate(s, "anna", PASSWORD, now=later).username == "anna"


def test_unknown_and_disabled_accounts_fail_like_a_wrong_password(sessions):
    with transaction(sessions) as s, pytest.raises(LoginFailed):
        staff.authenticate(s, "niemand", PASSWORD)
    with transaction(sessions) as s:
        staff.disable_account(s, "anna")
    with transaction(sessions) as s, pytest.raises(LoginFailed):
        staff.authenticate(s, "anna", PASSWORD)


def test_a_session_expires_after_a_quiet_period_and_at_its_maximum(sessions):
    start = utcnow()
    with transaction(sessions) as s:
        cookie = staff.start_session(s, staff.get_account(s, "anna"), now=start).cookie
    with transaction(sessions) as s:
        active = staff.resume_session(s, cookie, now=start + timedelta(minutes=20))
        assert active.principal.actor == "anna" and active.principal.locations == {CENTRUM}
    with transaction(sessions) as s:  # 20 + 31 minutes: quiet too long
        assert staff.resume_session(s, cookie, now=start + timedelta(minutes=51)) is None
    with transaction(sessions) as s:
        cookie = staff.start_session(s, staff.get_account(s, "anna"), now=start).cookie
    moment = start
    with transaction(sessions) as s:
        for _ in range(staff.MAX_HOURS * 3):
            moment += timedelta(minutes=20)
            if staff.resume_session(s, cookie, now=moment) is None:
                break
    assert moment - start <= timedelta(hours=staff.MAX_HOURS, minutes=20)


def test_a_new_password_or_disabling_ends_the_sessions(sessions):
    with transaction(sessions) as s:
        cookie = staff.start_session(s, staff.get_account(s, "anna")).cookie
    with transaction(sessions) as s:
        staff.set_password(s, "anna", "een-ander-lang-wachtwoord")
    with transaction(sessions) as s:
        assert staff.resume_session(s, cookie) is None


def test_accounts_need_a_known_location_and_a_good_user_name(sessions):
    for kwargs, message in (
        ({"username": "Anna Met Spaties"}, "gebruikersnaam"),
        ({"username": "anna"}, "al een account"),
        ({"location_ids": []}, "minstens één IDO-locatie"),
        ({"location_ids": ["nergens"]}, "Onbekende IDO-locatie"),
        ({"role": "baas"}, "Onbekende rol"),
    ):
        values = {
            "username": "bea",
            "display_name": "Bea",
            "password": PASSWORD,
            "role": "staff",
            "location_ids": [CENTRUM],
            "by": "test",
            **kwargs,
        }
        with pytest.raises(AccountError, match=message), transaction(sessions) as s:
            staff.create_account(s, **values)


def test_the_cli_creates_accounts_and_locations_from_the_knowledge_data(tmp_path, monkeypatch):
    from bot import cli
    from tests.support.env import settings_for

    settings = settings_for(tmp_path)
    cli.db_upgrade(settings)
    assert cli.load_knowledge(settings) == 0
    monkeypatch.setenv("WEGWIJZER_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli.main(["user", "create", "karel", "--role", "coordinator",
                     "--gemeente", "voorbeeldstad", "--password-stdin"]) == 0  # fmt: skip
    assert cli.main(["location", "online", "bibliotheek-voorbeeldstad-noord"]) == 0
    assert cli.main(["token", "create", "koppeling", "--scope", "referrals:read"]) == 1
    assert cli.main(["user", "create", "x", "--location", "nergens", "--password-stdin"]) == 1
    from database import make_engine, session_factory

    engine = make_engine(settings.database_url)
    with session_factory(engine)() as s:
        karel = staff.get_account(s, "karel")
        assert karel.role == "coordinator"
        assert karel.location_ids == {
            "bibliotheek-voorbeeldstad-centrum",
            "bibliotheek-voorbeeldstad-noord",
        }
    engine.dispose()
