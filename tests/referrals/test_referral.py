"""The warm referral: consent before personal data, the status workflow, the audit log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from database import transaction
from referrals import service
from referrals.errors import ConsentMissing, InvalidInput, InvalidTransition, ReferralNotFound
from referrals.models import Referral, ReferralEvent
from referrals.service import Person
from tests.support.referrals import ANNA, CONSENT_TEXT, NO, NOW, YES, new, suggestion


def actions(referral):
    return [e.action for e in referral.events]


# ---------------------------------------------------------------- creating
def test_a_referral_holds_the_question_the_partner_and_the_ido_from_the_suggestion(session):
    referral = new(session)
    assert referral.status == "nieuw"
    assert (referral.organisation_id, referral.organisation_name) == (
        "juridisch-loket",
        "Het Juridisch Loket",
    )
    assert (referral.service_id, referral.service_name) == (
        "juridisch-loket-advies",
        "Gratis juridisch advies",
    )
    assert (referral.contact_type, referral.contact_value) == ("phone", "0900-8020")
    assert referral.partner_email == "Doorverwijzing@juridischloket.example"
    assert referral.partner_kind == "advice_partner" and referral.warm_referral_possible
    assert referral.theme_list == ["legal_advice"]
    assert referral.question == "Mijn werkgever betaalt mijn loon niet."
    assert referral.document_list == ["loonstrook"]
    assert referral.deadline == date(2026, 12, 1) and referral.urgency == "dringend"
    assert referral.ido_location_id == "bibliotheek-voorbeeldstad"
    assert referral.person_name == "Anna de Vries"
    assert referral.person_phone == "+31612345678"
    assert (referral.consent_text, referral.consent_given, referral.consent_at) == (
        CONSENT_TEXT,
        True,
        NOW,
    )
    assert actions(referral) == ["created", "consent", "person_added"]
    assert all(e.actor == "balie-1" for e in referral.events)


def test_personal_data_without_consent_is_refused_and_nothing_is_stored(factory):
    for consent in (None, NO):
        with pytest.raises(ConsentMissing, match="toestemming"), transaction(factory) as session:
            new(session, consent=consent, person=ANNA)
    with factory() as session:
        assert session.execute(select(func.count()).select_from(Referral)).scalar_one() == 0


def test_without_consent_nothing_personal_is_kept_and_the_person_gets_the_contact_details(session):
    referral = new(
        session,
        consent=NO,
        person=None,
        question="Ik ben Anna de Vries, bel me op 06-12345678, BSN 111222333",
    )
    assert referral.status == "geannuleerd"
    assert referral.consent_given is False and referral.consent_text == CONSENT_TEXT
    assert referral.person_name is referral.person_phone is referral.person_email is None
    assert referral.question is None and not referral.has_personal_data
    assert service.self_help(referral) == {
        "organisation": "Het Juridisch Loket",
        "service": "Gratis juridisch advies",
        "contact": {"type": "phone", "value": "0900-8020", "label": "Telefonisch spreekuur"},
    }
    assert referral.events[-1].detail.startswith("geen toestemming")


def test_consent_not_asked_yet_keeps_the_referral_new_and_free_text_masked(session):
    referral = new(session, consent=None, person=None, question="Bel me op 06-12345678")
    assert referral.status == "nieuw" and referral.consent_given is None
    assert referral.question == "Bel me op [TELEFOON]"


def test_personal_data_cannot_be_set_on_a_referral_without_consent(session):
    referral = new(session, consent=None, person=None)
    with pytest.raises(ConsentMissing):
        referral.person_name = "Anna"
    with pytest.raises(ConsentMissing):
        referral.add_person(name="Anna", phone="0612345678", at=NOW)


def test_the_database_itself_refuses_personal_data_without_consent(factory):
    with transaction(factory) as session:
        referral_id = new(session, consent=None, person=None).id
    with pytest.raises(IntegrityError), transaction(factory) as session:
        session.execute(
            text("UPDATE referrals SET person_phone = '+31612345678' WHERE id = :id"),
            {"id": referral_id},
        )


def test_consent_given_later_allows_the_persons_details(session):
    referral = new(session, consent=None, person=None)
    service.give_consent(session, referral.id, YES, "balie-2", ANNA, now=NOW)
    assert referral.person_name == "Anna de Vries" and referral.consent_given


def test_withdrawn_consent_erases_the_personal_data_and_cancels(session):
    referral = new(session)
    referral.give_consent(CONSENT_TEXT, False, NOW + timedelta(hours=1), "balie-1")
    assert not referral.has_personal_data
    assert referral.status == "geannuleerd"
    assert referral.erased_because == "consent_withdrawn"
    assert "nee (ingetrokken)" in [e.detail for e in referral.events]


@pytest.mark.parametrize(
    "written, stored",
    [
        ("06-12345678", "+31612345678"),
        ("06 1234 5678", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("0031 6 12345678", "+31612345678"),
        ("020-1234567", "+31201234567"),
        ("(020) 123 45 67", "+31201234567"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_phone_numbers_in_dutch_notations_are_accepted(session, written, stored):
    referral = new(session, person=Person(name="Anna", phone=written))
    assert referral.person_phone == stored


@pytest.mark.parametrize(
    "person, message",
    [
        (Person(name="Anna", phone="12345"), "telefoonnummer klopt niet"),
        (Person(name="Anna", phone="06-1234"), "telefoonnummer klopt niet"),
        (Person(name="Anna", phone="bel me"), "cijfers"),
        (Person(name="Anna", email="anna@"), "e-mailadres klopt niet"),
        (Person(name="Anna", email="anna@example"), "e-mailadres klopt niet"),
        (Person(name="Anna", email="an..na@example.nl"), "e-mailadres klopt niet"),
        (Person(name="Anna"), "telefoonnummer of e-mailadres"),
        (Person(name="", phone="0612345678"), "naam ontbreekt"),
        (Person(name="Anna 2", phone="0612345678"), "letters"),
    ],
)
def test_wrong_contact_details_get_a_kind_dutch_message(session, person, message):
    with pytest.raises(InvalidInput, match=message):
        new(session, person=person)


def test_an_email_address_is_accepted_and_its_domain_lowered(session):
    referral = new(session, person=Person(name="Anna", email="Anna.de-Vries+ido@Example.NL"))
    assert referral.person_email == "Anna.de-Vries+ido@example.nl"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"channel": "fax"}, "kanaal"),
        ({"urgency": "morgen"}, "urgentie"),
        ({"themes": ["Geen thema!"]}, "thema"),
        ({"suggestion": {"kind": "ido"}}, "organisatie"),
        ({"suggestion": suggestion(kind="bank")}, "soort"),
        ({"question": "x" * 4001}, "langer"),
    ],
)
def test_invalid_referral_fields_are_refused(session, kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        new(session, **kwargs)


# ---------------------------------------------------------------- status
def test_the_whole_workflow_is_logged_with_who_and_when(session):
    referral = new(session)
    later = NOW + timedelta(minutes=5)
    referral.change_status("in_behandeling", "balie-1", later)
    referral.change_status("doorverwezen", "balie-2", later)
    referral.change_status("afgerond", "balie-3", later + timedelta(days=7))
    steps = [(e.actor, e.from_status, e.to_status) for e in referral.events if e.action == "status"]
    assert steps == [
        ("balie-1", "nieuw", "in_behandeling"),
        ("balie-2", "in_behandeling", "doorverwezen"),
        ("balie-3", "doorverwezen", "afgerond"),
    ]
    assert referral.closed_at == later + timedelta(days=7)
    assert referral.handed_over_at == later


@pytest.mark.parametrize(
    "path, to",
    [
        ([], "doorverwezen"),
        ([], "afgerond"),
        (["in_behandeling"], "afgerond"),
        (["in_behandeling"], "nieuw"),
        (["in_behandeling", "doorverwezen", "afgerond"], "geannuleerd"),
        (["geannuleerd"], "in_behandeling"),
    ],
)
def test_invalid_transitions_are_refused_clearly(session, path, to):
    referral = new(session)
    for step in path:
        referral.change_status(step, "balie", NOW)
    with pytest.raises(InvalidTransition, match="kan niet"):
        referral.change_status(to, "balie", NOW)


@pytest.mark.parametrize("path", [[], ["in_behandeling"], ["in_behandeling", "doorverwezen"]])
def test_cancelling_is_possible_from_every_state_that_is_not_final(session, path):
    referral = new(session)
    for step in path:
        referral.change_status(step, "balie", NOW)
    referral.change_status("geannuleerd", "balie", NOW, "persoon is zelf gegaan")
    assert referral.status == "geannuleerd" and referral.closed_at == NOW


def test_an_unknown_status_is_invalid_input(session):
    with pytest.raises(InvalidInput, match="Onbekende status"):
        new(session).change_status("klaar", "balie", NOW)


def test_hand_over_goes_from_new_through_in_behandeling(session):
    referral = new(session)
    referral.hand_over("balie-1", NOW)
    assert referral.status == "doorverwezen"
    assert [(e.from_status, e.to_status) for e in referral.events if e.action == "status"] == [
        ("nieuw", "in_behandeling"),
        ("in_behandeling", "doorverwezen"),
    ]


def test_hand_over_needs_consent_and_a_way_to_reach_the_person(session):
    with pytest.raises(ConsentMissing, match="toestemming"):
        new(session, consent=None, person=None).hand_over("balie", NOW)
    with pytest.raises(ConsentMissing, match="telefoonnummer of e-mailadres"):
        new(session, person=None).hand_over("balie", NOW)


# ---------------------------------------------------------------- reading, export, erasure
def test_every_read_of_personal_data_is_logged(session):
    referral = new(session)
    service.read_referral(session, referral.id, "balie-7", now=NOW)
    read = referral.events[-1]
    assert (read.action, read.actor, read.at, read.referral_id) == (
        "read",
        "balie-7",
        NOW,
        referral.id,
    )


def test_reading_a_referral_without_personal_data_is_not_an_access_to_log(session):
    referral = new(
        session,
        consent=NO,
        person=None,
        question=None,
        summary=None,
        already_tried=None,
        documents=[],
    )
    service.read_referral(session, referral.id, "balie-7", now=NOW)
    assert "read" not in actions(referral)


def test_export_holds_all_personal_data_and_the_history_and_is_logged(session):
    referral = new(session)
    data = service.export_personal_data(session, referral.id, "balie-9", now=NOW)
    assert data["referral"]["person"]["name"] == "Anna de Vries"
    assert data["referral"]["question"] == "Mijn werkgever betaalt mijn loon niet."
    assert data["referral"]["consent_record"]["text"] == CONSENT_TEXT
    assert [h["action"] for h in data["history"]][-1] == "export"


def test_erasure_clears_the_person_and_the_free_text_and_cancels_an_open_referral(session):
    referral = new(session)
    result = service.erase_personal_data(session, referral.id, "balie-9", now=NOW)
    assert result == {"id": referral.public_id, "erased": True, "status": "geannuleerd"}
    for field in (
        "person_name",
        "person_phone",
        "person_email",
        "preferred_contact_time",
        "question",
        "summary",
        "already_tried",
        "documents",
    ):
        assert getattr(referral, field) is None
    assert referral.organisation_name == "Het Juridisch Loket"  # the anonymous facts stay
    assert "erase" in actions(referral)
    assert service.erase_personal_data(session, referral.id, "balie-9", now=NOW)["erased"] is False


def test_the_audit_log_holds_no_personal_data(session):
    referral = new(session)
    referral.hand_over("balie", NOW)
    service.read_referral(session, referral.id, "balie", now=NOW)
    service.erase_personal_data(session, referral.id, "balie", now=NOW)
    session.flush()
    logged = " ".join(
        str(v)
        for e in session.execute(select(ReferralEvent)).scalars()
        for v in (e.actor, e.action, e.detail)
    )
    for secret in ("Anna", "12345678", "loon"):
        assert secret not in logged


def test_an_unknown_referral_is_not_found(session):
    with pytest.raises(ReferralNotFound, match="nummer 999"):
        service.read_referral(session, 999, "balie")


def test_the_list_filters_by_status_theme_and_organisation(session):
    a = new(session)
    b = new(
        session,
        suggestion=suggestion(organisation="UWV", organisation_id="uwv"),
        themes=["employee_insurance"],
    )
    b.change_status("in_behandeling", "balie", NOW)
    assert [r.id for r in service.list_referrals(session, status="in_behandeling")] == [b.id]
    assert [r.id for r in service.list_referrals(session, theme="legal_advice")] == [a.id]
    assert [r.id for r in service.list_referrals(session, organisation="uwv")] == [b.id]
    by_name = service.list_referrals(session, organisation="het juridisch loket")
    assert [r.id for r in by_name] == [a.id]
    assert service.list_referrals(session, theme="legal") == []
    assert "person" not in service.summary_view(a) and "question" not in service.summary_view(a)


def test_erasure_on_request_blanks_the_staff_notes_and_send_cleans_its_note(session):
    import pytest as _pytest

    from referrals import mail
    from referrals.errors import InvalidInput
    from referrals.models import NOTE_ERASED
    from referrals.service import change_status, erase_personal_data
    from tests.support.referrals import NOW, new

    referral = new(session)
    with _pytest.raises(InvalidInput):
        mail.hand_over(session, referral.id, "balie-1", note="bel \x07 terug", now=NOW)
    change_status(session, referral.id, "in_behandeling", "balie-1", "Mevrouw is doof", NOW)
    mail.hand_over(session, referral.id, "balie-1", note="BSN 111222333 in de brief", now=NOW)
    assert "111222333" not in " ".join(e.detail or "" for e in referral.events)
    erase_personal_data(session, referral.id, "balie-1", now=NOW)
    notes = [e.detail for e in referral.events if e.action == "status"]
    assert "Mevrouw is doof" not in notes and NOTE_ERASED in notes
