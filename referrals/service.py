"""What staff, the chat and the scheduler do with referrals, one function per task.

Each function takes a SQLAlchemy session inside a transaction (database.transaction) and
does not commit: the caller's transaction decides, so a failure part way leaves nothing
half-written. Reads of personal data are logged here, not in the web layer, so every
way in (API, CLI, side panel) logs them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from database import utcnow
from knowledge.records import KINDS
from referrals.contact import clean_text, display_phone, normalise_email
from referrals.errors import ConsentMissing, InvalidInput, ReferralNotFound
from referrals.models import (
    CHANNELS_ONLINE,
    EXPORT,
    READ,
    STATUS_LABELS,
    STATUSES,
    URGENCIES,
    Referral,
    iso_day,
    iso_moment,
)

MAX_QUESTION = 4000
MAX_SUMMARY = 1000
MAX_TRIED = 2000
MAX_DOCUMENT = 300
MAX_DOCUMENTS = 20
MAX_THEMES = 10
MAX_NOTE = 500
_THEME_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


@dataclass(frozen=True)
class Consent:
    """The consent question as shown, the person's answer, and when it was given."""

    text: str
    answer: bool
    at: datetime | None = None


@dataclass(frozen=True)
class Person:
    """The person's name and how to reach them. Stored only with consent."""

    name: str
    phone: str | None = None
    email: str | None = None
    preferred_contact_time: str | None = None


class _FreeText(TypedDict):
    """The free-text columns of a referral: they may hold personal data."""

    question: str | None
    summary: str | None
    already_tried: str | None
    documents: str | None


def _mask(text: str | None) -> str | None:
    from privacy.masking import mask_personal_data

    return mask_personal_data(text) if text else text


def clean_note(note: object) -> str | None:
    """A staff note on a status change: checked like all text, and masked (a name, phone
    number or BSN in it is not kept; notes are blanked again when the data is erased)."""
    return _mask(clean_text(note, "De notitie", MAX_NOTE))


def _suggestion_fields(suggestion: Mapping[str, Any]) -> dict[str, Any]:
    """The partner's columns from a suggestion of knowledge.advice (Suggestion.to_dict())."""
    if not isinstance(suggestion, Mapping):
        raise InvalidInput("'suggestion' moet een advies-suggestie zijn (een JSON-object)")
    organisation = clean_text(
        suggestion.get("organisation"),
        "De organisatie (suggestion.organisation)",
        300,
        required=True,
    )
    kind = suggestion.get("kind")
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"Onbekende soort organisatie {kind!r}")
    fields: dict[str, Any] = {
        "organisation_name": organisation,
        "organisation_id": clean_text(suggestion.get("organisation_id"), "organisation_id", 100),
        "service_id": clean_text(suggestion.get("service_id"), "service_id", 100),
        "service_name": clean_text(suggestion.get("service"), "De dienst", 300),
        "partner_kind": kind,
    }
    contact = suggestion.get("contact")
    if contact is not None:
        if not isinstance(contact, Mapping):
            raise InvalidInput("'suggestion.contact' moet een JSON-object zijn")
        fields["contact_type"] = clean_text(contact.get("type"), "Het soort contact", 16)
        fields["contact_value"] = clean_text(contact.get("value"), "Het contactgegeven", 500)
        fields["contact_label"] = clean_text(contact.get("label"), "De naam van het contact", 300)
    contacts = [
        c
        for c in ([contact] if contact else []) + list(suggestion.get("contacts") or [])
        if isinstance(c, Mapping)
    ]
    email = next((c.get("value") for c in contacts if c.get("type") == "email"), None)
    if email:
        try:
            fields["partner_email"] = normalise_email(email, "Het e-mailadres van de organisatie")
        except InvalidInput:
            fields["partner_email"] = None
    warm = suggestion.get("warm_referral")
    fields["warm_referral_possible"] = bool(isinstance(warm, Mapping) and warm.get("possible"))
    return fields


