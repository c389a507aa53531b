"""Retention: personal data of closed referrals is erased after the limit; safe to repeat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from database import transaction
from referrals import mail
from referrals.models import HandoverMessage, Referral
from referrals.retention import PurgeResult, purge_referrals
from registration.models import QuestionRegistration
from registration.service import register_question
from tests.support.referrals import NOW, new

DAY = timedelta(days=1)


def closed(session, status, at):
    referral = new(session, now=at)
    if status == "afgerond":
        referral.hand_over("balie", at)
        mail.queue_note(session, referral, "intake@partner.example", "balie", at)
        referral.change_status("afgerond", "balie", at)
    else:
        referral.change_status("geannuleerd", "balie", at)
    return referral


def test_closed_referrals_older_than_the_limit_lose_their_personal_data(factory):
    with transaction(factory) as session:
        old_done = closed(session, "afgerond", NOW - 91 * DAY).id
        old_cancelled = closed(session, "geannuleerd", NOW - 100 * DAY).id
        recent = closed(session, "afgerond", NOW - 89 * DAY).id
        still_open = new(session, now=NOW - 400 * DAY).id
        register_question(
            session,
            channel="staff",
            outcome="referral",
            partner_kind="advice_partner",
            on=NOW - 91 * DAY,
        )
    with transaction(factory) as session:
        assert purge_referrals(session, older_than_days=90, now=NOW) == PurgeResult(
            referrals=2, messages=1
        )
    with factory() as session:
        for referral_id in (old_done, old_cancelled):
            referral = session.get(Referral, referral_id)
            assert not referral.has_personal_data and referral.person_name is None
            assert referral.question is None and referral.erased_because == "retention"
            assert referral.organisation_name == "Het Juridisch Loket"
            assert referral.consent_text  # the proof of consent stays
            assert referral.events[-1].action == "purge"
            assert referral.events[-1].actor == "systeem (bewaartermijn)"
        for message in session.get(Referral, old_done).messages:
            assert message.body_text is None and message.body_html is None
        assert session.get(Referral, recent).person_name == "Anna de Vries"
        assert session.get(Referral, still_open).person_name == "Anna de Vries"
        assert (
            session.execute(select(func.count()).select_from(QuestionRegistration)).scalar_one()
            == 1
        )


def test_running_the_purge_again_changes_nothing(factory):
    with transaction(factory) as session:
        closed(session, "afgerond", NOW - 200 * DAY)
    for expected in (PurgeResult(1, 1), PurgeResult(0, 0), PurgeResult(0, 0)):
        with transaction(factory) as session:
            assert purge_referrals(session, now=NOW) == expected


def test_a_note_still_waiting_for_a_closed_referral_is_cancelled(factory):
    with transaction(factory) as session:
        referral = closed(session, "afgerond", NOW - 120 * DAY)
        message_id = referral.messages[0].id
    with transaction(factory) as session:
        purge_referrals(session, now=NOW)
    with factory() as session:
        assert session.get(HandoverMessage, message_id).state == "cancelled"


def test_the_limit_comes_from_the_argument(factory):
    with transaction(factory) as session:
        closed(session, "geannuleerd", NOW - 10 * DAY)
    with transaction(factory) as session:
        assert purge_referrals(session, older_than_days=30, now=NOW).referrals == 0
        assert purge_referrals(session, older_than_days=7, now=NOW).referrals == 1
    with pytest.raises(ValueError), transaction(factory) as session:
        purge_referrals(session, older_than_days=-1)


def test_staff_notes_are_masked_when_written_and_blanked_by_retention(session):
    from datetime import datetime, timedelta

    from referrals.models import NOTE_ERASED, ReferralEvent
    from referrals.retention import purge_referrals
    from referrals.service import change_status
    from tests.support.referrals import NOW, new

    referral = new(session)
    change_status(session, referral.id, "in_behandeling", "balie-1", "Belde 06-12345678 terug", NOW)
    change_status(session, referral.id, "geannuleerd", "balie-1", "Anna wil het zelf doen", NOW)
    notes = [e.detail for e in referral.events if e.action == "status"]
    assert "06-12345678" not in " ".join(n or "" for n in notes)
    purge_referrals(session, 90, now=NOW + timedelta(days=91))
    session.flush()
    details = [e.detail for e in session.query(ReferralEvent).all() if e.action == "status"]
    assert NOTE_ERASED in details
    assert not any("Anna" in (d or "") or "Belde" in (d or "") for d in details)
    assert isinstance(NOW, datetime)
