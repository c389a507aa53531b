"""Builders for access tests: IDO locations, staff accounts and scoped tokens."""

from __future__ import annotations

from accounts import staff
from accounts.access import TOKEN_SCOPES
from accounts.models import IdoLocation
from accounts.tokens import create_token

CENTRUM = "bibliotheek-voorbeeldstad-centrum"
NOORD = "bibliotheek-voorbeeldstad-noord"
PASSWORD = "lang-genoeg-wachtwoord-42"


def add_location(session, location_id, name=None, online=False):
    location = IdoLocation(id=location_id, name=name or location_id, online=online)
    session.add(location)
    session.flush()
    return location


def token(session, name, scopes=TOKEN_SCOPES, location=CENTRUM, owner="Bea Balie", days=365):
    return create_token(
        session,
        name,
        scopes=list(scopes),
        location_id=location,
        owner=owner if set(scopes) - {"advice"} else None,
        days=days,
    )


def account(session, username, role="staff", locations=(CENTRUM,), password=PASSWORD):
    return staff.create_account(
        session,
        username=username,
        display_name=username.title(),
        password=password,
        role=role,
        location_ids=locations,
        by="test",
    )
