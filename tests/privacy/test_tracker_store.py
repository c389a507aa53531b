"""The tracker store never writes a BSN, IBAN, phone number or e-mail typed in the chat."""

from __future__ import annotations

import sqlite3

import pytest
from rasa.core.tracker_store import create_tracker_store
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.rasa.tracker_store import REMOVED, MaskingSQLTrackerStore, mask_event_dict

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [give_contact, greet]
entities: [phone, email]
slots:
  person_name: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  contact_details: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  contact_email: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  theme: {type: text, influence_conversation: false, mappings: [{type: custom}]}
""")

TYPED = (
    "Ik ben Jan de Vries, BSN 1234.56.782, rekening NL91 ABNA 0417 1643 00, "
    "bel 06-12345678 of mail jan@example.nl"
)
RAW = [
    "123456782",
    "1234.56.782",
    "NL91 ABNA",
    "NL91ABNA0417164300",
    "06-12345678",
    "612345678",
    "jan@example.nl",
    "Jan de Vries",
]


def _tracker(sender="gesprek-1") -> DialogueStateTracker:
    entities = [
        {"entity": "phone", "value": "06-12345678", "start": 0, "end": 1},
        {"entity": "email", "value": "jan@example.nl", "start": 0, "end": 1},
    ]
    events = [
        ActionExecuted("action_session_start"),
        ActionExecuted("action_listen"),
        UserUttered(
            TYPED,
            intent={"name": "give_contact", "confidence": 0.9},
            entities=entities,
            metadata={"from": "06-12345678"},
        ),
        SlotSet("person_name", "Jan de Vries"),
        SlotSet("contact_details", "06-12345678"),
        SlotSet("contact_email", "jan@example.nl"),
        SlotSet("theme", "toeslagen, bel 0612345678"),
        BotUttered("Dank je, ik bel je op 06-12345678."),
        ActionExecuted("action_listen"),
    ]
    return DialogueStateTracker.from_events(sender, events, DOMAIN.slots)


def _raw_rows(db) -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "select sender_id, type_name, intent_name, action_name, data from events"
        ).fetchall()


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "trackers.db")


async def test_saved_events_hold_no_bsn_iban_phone_email_or_name(db):
    store = MaskingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    tracker = _tracker()
    await store.save(tracker)
    rows = _raw_rows(db)
    assert len(rows) == len(tracker.events)
    dump = repr(rows)
    for raw in RAW:
        assert raw not in dump
    assert "[BSN]" in dump and "[IBAN]" in dump and "[TELEFOON]" in dump
    assert "[E-MAIL]" in dump and REMOVED in dump
    assert ("gesprek-1", "user", "give_contact", None) in [r[:4] for r in rows]


async def test_the_tracker_of_the_current_turn_keeps_the_real_values(db):
    store = MaskingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    tracker = _tracker()
    await store.save(tracker)
    assert tracker.get_slot("contact_details") == "06-12345678"
    assert tracker.latest_message.text == TYPED


async def test_a_fresh_process_reads_removed_personal_slots_and_masked_texts(db):
    await MaskingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db).save(_tracker())
    fresh = MaskingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    tracker = await fresh.retrieve("gesprek-1")
    assert tracker.get_slot("person_name") == REMOVED
    assert tracker.get_slot("contact_details") == REMOVED
    assert tracker.get_slot("theme") == "toeslagen, bel [TELEFOON]"
    assert "[BSN]" in tracker.latest_message.text
    assert tracker.latest_message.intent["name"] == "give_contact"


async def test_the_same_process_gets_personal_slots_back_from_memory_for_the_form(db):
    store = MaskingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    await store.save(_tracker())
    tracker = await store.retrieve("gesprek-1")
    assert tracker.get_slot("contact_details") == "06-12345678"
    assert tracker.get_slot("person_name") == "Jan de Vries"
    store.forget("gesprek-1")
    assert (await store.retrieve("gesprek-1")).get_slot("contact_details") == REMOVED


async def test_memory_can_be_switched_off(db):
    store = MaskingSQLTrackerStore(
        domain=DOMAIN, dialect="sqlite", db=db, personal_memory_minutes=0
    )
    await store.save(_tracker())
    assert (await store.retrieve("gesprek-1")).get_slot("contact_details") == REMOVED


async def test_a_second_turn_appends_only_new_events_and_masks_them(db):
    store = MaskingSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    await store.save(_tracker())
    tracker = await store.retrieve("gesprek-1")
    tracker.update(
        UserUttered(
            "mijn nieuwe nummer is 0201234567", intent={"name": "give_contact", "confidence": 1.0}
        )
    )
    await store.save(tracker)
    rows = _raw_rows(db)
    assert len(rows) == len(_tracker().events) + 1
    assert "0201234567" not in repr(rows)


async def test_endpoint_config_with_module_path_creates_the_masking_store(db):
    config = EndpointConfig.from_dict(
        {
            "type": "bot.rasa.tracker_store.MaskingSQLTrackerStore",
            "dialect": "sqlite",
            "db": db,
            "personal_slots": ["person_name", "contact_details"],
        }
    )
    store = create_tracker_store(config, DOMAIN)
    assert isinstance(store, MaskingSQLTrackerStore)
    assert store.personal_slots == ("person_name", "contact_details")
    await store.save(_tracker())
    rows = repr(_raw_rows(db))
    assert "06-12345678" not in rows
    assert "jan@example.nl" not in rows  # not a listed slot, but still masked as text


def test_custom_personal_slots_are_removed_other_slots_are_masked():
    slot = {"event": "slot", "timestamp": 1.0, "name": "address", "value": "Kerkstraat 1"}
    assert mask_event_dict(slot, personal_slots=["address"])["value"] == REMOVED
    assert mask_event_dict(slot, personal_slots=[])["value"] == "[ADRES]"
    reset = {"event": "slot", "timestamp": 1.0, "name": "person_name", "value": None}
    assert mask_event_dict(reset)["value"] is None
    action = {"event": "action", "timestamp": 1.0, "name": "utter_ask_person_name"}
    assert mask_event_dict(action) == action


@pytest.fixture(scope="module")
def redis_server():
    from tests.support.redis import start_redis

    server = start_redis()
    yield server
    server.stop()


async def test_two_instances_share_the_personal_slots_through_the_encrypted_vault(db, redis_server):
    """As two Rasa servers behind nginx: the form's answers given on one instance are
    there on the other, and Redis only ever holds them encrypted."""
    import redis

    first = MaskingSQLTrackerStore(
        domain=DOMAIN, dialect="sqlite", db=db, personal_vault_url=redis_server.url
    )
    second = MaskingSQLTrackerStore(
        domain=DOMAIN, dialect="sqlite", db=db, personal_vault_url=redis_server.url
    )
    await first.save(_tracker())
    tracker = await second.retrieve("gesprek-1")
    assert tracker.get_slot("contact_details") == "06-12345678"
    assert tracker.get_slot("person_name") == "Jan de Vries"
    client = redis.Redis.from_url(redis_server.url)
    keys = client.keys("wegwijzer:vault:*")
    assert len(keys) == 1 and b"gesprek-1" not in keys[0]
    raw = b" ".join(v for v in client.hgetall(keys[0]).values())
    assert b"Jan" not in raw and b"12345678" not in raw
    assert 0 < client.ttl(keys[0]) <= 3600
    second.forget("gesprek-1")
    assert (await first.retrieve("gesprek-1")).get_slot("contact_details") == REMOVED


async def test_a_vault_that_does_not_answer_keeps_nothing_and_breaks_nothing(db):
    from tests.support.env import free_port

    store = MaskingSQLTrackerStore(
        domain=DOMAIN,
        dialect="sqlite",
        db=db,
        personal_vault_url=f"redis://127.0.0.1:{free_port()}/0",
    )
    await store.save(_tracker())
    assert (await store.retrieve("gesprek-1")).get_slot("contact_details") == REMOVED


async def test_a_turn_waiting_behind_a_dead_instance_gets_the_lock_in_the_end(redis_server):
    """Rasa's own lock store waits for good when the waiting turn's ticket expires behind
    a ticket of an instance that died; ours takes a new ticket and gets the lock."""
    import asyncio

    from rasa.core.lock_store import RedisLockStore
    from rasa.utils.endpoints import EndpointConfig
    from sqlalchemy.engine import make_url

    from bot.rasa.lock_store import HealingRedisLockStore

    url = make_url(redis_server.url.replace("redis://", "redis+x://"))
    config = EndpointConfig(url="127.0.0.1", port=url.port, password=url.password, db=1)
    stock = RedisLockStore(host="127.0.0.1", port=url.port, password=url.password, db=1)
    healing = HealingRedisLockStore(endpoint_config=config)

    async def turn(store, conversation):
        store.issue_ticket(conversation, lock_lifetime=2)  # held by an instance that died
        async with store.lock(conversation, lock_lifetime=1, wait_time_in_seconds=0.3):
            return "served"

    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(turn(stock, "dood-1"), 6)
    assert await asyncio.wait_for(turn(healing, "dood-2"), 6) == "served"
    assert healing.get_lock("dood-2") is None  # cleaned up after the turn
