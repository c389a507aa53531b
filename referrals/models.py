"""The warm referral (warme doorverwijzing): tables and the rules that guard them.

A `Referral` is opened from a suggestion of the knowledge base without any personal
data. Personal data (name, phone, e-mail, preferred contact time) can only be added after
the person said yes to the exact consent text shown (`give_consent`); this is enforced
three times: `add_person` refuses, the attributes refuse to be set (`@validates`), and a
CHECK constraint in the database refuses a row with personal data and no consent.

Free text (the question in the person's words, the summary, what was tried, documents)
may hold personal data too. Before consent is asked it is stored masked
(privacy.mask_personal_data); with a yes as given, because the person agreed that it
is passed on; a no clears it (nothing is passed on, so nothing needs keeping). Erasure
and the retention purge clear all of it.

Status: nieuw -> in_behandeling -> doorverwezen -> afgerond, or geannuleerd from any state
that is not final. Every change, and every access to personal data (read, export,
erase), is written to `referral_events` with who and when. Events hold no personal data.

Times are naive UTC (like the rest of the database); dates (deadline, follow-up) are days.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import relationship, validates

from database import Base
from referrals.errors import ConsentMissing, InvalidInput, InvalidTransition
from registration.channels import CHANNELS, TELEGRAM, WEB_CHAT

# Statuses, in the IDO's words.
NIEUW = "nieuw"
IN_BEHANDELING = "in_behandeling"
DOORVERWEZEN = "doorverwezen"
AFGEROND = "afgerond"
GEANNULEERD = "geannuleerd"
STATUSES = (NIEUW, IN_BEHANDELING, DOORVERWEZEN, AFGEROND, GEANNULEERD)
FINAL = (AFGEROND, GEANNULEERD)
TRANSITIONS: dict[str, Sequence[str]] = {
    NIEUW: (IN_BEHANDELING, GEANNULEERD),
    IN_BEHANDELING: (DOORVERWEZEN, GEANNULEERD),
    DOORVERWEZEN: (AFGEROND, GEANNULEERD),
    AFGEROND: (),
    GEANNULEERD: (),
}
STATUS_LABELS = {
    NIEUW: "Nieuw",
    IN_BEHANDELING: "In behandeling",
    DOORVERWEZEN: "Doorverwezen",
    AFGEROND: "Afgerond",
    GEANNULEERD: "Geannuleerd",
}

URGENCIES = ("normaal", "dringend", "spoed")
CHANNELS_ONLINE = (WEB_CHAT, TELEGRAM)

# Audit actions. Changes:
CREATED, CONSENT, PERSON_ADDED, STATUS, EMAIL_QUEUED, EMAIL_SENT, EMAIL_FAILED = (
    "created",
    "consent",
    "person_added",
    "status",
    "email_queued",
    "email_sent",
    "email_failed",
)
# Access to personal data:
READ, EXPORT, ERASE = "read", "export", "erase"
ACCESS_ACTIONS = (READ, EXPORT, ERASE)
PURGE = "purge"
SYSTEM = "systeem"

# Notes the system itself writes on status events; every other note on a status event is
# a staff member's free text: masked when written (referrals.service.clean_note) and
# blanked when the person's data is erased (on request or by retention).
NO_CONSENT_NOTE = "geen toestemming: de persoon neemt zelf contact op"
ERASED_NOTE = "gegevens gewist op verzoek van de persoon"
SYSTEM_NOTES = frozenset({NO_CONSENT_NOTE, ERASED_NOTE})
NOTE_ERASED = "[notitie gewist]"

PERSONAL_FIELDS = ("person_name", "person_phone", "person_email", "preferred_contact_time")
FREE_TEXT_FIELDS = ("question", "summary", "already_tried", "documents")
MAX_DETAIL = 500

_NO_PERSONAL_DATA = " AND ".join(f"{f} IS NULL" for f in PERSONAL_FIELDS)
PUBLIC_ID_PATTERN = r"[A-Za-z0-9_-]{16}"


def new_public_id() -> str:
    """The referral's id in URLs and API answers: 96 random bits, not guessable."""
    return secrets.token_urlsafe(12)


