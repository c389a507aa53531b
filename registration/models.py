"""One row per answered question, in the shape of the IDO-registratieformulier.

Anonymous by construction: no text, no personal data, nothing that links back to a
person or a conversation. Only the day (no time), the channel, the IDO location, the
theme, the organisation the question was about, the outcome (with the kind of partner
for a referral) and the duration of the conversation in a bucket of whole minutes. The
primary key is random (not a counter), so the order of rows says nothing about the
order of conversations. Several questions in one visit are several rows, with nothing
that ties them together.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from sqlalchemy import CheckConstraint, Column, Date, String

from database import Base
from registration.channels import CHANNELS

OUTCOMES = ("information", "course", "referral", "crisis", "out_of_scope", "unresolved")
OUTCOME_LABELS = {
    "information": "informatie gegeven",
    "course": "cursus",
    "referral": "doorverwezen",
    "crisis": "crisis",
    "out_of_scope": "buiten het IDO",
    "unresolved": "niet opgelost",
}
# Duration buckets in whole minutes: (label, lower bound inclusive, upper bound exclusive).
DURATIONS = (
    ("0-5", 0, 5),
    ("5-15", 5, 15),
    ("15-30", 15, 30),
    ("30-60", 30, 60),
    ("60+", 60, None),
)


def _random_id() -> str:
    return uuid.uuid4().hex


def _in(column: str, values: Iterable[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class QuestionRegistration(Base):
    __tablename__ = "question_registrations"

    id: str = Column(String(32), primary_key=True, default=_random_id)
    day: date = Column(Date, nullable=False, index=True)
    month: str = Column(String(7), nullable=False, index=True)  # YYYY-MM, for counting per month
    channel: str = Column(String(16), nullable=False)
    ido_location_id = Column(String(100))
    theme = Column(String(64))
    organisation_id = Column(String(100))
    organisation_name = Column(String(300))
    outcome: str = Column(String(16), nullable=False)
    partner_kind = Column(String(32))  # for outcome referral
    duration = Column(String(8))  # bucket label; NULL: not known

    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel_known"),
        CheckConstraint(_in("outcome", OUTCOMES), name="outcome_known"),
        CheckConstraint(
            "duration IS NULL OR " + _in("duration", [d[0] for d in DURATIONS]),
            name="duration_bucket",
        ),
    )
