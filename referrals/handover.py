"""The handover note (overdrachtsformulier) for the partner: one set of data, three forms.

`handover_note(referral)` gathers what the partner needs, in sections of (label, value)
with Dutch B1 labels; the printable HTML page (referrals/templates/handover.html), the plain
text to copy, and the e-mail are all made from it, so they always say the same.
"""

from __future__ import annotations

import base64
import hashlib
import textwrap
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape

from referrals.contact import display_phone
from referrals.models import Referral
from registration.channels import ARRIVED
from texts.calendar import MONTHS

TEMPLATES = Path(__file__).resolve().parent / "templates"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
URGENCY_LABELS = {
    "normaal": "Normaal",
    "dringend": "Dringend: graag snel contact",
    "spoed": "Spoed: graag vandaag contact",
}


def dutch_day(value: date | None) -> str | None:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else None


def dutch_moment(value: datetime | None) -> str | None:
    """A naive UTC time as Amsterdam wall-clock: '23 november 2026 om 10:12'."""
    if value is None:
        return None
    local = value.replace(tzinfo=ZoneInfo("UTC")).astimezone(AMSTERDAM)
    return f"{dutch_day(local.date())} om {local:%H:%M}"


@dataclass
class Section:
    title: str
    rows: list[tuple[str, object]] = field(default_factory=list)  # value: str or list of str

    def add(self, label: str, value: object) -> None:
        if value:
            self.rows.append((label, value))


@dataclass
class HandoverNote:
    referral_id: int
    title: str
    intro: str
    sections: list[Section]
    footer: str

    @property
    def subject(self) -> str:
        """The e-mail subject: no personal data in it (subjects end up in many logs)."""
        return (
            f"Warme doorverwijzing nr. {self.referral_id} van het Informatiepunt Digitale Overheid"
        )


def handover_note(referral: Referral) -> HandoverNote:
    where = referral.ido_location_name or "het Informatiepunt Digitale Overheid"
    to = Section("Voor")
    to.add("Organisatie", referral.organisation_name)
    to.add("Dienst", referral.service_name)
    if referral.contact_value:
        label = f"{referral.contact_label}: " if referral.contact_label else ""
        to.add("Gekozen contact", label + referral.contact_value)

    person = Section("Wie heeft hulp nodig")
    person.add("Naam", referral.person_name)
    person.add("Telefoon", display_phone(referral.person_phone))
    person.add("E-mail", referral.person_email)
    person.add("Beste tijd om contact op te nemen", referral.preferred_contact_time)
    if not person.rows:
        person.add("Let op", "Er zijn geen contactgegevens. De persoon neemt zelf contact op.")

    question = Section("De vraag")
    question.add("Onderwerp", [t for t in (referral.theme_labels or "").split("\n") if t])
    question.add("Kort samengevat", referral.summary)
    question.add("In eigen woorden", referral.question)
    question.add("Al geprobeerd", referral.already_tried)
    question.add("Documenten", referral.document_list)

    urgency = Section("Haast")
    urgency.add("Hoe dringend", URGENCY_LABELS.get(referral.urgency, referral.urgency))
    urgency.add("Uiterste datum", dutch_day(referral.deadline))

    sender = Section("Doorverwezen door")
    sender.add("Informatiepunt", where)
    sender.add("Medewerker", referral.staff_member)
    sender.add("Gekomen", ARRIVED.get(referral.channel))
    sender.add("Datum", dutch_moment(referral.handed_over_at or referral.created_at))
    sender.add("Wij bellen na op", dutch_day(referral.follow_up_on))

    consent = Section("Toestemming")
    if referral.consent_given:
        consent.add("Toestemming", f"Ja, gegeven op {dutch_moment(referral.consent_at)}")
        consent.add("Deze vraag is gesteld", referral.consent_text)
    else:
        consent.add("Toestemming", "Nee of nog niet gevraagd. Deel geen persoonsgegevens.")

    return HandoverNote(
        referral_id=referral.id,
        title=f"Warme doorverwijzing nr. {referral.id}",
        intro=(
            f"{where} verwijst iemand naar u door. De persoon gaf toestemming om deze "
            "gegevens met u te delen. Zo hoeft de persoon het verhaal niet opnieuw te vertellen."
            if referral.consent_given
            else f"{where} verwijst iemand naar u door, zonder persoonsgegevens."
        ),
        sections=[s for s in (to, person, question, urgency, sender, consent) if s.rows],
        footer=(
            "Gebruik deze gegevens alleen om deze persoon te helpen. Laat het Informatiepunt "
            "weten als u de persoon niet kunt bereiken."
        ),
    )


# ---------------------------------------------------------------------------- renderings
@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@lru_cache(maxsize=1)
def handover_css() -> str:
    return (TEMPLATES / "staff_handover.css").read_text(encoding="utf-8")


def css_hash() -> str:
    """For the Content-Security-Policy: the inline <style> is allowed by its hash only."""
    digest = hashlib.sha256(handover_css().encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render_html(note: HandoverNote) -> str:
    return _environment().get_template("handover.html").render(note=note, css=handover_css())


def render_text(note: HandoverNote) -> str:
    width = max((len(label) for s in note.sections for label, _ in s.rows), default=10) + 2
    lines = [note.title.upper(), "=" * len(note.title), "", textwrap.fill(note.intro, 78), ""]
    for section in note.sections:
        lines += [section.title, "-" * len(section.title)]
        for label, value in section.rows:
            values = value if isinstance(value, list) else str(value).split("\n")
            if isinstance(value, list):
                values = [f"- {v}" for v in values]
            lines.append(f"{label + ':':<{width}}{values[0]}")
            lines += [" " * width + v for v in values[1:]]
        lines.append("")
    lines.append(textwrap.fill(note.footer, 78))
    return "\n".join(lines) + "\n"
