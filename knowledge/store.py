"""Records to database rows and back (2.0-style SQLAlchemy, SQLite and PostgreSQL alike)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import time
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from knowledge.hours import format_days, format_time, parse_days, parse_time
from knowledge.models import (
    DIRECTORY_TABLES,
    ContactChannelRow,
    GemeenteRow,
    LanguageRow,
    LocationRow,
    OrganisationRow,
    RequiredDocumentRow,
    ScheduleRow,
    ServiceAreaRow,
    ServiceAtLocationRow,
    ServiceAttributeRow,
    ServiceRow,
    ThemeGroupRow,
    ThemeRow,
)
from knowledge.records import (
    ChecklistStep,
    ContactChannel,
    DirectoryData,
    Gemeente,
    GenericHelp,
    Location,
    OpeningRule,
    Organisation,
    Provenance,
    Schedule,
    Service,
    ServiceAtLocation,
    Theme,
    ThemeGroup,
    WarmReferral,
)


def _prov(p: Provenance, origin: str = "") -> dict[str, Any]:
    return {
        "source_url": p.source_url,
        "verified_on": p.verified_on,
        "verified": p.verified,
        "note": p.note,
        "origin": origin,
    }


def _rules(
    schedule: Schedule | None, provenance: Provenance, origin: str, **owner: object
) -> list[dict[str, Any]]:
    if schedule is None or schedule.always_open:
        return []
    owner = {"service_id": None, "service_at_location_id": None, **owner}
    return [
        {
            **owner,
            **_prov(provenance, origin),
            "freq": "WEEKLY",
            "byday": format_days(r.days),
            "opens_at": format_time(r.opens),
            "closes_at": format_time(r.closes),
            "position": i,
        }
        for i, r in enumerate(schedule.rules)
    ]


def replace_directory(session: Session, data: DirectoryData) -> None:
    """Delete every directory row and insert `data`, in the session's transaction."""
    for table in DIRECTORY_TABLES:
        session.execute(delete(table))
    rows: dict[type, list[dict[str, Any]]] = defaultdict(list)
    rows[ThemeGroupRow] = [
        {"id": g.id, "label": g.label, "position": i} for i, g in enumerate(data.groups)
    ]
    for i, t in enumerate(data.themes):
        row = {"id": t.id, "group_id": t.group, "label": t.label, "about": t.about, "position": i}
        for key in ("own_provider", "local_desk"):
            generic: GenericHelp | None = getattr(t, key)
            row[f"{key}_organisation"] = generic.organisation if generic else None
            row[f"{key}_service"] = generic.service if generic else None
            row[f"{key}_kind"] = generic.kind if generic else None
            row[f"{key}_why"] = generic.why if generic else None
            row[f"{key}_key"] = generic.key if generic else None
        row["service_order"] = " ".join(t.order) or None
        row["checklist"] = (
            json.dumps([[s.help, s.what, s.when] for s in t.checklist]) if t.checklist else None
        )
        rows[ThemeRow].append(row)
    rows[GemeenteRow] = [
        {
            "code": g.code,
            "name": g.name,
            "slug": g.slug,
            "example": g.example,
            **_prov(g.provenance, g.origin),
        }
        for g in data.gemeenten
    ]
    for oi, org in enumerate(data.organisations):
        rows[OrganisationRow].append(
            {
                "id": org.id,
                "name": org.name,
                "kind": org.kind,
                "aliases": "\n".join(org.aliases),
                "main_theme": org.main_theme,
                "description": org.description,
                "gemeente_code": org.gemeente_code,
                "key": org.key,
                "file": org.file,
                "position": oi,
                **_prov(org.provenance, org.origin),
            }
        )
        for li, loc in enumerate(org.locations):
            rows[LocationRow].append(
                {
                    "id": loc.id,
                    "organisation_id": org.id,
                    "name": loc.name,
                    "address": loc.address,
                    "postcode": loc.postcode,
                    "city": loc.city,
                    "gemeente_code": loc.gemeente_code,
                    "description": loc.description,
                    "location_type": "physical",
                    "position": li,
                    **_prov(loc.provenance, loc.origin),
                }
            )
        for si, s in enumerate(org.services):
            warm = s.warm_referral
            rows[ServiceRow].append(
                {
                    "id": s.id,
                    "organisation_id": org.id,
                    "name": s.name,
                    "kind": s.kind,
                    "description": s.description,
                    "cost": s.cost,
                    "national": s.area is None,
                    "always_open": bool(s.schedule and s.schedule.always_open),
                    "has_schedule": s.schedule is not None,
                    "warm_referral_channels": ",".join(warm.channels) if warm else None,
                    "warm_referral_consent_required": warm.consent_required if warm else None,
                    "warm_referral_note": warm.note if warm else None,
                    "position": si,
                    **_prov(s.provenance, s.origin),
                }
            )
            position = 0
            for role, values in (
                ("theme", s.themes),
                ("supports", s.supports),
                ("situation", s.situations),
            ):
                for value in values:
                    rows[ServiceAttributeRow].append(
                        {"service_id": s.id, "role": role, "value": value, "position": position}
                    )
                    position += 1
            rows[ServiceAreaRow] += [
                {"service_id": s.id, "gemeente_code": code, "position": i}
                for i, code in enumerate(s.area or ())
            ]
            rows[ContactChannelRow] += [
                {
                    "service_id": s.id,
                    "type": c.type,
                    "value": c.value,
                    "label": c.label,
                    "position": i,
                    **_prov(c.provenance, c.origin),
                }
                for i, c in enumerate(s.contacts)
            ]
            rows[RequiredDocumentRow] += [
                {"service_id": s.id, "document": d, "position": i} for i, d in enumerate(s.bring)
            ]
            rows[LanguageRow] += [
                {"service_id": s.id, "language": lang, "position": i}
                for i, lang in enumerate(s.languages)
            ]
            rows[ScheduleRow] += _rules(
                s.schedule, s.provenance, s.schedule.origin if s.schedule else "", service_id=s.id
            )
    # service_at_location rows need their generated ids for their schedules: insert one by one.
    for table in reversed(DIRECTORY_TABLES):
        if table in (ServiceAtLocationRow, ScheduleRow):
            continue
        if rows[table]:
            session.execute(insert(table), rows[table])
    for org in data.organisations:
        for s in org.services:
            for i, entry in enumerate(s.at):
                statement = insert(ServiceAtLocationRow).values(
                    service_id=s.id,
                    location_id=entry.location_id,
                    note=entry.note,
                    always_open=bool(entry.schedule and entry.schedule.always_open),
                    has_schedule=entry.schedule is not None,
                    origin=entry.origin,
                    position=i,
                )
                # An INSERT gives a CursorResult (it has the new key); the stubs only say Result.
                result = cast(CursorResult, session.execute(statement))
                sal_id = result.inserted_primary_key[0]
                rows[ScheduleRow] += _rules(
                    entry.schedule,
                    s.provenance,
                    entry.schedule.origin if entry.schedule else "",
                    service_at_location_id=sal_id,
                )
    if rows[ScheduleRow]:
        session.execute(insert(ScheduleRow), rows[ScheduleRow])
    session.flush()