def _themes(themes: Iterable[Any]) -> tuple[str, str]:
    ids: list[str] = []
    labels: list[str] = []
    for theme in themes or ():
        if isinstance(theme, Mapping):  # an entry of advice["themes"]: {name, label, confidence}
            theme_id, label = theme.get("name"), theme.get("label")
        else:
            theme_id, label = theme, None
        if not isinstance(theme_id, str) or not _THEME_ID.match(theme_id):
            raise InvalidInput(f"Onbekend thema {theme_id!r}")
        if theme_id not in ids:
            ids.append(theme_id)
            labels.append(clean_text(label, "Het thema", 200) or theme_id)
    if len(ids) > MAX_THEMES:
        raise InvalidInput(f"Hoogstens {MAX_THEMES} thema's")
    return ",".join(ids), "\n".join(labels)


def _documents(documents: Iterable[Any]) -> str | None:
    if isinstance(documents, str):
        documents = [documents]
    cleaned = [clean_text(d, "Een document", MAX_DOCUMENT) for d in documents or ()]
    lines = [d.replace("\n", " ") for d in cleaned if d]
    if len(lines) > MAX_DOCUMENTS:
        raise InvalidInput(f"Hoogstens {MAX_DOCUMENTS} documenten")
    return "\n".join(lines) or None


def create_referral(
    session: Session,
    *,
    suggestion: Mapping[str, Any],
    channel: str,
    by: str,
    question: str | None = None,
    summary: str | None = None,
    themes: Sequence[Any] = (),
    urgency: str = "normaal",
    deadline: date | None = None,
    already_tried: str | None = None,
    documents: Sequence[str] = (),
    ido_location_id: str | None = None,
    ido_location_name: str | None = None,
    staff_member: str | None = None,
    follow_up_on: date | None = None,
    consent: Consent | None = None,
    person: Person | None = None,
    now: datetime | None = None,
) -> Referral:
    """Open a referral from a suggestion of the advice (Suggestion.to_dict()).

    `consent` None: not asked yet (status nieuw; consent can follow with give_consent).
    `consent.answer` False: the referral is kept without personal data and cancelled; the
    person gets the contact details (self_help()) to go themselves. `person` without a yes
    is refused with ConsentMissing and nothing is stored. Free text is stored masked unless
    the answer is yes.
    """
    at = now or utcnow()
    if person is not None and not (consent is not None and consent.answer is True):
        raise ConsentMissing(
            "Zonder toestemming slaan we geen naam of contactgegevens op. "
            "Geef de persoon de contactgegevens mee."
        )
    ido_location_id, ido_location_name = _owner(
        session, channel, ido_location_id, ido_location_name
    )
    if urgency not in URGENCIES:
        raise InvalidInput(f"Onbekende urgentie {urgency!r} (kies uit: {', '.join(URGENCIES)})")
    for value, what in ((deadline, "De uiterste datum"), (follow_up_on, "De datum voor nabellen")):
        if value is not None and not isinstance(value, date):
            raise InvalidInput(f"{what} moet een datum zijn (JJJJ-MM-DD)")
    theme_ids, theme_labels = _themes(themes)
    free = _FreeText(
        question=clean_text(question, "De vraag", MAX_QUESTION),
        summary=clean_text(summary, "De samenvatting", MAX_SUMMARY),
        already_tried=clean_text(already_tried, "Wat al geprobeerd is", MAX_TRIED),
        documents=_documents(documents),
    )
    if not (consent is not None and consent.answer is True):
        free = _FreeText(
            question=_mask(free["question"]),
            summary=_mask(free["summary"]),
            already_tried=_mask(free["already_tried"]),
            documents=_mask(free["documents"]),
        )
    referral = Referral.open(
        channel=channel,
        at=at,
        by=by,
        themes=theme_ids,
        theme_labels=theme_labels,
        urgency=urgency,
        deadline=deadline,
        follow_up_on=follow_up_on,
        ido_location_id=clean_text(ido_location_id, "De IDO-locatie", 100),
        ido_location_name=clean_text(ido_location_name, "De naam van de IDO-locatie", 300),
        staff_member=clean_text(staff_member, "De medewerker", 200),
        **_suggestion_fields(suggestion),
        **free,
    )
    session.add(referral)
    if consent is not None:
        referral.give_consent(consent.text, consent.answer, consent.at or at, by)
    if person is not None:
        _add_person(referral, person, at, by)
    session.flush()
    return referral


def _add_person(referral: Referral, person: Person, at: datetime, by: str) -> None:
    referral.add_person(
        name=person.name,
        phone=person.phone,
        email=person.email,
        preferred_contact_time=person.preferred_contact_time,
        at=at,
        by=by,
    )


