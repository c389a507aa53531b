"""A small world for access tests: two IDO locations of Voorbeeldstad, staff of each, a
coordinator of both, and a token for every scope; plus a panel login for aiohttp clients."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accounts.locations import ensure_location, set_online_location
from bot.cli import db_upgrade, load_knowledge
from database import make_engine, session_factory, transaction
from tests.support.accounts import CENTRUM, NOORD, PASSWORD, account, token

SCOPES = ("advice", "referrals:read", "referrals:write", "personal-data", "registrations")


@dataclass
class World:
    settings: object
    factory: object
    tokens: dict[str, str] = field(default_factory=dict)  # scope -> secret (location CENTRUM)


def build_world(settings) -> World:
    """Migrated database with the knowledge data, accounts and tokens."""
    db_upgrade(settings)
    assert load_knowledge(settings) == 0
    engine = make_engine(settings.database_url)
    factory = session_factory(engine)
    world = World(settings=settings, factory=factory)
    with transaction(factory) as session:
        ensure_location(session, CENTRUM)
        ensure_location(session, NOORD)
        set_online_location(session, CENTRUM)
        account(session, "anna", locations=(CENTRUM,))
        account(session, "bram", locations=(NOORD,))
        account(session, "cora", role="coordinator", locations=(CENTRUM, NOORD))
        account(session, "dirk", role="coordinator", locations=(NOORD,))
        for scope in SCOPES:
            world.tokens[scope] = token(session, f"token-{scope.replace(':', '-')}", [scope])
        world.tokens["noord"] = token(
            session, "token-noord", ["referrals:read", "personal-data"], location=NOORD
        )
    return world


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "no CSRF field on the page"
    return found.group(1)


async def login(client, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the CSRF token of the session's pages."""
    page = await client.get("/panel/inloggen")
    assert page.status == 200
    response = await client.post(
        "/panel/inloggen",
        data={
            "csrf": csrf_of(await page.text()),
            "gebruikersnaam": username,
            "wachtwoord": password,
        },
        allow_redirects=False,
    )
    assert response.status == 303, await response.text()
    home = await client.get("/panel")
    assert home.status == 200
    return csrf_of(await home.text())