class Referral(Base):
    __tablename__ = "referrals"

    id: int = Column(Integer, primary_key=True)
    public_id: str = Column(String(24), nullable=False, unique=True, default=new_public_id)
    created_at: datetime = Column(DateTime, nullable=False)
    updated_at: datetime = Column(DateTime, nullable=False)
    channel: str = Column(String(16), nullable=False)
    status: str = Column(String(16), nullable=False, default=NIEUW, index=True)
    closed_at = Column(DateTime, nullable=True, index=True)
    # The question.
    question = Column(Text)  # in the person's own words
    summary = Column(Text)  # short, by staff or the assistant
    themes: str = Column(String(500), nullable=False, default="")  # theme ids, comma separated
    theme_labels: str = Column(String(1000), nullable=False, default="")  # labels, one per line
    urgency: str = Column(String(16), nullable=False, default="normaal")
    deadline = Column(Date)
    already_tried = Column(Text)
    documents = Column(Text)  # one per line
    # Where to: the chosen organisation and service of the knowledge base.
    organisation_id = Column(String(100), index=True)
    organisation_name: str = Column(String(300), nullable=False)
    service_id = Column(String(100))
    service_name = Column(String(300))
    partner_kind = Column(String(32))  # knowledge.records.KINDS
    contact_type = Column(String(16))  # the partner's channel used: phone, email, ...
    contact_value = Column(String(500))
    contact_label = Column(String(300))
    partner_email = Column(String(254))  # where the handover note goes
    warm_referral_possible: bool = Column(Boolean, nullable=False, default=False)
    # The IDO location that owns the referral: only its staff reach it.
    ido_location_id = Column(String(100), index=True)
    ido_location_name = Column(String(300))
    staff_member = Column(String(200))
    # The person: only with consent.
    person_name = Column(String(200))
    person_phone = Column(String(32))  # E.164
    person_email = Column(String(254))
    preferred_contact_time = Column(String(200))
    follow_up_on = Column(Date)
    # Consent: the exact text shown, the answer, when.
    consent_text = Column(Text)
    consent_given = Column(Boolean)
    consent_at = Column(DateTime)
    handed_over_at = Column(DateTime)
    personal_data_erased_at = Column(DateTime)
    erased_because = Column(String(32))  # request | retention | consent_withdrawn

    events: list[ReferralEvent] = relationship(
        "ReferralEvent",
        back_populates="referral",
        order_by="ReferralEvent.id",
        cascade="all, delete-orphan",
    )
    messages: list[HandoverMessage] = relationship(
        "HandoverMessage",
        back_populates="referral",
        order_by="HandoverMessage.id",
        cascade="all, delete-orphan",
    )

    __table_args__ = (
        CheckConstraint(
            f"({_NO_PERSONAL_DATA}) OR COALESCE(consent_given, false) = true",
            name="personal_data_needs_consent",
        ),
        CheckConstraint(
            "status IN ('nieuw', 'in_behandeling', 'doorverwezen', 'afgerond', 'geannuleerd')",
            name="status_known",
        ),
        CheckConstraint("channel IN ('staff', 'web_chat', 'telegram')", name="channel_known"),
    )

    # ------------------------------------------------------------------ guards
    # sqlalchemy2-stubs leave `validates` unannotated; the method itself is typed.
    @validates(*PERSONAL_FIELDS)  # type: ignore[untyped-decorator]
    def _only_with_consent(self, key: str, value: str | None) -> str | None:
        if value is not None and self.consent_given is not True:
            raise ConsentMissing("Zonder toestemming slaan we geen naam of contactgegevens op")
        return value

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls, *, channel: str, organisation_name: str, at: datetime, by: str, **fields: Any
    ) -> Referral:
        """A new referral (status nieuw) without personal data. `fields` are the columns
        of the question, the partner and the IDO; see referrals.service.create_referral."""
        if channel not in CHANNELS:
            raise InvalidInput(f"Onbekend kanaal {channel!r} (kies uit: {', '.join(CHANNELS)})")
        guarded = {*PERSONAL_FIELDS, "consent_given", "consent_text", "consent_at", "status"}
        unknown = set(fields) & guarded
        if unknown:
            raise ConsentMissing(
                "Persoonsgegevens en toestemming worden apart vastgelegd "
                "(give_consent en add_person)"
            )
        referral = cls(
            public_id=new_public_id(),
            channel=channel,
            organisation_name=organisation_name,
            status=NIEUW,
            created_at=at,
            updated_at=at,
            **fields,
        )
        referral.record(by, CREATED, at, to_status=NIEUW)
        return referral

    # ------------------------------------------------------------------ consent and person
    def give_consent(self, text: str, answer: bool, at: datetime, by: str = SYSTEM) -> None:
        """Record the exact consent text shown, the answer and when.

        No (also a later no: consent withdrawn): personal data and free text are erased at
        once and an open referral is cancelled; the person goes to the partner themselves
        (referrals.service.self_help gives the contact details).
        """
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput("De tekst van de toestemmingsvraag ontbreekt")
        if not isinstance(answer, bool):
            raise InvalidInput("Het antwoord op de toestemmingsvraag is ja (true) of nee (false)")
        if self.status in FINAL and answer:
            raise InvalidTransition(
                f"Deze doorverwijzing is {STATUS_LABELS[self.status].lower()}: "
                "toestemming geven kan niet meer"
            )
        withdrawn = self.consent_given is True and not answer
        if not answer and self.has_personal_data:
            self._clear_personal_data()
            self.personal_data_erased_at = at
            self.erased_because = "consent_withdrawn" if withdrawn else "no_consent"
        self.consent_text, self.consent_given, self.consent_at = text.strip(), answer, at
        self.updated_at = at
        self.record(
            by,
            CONSENT,
            at,
            detail=("ja" if answer else "nee (ingetrokken)" if withdrawn else "nee"),
        )
        if not answer and self.status not in FINAL:
            self._move(GEANNULEERD, by, at, NO_CONSENT_NOTE)

    def add_person(
        self,
        *,
        name: str,
        phone: str | None = None,
        email: str | None = None,
        preferred_contact_time: str | None = None,
        at: datetime,
        by: str = SYSTEM,
    ) -> None:
        """The person's name and how to reach them (phone or e-mail), only after a yes."""
        from referrals.contact import clean_text, normalise_email, normalise_name, normalise_phone

        if self.consent_given is not True:
            raise ConsentMissing("Zonder toestemming slaan we geen naam of contactgegevens op")
        if self.status in FINAL:
            raise InvalidTransition("Deze doorverwijzing is gesloten: gegevens toevoegen kan niet")
        if not phone and not email:
            raise InvalidInput(
                "Geef een telefoonnummer of e-mailadres, zodat de organisatie contact kan opnemen"
            )
        self.person_name = normalise_name(name)
        self.person_phone = normalise_phone(phone) if phone else None
        self.person_email = normalise_email(email) if email else None
        self.preferred_contact_time = clean_text(
            preferred_contact_time, "De beste tijd voor contact", 200
        )
        self.updated_at = at
        self.record(by, PERSON_ADDED, at)

    # ------------------------------------------------------------------ status
    def change_status(self, to: str, by: str, at: datetime, note: str | None = None) -> None:
        if to not in STATUSES:
            raise InvalidInput(f"Onbekende status {to!r} (kies uit: {', '.join(STATUSES)})")
        if to == DOORVERWEZEN:
            self._check_can_hand_over()
        self._move(to, by, at, note)
        if to == DOORVERWEZEN:
            self.handed_over_at = at

    def hand_over(self, by: str, at: datetime, note: str | None = None) -> None:
        """Pass the referral on to the partner (status doorverwezen). From nieuw it goes
        through in_behandeling first; both steps are logged."""
        self._check_can_hand_over()
        if self.status == NIEUW:
            self._move(IN_BEHANDELING, by, at)
        self.change_status(DOORVERWEZEN, by, at, note)

    def _check_can_hand_over(self) -> None:
        if self.status not in (NIEUW, IN_BEHANDELING):
            raise InvalidTransition(
                f"Doorverwijzen kan niet: de status is al '{STATUS_LABELS[self.status].lower()}'"
            )
        if self.consent_given is not True:
            raise ConsentMissing(
                "Doorverwijzen kan alleen met toestemming van de persoon. "
                "Zonder toestemming geeft u de contactgegevens mee."
            )
        if not (self.person_phone or self.person_email):
            raise ConsentMissing(
                "Doorverwijzen kan pas als er een telefoonnummer of e-mailadres "
                "is waarop de organisatie de persoon kan bereiken"
            )

    def _move(self, to: str, by: str, at: datetime, note: str | None = None) -> None:
        if to not in TRANSITIONS[self.status]:
            allowed = ", ".join(TRANSITIONS[self.status]) or "geen: deze status is definitief"
            raise InvalidTransition(
                f"Van '{self.status}' naar '{to}' kan niet (wel mogelijk: {allowed})"
            )
        before = self.status
        self.status = to
        self.updated_at = at
        if to in FINAL:
            self.closed_at = at
        self.record(by, STATUS, at, from_status=before, to_status=to, detail=note)

    # ------------------------------------------------------------------ erasure
    def erase_personal_data(
        self, by: str, at: datetime, because: str = "request", detail: str | None = None
    ) -> bool:
        """Erase name, contact details and all free text, also in the handover e-mails.

        On the person's request an open referral is cancelled (it cannot go on without
        them). Returns False when there was nothing left to erase.
        """
        had = (
            self.has_personal_data
            or self.has_staff_notes
            or any(m.body_text or m.body_html for m in self.messages)
        )
        self._clear_personal_data()
        for message in self.messages:
            message.erase()
        if had:
            self.personal_data_erased_at = at
            self.erased_because = because
        self.updated_at = at
        if because == "request":
            self.record(by, ERASE, at)
            if self.status not in FINAL:
                self._move(GEANNULEERD, by, at, ERASED_NOTE)
        else:
            self.record(by, PURGE, at, detail=detail or because)
        return had

    def _clear_personal_data(self) -> None:
        for name in PERSONAL_FIELDS + FREE_TEXT_FIELDS:
            setattr(self, name, None)
        for event in self.events:
            if event.action == STATUS and event.detail and event.detail not in SYSTEM_NOTES:
                event.detail = NOTE_ERASED

    @property
    def has_staff_notes(self) -> bool:
        return any(
            e.action == STATUS and e.detail and e.detail not in SYSTEM_NOTES | {NOTE_ERASED}
            for e in self.events
        )

    # ------------------------------------------------------------------ views
    @property
    def has_personal_data(self) -> bool:
        return any(getattr(self, f) for f in PERSONAL_FIELDS + FREE_TEXT_FIELDS)

    @property
    def theme_list(self) -> list[str]:
        return [t for t in (self.themes or "").split(",") if t]

    @property
    def document_list(self) -> list[str]:
        return [d for d in (self.documents or "").split("\n") if d.strip()]

    def record(
        self,
        actor: str,
        action: str,
        at: datetime,
        from_status: str | None = None,
        to_status: str | None = None,
        detail: str | None = None,
    ) -> ReferralEvent:
        event = ReferralEvent(
            at=at,
            actor=(actor or SYSTEM)[:200],
            action=action,
            from_status=from_status,
            to_status=to_status,
            detail=detail[:MAX_DETAIL] if detail else None,
        )
        self.events.append(event)
        return event


