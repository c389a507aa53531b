"""The handover note by e-mail, against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select

from database import transaction
from referrals import mail
from referrals.errors import InvalidInput, InvalidTransition
from referrals.models import HandoverMessage, Referral
from tests.support.env import free_port, settings_for
from tests.support.referrals import NO, NOW, new
from tests.support.smtp import Inbox, html_part, smtp_server, text_part

PARTNER = "Doorverwijzing@juridischloket.example"


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def settings(tmp_path, port):
    return settings_for(
        tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_FROM="ido@bibliotheek.example"
    )


def handed_over(factory, to=None, **kwargs):
    with transaction(factory) as session:
        referral = new(session, **kwargs)
        message = mail.hand_over(session, referral.id, "balie-1", to=to, now=NOW)
        return referral.id, message.id


def message_row(factory, message_id):
    with factory() as session:
        return session.get(HandoverMessage, message_id)


def test_the_note_is_sent_at_once_and_arrives_with_the_right_content(factory, settings, port):
    with smtp_server(port) as inbox:
        referral_id, message_id = handed_over(factory)
        assert mail.deliver(factory, settings, message_id, now=NOW) == "sent"
    assert len(inbox.messages) == 1
    received = inbox.messages[0]
    assert inbox.envelopes[0] == ("ido@bibliotheek.example", [PARTNER])
    assert received["To"] == PARTNER and received["From"] == "ido@bibliotheek.example"
    assert received["Subject"] == (
        f"Warme doorverwijzing nr. {referral_id} van het Informatiepunt Digitale Overheid"
    )
    body = text_part(received)
    for value in (
        "Anna de Vries",
        "06 12345678",
        "Mijn werkgever betaalt mijn loon niet.",
        "Het Juridisch Loket",
        "Ja, gegeven op 23 november 2026 om 10:30",
    ):
        assert value in body
    assert "Anna de Vries" in html_part(received)
    row = message_row(factory, message_id)
    assert (row.state, row.attempts, row.sent_at, row.last_error) == ("sent", 1, NOW, None)
    assert received["Message-ID"] == row.message_id
    with factory() as session:
        referral = session.get(Referral, referral_id)
        assert referral.status == "doorverwezen"
        assert [e.action for e in referral.events][-2:] == ["email_queued", "email_sent"]


def test_with_the_server_down_the_note_waits_and_is_sent_later_exactly_once(
    factory, settings, port
):
    referral_id, message_id = handed_over(factory)
    assert mail.deliver(factory, settings, message_id, now=NOW) == "pending"
    row = message_row(factory, message_id)
    assert row.state == "pending" and row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    with factory() as session:
        assert session.get(Referral, referral_id).status == "doorverwezen"  # the referral is kept
    assert mail.send_pending(factory, settings, now=NOW) == mail.SendReport(pending=1)

    with smtp_server(port) as inbox:
        later = NOW + timedelta(minutes=10)
        assert mail.send_pending(factory, settings, now=later) == mail.SendReport(sent=1)
        assert mail.send_pending(factory, settings, now=later) == mail.SendReport()
        assert mail.deliver(factory, settings, message_id, now=later) == "sent"
    assert len(inbox.messages) == 1
    row = message_row(factory, message_id)
    assert (row.state, row.attempts, row.sent_at) == ("sent", 3, later)


def test_a_message_being_sent_by_another_worker_is_not_sent_twice(factory, settings, port):
    _, message_id = handed_over(factory)
    with transaction(factory) as session:
        row = session.get(HandoverMessage, message_id)
        row.state, row.last_attempt_at = "sending", NOW
    with smtp_server(port) as inbox:
        soon = NOW + timedelta(minutes=1)
        assert mail.send_pending(factory, settings, now=soon) == mail.SendReport()
        # A claim older than SENDING_STALE is a crashed worker: the message is tried again.
        stale = NOW + mail.SENDING_STALE + timedelta(minutes=1)
        assert mail.send_pending(factory, settings, now=stale) == mail.SendReport(sent=1)
    assert len(inbox.messages) == 1


def test_queueing_the_note_again_to_the_same_address_gives_the_same_message(factory):
    referral_id, first = handed_over(factory)
    with transaction(factory) as session:
        again = mail.hand_over(session, referral_id, "balie-2", now=NOW).id
        other = mail.hand_over(
            session,
            referral_id,
            "balie-2",
            to="intake@uwv.example",
            now=NOW,
            allow=["intake@uwv.example"],
        ).id
    assert again == first and other != first
    with factory() as session:
        assert len(session.execute(select(HandoverMessage)).scalars().all()) == 2


def test_a_permanent_refusal_is_failed_not_retried(factory, settings, port):
    _, message_id = handed_over(factory)
    with smtp_server(port, Inbox(refuse=PARTNER)) as inbox:
        assert mail.deliver(factory, settings, message_id, now=NOW) == "failed"
        assert mail.send_pending(factory, settings, now=NOW) == mail.SendReport()
    assert inbox.messages == []
    assert message_row(factory, message_id).last_error.startswith("SMTP 550")


def test_without_an_smtp_server_configured_the_note_waits(factory, tmp_path):
    _, message_id = handed_over(factory)
    assert mail.deliver(factory, settings_for(tmp_path), message_id, now=NOW) == "pending"
    assert mail.NO_SERVER in message_row(factory, message_id).last_error


def test_login_is_used_when_configured(factory, tmp_path, port):
    seen = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"geheim", handled=False)

    settings = settings_for(
        tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_USER="ido", SMTP_PASSWORD="geheim"
    )
    _, message_id = handed_over(factory)
    with smtp_server(port, authenticator=authenticator, auth_require_tls=False) as inbox:
        assert mail.deliver(factory, settings, message_id, now=NOW) == "sent"
    assert seen == [(b"ido", b"geheim")] and len(inbox.messages) == 1


def test_a_wrong_password_keeps_the_note_waiting(factory, tmp_path, port):
    settings = settings_for(
        tmp_path, SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_USER="ido", SMTP_PASSWORD="fout"
    )
    _, message_id = handed_over(factory)
    with smtp_server(
        port,
        authenticator=lambda *a: AuthResult(success=False, handled=False),
        auth_require_tls=False,
    ):
        assert mail.deliver(factory, settings, message_id, now=NOW) == "pending"
    assert message_row(factory, message_id).last_error.startswith("SMTP 535")


def test_no_handover_without_consent_or_a_partner_address(factory):
    with pytest.raises(InvalidTransition):
        handed_over(factory, consent=NO, person=None)
    with pytest.raises(InvalidInput, match="geen e-mailadres"), transaction(factory) as session:
        referral = new(session, suggestion={"organisation": "UWV", "kind": "public_service"})
        mail.hand_over(session, referral.id, "balie", now=NOW)
    with pytest.raises(InvalidInput, match="e-mailadres"):
        handed_over(factory, to="geen adres")
    with factory() as session:  # nothing half-written
        assert session.execute(select(HandoverMessage)).scalars().all() == []


def test_the_note_goes_only_to_an_address_of_the_organisation_or_the_allow_list(factory):
    with pytest.raises(InvalidInput, match="alleen naar een adres van Het Juridisch Loket"):
        handed_over(factory, to="iemand@gmail.example")
    with factory() as session:
        assert session.execute(select(HandoverMessage)).scalars().all() == []
    with transaction(factory) as session:
        referral = new(session)
        message = mail.hand_over(
            session,
            referral.id,
            "balie",
            to="Intake@Partner.example",
            allow=["intake@partner.example"],
        )
        assert message.to_address == "Intake@partner.example"
