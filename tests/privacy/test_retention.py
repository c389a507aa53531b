"""Conversation trackers older than the retention period are deleted, whole."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.retention import purge_trackers, stale_conversations

DAY = 86400
NOW = 1_750_000_000.0


def _conversation(sender: str, *ages_in_days: float) -> DialogueStateTracker:
    events = []
    for age in ages_in_days:
        ts = NOW - age * DAY
        events.append(ActionExecuted("action_listen", timestamp=ts))
        events.append(
            UserUttered("hallo", intent={"name": "greet", "confidence": 1.0}, timestamp=ts + 1)
        )
    return DialogueStateTracker.from_events(sender, events)


@pytest.fixture
async def db(tmp_path):
    path = tmp_path / "trackers.db"
    store = SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(path))
    await store.save(_conversation("old", 60, 40))  # newest event 40 days old
    await store.save(_conversation("just-old", 29))
    await store.save(_conversation("ongoing", 90, 2))  # started long ago, active
    await store.save(_conversation("new", 1))
    store.engine.dispose()
    return path


def _senders(path) -> dict:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("select sender_id, count(*) from events group by sender_id"))


async def test_only_conversations_whose_newest_event_is_too_old_are_deleted(db):
    assert purge_trackers(f"sqlite:///{db}", older_than_days=28, now=NOW) == 2
    remaining = _senders(db)
    assert set(remaining) == {"ongoing", "new"}
    assert remaining["ongoing"] == 4  # kept whole, its old events too


async def test_running_the_purge_again_deletes_nothing_more(db):
    url = f"sqlite:///{db}"
    assert purge_trackers(url, now=NOW) == 2
    assert purge_trackers(url, now=NOW) == 0
    assert set(_senders(db)) == {"ongoing", "new"}


async def test_the_limit_is_configurable_and_accepts_a_datetime(db):
    engine = sa.create_engine(f"sqlite:///{db}", future=True)
    now = datetime.fromtimestamp(NOW, tz=timezone.utc)
    assert sorted(stale_conversations(engine, 50, now)) == []
    assert sorted(stale_conversations(engine, 10, now)) == ["just-old", "old"]
    assert purge_trackers(engine, older_than_days=1.5, now=now) == 3
    assert set(_senders(db)) == {"new"}


async def test_without_now_the_current_time_is_used(db):
    # all test events are from 2025; with the real clock and 10 years they all stay
    assert purge_trackers(f"sqlite:///{db}", older_than_days=3650) == 0
    assert time.time() > NOW


def test_a_database_without_an_events_table_is_not_an_error(tmp_path):
    assert purge_trackers(f"sqlite:///{tmp_path / 'empty.db'}") == 0


def test_a_negative_limit_is_refused(tmp_path):
    with pytest.raises(ValueError):
        purge_trackers(f"sqlite:///{tmp_path / 'empty.db'}", older_than_days=-1)
