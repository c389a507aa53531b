"""A warm referral end to end, and what happens to the personal data on the way."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.support.http import chat, post

pytestmark = pytest.mark.e2e
BSN, IBAN, OTHER_PHONE = "111222333", "NL91ABNA0417164300", "0687654321"
NAME, PHONE = "Jan de Vries", "0612345678"


def send(stack, opener, body):
    status, answer = post(stack.web_url + "/chat/message", body, opener)
    assert status == 200, answer
    return answer["messages"]


def text(messages):
    return "\n".join(m["text"] for m in messages)


def button(messages, title_part):
    for m in messages:
        for b in m.get("buttons", []):
            if title_part in b["title"]:
                return {"payload": b["payload"]}
    raise AssertionError(f"no button {title_part!r} in {messages}")


def all_text_in(db: Path, skip=()) -> str:
    connection = sqlite3.connect(db)
    parts = []
    for (table,) in connection.execute("select name from sqlite_master where type='table'"):
        if table in skip:
            continue
        for row in connection.execute(f'select * from "{table}"'):
            parts.append(" ".join(str(v) for v in row))
    connection.close()
    return "\n".join(parts)


def cli(stack, *args, **env):
    return subprocess.run(
        [str(Path(sys.executable).parent / "wegwijzer"), *args],
        env={**stack.env, **env},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


ONLINE = "bibliotheek-voorbeeldstad-centrum"  # owns the referrals made in the chat


def test_a_warm_referral_from_question_to_purge(stack, mailbox):
    cli(stack, "location", "online", ONLINE)
    opener = chat(stack)
    advice = send(
        stack,
        opener,
        {
            "text": f"ik woon in Voorbeeldstad en heb schulden, de deurwaarder "
            f"komt. mijn bsn is {BSN}, iban {IBAN}, bel {OTHER_PHONE}"
        },
    )
    assert "Schuldhulp" in text(advice)
    consent = send(stack, opener, button(advice, "doorverwijzen"))
    assert "Mag dat?" in text(consent)
    assert "Wat is uw naam?" in text(send(stack, opener, button(consent, "Ja")))
    assert "bereiken" in text(send(stack, opener, {"text": NAME}))
    assert "klopt niet" in text(send(stack, opener, {"text": "geen idee"}))  # validated, kindly
    assert "Wanneer" in text(send(stack, opener, {"text": PHONE}))
    summary = send(stack, opener, {"text": "na 14 uur"})
    assert NAME in text(summary) and "Klopt dit?" in text(summary)
    done = send(stack, opener, button(summary, "klopt"))
    assert "doorgegeven" in text(done)
    reference = re.search(r"Uw nummer is ([\w-]+)\.", text(done)).group(1)

    # The handover note reached the partner through the real SMTP server.
    recipients, mail = mailbox.messages[-1]
    assert recipients == ["schuldhulp@voorbeeldstad.example"]
    assert NAME in mail

    var = Path(stack.env["WEGWIJZER_VAR_DIR"])
    db = sqlite3.connect(var / "wegwijzer.db")
    name, phone, consent_given, question, public_id, location = db.execute(
        "select person_name, person_phone, consent_given, question, public_id, ido_location_id "
        "from referrals where public_id = ?",
        (reference,),
    ).fetchone()
    assert (name, phone, consent_given, location) == (NAME, "+31612345678", 1, ONLINE)
    assert BSN not in question and IBAN not in question
    outcomes = {row[0] for row in db.execute("select outcome from question_registrations")}
    assert "referral" in outcomes
    db.close()

    # Masking: the BSN, IBAN and other phone number are nowhere; the name and the phone
    # given with consent only in the referral (and its handover e-mail).
    logs = "".join(stack.output)
    trackers = all_text_in(var / "trackers.db")
    app_data = all_text_in(var / "wegwijzer.db", skip=("referrals", "handover_messages"))
    for secret in (BSN, IBAN, OTHER_PHONE, "87654321"):
        assert secret not in logs and secret not in trackers and secret not in app_data, secret
        assert secret not in all_text_in(var / "wegwijzer.db"), secret
    for personal in (NAME, PHONE, "612345678"):
        assert personal not in logs and personal not in trackers and personal not in app_data, (
            personal
        )

    # Retention: once the referral is closed and its time has passed, the purge erases the
    # personal data and the conversation; the anonymous registration stays.
    token = cli(
        stack, "token", "create", "e2e-referral", "--scope", "referrals:write",
        "--location", ONLINE, "--owner", "E2E test",
    ).strip()  # fmt: skip
    status, _ = post(
        stack.web_url + f"/api/referrals/{public_id}/status",
        {"status": "afgerond"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert status == 200
    cli(stack, "purge", REFERRAL_RETENTION_DAYS="0", TRACKER_RETENTION_DAYS="0")
    db = sqlite3.connect(var / "wegwijzer.db")
    erased = db.execute(
        "select person_name, person_phone from referrals where public_id = ?", (reference,)
    ).fetchone()
    assert erased == (None, None)
    assert db.execute("select count(*) from question_registrations").fetchone()[0] >= 2
    db.close()
    assert NAME not in all_text_in(var / "wegwijzer.db")
    assert "deurwaarder" not in all_text_in(var / "trackers.db")