def _owner(
    session: Session, channel: str, location_id: str | None, location_name: str | None
) -> tuple[str | None, str | None]:
    """The IDO location that owns a new referral: the one given, or for a referral made
    online (website chat, Telegram) without one, the location set to own those
    (`wegwijzer location online`). The name comes from the known locations."""
    from accounts.models import IdoLocation

    if not location_id and channel in CHANNELS_ONLINE:
        location_id = session.execute(
            select(IdoLocation.id).where(IdoLocation.online.is_(True)).order_by(IdoLocation.id)
        ).scalar()
    if location_id and not location_name:
        known = session.get(IdoLocation, location_id)
        location_name = known.name if known is not None else None
    return location_id, location_name


def find_referral(session: Session, public_id: str, within: Collection[str]) -> Referral:
    """The referral with this public id, when it belongs to one of the locations `within`.

    An unknown id and a referral of another location give the same ReferralNotFound, so
    an answer never tells that a referral exists elsewhere.
    """
    referral: Referral | None = None
    if isinstance(public_id, str) and 0 < len(public_id) <= 24 and within:
        referral = session.execute(
            select(Referral).where(
                Referral.public_id == public_id, Referral.ido_location_id.in_(list(within))
            )
        ).scalar_one_or_none()
    if referral is None:
        raise ReferralNotFound(f"Er is geen doorverwijzing met nummer {public_id}")
    return referral


def give_consent(
    session: Session,
    referral_id: int,
    consent: Consent,
    by: str,
    person: Person | None = None,
    now: datetime | None = None,
) -> Referral:
    """Consent asked after the referral was opened, with the person's details on a yes."""
    at = now or utcnow()
    referral = get_referral(session, referral_id)
    if person is not None and consent.answer is not True:
        raise ConsentMissing("Zonder toestemming slaan we geen naam of contactgegevens op")
    referral.give_consent(consent.text, consent.answer, consent.at or at, by)
    if person is not None:
        _add_person(referral, person, at, by)
    session.flush()
    return referral


def get_referral(session: Session, referral_id: int) -> Referral:
    """The referral, without logging: for changes. Staff reads go through read_referral."""
    referral = session.get(Referral, referral_id) if isinstance(referral_id, int) else None
    if referral is None:
        raise ReferralNotFound(f"Er is geen doorverwijzing met nummer {referral_id}")
    return referral


def read_referral(
    session: Session,
    referral_id: int,
    by: str,
    what: str = "doorverwijzing",
    now: datetime | None = None,
) -> Referral:
    """The referral for staff to see; the read is logged when it holds personal data."""
    referral = get_referral(session, referral_id)
    if referral.has_personal_data:
        referral.record(by, READ, now or utcnow(), detail=what)
        session.flush()
    return referral


def change_status(
    session: Session,
    referral_id: int,
    to: str,
    by: str,
    note: str | None = None,
    now: datetime | None = None,
) -> Referral:
    referral = get_referral(session, referral_id)
    referral.change_status(to, by, now or utcnow(), clean_note(note))
    session.flush()
    return referral