def _provenance(
    row: GemeenteRow | OrganisationRow | LocationRow | ServiceRow | ContactChannelRow,
) -> Provenance:
    return Provenance(
        source_url=row.source_url, verified_on=row.verified_on, verified=row.verified, note=row.note
    )


def _stored_time(text: str) -> time:
    """A time as replace_directory stored it (format_time), so always a valid one."""
    value, problem = parse_time(text)
    if value is None:
        raise ValueError(f"kb_schedule: {problem}")
    return value


def _schedule(
    always_open: bool, has_schedule: bool, rules: Sequence[ScheduleRow], origin: str
) -> Schedule | None:
    if not has_schedule:
        return None
    if always_open:
        return Schedule(always_open=True, origin=origin)
    parsed = []
    for r in rules:
        days, _ = parse_days(r.byday)
        parsed.append(
            OpeningRule(days=days, opens=_stored_time(r.opens_at), closes=_stored_time(r.closes_at))
        )
    return Schedule(rules=tuple(parsed), origin=origin)


class _Ordered(Protocol):
    position: int


_Row = TypeVar("_Row", bound=_Ordered)


def _grouped(session: Session, table: type[_Row], key: str) -> dict[object, list[_Row]]:
    grouped: dict[object, list[_Row]] = defaultdict(list)
    for row in session.execute(select(table).order_by(table.position)).scalars():
        grouped[getattr(row, key)].append(row)
    return grouped


def _generic(row: ThemeRow, key: str) -> GenericHelp | None:
    organisation: str | None = getattr(row, f"{key}_organisation")
    if not organisation:
        return None
    return GenericHelp(
        organisation,
        getattr(row, f"{key}_service"),
        getattr(row, f"{key}_kind"),
        getattr(row, f"{key}_why"),
        getattr(row, f"{key}_key"),
    )


