"""The scaled topology with real parts, and faults made by breaking real parts.

PostgreSQL, Redis, nginx, two Rasa servers and two action servers, as `make run-scaled`
starts them (bot/topology.py). The tests run in this order on one topology: a
conversation whose turns alternate between the Rasa instances, the handover e-mail while
SMTP is down, the web chat through nginx, the action servers killed, the database
restarted, and a Rasa instance killed under load.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from http.cookiejar import CookieJar

import aiohttp
import pytest
from sqlalchemy import create_engine, text

from bot.rasa.client import RasaClient
from bot.settings import Settings
from tests.support.env import free_port
from tests.support.http import post
from tests.support.scaled import start_scaled, stop_scaled

pytestmark = pytest.mark.e2e
NAME, PHONE = "Jan de Vries", "0612345678"
QUESTION = "ik woon in Voorbeeldstad en heb schulden, de deurwaarder komt"
FALLBACK = "Informatiepunt Digitale Overheid in uw bibliotheek"


@pytest.fixture(scope="module")
def smtp_port():
    return free_port()


@pytest.fixture(scope="module")
def scaled(smtp_port):
    topology = start_scaled(smtp_port)
    yield topology
    stop_scaled(topology)


def sql(scaled, query, **params):
    engine = create_engine(scaled.database_url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(text(query), params).fetchall()
    finally:
        engine.dispose()


def button(messages, title_part):
    for m in messages:
        for b in m.get("buttons", []):
            if title_part in b["title"]:
                return b["payload"]
    raise AssertionError(f"no button {title_part!r} in {messages}")


def joined(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def health(scaled) -> dict:
    try:
        with urllib.request.urlopen(scaled.web_url + "/health", timeout=10) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())


def wait_healthy(scaled, timeout=300) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        body = health(scaled)
        if body.get("status") == "ok":
            return body
        time.sleep(1)
    raise AssertionError(f"not healthy after {timeout} s: {body}")


class Chat:
    """A person in the web chat: the page, its cookie, JSON posts as chat.js makes them."""

    def __init__(self, scaled):
        self.url = scaled.web_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.opener.open(self.url + "/", timeout=30).read()

    def send(self, body, path="/chat/message"):
        status, answer = post(self.url + path, body, self.opener)
        assert status == 200, answer
        return answer["messages"]


async def test_turns_alternating_between_the_instances_stay_coherent_and_refer_once(scaled):
    settings = Settings.from_env(scaled.env)
    one, two = scaled.rasa_urls
    async with aiohttp.ClientSession() as session:
        a = RasaClient(one, settings.rasa_jwt_secret, session, settings.internal_secret)
        b = RasaClient(two, settings.rasa_jwt_secret, session, settings.internal_secret)
        cid = "alternating-instances-0001"
        assert "computerprogramma" in joined(await a.open_conversation(cid, "action_welcome"))
        advice = await b.send_message(cid, QUESTION)
        assert "Schuldhulp" in joined(advice)
        consent = await a.send_message(cid, button(advice, "doorverwijzen"), button=True)
        assert "Mag dat?" in joined(consent)
        ask_name = await b.send_message(cid, button(consent, "Ja"), button=True)
        assert "Wat is uw naam?" in joined(ask_name)
        assert "bereiken" in joined(await a.send_message(cid, NAME))
        assert "Wanneer" in joined(await b.send_message(cid, PHONE))
        summary = await a.send_message(cid, "na 14 uur")
        # the name given on one instance and the number given on the other, together
        assert NAME in joined(summary) and "0612345678" in joined(summary)
        done = await b.send_message(cid, button(summary, "klopt"), button=True)
        assert "doorgegeven" in joined(done)
        # pressed again (a double click, a retry): no second referral
        await a.send_message(cid, button(summary, "klopt"), button=True)
    rows = sql(
        scaled, "select person_name, person_phone from referrals where person_name = :n", n=NAME
    )
    assert rows == [(NAME, "+31612345678")]
    trackers = " ".join(str(r) for r in sql(scaled, "select data from events"))
    assert (
        NAME not in trackers
        and "12345678" not in trackers
        and "alternating" in str(sql(scaled, "select distinct sender_id from events"))
    )


def test_with_smtp_down_the_referral_is_stored_and_the_handover_sent_later(scaled, smtp_port):
    import subprocess
    import sys
    from pathlib import Path

    from tests.support.smtp import smtp_server

    pending = sql(scaled, "select id, state, to_address from handover_messages order by id")
    assert pending and pending[0][1] == "pending", pending
    with smtp_server(smtp_port) as inbox:
        env = {**scaled.env, "DATABASE_URL": scaled.database_url}
        subprocess.run(
            [str(Path(sys.executable).parent / "wegwijzer"), "send-pending"],
            env=env,
            check=True,
            capture_output=True,
        )
        assert [m["To"] for m in inbox.messages] == [pending[0][2]]
    assert sql(scaled, "select state from handover_messages where id = :i", i=pending[0][0]) == [
        ("sent",)
    ]


def test_the_web_chat_goes_through_nginx_to_both_instances(scaled):
    chat = Chat(scaled)
    chat.send({}, "/chat/start")
    for question in ("hallo", "ik ben mijn digid kwijt", "bedankt", "wat kost dat"):
        assert chat.send({"text": question})
    log = (scaled.var / "runtime" / "nginx" / "access.log").read_text()
    used = {line.split()[2] for line in log.splitlines() if line.startswith("POST 200")}
    rasa_ports = {u.rsplit(":", 1)[1] for u in scaled.rasa_urls}
    assert {u.rsplit(":", 1)[1] for u in used} >= rasa_ports
    assert "digid" not in log.lower() and "/conversations/" not in log  # no URIs, no ids
    body = health(scaled)
    assert body["status"] == "ok" and set(body["processes"]) >= {"rasa-1", "rasa-2", "nginx"}


def test_action_servers_down_give_a_kind_message_and_the_conversation_goes_on(scaled):
    chat = Chat(scaled)
    chat.send({}, "/chat/start")
    assert "DigiD" in joined(chat.send({"text": "ik ben mijn digid kwijt"}))
    scaled.kill("actions-1")
    scaled.kill("actions-2")
    started = time.monotonic()
    answer = joined(chat.send({"text": "wat moet ik meenemen"}))
    elapsed = time.monotonic() - started
    print(f"\n[fault] action servers down: kind message after {elapsed:.2f} s")
    assert FALLBACK in answer and "uw gesprek blijft bewaard" in answer
    degraded = health(scaled)
    assert degraded["status"] == "degraded"
    assert "actions" in degraded["degraded"] or "actions-1" in degraded["degraded"]
    wait_healthy(scaled, timeout=180)
    again = joined(chat.send({"text": "ik ben mijn digid kwijt"}))
    assert FALLBACK not in again and "DigiD" in again


def test_the_database_restarted_mid_conversation_loses_and_doubles_nothing(scaled):
    before = sql(scaled, "select count(*) from referrals")[0][0]
    chat = Chat(scaled)
    chat.send({}, "/chat/start")
    advice = chat.send({"text": QUESTION})
    consent = chat.send({"payload": button(advice, "doorverwijzen")})
    scaled.kill("postgres")  # killed outright; the supervisor starts it again
    body = wait_healthy(scaled, timeout=120)
    assert body["processes"]["postgres"]["restarts"] >= 1
    ask_name = chat.send({"payload": button(consent, "Ja")})  # the next turn works
    assert "Wat is uw naam?" in joined(ask_name)
    chat.send({"text": "Piet Jansen"})
    chat.send({"text": "0687654321"})
    summary = chat.send({"text": "morgen"})
    assert "Piet Jansen" in joined(summary)
    assert "doorgegeven" in joined(chat.send({"payload": button(summary, "klopt")}))
    assert sql(scaled, "select count(*) from referrals")[0][0] == before + 1
    assert sql(scaled, "select count(*) from referrals where person_name = 'Piet Jansen'") == [(1,)]


async def test_a_rasa_instance_killed_under_load_costs_only_retried_requests(scaled):
    """Twelve people chat at once; one Rasa instance is killed in the middle. Every turn
    still gets a real answer: those in flight on the dead instance are retried."""
    settings = Settings.from_env(scaled.env)
    turns = [
        "hallo",
        "ik ben mijn digid kwijt",
        "ik woon in Voorbeeldstad",
        "wat kost dat",
        "bedankt",
        "doei",
    ]
    answers: list[str] = []

    async def person(index: int, session: aiohttp.ClientSession) -> None:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as own:
            await (await own.get(scaled.web_url + "/")).read()
            for turn in turns:
                async with own.post(
                    scaled.web_url + "/chat/message",
                    json={"text": turn},
                    timeout=aiohttp.ClientTimeout(total=120),
                ) as response:
                    assert response.status == 200
                    answers.append(joined((await response.json())["messages"]))
                await asyncio.sleep(0.3)

    async def killer() -> None:
        await asyncio.sleep(1.5)
        scaled.kill("rasa-1")

    assert settings.internal_secret
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(killer(), *(person(i, session) for i in range(12)))
    assert len(answers) == 12 * len(turns)
    failed = [a for a in answers if FALLBACK in a]
    problems = [
        line for line in scaled.output if "no answer from Rasa" in line or "LockError" in line
    ]
    assert not failed, f"{len(failed)} of {len(answers)} turns got no answer:\n" + "".join(
        problems[-20:]
    )
    assert "rasa-1 exited" in scaled.text()