def escape_like(value: str) -> str:
    """`value` matched literally by LIKE: its wildcards (% and _) and the escape escaped."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_referrals(
    session: Session,
    status: str | None = None,
    theme: str | None = None,
    organisation: str | None = None,
    limit: int = 200,
    locations: Collection[str] | None = None,
) -> list[Referral]:
    """Newest first. `organisation` matches the knowledge-base id or the name (any case).
    `locations`: only referrals owned by these IDO locations (None: all, for the CLI)."""
    query = select(Referral).order_by(Referral.created_at.desc(), Referral.id.desc()).limit(limit)
    if locations is not None:
        query = query.where(Referral.ido_location_id.in_(list(locations)))
    if status:
        if status not in STATUSES:
            raise InvalidInput(f"Onbekende status {status!r} (kies uit: {', '.join(STATUSES)})")
        query = query.where(Referral.status == status)
    if theme:
        if not _THEME_ID.match(theme):
            raise InvalidInput(f"Onbekend thema {theme!r}")
        query = query.where(("," + Referral.themes + ",").contains(f",{theme},", autoescape=True))
    if organisation:
        query = query.where(
            or_(
                Referral.organisation_id == organisation,
                Referral.organisation_name.ilike(escape_like(organisation), escape="\\"),
            )
        )
    return list(session.execute(query).scalars())


def self_help(referral: Referral) -> dict[str, Any]:
    """What the person needs to go themselves: the organisation and how to reach it."""
    return {
        "organisation": referral.organisation_name,
        "service": referral.service_name,
        "contact": (
            {
                "type": referral.contact_type,
                "value": referral.contact_value,
                "label": referral.contact_label,
            }
            if referral.contact_value
            else None
        ),
    }


def summary_view(referral: Referral) -> dict[str, Any]:
    """For lists: no personal data and no free text."""
    return {
        "id": referral.public_id,
        "number": referral.id,
        "status": referral.status,
        "status_label": STATUS_LABELS[referral.status],
        "channel": referral.channel,
        "created_at": iso_moment(referral.created_at),
        "updated_at": iso_moment(referral.updated_at),
        "closed_at": iso_moment(referral.closed_at),
        "themes": referral.theme_list,
        "organisation": {"id": referral.organisation_id, "name": referral.organisation_name},
        "service": {"id": referral.service_id, "name": referral.service_name},
        "partner_kind": referral.partner_kind,
        "urgency": referral.urgency,
        "deadline": iso_day(referral.deadline),
        "follow_up_on": iso_day(referral.follow_up_on),
        "ido_location": {"id": referral.ido_location_id, "name": referral.ido_location_name},
        "staff_member": referral.staff_member,
        "consent": referral.consent_given,
        "has_personal_data": referral.has_personal_data,
    }


def full_view(referral: Referral) -> dict[str, Any]:
    """Everything, personal data included: only after read_referral (logged)."""
    return {
        **summary_view(referral),
        "question": referral.question,
        "summary": referral.summary,
        "theme_labels": [t for t in (referral.theme_labels or "").split("\n") if t],
        "already_tried": referral.already_tried,
        "documents": referral.document_list,
        "contact_used": self_help(referral)["contact"],
        "partner_email": referral.partner_email,
        "warm_referral_possible": referral.warm_referral_possible,
        "person": (
            {
                "name": referral.person_name,
                "phone": referral.person_phone,
                "phone_display": display_phone(referral.person_phone),
                "email": referral.person_email,
                "preferred_contact_time": referral.preferred_contact_time,
            }
            if referral.has_personal_data
            and (referral.person_name or referral.person_phone or referral.person_email)
            else None
        ),
        "consent_record": (
            {
                "text": referral.consent_text,
                "answer": referral.consent_given,
                "at": iso_moment(referral.consent_at),
            }
            if referral.consent_text
            else None
        ),
        "handed_over_at": iso_moment(referral.handed_over_at),
        "personal_data_erased_at": iso_moment(referral.personal_data_erased_at),
        "erased_because": referral.erased_because,
        "messages": [m.view for m in referral.messages],
    }


def history(referral: Referral) -> list[dict[str, Any]]:
    return [
        {
            "at": iso_moment(e.at),
            "actor": e.actor,
            "action": e.action,
            "from": e.from_status,
            "to": e.to_status,
            "detail": e.detail,
        }
        for e in referral.events
    ]


def export_personal_data(
    session: Session, referral_id: int, by: str, now: datetime | None = None
) -> dict[str, Any]:
    """Right of access (AVG art. 15): all that is stored about the person in this referral,
    with who did what with it. The export itself is logged."""
    at = now or utcnow()
    referral = get_referral(session, referral_id)
    referral.record(by, EXPORT, at)
    session.flush()
    return {
        "exported_at": iso_moment(at),
        "referral": full_view(referral),
        "history": history(referral),
    }


def erase_personal_data(
    session: Session, referral_id: int, by: str, now: datetime | None = None
) -> dict[str, Any]:
    """Right to erasure (AVG art. 17): name, contact, free text and the e-mailed notes are
    cleared, an open referral is cancelled; the anonymous facts and the log stay."""
    at = now or utcnow()
    referral = get_referral(session, referral_id)
    erased = referral.erase_personal_data(by, at, because="request")
    session.flush()
    return {"id": referral.public_id, "erased": erased, "status": referral.status}


__all__ = [
    "Consent",
    "Person",
    "change_status",
    "create_referral",
    "erase_personal_data",
    "export_personal_data",
    "find_referral",
    "full_view",
    "get_referral",
    "give_consent",
    "history",
    "list_referrals",
    "read_referral",
    "self_help",
    "summary_view",
]
