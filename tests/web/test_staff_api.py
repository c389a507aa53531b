"""The staff API for warm referrals: tokens, JSON errors, transactions, logging, e-mail."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

import referrals.models  # noqa: F401  (tables on Base.metadata)
import registration.models  # noqa: F401
from bot.cli import db_upgrade
from bot.web import create_app
from database import make_engine, session_factory, transaction
from knowledge import Directory
from knowledge.advice import Understanding, advise
from referrals.models import Referral, ReferralEvent
from registration.service import register_question
from tests.support.accounts import CENTRUM, add_location, token
from tests.support.env import free_port, settings_for
from tests.support.referrals import CONSENT_TEXT, suggestion
from tests.support.smtp import smtp_server, text_part


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def database(tmp_path, smtp_port):
    settings = settings_for(
        tmp_path,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp_port,
        RASA_PORT=free_port(),
        ACTION_PORT=free_port(),
        HANDOVER_ALLOWLIST="intake@partner.example",
    )
    db_upgrade(settings)
    engine = make_engine(settings.database_url)
    with transaction(session_factory(engine)) as session:
        add_location(session, CENTRUM, "Bibliotheek Voorbeeldstad Centrum")
        secret = token(session, "balie-1")
    yield settings, session_factory(engine), secret
    engine.dispose()


@pytest.fixture
async def api(aiohttp_client, database):
    settings, factory, secret = database
    client = await aiohttp_client(create_app(settings))
    client.headers = {"Authorization": f"Bearer {secret}"}
    client.db = factory
    return client


def body(**overrides):
    value = {
        "suggestion": suggestion(),
        "question": "Mijn werkgever betaalt mijn loon niet.",
        "summary": "Loon niet betaald",
        "themes": ["legal_advice"],
        "urgency": "dringend",
        "deadline": "2026-12-01",
        "documents": ["loonstrook"],
        "ido_location": {"id": CENTRUM},
        "follow_up_on": "2026-12-08",
        "consent": {"text": CONSENT_TEXT, "answer": True},
        "person": {"name": "Anna de Vries", "phone": "06-12345678"},
    }
    value.update(overrides)
    return value


async def create(api, **overrides):
    response = await api.post("/api/referrals", json=body(**overrides), headers=api.headers)
    assert response.status == 201, await response.text()
    return await response.json()


def count(api, model=Referral, **where):
    with api.db() as session:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return session.execute(query).scalar_one()


SOME_ID = "AAAAAAAAAAAAAAAA"  # the shape of a public id
UNKNOWN = "ZZZZZZZZZZZZZZZZ"
ROUTES = [
    ("POST", "/api/referrals"),
    ("GET", "/api/referrals"),
    ("GET", f"/api/referrals/{SOME_ID}"),
    ("POST", f"/api/referrals/{SOME_ID}/consent"),
    ("POST", f"/api/referrals/{SOME_ID}/status"),
    ("GET", f"/api/referrals/{SOME_ID}/handover.html"),
    ("GET", f"/api/referrals/{SOME_ID}/handover.txt"),
    ("POST", f"/api/referrals/{SOME_ID}/send"),
    ("GET", f"/api/referrals/{SOME_ID}/export"),
    ("POST", f"/api/referrals/{SOME_ID}/erase"),
    ("GET", "/api/registrations.csv"),
]


async def test_every_route_needs_a_valid_token(api):
    await create(api)
    for method, path in ROUTES:
        for headers in ({}, {"Authorization": "Bearer ww_wrong"}):
            response = await api.request(method, path, json={}, headers=headers)
            assert response.status == 401, (method, path)
            assert "token" in (await response.json())["error"]
    assert count(api, ReferralEvent, action="read") == 0


async def test_a_referral_is_created_from_a_real_advice_suggestion(api):
    directory = Directory.from_files()
    advice = advise(
        directory,
        Understanding(text="loon niet betaald", intents=[("legal_advice", 0.9)]),
        gemeente="voorbeeldstad",
    ).to_dict()
    chosen = next(
        s
        for s in advice["suggestions"]
        if s["warm_referral"]["possible"] and s["kind"] == "advice_partner"
    )
    answer = await create(api, suggestion=chosen, themes=advice["themes"])
    referral = answer["referral"]
    assert referral["organisation"] == {
        "id": chosen["organisation_id"],
        "name": chosen["organisation"],
    }
    assert referral["service"]["id"] == chosen["service_id"]
    assert referral["contact_used"]["value"] == chosen["contact"]["value"]
    assert referral["partner_email"] and referral["warm_referral_possible"] is True
    assert referral["theme_labels"] == ["Juridisch advies"]
    assert referral["person"]["phone"] == "+31612345678"
    assert referral["staff_member"] == "Bea Balie (token balie-1)"
    assert referral["ido_location"] == {"id": CENTRUM, "name": "Bibliotheek Voorbeeldstad Centrum"}
    assert len(referral["id"]) == 16 and referral["id"] != str(referral["number"])
    assert "self_help" not in answer


async def test_personal_data_without_consent_is_refused_and_nothing_is_stored(api):
    for consent in (None, {"text": CONSENT_TEXT, "answer": False}):
        response = await api.post("/api/referrals", json=body(consent=consent), headers=api.headers)
        assert response.status == 400
        assert "toestemming" in (await response.json())["error"].lower()
    assert count(api) == 0


async def test_without_consent_the_person_gets_the_contact_details(api):
    answer = await create(api, consent={"text": CONSENT_TEXT, "answer": False}, person=None)
    assert answer["self_help"]["contact"]["value"] == "0900-8020"
    assert answer["referral"]["status"] == "geannuleerd"
    assert answer["referral"]["person"] is None and answer["referral"]["question"] is None


async def test_a_failure_part_way_leaves_nothing_half_written(api):
    response = await api.post(
        "/api/referrals", headers=api.headers, json=body(person={"name": "Anna", "phone": "06-12"})
    )
    assert response.status == 400
    assert "telefoonnummer klopt niet" in (await response.json())["error"]
    assert count(api) == 0 and count(api, ReferralEvent) == 0


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"suggestion": None}, "'suggestion' is verplicht"),
        ({"deadline": "1 december"}, "JJJJ-MM-DD"),
        ({"urgency": "heel erg"}, "urgentie"),
        ({"channel": "fax"}, "kanaal"),
        ({"consent": {"text": CONSENT_TEXT, "answer": "ja"}}, "true (ja) of false (nee)"),
        (
            {"consent": {"text": CONSENT_TEXT, "answer": True, "at": "2999-01-01T00:00:00Z"}},
            "toekomst",
        ),
        ({"person": {"name": "Anna", "email": "anna@"}}, "e-mailadres klopt niet"),
        ({"documents": "loonstrook"}, "lijst"),
        ({"question": 12}, "tekst"),
    ],
)
async def test_bad_input_is_400_with_a_message(api, overrides, message):
    response = await api.post("/api/referrals", json=body(**overrides), headers=api.headers)
    assert response.status == 400
    assert message in (await response.json())["error"]


async def test_invalid_json_is_400(api):
    response = await api.post(
        "/api/referrals", data=b"{nee", headers={**api.headers, "Content-Type": "application/json"}
    )
    assert response.status == 400 and (await response.json())["error"]


async def test_list_and_filter_without_personal_data(api):
    first = (await create(api))["referral"]["id"]
    second = (
        await create(
            api,
            suggestion=suggestion(organisation="UWV", organisation_id="uwv"),
            themes=["employee_insurance"],
        )
    )["referral"]["id"]
    await api.post(
        f"/api/referrals/{second}/status", json={"status": "in_behandeling"}, headers=api.headers
    )

    async def ids(query):
        response = await api.get(f"/api/referrals{query}", headers=api.headers)
        assert response.status == 200
        return [r["id"] for r in (await response.json())["referrals"]]

    assert await ids("") == [second, first]
    assert await ids("?status=in_behandeling") == [second]
    assert await ids("?theme=legal_advice") == [first]
    assert await ids("?organisation=uwv") == [second]
    # LIKE wildcards match themselves only
    assert await ids("?organisation=%25") == [] and await ids("?organisation=U_V") == []
    assert await ids("?theme=legal_advic_") == []
    listed = await (await api.get("/api/referrals", headers=api.headers)).text()
    assert "Anna" not in listed and "loon" not in listed
    assert (await api.get("/api/referrals?status=klaar", headers=api.headers)).status == 400
    assert count(api, ReferralEvent, action="read") == 0


async def test_reading_one_shows_personal_data_and_logs_who_read_it(api):
    referral_id = (await create(api))["referral"]["id"]
    response = await api.get(f"/api/referrals/{referral_id}", headers=api.headers)
    assert response.status == 200 and response.headers["Cache-Control"] == "no-store"
    answer = await response.json()
    assert answer["referral"]["person"]["name"] == "Anna de Vries"
    assert answer["history"][-1]["action"] == "read"
    assert answer["history"][-1]["actor"] == "Bea Balie (token balie-1)"
    number = answer["referral"]["number"]
    assert count(api, ReferralEvent, action="read", referral_id=number) == 1


async def test_unknown_referrals_are_404(api):
    for method, path in ROUTES[2:10]:
        response = await api.request(
            method,
            path.replace(SOME_ID, UNKNOWN),
            headers=api.headers,
            json={"status": "afgerond", "text": CONSENT_TEXT, "answer": True},
        )
        assert response.status == 404, (method, path)
        assert UNKNOWN in (await response.json())["error"]
    assert (await api.get("/api/referrals/abc", headers=api.headers)).status == 404


async def test_status_changes_and_invalid_transitions_are_409(api):
    referral_id = (await create(api))["referral"]["id"]
    path = f"/api/referrals/{referral_id}/status"
    response = await api.post(path, json={"status": "afgerond"}, headers=api.headers)
    assert response.status == 409
    assert "Van 'nieuw' naar 'afgerond' kan niet" in (await response.json())["error"]
    for step in ("in_behandeling", "doorverwezen", "afgerond"):
        response = await api.post(path, json={"status": step, "note": "ok"}, headers=api.headers)
        assert response.status == 200 and (await response.json())["referral"]["status"] == step
    assert (await api.post(path, json={"status": "geannuleerd"}, headers=api.headers)).status == 409
    assert (await api.post(path, json={"status": "klaar"}, headers=api.headers)).status == 400
    assert (await api.post(path, json={}, headers=api.headers)).status == 400


async def test_hand_over_without_consent_is_409(api):
    referral_id = (await create(api, consent=None, person=None))["referral"]["id"]
    response = await api.post(
        f"/api/referrals/{referral_id}/status",
        json={"status": "in_behandeling"},
        headers=api.headers,
    )
    assert response.status == 200
    response = await api.post(
        f"/api/referrals/{referral_id}/status", json={"status": "doorverwezen"}, headers=api.headers
    )
    assert response.status == 409 and "toestemming" in (await response.json())["error"]


async def test_consent_and_the_persons_details_can_follow(api):
    referral_id = (await create(api, consent=None, person=None))["referral"]["id"]
    response = await api.post(
        f"/api/referrals/{referral_id}/consent",
        headers=api.headers,
        json={
            "text": CONSENT_TEXT,
            "answer": True,
            "person": {"name": "Anna", "email": "anna@x.nl"},
        },
    )
    assert response.status == 200
    assert (await response.json())["referral"]["person"]["email"] == "anna@x.nl"


async def test_the_handover_note_as_page_and_text_is_logged(api):
    referral_id = (await create(api))["referral"]["id"]
    page = await api.get(f"/api/referrals/{referral_id}/handover.html", headers=api.headers)
    assert page.status == 200 and page.content_type == "text/html"
    html = await page.text()
    assert "Anna de Vries" in html and '<html lang="nl">' in html
    assert "style-src 'sha256-" in page.headers["Content-Security-Policy"]
    text = await api.get(f"/api/referrals/{referral_id}/handover.txt", headers=api.headers)
    assert text.status == 200 and text.content_type == "text/plain"
    assert "Anna de Vries" in await text.text()
    assert count(api, ReferralEvent, action="read") == 2


async def test_send_e_mails_the_note_to_the_partner(api, smtp_port):
    referral_id = (await create(api))["referral"]["id"]
    with smtp_server(smtp_port) as inbox:
        response = await api.post(f"/api/referrals/{referral_id}/send", headers=api.headers)
        assert response.status == 200, await response.text()
        answer = await response.json()
    assert answer["sent"] is True and answer["referral"]["status"] == "doorverwezen"
    assert answer["message"]["to"] == "Doorverwijzing@juridischloket.example"
    assert len(inbox.messages) == 1
    assert "Mijn werkgever betaalt mijn loon niet." in text_part(inbox.messages[0])


async def test_send_with_the_server_down_keeps_the_note_for_later(api):
    referral_id = (await create(api))["referral"]["id"]
    response = await api.post(
        f"/api/referrals/{referral_id}/send",
        headers=api.headers,
        json={"to": "intake@partner.example"},
    )
    assert response.status == 202
    answer = await response.json()
    assert answer["sent"] is False and answer["message"]["state"] == "pending"
    assert answer["message"]["last_error"] and "later" in answer["notice"]
    assert count(api, Referral, status="doorverwezen") == 1


async def test_send_without_consent_or_address_is_refused(api):
    no_consent = (await create(api, consent=None, person=None))["referral"]["id"]
    response = await api.post(f"/api/referrals/{no_consent}/send", headers=api.headers)
    assert response.status == 409
    no_address = (await create(api, suggestion={"organisation": "UWV"}))["referral"]["id"]
    response = await api.post(f"/api/referrals/{no_address}/send", headers=api.headers, json={})
    assert response.status == 400 and "e-mailadres" in (await response.json())["error"]


async def test_export_and_erase_the_persons_data_both_logged(api):
    referral_id = (await create(api))["referral"]["id"]
    export = await api.get(f"/api/referrals/{referral_id}/export", headers=api.headers)
    assert export.status == 200
    assert "attachment" in export.headers["Content-Disposition"]
    data = await export.json()
    assert data["referral"]["person"]["name"] == "Anna de Vries"
    erase = await api.post(f"/api/referrals/{referral_id}/erase", headers=api.headers)
    assert erase.status == 200 and (await erase.json())["erased"] is True
    read = await (await api.get(f"/api/referrals/{referral_id}", headers=api.headers)).json()
    assert read["referral"]["person"] is None and read["referral"]["question"] is None
    assert read["referral"]["status"] == "geannuleerd"
    actions = [h["action"] for h in read["history"]]
    assert "export" in actions and "erase" in actions


async def test_the_registrations_csv(api):
    with transaction(api.db) as session:
        register_question(
            session,
            channel="staff",
            outcome="referral",
            partner_kind="advice_partner",
            theme="legal_advice",
            ido_location_id=CENTRUM,
            on=date(2026, 11, 2),
        )
        register_question(
            session, channel="web_chat", outcome="information", theme="digid", on=date(2026, 10, 2)
        )
    response = await api.get("/api/registrations.csv?from=2026-11-01", headers=api.headers)
    assert response.status == 200 and response.content_type == "text/csv"
    rows = list(csv.reader(io.StringIO(await response.text()), delimiter=";"))
    assert rows[0][0] == "maand" and len(rows) == 2 and rows[1][-1] == "1"
    bad = await api.get("/api/registrations.csv?from=gisteren", headers=api.headers)
    assert bad.status == 400


async def test_csv_cells_that_look_like_formulas_are_neutralised(api):
    from registration.service import neutralise_cell

    assert (
        neutralise_cell('=HYPERLINK("https://kwaad.example")')
        == '\'=HYPERLINK("https://kwaad.example")'
    )
    assert [neutralise_cell(v) for v in ("+31", "-1", "@SUM(A1)", "\tx")] == [
        "'+31",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
    ]
    assert neutralise_cell(5) == 5 and neutralise_cell("digid") == "digid"
    response = await api.get("/api/registrations.csv", headers=api.headers)
    assert response.headers["Cache-Control"] == "no-store"
