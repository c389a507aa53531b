"""Every route of the web app against every kind of caller: nobody, a token of each
scope, a token of another location, staff of location A, staff of location B, a
coordinator of both, a coordinator of B only. No combination reaches data that is not
its own; a referral of another location answers exactly like an unknown one.

A new route fails this test until it is given a rule in RULES.
"""

from __future__ import annotations

import pytest

from bot.web import create_app
from database import transaction
from referrals import service
from tests.support.accounts import CENTRUM, account
from tests.support.referrals import ANNA, YES, suggestion
from tests.support.staff import SCOPES, login

PUBLIC, API, PANEL = "public", "api", "panel"
# (method, canonical path) -> (kind, scope needed, reaches one referral or account by id)
RULES: dict[tuple[str, str], tuple[str, str | None, bool]] = {
    ("GET", "/"): (PUBLIC, None, False),
    ("GET", "/health"): (PUBLIC, None, False),
    ("GET", "/health/live"): (PUBLIC, None, False),
    ("POST", "/chat/start"): (PUBLIC, None, False),
    ("POST", "/chat/message"): (PUBLIC, None, False),
    ("GET", "/widget.js"): (PUBLIC, None, False),
    ("GET", "/static"): (PUBLIC, None, False),
    ("POST", "/telegram/webhook"): (PUBLIC, None, False),
    ("GET", "/panel/inloggen"): (PUBLIC, None, False),
    ("POST", "/panel/inloggen"): (PUBLIC, None, False),
    ("POST", "/api/advice"): (API, "advice", False),
    ("POST", "/api/referrals"): (API, "referrals:write", False),
    ("GET", "/api/referrals"): (API, "referrals:read", False),
    ("GET", "/api/referrals/{id}"): (API, "referrals:read", True),
    ("POST", "/api/referrals/{id}/consent"): (API, "referrals:write", True),
    ("POST", "/api/referrals/{id}/status"): (API, "referrals:write", True),
    ("GET", "/api/referrals/{id}/handover.html"): (API, "referrals:read", True),
    ("GET", "/api/referrals/{id}/handover.txt"): (API, "referrals:read", True),
    ("POST", "/api/referrals/{id}/send"): (API, "referrals:write", True),
    ("GET", "/api/referrals/{id}/export"): (API, "personal-data", True),
    ("POST", "/api/referrals/{id}/erase"): (API, "personal-data", True),
    ("GET", "/api/registrations.csv"): (API, "registrations", False),
    ("POST", "/panel/uitloggen"): (PANEL, None, False),
    ("GET", "/panel"): (PANEL, None, False),
    ("POST", "/panel/advies"): (PANEL, "referrals:read", False),
    ("POST", "/panel/doorverwijzing"): (PANEL, "referrals:write", False),
    ("POST", "/panel/doorverwijzingen"): (PANEL, "referrals:write", False),
    ("GET", "/panel/doorverwijzingen"): (PANEL, "referrals:read", False),
    ("GET", "/panel/doorverwijzingen/{id}"): (PANEL, "referrals:read", True),
    ("POST", "/panel/doorverwijzingen/{id}/status"): (PANEL, "referrals:write", True),
    ("POST", "/panel/doorverwijzingen/{id}/versturen"): (PANEL, "referrals:write", True),
    ("GET", "/panel/doorverwijzingen/{id}/overdracht"): (PANEL, "referrals:read", True),
    ("GET", "/panel/doorverwijzingen/{id}/export"): (PANEL, "personal-data", True),
    ("POST", "/panel/doorverwijzingen/{id}/wissen"): (PANEL, "personal-data", True),
    ("GET", "/panel/accounts"): (PANEL, "accounts", False),
    ("POST", "/panel/accounts"): (PANEL, "accounts", False),
    ("POST", "/panel/accounts/{username}/uitschakelen"): (PANEL, "accounts", True),
    ("POST", "/panel/accounts/{username}/inschakelen"): (PANEL, "accounts", True),
    ("POST", "/panel/accounts/{username}/wachtwoord"): (PANEL, "accounts", True),
    ("GET", "/panel/dashboard"): (PANEL, "dashboard", False),
    ("GET", "/panel/dashboard.csv"): (PANEL, "dashboard", False),
}
STAFF_SCOPES = {"advice", "referrals:read", "referrals:write", "personal-data"}
COORDINATOR_SCOPES = STAFF_SCOPES | {"registrations", "accounts", "dashboard"}
SECRET_WORDS = ("Anna de Vries", "06 12345678", "+31612345678", "geheime vraag van Anna")


class Caller:
    def __init__(self, name, kind, scopes, own, client, csrf=""):
        self.name, self.kind, self.scopes, self.own = name, kind, scopes, own
        self.client, self.csrf = client, csrf


