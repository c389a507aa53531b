"""IDO locations: the locations of organisations of kind `ido` in the knowledge data.

An account or token gets a location by its id in the knowledge data (for example
`bibliotheek-voorbeeldstad-centrum`), or all IDO locations of a gemeente at once. The
location is then copied into `ido_locations`, which outlives reloads of the knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from accounts.errors import AccountError
from accounts.models import IdoLocation
from knowledge.models import GemeenteRow, LocationRow, OrganisationRow


@dataclass(frozen=True)
class LocationInfo:
    id: str
    name: str
    gemeente_code: str | None
    gemeente_name: str | None


def directory_locations(session: Session) -> list[LocationInfo]:
    """Every IDO location in the loaded knowledge data, by gemeente and name."""
    gemeente = func.coalesce(LocationRow.gemeente_code, OrganisationRow.gemeente_code)
    rows = session.execute(
        select(LocationRow.id, LocationRow.name, gemeente.label("code"), GemeenteRow.name)
        .join(OrganisationRow, OrganisationRow.id == LocationRow.organisation_id)
        .outerjoin(GemeenteRow, GemeenteRow.code == gemeente)
        .where(OrganisationRow.kind == "ido")
        .order_by(GemeenteRow.name, LocationRow.name)
    ).all()
    return [LocationInfo(r[0], r[1], r[2], r[3]) for r in rows]


def known_locations(session: Session) -> list[IdoLocation]:
    """The locations in use (given to an account or token)."""
    return list(session.execute(select(IdoLocation).order_by(IdoLocation.name)).scalars())


def ensure_location(session: Session, location_id: str) -> IdoLocation:
    """The IDO location with this id, copied from the knowledge data on first use."""
    location = session.get(IdoLocation, location_id)
    if location is not None:
        return location
    found = next((info for info in directory_locations(session) if info.id == location_id), None)
    if found is None:
        choices = ", ".join(info.id for info in directory_locations(session)) or "geen"
        raise AccountError(
            f"Onbekende IDO-locatie {location_id!r}. Kies een locatie uit de kennisbank: {choices}"
        )
    location = IdoLocation(
        id=found.id,
        name=found.name,
        gemeente_code=found.gemeente_code,
        gemeente_name=found.gemeente_name,
        online=False,
    )
    session.add(location)
    session.flush()
    return location


def locations_of_gemeente(session: Session, gemeente: str) -> list[IdoLocation]:
    """All IDO locations of a gemeente (CBS code, name or slug)."""
    wanted = (gemeente or "").strip()
    code = session.execute(
        select(GemeenteRow.code).where(
            or_(
                GemeenteRow.code == wanted.upper(),
                func.lower(GemeenteRow.name) == wanted.lower(),
                GemeenteRow.slug == wanted.lower(),
            )
        )
    ).scalar_one_or_none()
    if code is None:
        raise AccountError(f"Onbekende gemeente {gemeente!r}")
    infos = [info for info in directory_locations(session) if info.gemeente_code == code]
    if not infos:
        raise AccountError(f"De gemeente {gemeente!r} heeft geen IDO-locatie in de kennisbank")
    return [ensure_location(session, info.id) for info in infos]


def set_online_location(session: Session, location_id: str) -> IdoLocation:
    """Make this the location that owns referrals made online (chat, Telegram)."""
    location = ensure_location(session, location_id)
    session.execute(update(IdoLocation).values(online=False))
    location.online = True
    session.flush()
    return location


def online_locations(session: Session) -> frozenset[str]:
    return frozenset(
        session.execute(select(IdoLocation.id).where(IdoLocation.online.is_(True))).scalars()
    )