def read_directory(session: Session) -> DirectoryData:
    """The whole directory as records, in file order (one query per table)."""
    groups = tuple(
        ThemeGroup(r.id, r.label)
        for r in session.execute(select(ThemeGroupRow).order_by(ThemeGroupRow.position)).scalars()
    )
    themes = []
    for r in session.execute(select(ThemeRow).order_by(ThemeRow.position)).scalars():
        themes.append(
            Theme(
                id=r.id,
                group=r.group_id,
                label=r.label,
                about=r.about,
                own_provider=_generic(r, "own_provider"),
                local_desk=_generic(r, "local_desk"),
                order=tuple((r.service_order or "").split()),
                checklist=tuple(ChecklistStep(*step) for step in json.loads(r.checklist or "[]")),
            )
        )
    gemeenten = tuple(
        Gemeente(
            code=r.code,
            name=r.name,
            slug=r.slug,
            example=r.example,
            provenance=_provenance(r),
            note=r.note,
            origin=r.origin,
        )
        for r in session.execute(select(GemeenteRow).order_by(GemeenteRow.slug)).scalars()
    )
    locations = _grouped(session, LocationRow, "organisation_id")
    services = _grouped(session, ServiceRow, "organisation_id")
    attributes = _grouped(session, ServiceAttributeRow, "service_id")
    areas = _grouped(session, ServiceAreaRow, "service_id")
    contacts = _grouped(session, ContactChannelRow, "service_id")
    documents = _grouped(session, RequiredDocumentRow, "service_id")
    languages = _grouped(session, LanguageRow, "service_id")
    at_rows = _grouped(session, ServiceAtLocationRow, "service_id")
    service_rules = _grouped(session, ScheduleRow, "service_id")
    at_rules = _grouped(session, ScheduleRow, "service_at_location_id")
    organisations = []
    for o in session.execute(select(OrganisationRow).order_by(OrganisationRow.position)).scalars():
        service_records = []
        for s in services[o.id]:
            attrs = attributes[s.id]
            warm = None
            if s.warm_referral_channels:
                warm = WarmReferral(
                    channels=tuple(s.warm_referral_channels.split(",")),
                    consent_required=bool(s.warm_referral_consent_required),
                    note=s.warm_referral_note,
                )
            rules = service_rules[s.id]
            service_records.append(
                Service(
                    id=s.id,
                    organisation_id=o.id,
                    name=s.name,
                    kind=s.kind,
                    provenance=_provenance(s),
                    themes=tuple(a.value for a in attrs if a.role == "theme"),
                    supports=tuple(a.value for a in attrs if a.role == "supports"),
                    situations=tuple(a.value for a in attrs if a.role == "situation"),
                    area=None if s.national else tuple(a.gemeente_code for a in areas[s.id]),
                    description=s.description,
                    contacts=tuple(
                        ContactChannel(
                            type=c.type,
                            value=c.value,
                            provenance=_provenance(c),
                            label=c.label,
                            origin=c.origin,
                        )
                        for c in contacts[s.id]
                    ),
                    schedule=_schedule(
                        s.always_open, s.has_schedule, rules, rules[0].origin if rules else ""
                    ),
                    bring=tuple(d.document for d in documents[s.id]),
                    languages=tuple(lang.language for lang in languages[s.id]),
                    cost=s.cost,
                    warm_referral=warm,
                    at=tuple(
                        ServiceAtLocation(
                            location_id=a.location_id,
                            note=a.note,
                            origin=a.origin,
                            schedule=_schedule(
                                a.always_open, a.has_schedule, at_rules[a.id], a.origin
                            ),
                        )
                        for a in at_rows[s.id]
                    ),
                    origin=s.origin,
                )
            )
        organisations.append(
            Organisation(
                id=o.id,
                name=o.name,
                kind=o.kind,
                provenance=_provenance(o),
                aliases=tuple(a for a in o.aliases.split("\n") if a),
                main_theme=o.main_theme,
                description=o.description,
                gemeente_code=o.gemeente_code,
                key=o.key,
                file=o.file,
                origin=o.origin,
                locations=tuple(
                    Location(
                        id=loc.id,
                        organisation_id=o.id,
                        name=loc.name,
                        gemeente_code=loc.gemeente_code,
                        provenance=_provenance(loc),
                        address=loc.address,
                        postcode=loc.postcode,
                        city=loc.city,
                        description=loc.description,
                        origin=loc.origin,
                    )
                    for loc in locations[o.id]
                ),
                services=tuple(service_records),
            )
        )
    return DirectoryData(
        groups=groups, themes=tuple(themes), gemeenten=gemeenten, organisations=tuple(organisations)
    )
