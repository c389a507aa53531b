"""Rasa SQL tracker store that never writes personal data.

Configure it in endpoints.yml (Rasa's `create_tracker_store` loads any class by module
path and passes the remaining keys as keyword arguments)::

    tracker_store:
      type: bot.rasa.tracker_store.MaskingSQLTrackerStore
      dialect: sqlite            # or postgresql, with url/port/username/password
      db: var/trackers.db
      personal_slots: [person_name, contact_details, contact_time]  # optional, the default
      personal_entities: [...]                   # optional, defaults below

Beware: when the module cannot be imported Rasa logs a warning and silently uses the
in-memory tracker store; `bot.rasa.tracker_store` must be importable from the Rasa
process (run it from the project root or install the project).

What is masked, only in what is written (`SQLTrackerStore.save` serialises each event
returned by `_additional_events` with `event.as_dict()`; that is the one point we
override, so the in-memory tracker of the current turn keeps the real values):

- user messages: ``text``, ``parse_data.text``, entity values (a personal entity's
  value becomes ``[VERWIJDERD]``, any other entity value is masked), and metadata;
- bot messages: ``text`` and ``data`` (a bot that repeats "ik bel je op 06..." is
  masked too);
- slots: a slot named in `personal_slots` becomes ``[VERWIJDERD]`` (None stays None,
  so a reset is still a reset), any other slot value is masked;
- any other event type: every string value except names of intents, actions, slots
  and such is masked (a custom event cannot smuggle data in);
- an event broker, if configured, is sent the same masked events.

Consequence for forms: the next turn reloads the tracker from the database, so a
personal slot filled in an earlier turn reads ``[VERWIJDERD]`` (filled, but without
its value). To keep the form usable, the real values of personal slots are kept aside,
never in the tracker store, for `personal_memory_minutes` after their last use (default
60; 0 switches this off) and put back when the tracker is retrieved:

- with `personal_vault_url` (a Redis URL; the scaled topology sets it), in Redis,
  encrypted (Fernet, a key derived from INTERNAL_SECRET) under a keyed hash of the
  conversation id, expiring on their own: every Rasa instance reads the same values,
  so a conversation whose turns go to different instances keeps its form;
- without it, in this process's memory (one Rasa instance only).

When the vault cannot be reached the values are not kept (a warning is logged): the
form then asks again rather than store them anywhere else.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from conversation.dialogue import PERSONAL_SLOTS
from privacy.masking import mask_personal_data, mask_structure

__all__ = [
    "DEFAULT_PERSONAL_ENTITIES",
    "DEFAULT_PERSONAL_SLOTS",
    "REMOVED",
    "MaskingSQLTrackerStore",
    "MemoryVault",
    "RedisVault",
    "mask_event_dict",
]
log = logging.getLogger(__name__)

REMOVED = "[VERWIJDERD]"
# The slots of the referral form (conversation.dialogue); never written as typed.
DEFAULT_PERSONAL_SLOTS = PERSONAL_SLOTS
DEFAULT_PERSONAL_ENTITIES = (
    "person_name",
    "name",
    "PERSON",
    "phone",
    "phone_number",
    "contact_phone",
    "email",
    "contact_email",
    "bsn",
    "iban",
    "address",
    "postcode",
)
# Keys whose values are names of things in the domain, never user content.
_STRUCTURAL_KEYS = frozenset(
    {
        "event",
        "timestamp",
        "name",
        "policy",
        "confidence",
        "intent",
        "intent_name",
        "action_name",
        "action_text_hint",
        "entity",
        "extractor",
        "role",
        "group",
        "input_channel",
        "message_id",
        "type_name",
        "start",
        "end",
        "processors",
        "prev_action",
        "active_loop",
        "requested_slot",
        "model_id",
        "assistant_id",
        "hide_rule_turn",
        "use_text_for_featurization",
        "kill_on_user_msg",
        "date_time",
        "is_interrupted",
        "rejected",
        "trigger_message",
        "confidence_entity",
    }
)


def _mask_any(value: Any) -> Any:
    return mask_structure(value, keep=_STRUCTURAL_KEYS)


def _mask_entities(entities: Any, personal: frozenset[str]) -> Any:
    if not isinstance(entities, list):
        return entities
    out = []
    for entity in entities:
        if not isinstance(entity, dict):
            out.append(_mask_any(entity))
            continue
        entity = dict(entity)
        if "value" in entity:
            if entity.get("entity") in personal and entity["value"] is not None:
                entity["value"] = REMOVED
            else:
                entity["value"] = _mask_any(entity["value"])
        for key in ("text", "additional_info"):
            if key in entity:
                entity[key] = _mask_any(entity[key])
        out.append(entity)
    return out


def mask_event_dict(
    data: dict[str, Any],
    personal_slots: Iterable[str] = DEFAULT_PERSONAL_SLOTS,
    personal_entities: Iterable[str] = DEFAULT_PERSONAL_ENTITIES,
) -> dict[str, Any]:
    """A masked copy of a serialised Rasa event (`event.as_dict()`)."""
    slots = frozenset(personal_slots)
    entities = frozenset(personal_entities)
    data = copy.deepcopy(data)
    kind = data.get("event")
    if kind == "slot":
        if data.get("name") in slots:
            if data.get("value") is not None:
                data["value"] = REMOVED
        else:
            data["value"] = _mask_any(data.get("value"))
        if "metadata" in data:
            data["metadata"] = _mask_any(data["metadata"])
        return data
    if kind == "user":
        if isinstance(data.get("text"), str):
            data["text"] = mask_personal_data(data["text"])
        parse_data = data.get("parse_data")
        if isinstance(parse_data, dict):
            parse_data = dict(parse_data)
            if isinstance(parse_data.get("text"), str):
                parse_data["text"] = mask_personal_data(parse_data["text"])
            if "entities" in parse_data:
                parse_data["entities"] = _mask_entities(parse_data["entities"], entities)
            for key, value in list(parse_data.items()):
                if key not in ("text", "entities", "intent", "intent_ranking", "response_selector"):
                    parse_data[key] = _mask_any(value)
            data["parse_data"] = parse_data
        if "metadata" in data:
            data["metadata"] = _mask_any(data["metadata"])
        return data
    if kind == "entities":
        data["entities"] = _mask_entities(data.get("entities"), entities)
        if "metadata" in data:
            data["metadata"] = _mask_any(data["metadata"])
        return data
    if kind == "reminder" and "entities" in data:
        data["entities"] = _mask_entities(data.get("entities"), entities)
    # bot, agent, action, and everything else: mask all free-text values
    masked: dict[str, Any] = _mask_any(data)
    return masked


class _SerialisedEvent:
    """Stands in for an event in `SQLTrackerStore.save`: same `type_name`, masked
    `as_dict()`. Anything else is delegated to the real event."""

    __slots__ = ("_data", "_event")

    def __init__(self, event: Any, data: dict[str, Any]) -> None:
        self._event = event
        self._data = data

    @property
    def type_name(self) -> str:
        name: str = self._event.type_name
        return name

    def as_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._data)

    def __getattr__(self, item: str) -> Any:
        return getattr(self._event, item)


class MaskingSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]  # rasa has no types
    """`SQLTrackerStore` that masks user texts and removes personal slot values before
    they are written (see the module docstring)."""

    def __init__(
        self,
        *args: Any,
        personal_slots: Iterable[str] | None = None,
        personal_entities: Iterable[str] | None = None,
        personal_memory_minutes: float = 60,
        personal_vault_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.personal_slots: tuple[str, ...] = tuple(
            DEFAULT_PERSONAL_SLOTS if personal_slots is None else personal_slots
        )
        self.personal_entities: tuple[str, ...] = tuple(
            DEFAULT_PERSONAL_ENTITIES if personal_entities is None else personal_entities
        )
        self.personal_memory_seconds = max(float(personal_memory_minutes or 0), 0.0) * 60
        self.vault: Vault | None = None
        if self.personal_memory_seconds and personal_vault_url:
            from bot.settings import Settings

            self.vault = RedisVault(
                personal_vault_url,
                Settings.from_env().internal_secret,
                int(self.personal_memory_seconds),
            )
        elif self.personal_memory_seconds:
            self.vault = MemoryVault(self.personal_memory_seconds)
        super().__init__(*args, **kwargs)
        self._reconnecting_engine()

    def _reconnecting_engine(self) -> None:
        """PostgreSQL: test a pooled connection before use, so a restarted database
        costs no turn (Rasa's engine would hand out a dead connection once)."""
        import sqlalchemy as sa
        from rasa.core.tracker_store import create_engine_kwargs

        engine: Any = getattr(self, "engine")  # noqa: B009  (set by SQLTrackerStore)
        url = engine.url
        if url.get_backend_name() != "postgresql":
            return
        engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    # --- what is written -------------------------------------------------------
    def _additional_events(
        self, session: Any, tracker: DialogueStateTracker
    ) -> Iterator[_SerialisedEvent]:
        for event in super()._additional_events(session, tracker):
            data = event.as_dict()
            if (
                data.get("event") == "slot"
                and data.get("name") in self.personal_slots
                and data.get("value") is not None
            ):
                self._remember(
                    tracker.sender_id, data["name"], data.get("timestamp"), data["value"]
                )
            yield _SerialisedEvent(
                event, mask_event_dict(data, self.personal_slots, self.personal_entities)
            )

    async def _stream_new_events(
        self, event_broker: Any, new_events: list[Any], sender_id: str
    ) -> None:
        # An event broker (if one is configured) gets the same masked events.
        for event in new_events:
            body = {"sender_id": sender_id}
            body.update(
                mask_event_dict(event.as_dict(), self.personal_slots, self.personal_entities)
            )
            event_broker.publish(body)

    # --- short-lived memory of personal slot values ----------------------------
    def _remember(self, sender_id: str, slot: str, timestamp: Any, value: Any) -> None:
        if self.vault is not None:
            self.vault.remember(sender_id, slot, timestamp, value)

    def _recall(self, sender_id: str) -> dict[tuple[str, float], Any]:
        return self.vault.recall(sender_id) if self.vault is not None else {}

    def forget(self, sender_id: str | None = None) -> None:
        """Drop the remembered personal values of one conversation (or of all)."""
        if self.vault is not None:
            self.vault.forget(sender_id)

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        tracker = await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        remembered = self._recall(sender_id)
        if tracker is None or not remembered:
            return tracker
        events = []
        changed = False
        for event in tracker.events:
            data = event.as_dict()
            key = (data.get("name"), data.get("timestamp"))
            if data.get("event") == "slot" and data.get("value") == REMOVED and key in remembered:
                data["value"] = remembered[key]
                changed = True
            events.append(data)
        if not changed:
            return tracker
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)