def _routes(app):
    found = set()
    for route in app.router.routes():
        if route.method == "HEAD":
            continue
        canonical = route.resource.canonical if route.resource is not None else ""
        found.add((route.method, canonical))
    return found


def test_every_route_has_a_rule(tmp_path):
    from tests.support.env import settings_for

    app = create_app(settings_for(tmp_path))
    assert _routes(app) == set(RULES), "give the new route a rule in RULES"


def fresh_referral(world) -> str:
    """A referral of location CENTRUM with personal data, for one request."""
    with transaction(world.factory) as session:
        referral = service.create_referral(
            session,
            suggestion=suggestion(),
            channel="staff",
            by="test",
            question="geheime vraag van Anna",
            themes=["legal_advice"],
            ido_location_id=CENTRUM,
            consent=YES,
            person=ANNA,
        )
        return referral.public_id


@pytest.fixture
async def callers(new_client, world):
    with transaction(world.factory) as session:
        account(session, "gert", locations=(CENTRUM,))  # the account the routes reach
    result = [Caller("nobody", "none", set(), False, await new_client())]
    for scope in SCOPES:
        client = await new_client()
        client.headers = {"Authorization": f"Bearer {world.tokens[scope]}"}
        result.append(Caller(f"token {scope}", "token", {scope}, True, client))
    client = await new_client()
    client.headers = {"Authorization": f"Bearer {world.tokens['noord']}"}
    result.append(
        Caller("token of location B", "token", {"referrals:read", "personal-data"}, False, client)
    )
    for username, scopes, own in (
        ("anna", STAFF_SCOPES, True),  # staff of location A (centrum)
        ("bram", STAFF_SCOPES, False),  # staff of location B (noord)
        ("cora", COORDINATOR_SCOPES, True),  # coordinator of A and B
        ("dirk", COORDINATOR_SCOPES, False),  # coordinator of B only
    ):
        client = await new_client()
        csrf = await login(client, username)
        result.append(Caller(username, "account", scopes, own, client, csrf))
    return result


def expected(rule, caller) -> str:
    kind, scope, by_id = rule
    if kind == PUBLIC:
        return "public"
    if kind == API:
        if caller.kind != "token":
            return "unauthenticated"
    elif caller.kind != "account":
        return "unauthenticated"
    if scope is not None and scope not in caller.scopes:
        return "forbidden"
    if by_id and not caller.own:
        return "not_found"
    return "allowed"


async def call(caller, method, path, world):
    client = caller.client
    headers = getattr(client, "headers", None) or {}
    if path.startswith("/api/"):
        body = {"status": "in_behandeling", "text": "x", "answer": False}
        return await client.request(method, path, json=body, headers=headers)
    data = {"csrf": caller.csrf, "status": "in_behandeling", "wachtwoord": "een-nieuw-wachtwoord"}
    return await client.request(
        method,
        path,
        data=data if method == "POST" else None,
        headers=headers,
        allow_redirects=False,
    )


async def test_no_caller_reaches_data_that_is_not_its_own(callers, world):
    problems = []
    for (method, template), rule in sorted(RULES.items()):
        if template in ("/panel/uitloggen",):  # would end the session used below
            continue
        for caller in callers:
            path = template
            if "{id}" in path:
                path = path.replace("{id}", fresh_referral(world))
            path = path.replace("{username}", "gert")
            if path == "/static":
                path = "/static/widget.css"
            response = await call(caller, method, path, world)
            text = await response.text()
            want = expected(rule, caller)
            status = response.status
            ok = {
                # /health says 503 here: no action server runs in these tests
                "public": status < 500 or (path == "/health" and status == 503),
                "unauthenticated": status in (401, 303) or (status == 403 and "/panel" in path),
                "forbidden": status == 403,
                "not_found": status == 404,
                "allowed": status < 500 and status not in (401, 403, 404),
            }[want]
            if want == "unauthenticated" and method == "POST" and path.startswith("/panel"):
                ok = status in (401, 403)  # without a session there is no CSRF token either
            leaked = want != "allowed" and any(word in text for word in SECRET_WORDS)
            if not ok or leaked:
                problems.append(f"{caller.name:20} {method:4} {path}: {status} (want {want})")
            if want == "not_found" and path.startswith("/api/"):
                assert "Er is geen doorverwijzing met nummer" in text
    assert not problems, "\n".join(problems)


async def test_lists_show_only_the_callers_own_locations(callers, world):
    public_id = fresh_referral(world)
    for caller in callers:
        if caller.kind == "token" and "referrals:read" in caller.scopes:
            text = await (
                await caller.client.get("/api/referrals", headers=caller.client.headers)
            ).text()
        elif caller.kind == "account":
            text = await (await caller.client.get("/panel/doorverwijzingen")).text()
        else:
            continue
        assert (public_id in text) == caller.own, caller.name