class ReferralEvent(Base):
    """The audit log: every change, and every access to personal data (who, when, what)."""

    __tablename__ = "referral_events"

    id: int = Column(Integer, primary_key=True)
    referral_id: int = Column(
        Integer, ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    at: datetime = Column(DateTime, nullable=False)
    actor: str = Column(String(200), nullable=False)
    action: str = Column(String(32), nullable=False)
    from_status = Column(String(16))
    to_status = Column(String(16))
    detail = Column(String(MAX_DETAIL))

    referral: Referral = relationship("Referral", back_populates="events")


# Handover e-mail states.
PENDING, SENDING, SENT, FAILED, CANCELLED = "pending", "sending", "sent", "failed", "cancelled"
MESSAGE_STATES = (PENDING, SENDING, SENT, FAILED, CANCELLED)


class HandoverMessage(Base):
    """The outbox: a handover note by e-mail, sent at once or later (send_pending)."""

    __tablename__ = "handover_messages"

    id: int = Column(Integer, primary_key=True)
    referral_id: int = Column(
        Integer, ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: datetime = Column(DateTime, nullable=False)
    to_address: str = Column(String(254), nullable=False)
    subject: str = Column(String(300), nullable=False)
    body_text = Column(Text)
    body_html = Column(Text)
    message_id: str = Column(String(200), nullable=False, unique=True)
    state: str = Column(String(16), nullable=False, default=PENDING, index=True)
    attempts: int = Column(Integer, nullable=False, default=0)
    last_attempt_at = Column(DateTime)
    last_error = Column(String(500))
    sent_at = Column(DateTime)
    created_by: str = Column(String(200), nullable=False)

    referral: Referral = relationship("Referral", back_populates="messages")

    __table_args__ = (
        CheckConstraint(
            "state IN ('pending', 'sending', 'sent', 'failed', 'cancelled')", name="state_known"
        ),
    )

    def erase(self) -> None:
        """Clear the note (it holds personal data); a message not yet sent is cancelled."""
        self.body_text = None
        self.body_html = None
        if self.state in (PENDING, SENDING, FAILED):
            self.state = CANCELLED
            self.last_error = "geannuleerd: gegevens gewist"

    @property
    def view(self) -> dict[str, object]:
        return {
            "id": self.id,
            "to": self.to_address,
            "state": self.state,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "created_at": iso_moment(self.created_at),
            "sent_at": iso_moment(self.sent_at),
        }


def iso_moment(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def iso_day(value: date | None) -> str | None:
    return value.isoformat() if value else None
