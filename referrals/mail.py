"""The handover note by e-mail, through an outbox.

`hand_over(...)` (inside the caller's transaction) moves the referral to doorverwezen and
puts the note in the outbox table `handover_messages`. After the commit, `deliver(...)`
tries to send it at once; when the SMTP server is down the referral and the note are kept
(state pending, with the attempts and the last error) and `send_pending(...)` sends it
later, from the scheduler or the CLI.

No double send: a message is claimed with one conditional UPDATE (pending -> sending)
before it is sent, so two workers never send the same row; a sent row is never sent
again; and queueing the note again to the same address returns the existing message.
A crash between the SMTP server's "250 OK" and our commit would leave the row in
`sending`; after SENDING_STALE it is tried again (at-least-once in that one case, with the
same Message-ID header so the partner's mail system can recognise the copy).

A permanent refusal (5xx for the recipient, sender or data) is state `failed`: retrying
would not help; staff see the error and can send to another address. Everything else
(connection refused, time-out, 4xx, login failure, no server configured) stays pending.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Protocol, cast

from sqlalchemy import and_, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, sessionmaker

from database import transaction, utcnow
from referrals.contact import normalise_email
from referrals.errors import InvalidInput, InvalidTransition
from referrals.handover import handover_note, render_html, render_text
from referrals.models import (
    DOORVERWEZEN,
    EMAIL_FAILED,
    EMAIL_QUEUED,
    EMAIL_SENT,
    FAILED,
    IN_BEHANDELING,
    NIEUW,
    PENDING,
    SENDING,
    SENT,
    STATUS_LABELS,
    SYSTEM,
    HandoverMessage,
    Referral,
)


class SmtpSettings(Protocol):
    """Where handover e-mail goes (the project settings have these fields, read-only)."""

    @property
    def smtp_host(self) -> str | None: ...
    @property
    def smtp_port(self) -> int: ...
    @property
    def smtp_user(self) -> str | None: ...
    @property
    def smtp_password(self) -> str | None: ...
    @property
    def smtp_starttls(self) -> bool: ...
    @property
    def smtp_from(self) -> str: ...


log = logging.getLogger("wegwijzer.referrals.mail")
SENDING_STALE = timedelta(minutes=15)
SMTP_TIMEOUT = 15
NO_SERVER = "geen SMTP-server ingesteld (SMTP_HOST)"


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    pending: int = 0
    failed: int = 0


def organisation_addresses(session: Session, referral: Referral) -> set[str]:
    """The e-mail addresses of the referral's organisation in the knowledge data (and the
    partner address taken from the suggestion), lower case."""
    from knowledge.models import ContactChannelRow, ServiceRow

    found = {referral.partner_email} if referral.partner_email else set()
    if referral.organisation_id:
        found.update(
            session.execute(
                select(ContactChannelRow.value)
                .join(ServiceRow, ServiceRow.id == ContactChannelRow.service_id)
                .where(
                    ServiceRow.organisation_id == referral.organisation_id,
                    ContactChannelRow.type == "email",
                )
            ).scalars()
        )
    return {a.strip().lower() for a in found if a}


def hand_over(
    session: Session,
    referral_id: int,
    by: str,
    to: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
    allow: Collection[str] = (),
) -> HandoverMessage:
    """Hand the referral over to the partner and queue the note by e-mail to `to` (or the
    partner address from the knowledge base). Call deliver() after the commit.

    `to` must be an address of the organisation in the knowledge data, or one of `allow`
    (the HANDOVER_ALLOWLIST setting): personal data never goes to a free address.
    """
    from referrals.service import clean_note, get_referral

    at = now or utcnow()
    note = clean_note(note)
    referral = get_referral(session, referral_id)
    address = (
        normalise_email(to, "Het e-mailadres van de organisatie") if to else referral.partner_email
    )
    if not address:
        raise InvalidInput(
            "Er is geen e-mailadres van de organisatie bekend. Geef er een op in 'to'."
        )
    allowed = organisation_addresses(session, referral) | {a.strip().lower() for a in allow}
    if address.lower() not in allowed:
        raise InvalidInput(
            f"Het overdrachtsformulier gaat alleen naar een adres van "
            f"{referral.organisation_name} uit de kennisbank"
            + (f" ({', '.join(sorted(allowed))})" if allowed else "")
            + ". Een ander adres kan niet."
        )
    if referral.status in (NIEUW, IN_BEHANDELING):
        referral.hand_over(by, at, note)
    elif referral.status != DOORVERWEZEN:
        raise InvalidTransition(
            f"Deze doorverwijzing is {STATUS_LABELS[referral.status].lower()}: versturen kan niet"
        )
    return queue_note(session, referral, address, by, at)


def queue_note(
    session: Session, referral: Referral, address: str, by: str, at: datetime
) -> HandoverMessage:
    existing = next(
        (
            m
            for m in referral.messages
            if m.to_address == address and m.state in (PENDING, SENDING, SENT)
        ),
        None,
    )
    if existing is not None:
        return existing
    note = handover_note(referral)
    message = HandoverMessage(
        created_at=at,
        to_address=address,
        subject=note.subject,
        body_text=render_text(note),
        body_html=render_html(note),
        state=PENDING,
        attempts=0,
        created_by=(by or SYSTEM)[:200],
        message_id=f"<wegwijzer.{referral.id}.{uuid.uuid4().hex}@wegwijzer.invalid>",
    )
    referral.messages.append(message)
    referral.record(by, EMAIL_QUEUED, at, detail=f"overdrachtsformulier naar {address}")
    session.flush()
    return message


def build_email(message: HandoverMessage, settings: SmtpSettings, at: datetime) -> EmailMessage:
    email = EmailMessage()
    email["From"] = settings.smtp_from
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(at.replace(tzinfo=timezone.utc))
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text or "")
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


def smtp_send(settings: SmtpSettings, email: EmailMessage) -> None:
    """One message through the configured server: STARTTLS and login when configured."""
    if not settings.smtp_host:
        raise ConnectionError(NO_SERVER)
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
        smtp.ehlo()
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(email)


def _permanent(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return False  # a setting to fix, then the pending notes go out
    return isinstance(exc, smtplib.SMTPResponseException) and 500 <= exc.smtp_code < 600


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()), (0, b""))
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        return f"SMTP {code}: {text} (ontvanger geweigerd)"[:500]
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"SMTP {exc.smtp_code}: {text}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def deliver(
    factory: sessionmaker[Session],
    settings: SmtpSettings,
    message_id: int,
    now: datetime | None = None,
) -> str:
    """Try to send one queued message now; returns its state afterwards."""
    at = now or utcnow()
    with transaction(factory) as session:
        claim = (
            update(HandoverMessage)
            .where(
                HandoverMessage.id == message_id,
                or_(
                    HandoverMessage.state == PENDING,
                    and_(
                        HandoverMessage.state == SENDING,
                        HandoverMessage.last_attempt_at < at - SENDING_STALE,
                    ),
                ),
            )
            .values(state=SENDING, attempts=HandoverMessage.attempts + 1, last_attempt_at=at)
            .execution_options(synchronize_session=False)
        )
        # An UPDATE gives a CursorResult (it has rowcount); the stubs only say Result.
        claimed = cast(CursorResult, session.execute(claim)).rowcount
        message = session.get(HandoverMessage, message_id)
        if message is None:
            return "missing"
        if not claimed:
            return message.state
        email = build_email(message, settings, at)
    try:
        smtp_send(settings, email)
    except (OSError, smtplib.SMTPException) as exc:
        state = FAILED if _permanent(exc) else PENDING
        error = _describe(exc)
        log.warning("handover e-mail %s not sent (%s): %s", message_id, state, error)
        with transaction(factory) as session:
            message = session.get(HandoverMessage, message_id)
            if message is None:  # removed meanwhile
                return "missing"
            message.state, message.last_error = state, error
            message.referral.record(
                SYSTEM,
                EMAIL_FAILED,
                at,
                detail=(f"{'niet verstuurd' if state == FAILED else 'later opnieuw'}: {error}"),
            )
        return state
    with transaction(factory) as session:
        message = session.get(HandoverMessage, message_id)
        if message is None:  # removed meanwhile
            return "missing"
        message.state, message.sent_at, message.last_error = SENT, at, None
        message.referral.record(
            SYSTEM, EMAIL_SENT, at, detail=f"overdrachtsformulier naar {message.to_address}"
        )
    return SENT


def send_pending(
    factory: sessionmaker[Session],
    settings: SmtpSettings,
    now: datetime | None = None,
    limit: int = 100,
) -> SendReport:
    """Send the queued notes (oldest first). Safe to run repeatedly and concurrently."""
    at = now or utcnow()
    with transaction(factory) as session:
        ids = list(
            session.execute(
                select(HandoverMessage.id)
                .where(
                    or_(
                        HandoverMessage.state == PENDING,
                        and_(
                            HandoverMessage.state == SENDING,
                            HandoverMessage.last_attempt_at < at - SENDING_STALE,
                        ),
                    )
                )
                .order_by(HandoverMessage.id)
                .limit(limit)
            ).scalars()
        )
    counts = {SENT: 0, PENDING: 0, FAILED: 0}
    for message_id in ids:
        state = deliver(factory, settings, message_id, now=at)
        if state in counts:
            counts[state] += 1
    return SendReport(sent=counts[SENT], pending=counts[PENDING], failed=counts[FAILED])
