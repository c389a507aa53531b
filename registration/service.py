"""Register answered questions anonymously, and count them for the gemeente.

`register_question` writes one row; `questions_from_advice` turns an advice
(knowledge.advice.Advice.to_dict()) into the rows it stands for, and `register_advice`
does both. `count_questions` is the one query for counts (the CSV export and the dashboard
use it); `registrations_csv` writes its result for a spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from knowledge.hours import local_now
from knowledge.records import KINDS
from registration.channels import CHANNELS
from registration.channels import LABELS as CHANNEL_LABELS
from registration.models import (
    DURATIONS,
    OUTCOME_LABELS,
    OUTCOMES,
    QuestionRegistration,
)

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,99}$")
# The dimensions count_questions can group by, and the columns behind them.
DIMENSIONS = {
    "month": ("month",),
    "channel": ("channel",),
    "location": ("ido_location_id",),
    "theme": ("theme",),
    "organisation": ("organisation_id", "organisation_name"),
    "outcome": ("outcome", "partner_kind"),
    "duration": ("duration",),
}
DEFAULT_DIMENSIONS = ("month", "location", "channel", "theme", "organisation", "outcome")


class RegistrationError(ValueError):
    """A registration with a value outside the form; the message says which."""


def duration_bucket(seconds: float | None) -> str | None:
    """The bucket of the conversation's duration in whole minutes (rounded), e.g. '5-15'."""
    if seconds is None:
        return None
    if seconds < 0:
        raise RegistrationError("a duration cannot be negative")
    minutes = round(seconds / 60)
    for label, low, high in DURATIONS:
        if minutes >= low and (high is None or minutes < high):
            return label
    raise AssertionError("unreachable")


def _day(on: date | datetime | None) -> date:
    """The day in the Netherlands: a datetime (naive = Amsterdam time) becomes its date."""
    if on is None or isinstance(on, datetime):
        return local_now(on).date()
    if isinstance(on, date):
        return on
    raise RegistrationError("'on' must be a date or a datetime")


