"""Retention of conversation trackers in Rasa's SQL tracker store.

`purge_trackers` deletes whole conversations (every event of a sender_id) whose newest
event is older than the limit (default 28 days). It uses Rasa's own `events` table
(columns sender_id, timestamp as Unix seconds), needs no Rasa import, and is safe to
run repeatedly and from a scheduler: a second run finds nothing more to delete, and a
conversation that is still going on (a recent event) is kept whole.

    purge_trackers("sqlite:///var/trackers.db")            # -> number of conversations

Plain Python and SQLAlchemy 1.4 in 2.0 style; no Rasa import.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Engine

__all__ = ["DEFAULT_TRACKER_RETENTION_DAYS", "purge_trackers", "stale_conversations"]

DEFAULT_TRACKER_RETENTION_DAYS = 28
_BATCH = 500


def _engine(engine_or_url: Engine | str) -> Engine:
    if isinstance(engine_or_url, Engine):
        return engine_or_url
    return sa.create_engine(str(engine_or_url), future=True)


def _now_seconds(now: float | datetime | None) -> float:
    if now is None:
        return time.time()
    if isinstance(now, datetime):
        if now.tzinfo is None:
            now = now.replace(tzinfo=timezone.utc)
        return now.timestamp()
    return float(now)


def _events_table(engine: Engine) -> sa.Table | None:
    if not sa.inspect(engine).has_table("events"):
        return None
    return sa.Table("events", sa.MetaData(), autoload_with=engine)


def stale_conversations(
    engine_or_url: Engine | str,
    older_than_days: float = DEFAULT_TRACKER_RETENTION_DAYS,
    now: float | datetime | None = None,
) -> list[str]:
    """sender_ids whose newest event is older than `older_than_days`."""
    engine = _engine(engine_or_url)
    events = _events_table(engine)
    if events is None:
        return []
    cutoff = _now_seconds(now) - float(older_than_days) * 86400
    newest = sa.func.max(events.c.timestamp)
    query = (
        sa.select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(sa.or_(newest < cutoff, newest.is_(None)))
    )
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(query)]


def purge_trackers(
    engine_or_url: Engine | str,
    older_than_days: float = DEFAULT_TRACKER_RETENTION_DAYS,
    now: float | datetime | None = None,
) -> int:
    """Delete every conversation whose newest event is older than `older_than_days`
    (`now`: a datetime, Unix seconds, or None for the current time). Returns the
    number of conversations deleted; 0 when there is no `events` table yet."""
    if older_than_days < 0:
        raise ValueError("older_than_days must be 0 or more")
    engine = _engine(engine_or_url)
    events = _events_table(engine)
    if events is None:
        return 0
    cutoff = _now_seconds(now) - float(older_than_days) * 86400
    senders = stale_conversations(engine, older_than_days, now)
    deleted = 0
    for i in range(0, len(senders), _BATCH):
        batch = senders[i : i + _BATCH]
        with engine.begin() as conn:
            # Re-check inside the transaction: a conversation that got a new event
            # since the selection is kept.
            fresh = {
                row[0]
                for row in conn.execute(
                    sa.select(events.c.sender_id)
                    .where(events.c.sender_id.in_(batch), events.c.timestamp >= cutoff)
                    .distinct()
                )
            }
            doomed = [s for s in batch if s not in fresh]
            if doomed:
                conn.execute(sa.delete(events).where(events.c.sender_id.in_(doomed)))
                deleted += len(doomed)
    return deleted
