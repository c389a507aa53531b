"""Retention (AVG): personal data of closed referrals is erased after a set period.

What is erased: the person's name, phone, e-mail and preferred contact time, and all free
text: the question in the person's own words, the summary, what was already tried and
the documents. Free text is erased too because people write their own details into it
(a BSN, an address, a name), and masking cannot promise to catch everything. The
handover e-mails kept in the outbox are cleared as well (a note not yet sent is
cancelled).

Staff notes on status changes are blanked too (they are free text).

What stays: the anonymous facts (themes, organisation and service, urgency, dates,
status, IDO location, staff member, channel), the consent record (the standard text, the
answer and when: proof that the handover was allowed) and the audit log, which never
holds personal data of the person. The anonymous registration for the gemeente is a
separate table and is never touched.

Safe to run repeatedly and from a scheduler: a referral with nothing left to erase is not
selected again, and each referral is erased in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from database import utcnow
from referrals.models import (
    FINAL,
    FREE_TEXT_FIELDS,
    NOTE_ERASED,
    PERSONAL_FIELDS,
    STATUS,
    SYSTEM,
    SYSTEM_NOTES,
    HandoverMessage,
    Referral,
    ReferralEvent,
)

RETENTION_ACTOR = f"{SYSTEM} (bewaartermijn)"


@dataclass(frozen=True)
class PurgeResult:
    referrals: int  # referrals whose personal data was erased in this run
    messages: int  # handover e-mails cleared (sent) or cancelled (not yet sent)


def purge_referrals(
    session: Session, older_than_days: int = 90, now: datetime | None = None
) -> PurgeResult:
    """Erase the personal data of referrals closed (afgerond or geannuleerd) more than
    `older_than_days` days ago. `now` is naive UTC (default: the current time)."""
    if older_than_days < 0:
        raise ValueError("older_than_days must be 0 or more")
    at = (now or utcnow()).replace(microsecond=0)
    cutoff = at - timedelta(days=older_than_days)
    has_data = [getattr(Referral, f).isnot(None) for f in PERSONAL_FIELDS + FREE_TEXT_FIELDS]
    has_note = (
        exists()
        .where(HandoverMessage.referral_id == Referral.id)
        .where(or_(HandoverMessage.body_text.isnot(None), HandoverMessage.body_html.isnot(None)))
    )
    has_staff_note = (
        exists()
        .where(ReferralEvent.referral_id == Referral.id)
        .where(ReferralEvent.action == STATUS)
        .where(ReferralEvent.detail.isnot(None))
        .where(ReferralEvent.detail.notin_(sorted(SYSTEM_NOTES | {NOTE_ERASED})))
    )
    referrals = (
        session.execute(
            select(Referral)
            .where(
                Referral.status.in_(FINAL),
                Referral.closed_at <= cutoff,
                or_(*has_data, has_note, has_staff_note),
            )
            .order_by(Referral.id)
        )
        .scalars()
        .all()
    )
    messages = 0
    for referral in referrals:
        messages += sum(1 for m in referral.messages if m.body_text or m.body_html)
        referral.erase_personal_data(
            RETENTION_ACTOR,
            at,
            because="retention",
            detail=f"bewaartermijn van {older_than_days} dagen verstreken",
        )
    session.flush()
    return PurgeResult(referrals=len(referrals), messages=messages)
