"""The staff side panel: log in and out, CSRF, lockout, advice, a referral in two clicks,
the location's list, status, print, send, erase; the coordinator's accounts and dashboard."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from sqlalchemy import select, update

from accounts.models import StaffAccount, StaffSession
from bot.web.auth import SESSION_COOKIE
from database import transaction, utcnow
from referrals.models import Referral, ReferralEvent
from registration.service import register_question
from tests.support.accounts import CENTRUM, NOORD, PASSWORD
from tests.support.staff import csrf_of, login

SERVICE = re.compile(r'name="service_id" value="([^"]+)"')


async def test_login_gives_a_safe_session_cookie_and_logout_ends_it(new_client, world):
    client = await new_client()
    csrf = await login(client, "anna")
    cookie = next(c for c in client.session.cookie_jar if c.key == SESSION_COOKIE)
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    with world.factory() as session:
        stored = session.execute(select(StaffSession)).scalar_one()
        assert cookie.value not in stored.id_hash and stored.expires_at > utcnow()
    page = await client.get("/panel")
    assert page.headers["Cache-Control"] == "no-store"
    assert "Anna" in await page.text()
    out = await client.post("/panel/uitloggen", data={"csrf": csrf})
    assert out.status == 200 and "uitgelogd" in await out.text()
    with world.factory() as session:
        assert session.execute(select(StaffSession)).scalars().all() == []
    again = await client.get("/panel", allow_redirects=False)
    assert again.status == 303 and again.headers["Location"] == "/panel/inloggen"


async def test_a_form_without_the_csrf_token_is_refused(new_client):
    client = await new_client()
    page = await client.get("/panel/inloggen")
    assert page.status == 200
    refused = await client.post(
        "/panel/inloggen", data={"gebruikersnaam": "anna", "wachtwoord": PASSWORD}
    )
    assert refused.status == 403 and "verlopen" in await refused.text()
    await login(client, "anna")
    for data in ({}, {"csrf": "wrong"}):
        response = await client.post("/panel/advies", data={"vraag": "digid", **data})
        assert response.status == 403
        assert '<html lang="nl">' in await response.text()


async def test_five_wrong_passwords_lock_the_account(new_client, world):
    client = await new_client()
    for _ in range(5):
        page = await client.get("/panel/inloggen")
        response = await client.post(
            "/panel/inloggen",
            data={
                "csrf": csrf_of(await page.text()),
                "gebruikersnaam": "anna",
                "wachtwoord": "fout",
            },
        )
        assert response.status == 401 and "klopt niet" in await response.text()
    page = await client.get("/panel/inloggen")
    locked = await client.post(
        "/panel/inloggen",
        data={"csrf": csrf_of(await page.text()), "gebruikersnaam": "anna", "wachtwoord": PASSWORD},
    )
    assert locked.status == 401  # the right password, but locked for a while
    with world.factory() as session:
        anna = session.execute(
            select(StaffAccount).where(StaffAccount.username == "anna")
        ).scalar_one()
        assert anna.locked_until > utcnow()


async def test_a_session_expires_on_the_server(new_client, world):
    client = await new_client()
    await login(client, "anna")
    with transaction(world.factory) as session:
        session.execute(update(StaffSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = await client.get("/panel", allow_redirects=False)
    assert response.status == 303


async def advice_page(client, csrf, question="mijn digid werkt niet", **extra):
    response = await client.post(
        "/panel/advies",
        data={"csrf": csrf, "vraag": question, "gemeente": "voorbeeldstad", **extra},
    )
    assert response.status == 200, await response.text()
    return await response.text()


async def test_advice_shows_themes_with_confidence_and_ranked_suggestions(new_client):
    client = await new_client()
    csrf = await login(client, "anna")
    html = await advice_page(client, csrf)
    assert "Herkende onderwerpen" in html and "90% zeker" in html
    assert "DigiD" in html and "Doorverwijzen naar" in html
    unsure = await advice_page(client, csrf, "ik weet het niet")
    assert "Welk onderwerp is het?" in unsure
    chosen = await advice_page(client, csrf, "ik weet het niet", thema="debts")
    assert "Schulden" in chosen or "schulden" in chosen
    empty = await client.post("/panel/advies", data={"csrf": csrf, "vraag": "  "})
    assert empty.status == 400 and "Typ eerst de vraag" in await empty.text()


async def refer(client, csrf, answer="ja", question="ik heb schulden", **person):
    """Click 1 (Doorverwijzen) and click 2 (the consent answer) from the advice page."""
    html = await advice_page(client, csrf, question)
    service_id = SERVICE.search(html).group(1)
    form = {"csrf": csrf, "service_id": service_id, "thema": "debts", "gemeente": "voorbeeldstad"}
    first = await client.post("/panel/doorverwijzing", data={**form, "vraag": question})
    assert first.status == 200
    page = await first.text()
    assert "Mogen wij uw naam" in page and question in page
    second = await client.post(
        "/panel/doorverwijzingen",
        data={
            **form,
            "vraag": question,
            "toestemming": answer,
            "naam": person.get("naam", "Piet Jansen"),
            "telefoon": person.get("telefoon", "06-12345678"),
        },
        allow_redirects=False,
    )
    return second


async def test_a_referral_in_two_clicks_with_consent_recorded_and_audited(new_client, world):
    client = await new_client()
    csrf = await login(client, "anna")
    response = await refer(client, csrf)
    assert response.status == 303
    location = response.headers["Location"]
    public_id = location.rsplit("/", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{16}", public_id)
    detail = await client.get(location)
    html = await detail.text()
    assert "Piet Jansen" in html and "Toestemming</dt><dd>Ja" in html
    with world.factory() as session:
        referral = session.execute(select(Referral)).scalar_one()
        assert referral.ido_location_id == CENTRUM and referral.consent_given is True
        assert "Mogen wij uw naam" in referral.consent_text
        actors = {e.actor for e in referral.events}
        assert actors == {"anna"}
        assert [e.action for e in referral.events if e.action == "read"] == ["read"]


async def test_without_consent_nothing_personal_is_kept_and_the_visitor_gets_the_details(
    new_client, world
):
    client = await new_client()
    csrf = await login(client, "anna")
    response = await refer(client, csrf, answer="nee")
    assert response.status == 303 and response.headers["Location"].endswith("?zelf=1")
    html = await (await client.get(response.headers["Location"])).text()
    assert "Geen toestemming" in html and "Piet" not in html
    with world.factory() as session:
        referral = session.execute(select(Referral)).scalar_one()
        assert referral.person_name is None and referral.status == "geannuleerd"


async def test_bad_contact_details_give_the_form_back_with_a_dutch_message(new_client, world):
    client = await new_client()
    csrf = await login(client, "anna")
    response = await refer(client, csrf, telefoon="12")
    assert response.status == 400
    assert "telefoonnummer klopt niet" in await response.text()
    with world.factory() as session:
        assert session.execute(select(Referral)).scalars().all() == []


async def test_list_status_print_send_and_erase(new_client, world, monkeypatch):
    client = await new_client()
    csrf = await login(client, "anna")
    location = (await refer(client, csrf)).headers["Location"]
    public_id = location.rsplit("/", 1)[1]
    listing = await (await client.get("/panel/doorverwijzingen")).text()
    assert public_id in listing and "Piet" not in listing
    moved = await client.post(f"{location}/status", data={"csrf": csrf, "status": "in_behandeling"})
    assert moved.status == 200 and "In behandeling" in await moved.text()
    wrong = await client.post(f"{location}/status", data={"csrf": csrf, "status": "afgerond"})
    assert wrong.status == 409 and "kan niet" in await wrong.text()
    printed = await client.get(f"{location}/overdracht")
    html = await printed.text()
    assert printed.status == 200 and "Warme doorverwijzing" in html and "Piet Jansen" in html
    assert '<script src="/static/print.js"' in html
    refused = await client.post(
        f"{location}/versturen", data={"csrf": csrf, "aan": "iemand@elders.example"}
    )
    assert refused.status == 409 and "Een ander adres kan niet" in await refused.text()
    sent = await client.post(
        f"{location}/versturen", data={"csrf": csrf, "aan": "intake@partner.example"}
    )
    assert sent.status == 200 and "klaar" in await sent.text()  # no SMTP server: waiting
    export = await client.get(f"{location}/export")
    assert export.status == 200 and "Piet Jansen" in await export.text()
    erased = await client.post(f"{location}/wissen", data={"csrf": csrf})
    assert erased.status == 200 and "gewist" in await erased.text()
    with world.factory() as session:
        actions = [e.action for e in session.execute(select(ReferralEvent)).scalars()]
    assert {"read", "export", "erase", "email_queued"} <= set(actions)


async def test_staff_of_another_location_get_not_found(new_client):
    anna = await new_client()
    csrf = await login(anna, "anna")
    location = (await refer(anna, csrf)).headers["Location"]
    bram = await new_client()
    bram_csrf = await login(bram, "bram")
    for response in (
        await bram.get(location),
        await bram.get(f"{location}/overdracht"),
        await bram.post(f"{location}/status", data={"csrf": bram_csrf, "status": "geannuleerd"}),
    ):
        assert response.status == 404
    listing = await (await bram.get("/panel/doorverwijzingen")).text()
    assert location.rsplit("/", 1)[1] not in listing


async def test_staff_may_not_open_the_dashboard_or_the_accounts(new_client):
    client = await new_client()
    await login(client, "anna")
    for path in ("/panel/dashboard", "/panel/dashboard.csv", "/panel/accounts"):
        response = await client.get(path)
        assert response.status == 403, path
        assert "coördinator" in await response.text()


async def test_the_coordinators_dashboard_counts_only_their_locations(new_client, world):
    with transaction(world.factory) as session:
        for location, theme in ((CENTRUM, "digid"), (NOORD, "debts"), ("elders", "allowances")):
            register_question(
                session,
                channel="staff",
                outcome="information",
                theme=theme,
                ido_location_id=location,
                on=date(2026, 11, 3),
            )
        register_question(session, channel="web_chat", outcome="unresolved", on=date(2026, 10, 3))
    cora = await new_client()
    await login(cora, "cora")
    html = await (await cora.get("/panel/dashboard")).text()
    assert "<svg" in html and "Vragen per maand" in html
    assert "<strong>3</strong> vragen" in html  # centrum, noord and the online question
    assert "Toeslagen" not in html
    filtered = await (await cora.get(f"/panel/dashboard?locatie={NOORD}&van=2026-11-01")).text()
    assert "<strong>1</strong> vragen" in filtered
    rows = list(
        csv.reader(
            io.StringIO(await (await cora.get("/panel/dashboard.csv")).text()), delimiter=";"
        )
    )
    assert sum(int(r[-1]) for r in rows[1:]) == 3
    bad = await cora.get("/panel/dashboard?van=gisteren")
    assert bad.status == 400 and "JJJJ-MM-DD" in await bad.text()
    other = await cora.get("/panel/dashboard?locatie=elders")
    assert other.status == 400
    dirk = await new_client()
    await login(dirk, "dirk")
    assert "<strong>1</strong> vragen" in await (await dirk.get("/panel/dashboard")).text()


async def test_a_coordinator_manages_accounts_of_their_own_locations_only(new_client, world):
    dirk = await new_client()
    csrf = await login(dirk, "dirk")
    page = await (await dirk.get("/panel/accounts")).text()
    assert "(bram)" in page and "(anna)" not in page  # anna works at centrum only
    made = await dirk.post(
        "/panel/accounts",
        data={
            "csrf": csrf,
            "naam": "Eva Noord",
            "gebruikersnaam": "eva",
            "wachtwoord": "nog-een-lang-wachtwoord",
            "rol": "staff",
            "locatie": NOORD,
        },
    )
    assert made.status == 200 and "is gemaakt" in await made.text()
    elsewhere = await dirk.post(
        "/panel/accounts",
        data={
            "csrf": csrf,
            "naam": "Fred",
            "gebruikersnaam": "fred",
            "wachtwoord": "nog-een-lang-wachtwoord",
            "rol": "staff",
            "locatie": CENTRUM,
        },
    )
    assert elsewhere.status == 400
    not_mine = await dirk.post("/panel/accounts/anna/uitschakelen", data={"csrf": csrf})
    assert not_mine.status == 404
    off = await dirk.post("/panel/accounts/eva/uitschakelen", data={"csrf": csrf})
    assert off.status == 200
    with world.factory() as session:
        eva = session.execute(
            select(StaffAccount).where(StaffAccount.username == "eva")
        ).scalar_one()
        assert eva.disabled_at is not None and eva.created_by == "dirk"
