"""Register each answered question anonymously, for the gemeente's monitoring."""

from __future__ import annotations

import logging
import time
from typing import Any

from rasa_sdk import Tracker

from actions.runtime import sessions
from database import transaction
from registration.service import register_advice

log = logging.getLogger(__name__)


def channel_of(tracker: Tracker) -> str:
    return "telegram" if tracker.get_latest_input_channel() == "telegram" else "web_chat"


def duration_seconds(tracker: Tracker) -> float | None:
    stamps = [e.get("timestamp") for e in tracker.events if e.get("timestamp")]
    return max(0.0, time.time() - min(stamps)) if stamps else None


def register(tracker: Tracker, advice: dict[str, Any], referred: dict | None = None) -> None:
    """Never lets a registration problem break the conversation; it is logged instead."""
    try:
        with transaction(sessions()) as session:
            register_advice(
                session,
                advice,
                channel=channel_of(tracker),
                duration_seconds=duration_seconds(tracker),
                referred=referred,
            )
    except Exception:
        log.exception("registration of an answered question failed")