# ------------------------------------------------------------------------- vaults
Remembered = dict[tuple[str, float], Any]


class Vault(Protocol):
    def remember(self, sender_id: str, slot: str, timestamp: Any, value: Any) -> None: ...
    def recall(self, sender_id: str) -> Remembered: ...
    def forget(self, sender_id: str | None = None) -> None: ...


class MemoryVault:
    """This process's memory: right for one Rasa instance."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        # sender_id -> (last used, {(slot name, event timestamp): real value})
        self._memory: dict[str, tuple[float, Remembered]] = {}
        self._lock = threading.Lock()

    def remember(self, sender_id: str, slot: str, timestamp: Any, value: Any) -> None:
        now = time.monotonic()
        with self._lock:
            _, values = self._memory.get(sender_id, (now, {}))
            values[(slot, timestamp)] = value
            self._memory[sender_id] = (now, values)

    def recall(self, sender_id: str) -> Remembered:
        now = time.monotonic()
        with self._lock:
            for key in [k for k, (used, _) in self._memory.items() if now - used > self.seconds]:
                del self._memory[key]
            entry = self._memory.get(sender_id)
            if entry is None:
                return {}
            self._memory[sender_id] = (now, entry[1])
            return dict(entry[1])

    def forget(self, sender_id: str | None = None) -> None:
        with self._lock:
            if sender_id is None:
                self._memory.clear()
            else:
                self._memory.pop(sender_id, None)


class RedisVault:
    """Redis, shared by every Rasa instance: encrypted values that expire by themselves.

    Key: `wegwijzer:vault:<HMAC of the conversation id>` (a hash; Redis never sees the
    id). Field: the slot name and the event's timestamp. Value: Fernet-encrypted JSON.
    The expiry starts again at each use, like the memory vault's.
    """

    PREFIX = "wegwijzer:vault:"

    def __init__(self, url: str, secret: str, seconds: int) -> None:
        import redis
        from cryptography.fernet import Fernet

        self.seconds = max(int(seconds), 1)
        self._secret = secret.encode()
        key = hashlib.sha256(b"wegwijzer personal vault\x00" + self._secret).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))
        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def _key(self, sender_id: str) -> str:
        digest = hmac.new(self._secret, sender_id.encode(), hashlib.sha256).hexdigest()[:40]
        return self.PREFIX + digest

    def remember(self, sender_id: str, slot: str, timestamp: Any, value: Any) -> None:
        import redis

        field = json.dumps([slot, timestamp])
        token = self._fernet.encrypt(json.dumps(value).encode())
        key = self._key(sender_id)
        try:
            with self._redis.pipeline(transaction=True) as pipe:
                pipe.hset(key, field, token)
                pipe.expire(key, self.seconds)
                pipe.execute()
        except (redis.RedisError, OSError) as exc:
            log.warning("personal vault unavailable, value not kept: %s", type(exc).__name__)

    def recall(self, sender_id: str) -> Remembered:
        import redis
        from cryptography.fernet import InvalidToken

        key = self._key(sender_id)
        try:
            with self._redis.pipeline(transaction=True) as pipe:
                pipe.hgetall(key)
                pipe.expire(key, self.seconds)
                stored, _ = pipe.execute()
        except (redis.RedisError, OSError) as exc:
            log.warning("personal vault unavailable: %s", type(exc).__name__)
            return {}
        found: Remembered = {}
        for field, token in (stored or {}).items():
            try:
                slot, timestamp = json.loads(field)
                found[(slot, timestamp)] = json.loads(self._fernet.decrypt(token))
            except (InvalidToken, ValueError, TypeError):
                continue
        return found

    def forget(self, sender_id: str | None = None) -> None:
        import redis

        try:
            if sender_id is not None:
                self._redis.delete(self._key(sender_id))
            else:
                for key in self._redis.scan_iter(match=self.PREFIX + "*"):
                    self._redis.delete(key)
        except (redis.RedisError, OSError) as exc:
            log.warning("personal vault unavailable: %s", type(exc).__name__)