def _identifier(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ID.match(value):
        raise RegistrationError(f"{what} must be an id from the knowledge base, got {value!r}")
    return value


def register_question(
    session: Session,
    *,
    channel: str,
    outcome: str,
    theme: str | None = None,
    organisation_id: str | None = None,
    organisation_name: str | None = None,
    partner_kind: str | None = None,
    ido_location_id: str | None = None,
    duration_seconds: float | None = None,
    on: date | datetime | None = None,
) -> QuestionRegistration:
    """Register one answered question. Several questions in a visit: call once for each.

    channel: staff | web_chat | telegram. outcome: information | course | referral (with
    partner_kind, a knowledge kind such as advice_partner) | crisis | out_of_scope |
    unresolved. theme: a theme id (the intent name). organisation_id / organisation_name:
    from the knowledge suggestion the question was about, or None. ido_location_id: the
    IDO location's id, or None (chat without a location). duration_seconds: how long the
    conversation took; stored only as a bucket. on: the day (default today, Amsterdam).
    Never pass text typed by the person: nothing here is free text.
    """
    if channel not in CHANNELS:
        raise RegistrationError(f"unknown channel {channel!r} (one of {', '.join(CHANNELS)})")
    if outcome not in OUTCOMES:
        raise RegistrationError(f"unknown outcome {outcome!r} (one of {', '.join(OUTCOMES)})")
    if outcome == "referral":
        if partner_kind not in KINDS:
            raise RegistrationError(
                f"a referral needs the kind of partner (one of "
                f"{', '.join(KINDS)}), got {partner_kind!r}"
            )
    elif partner_kind is not None:
        raise RegistrationError("the kind of partner is only registered with outcome referral")
    if organisation_name is not None:
        if not isinstance(organisation_name, str) or len(organisation_name) > 300:
            raise RegistrationError("organisation_name must be the name from the knowledge base")
        organisation_name = organisation_name.strip() or None
    day = _day(on)
    row = QuestionRegistration(
        id=uuid.uuid4().hex,
        day=day,
        month=f"{day:%Y-%m}",
        channel=channel,
        outcome=outcome,
        theme=_identifier(theme, "theme"),
        organisation_id=_identifier(organisation_id, "organisation_id"),
        organisation_name=organisation_name,
        partner_kind=partner_kind,
        ido_location_id=_identifier(ido_location_id, "ido_location_id"),
        duration=duration_bucket(duration_seconds),
    )
    session.add(row)
    return row


def questions_from_advice(
    advice: Mapping[str, Any], referred: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The questions an advice answered, as keyword arguments for register_question
    (without channel, location, duration and day).

    One per need (the advice's themes; when it asks which theme is meant only the first,
    the others are candidates). The organisation is the first suggestion for that theme.
    `referred`: the suggestion the person was referred to (warm referral): its theme's
    question gets outcome referral with the kind of partner. A suggestion of kind course
    chosen as `referred` counts as outcome course.
    """
    suggestions = [s for s in advice.get("suggestions") or [] if isinstance(s, Mapping)]

    def about(theme: str | None) -> dict[str, Any]:
        first = next(
            (s for s in suggestions if s.get("theme") == theme and s.get("kind") != "ido"), None
        )
        if first is None:
            return {"organisation_id": None, "organisation_name": None}
        return {
            "organisation_id": first.get("organisation_id"),
            "organisation_name": first.get("organisation"),
        }

    if advice.get("crisis"):
        return [{"theme": "crisis", "outcome": "crisis", **about("crisis")}]
    if advice.get("out_of_scope"):
        return [
            {
                "theme": None,
                "outcome": "out_of_scope",
                "organisation_id": None,
                "organisation_name": None,
            }
        ]
    themes = [t.get("name") for t in advice.get("themes") or [] if isinstance(t, Mapping)]
    if advice.get("clarify"):
        themes = themes[:1]
    if not themes:
        return [
            {
                "theme": None,
                "outcome": "unresolved",
                "organisation_id": None,
                "organisation_name": None,
            }
        ]
    questions = [{"theme": theme, "outcome": "information", **about(theme)} for theme in themes]
    if referred is not None:
        target = next((q for q in questions if q["theme"] == referred.get("theme")), questions[0])
        target["organisation_id"] = referred.get("organisation_id")
        target["organisation_name"] = referred.get("organisation")
        if referred.get("kind") == "course":
            target["outcome"] = "course"
        else:
            target["outcome"], target["partner_kind"] = "referral", referred.get("kind")
    return questions


def register_advice(
    session: Session,
    advice: Mapping[str, Any],
    *,
    channel: str,
    ido_location_id: str | None = None,
    duration_seconds: float | None = None,
    referred: Mapping[str, Any] | None = None,
    on: date | datetime | None = None,
) -> list[QuestionRegistration]:
    """Register every question an advice answered (see questions_from_advice)."""
    return [
        register_question(
            session,
            channel=channel,
            ido_location_id=ido_location_id,
            duration_seconds=duration_seconds,
            on=on,
            **question,
        )
        for question in questions_from_advice(advice, referred)
    ]


def count_questions(
    session: Session,
    *,
    by: Sequence[str] = DEFAULT_DIMENSIONS,
    date_from: date | None = None,
    date_to: date | None = None,
    ido_location_id: str | None = None,
    channel: str | None = None,
    locations: Collection[str] | None = None,
    include_unassigned: bool = False,
) -> list[dict[str, Any]]:
    """Counts of registered questions grouped by the dimensions `by` (any of DIMENSIONS:
    month, channel, location, theme, organisation, outcome, duration), ordered by them.

    Each result is a dict with the columns of those dimensions and 'count'. date_from and
    date_to are inclusive days. `locations`: only questions of these IDO locations (None:
    all), and with `include_unassigned` also those without a location (online questions,
    for the location that owns them).
    """
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise RegistrationError(
            f"unknown dimension(s) {', '.join(unknown)} (choose from {', '.join(DIMENSIONS)})"
        )
    columns = [getattr(QuestionRegistration, c) for d in by for c in DIMENSIONS[d]]
    query = select(*columns, func.count().label("count")).select_from(QuestionRegistration)
    if date_from is not None:
        query = query.where(QuestionRegistration.day >= date_from)
    if date_to is not None:
        query = query.where(QuestionRegistration.day <= date_to)
    if ido_location_id is not None:
        query = query.where(QuestionRegistration.ido_location_id == ido_location_id)
    if locations is not None:
        mine = QuestionRegistration.ido_location_id.in_(list(locations))
        query = query.where(
            or_(mine, QuestionRegistration.ido_location_id.is_(None))
            if include_unassigned
            else mine
        )
    if channel is not None:
        query = query.where(QuestionRegistration.channel == channel)
    if columns:
        query = query.group_by(*columns).order_by(*columns)
    return [dict(row._mapping) for row in session.execute(query)]


CSV_HEADERS = {
    "month": "maand",
    "channel": "kanaal",
    "ido_location_id": "ido_locatie",
    "theme": "thema",
    "organisation_id": "organisatie_id",
    "organisation_name": "organisatie",
    "outcome": "uitkomst",
    "partner_kind": "soort_partner",
    "duration": "duur_minuten",
    "count": "aantal",
}


def _theme_labels(session: Session) -> dict[str, str]:
    from knowledge.models import ThemeRow

    rows = session.execute(select(ThemeRow.id, ThemeRow.label))
    return {row.id: row.label for row in rows}


def registrations_csv(
    session: Session,
    *,
    by: Sequence[str] = DEFAULT_DIMENSIONS,
    date_from: date | None = None,
    date_to: date | None = None,
    ido_location_id: str | None = None,
    channel: str | None = None,
    delimiter: str = ";",
    locations: Collection[str] | None = None,
    include_unassigned: bool = False,
) -> str:
    """The counts as CSV for a spreadsheet: Dutch headers, ';' between columns (as Dutch
    Excel expects), theme, channel and outcome with their Dutch labels beside the codes."""
    rows = count_questions(
        session,
        by=by,
        date_from=date_from,
        date_to=date_to,
        ido_location_id=ido_location_id,
        channel=channel,
        locations=locations,
        include_unassigned=include_unassigned,
    )
    keys = [c for d in by for c in DIMENSIONS[d]] + ["count"]
    labels = _theme_labels(session) if "theme" in by else {}
    headers = []
    for key in keys:
        headers.append(CSV_HEADERS[key])
        if key in ("theme", "channel", "outcome"):
            headers.append(CSV_HEADERS[key] + "_naam")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        values: list[Any] = []
        for key in keys:
            value = row[key]
            values.append("" if value is None else value)
            if key == "theme":
                values.append(labels.get(value, value or ""))
            elif key == "channel":
                values.append(CHANNEL_LABELS.get(value, value))
            elif key == "outcome":
                values.append(OUTCOME_LABELS.get(value, value))
        writer.writerow([neutralise_cell(v) for v in values])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|")


def neutralise_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula ("=HYPERLINK(...)", "+1",
    "@SUM") starts with a quote instead, so it is shown as the text it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
