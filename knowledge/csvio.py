"""CSV import and export of local partners (a "sociale kaart" export).

One row is one service of an organisation, with at most one address. Columns (the first
line holds these names; order is free on import, fixed on export):

    id               service id (optional on import: made from gemeente + naam)
    naam             name of the service, e.g. "Hulp bij brieven"
    organisatie      name of the organisation; rows with the same name form one organisation
    soort            publieke dienst | private dienst | cursus | adviespartner | crisislijn | ido
    thema's          theme ids this service is competent for, separated by commas
    helpt_bij        theme ids it supports (advice, courses), separated by commas
    telefoon, e-mail, website
    adres, postcode, plaats
    openingstijden   e.g. "ma-vr 09:00-17:00; za 10:00-12:00", or "24/7"
    meenemen         what to bring, separated by ";"
    kosten           free text, e.g. "gratis"
    warme_overdracht channels for a warm referral with consent: telefoon, e-mail, formulier
    omschrijving     short description
    bron             web address of the source, or "voorbeelddata" in an example gemeente
    gecontroleerd_op date of the last check (JJJJ-MM-DD); empty = not verified
    opmerking        note about the source (shown to staff)

Every row goes through the same checks as the YAML files (knowledge.documents.Parser),
reported as "file.csv:<line>". Export writes the same columns; CSV -> YAML -> CSV gives
the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from knowledge import hours
from knowledge.documents import FileDefaults, Parser, Problem, schedule_value
from knowledge.formats import slugify
from knowledge.load import GEMEENTE_FILE, _cross_checks, validate
from knowledge.records import Gemeente, Organisation
from knowledge.yamlio import LineDict, LineList

COLUMNS = (
    "id",
    "naam",
    "organisatie",
    "soort",
    "thema's",
    "helpt_bij",
    "telefoon",
    "e-mail",
    "website",
    "adres",
    "postcode",
    "plaats",
    "openingstijden",
    "meenemen",
    "kosten",
    "warme_overdracht",
    "omschrijving",
    "bron",
    "gecontroleerd_op",
    "opmerking",
)
REQUIRED = ("naam", "organisatie", "soort", "bron")
KIND_NAMES = {
    "publieke dienst": "public_service",
    "private dienst": "private_service",
    "cursus": "course",
    "adviespartner": "advice_partner",
    "crisislijn": "crisis_line",
    "ido": "ido",
}
CHANNEL_NAMES = {"telefoon": "phone", "e-mail": "email", "formulier": "form"}
_HEADER_ALIASES = {
    "themas": "thema's",
    "thema": "thema's",
    "email": "e-mail",
    "naam dienst": "naam",
}


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{separators}]", text or "") if part.strip()]


def _doc(line: int, **values: Any) -> LineDict:
    doc = LineDict({k: v for k, v in values.items() if v not in (None, "", [])})
    doc.line = line
    doc.lines = dict.fromkeys(doc, line)
    return doc


def _list(line: int, values: Sequence[Any]) -> LineList:
    result = LineList(values)
    result.line = line
    result.lines = [line] * len(values)
    return result


def read_rows(text: str, file: str) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[Problem] = []
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(file, 1, "het bestand is leeg")]
    names = [_HEADER_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    for name in names:
        if name not in COLUMNS:
            problems.append(
                Problem(file, 1, f"onbekende kolom '{name}' (bekend: {', '.join(COLUMNS)})")
            )
    for name in REQUIRED:
        if name not in names:
            problems.append(Problem(file, 1, f"kolom '{name}' ontbreekt"))
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(names):
            problems.append(
                Problem(file, line, f"{len(values)} waarden, maar {len(names)} kolommen")
            )
            continue
        rows.append((line, {n: v.strip() for n, v in zip(names, values)}))
    return rows, problems


def rows_to_documents(
    rows: Iterable[tuple[int, Mapping[str, str]]], gemeente: Gemeente, file: str
) -> tuple[list[LineDict], list[Problem]]:
    """Rows -> organisation documents in the YAML layout, with the CSV lines as lines."""
    problems: list[Problem] = []
    organisations: dict[str, LineDict] = {}
    for line, row in rows:
        kind = KIND_NAMES.get(row.get("soort", "").lower(), row.get("soort", ""))
        org_name = row.get("organisatie", "")
        org_id = slugify(org_name) or "onbekend"
        provenance: dict[str, str | bool | None] = {
            "source_url": row.get("bron") or None,
            "verified_on": row.get("gecontroleerd_op") or None,
            "note": row.get("opmerking") or None,
        }
        if provenance["source_url"] and not provenance["verified_on"]:
            provenance["verified"] = False
        if org_id not in organisations:
            organisations[org_id] = _doc(line, id=org_id, name=org_name, kind=kind, **provenance)
            organisations[org_id]["services"] = _list(line, [])
            organisations[org_id]["locations"] = _list(line, [])
        org = organisations[org_id]
        service_id = row.get("id") or slugify(f"{gemeente.slug} {row.get('naam', '')}")
        contacts = [
            _doc(line, type=t, value=row.get(column))
            for t, column in (("phone", "telefoon"), ("email", "e-mail"), ("website", "website"))
            if row.get(column)
        ]
        channels = []
        for name in _split(row.get("warme_overdracht", ""), ",;"):
            if name.lower() not in CHANNEL_NAMES:
                problems.append(
                    Problem(
                        file,
                        line,
                        f"warme_overdracht: onbekend kanaal '{name}' "
                        f"(toegestaan: {', '.join(CHANNEL_NAMES)})",
                    )
                )
            else:
                channels.append(CHANNEL_NAMES[name.lower()])
        schedule, hour_problems = hours.parse_description(row.get("openingstijden", ""))
        problems += [Problem(file, line, p) for p in hour_problems]
        hours_value = None
        if schedule is not None:
            hours_value = schedule_value(schedule)
            if isinstance(hours_value, list):
                hours_value = _list(line, [_doc(line, **r) for r in hours_value])
        service = _doc(
            line,
            id=service_id,
            name=row.get("naam"),
            kind=kind if kind != org.get("kind") else None,
            description=row.get("omschrijving") or None,
            themes=_list(line, _split(row.get("thema's", ""), ",;")),
            supports=_list(line, _split(row.get("helpt_bij", ""), ",;")),
            contacts=_list(line, contacts),
            bring=_list(line, _split(row.get("meenemen", ""), ";")),
            cost=row.get("kosten") or None,
            warm_referral=_doc(line, channels=_list(line, channels)) if channels else None,
        )
        if any(v is not None for v in provenance.values()) and provenance != {
            k: org.get(k) for k in provenance
        }:
            service.update({k: v for k, v in provenance.items() if v is not None})
            service.lines.update(dict.fromkeys(provenance, line))
        if row.get("adres") or row.get("postcode") or row.get("plaats"):
            location_id = f"{service_id}-locatie"
            org["locations"].append(
                _doc(
                    line,
                    id=location_id,
                    name=f"{org_name}, {row.get('adres') or row.get('plaats')}",
                    address=row.get("adres") or None,
                    postcode=row.get("postcode") or None,
                    city=row.get("plaats") or None,
                )
            )
            org["locations"].lines.append(line)
            service["at"] = _list(line, [_doc(line, location=location_id, hours=hours_value)])
        elif hours_value is not None:
            service["hours"] = hours_value
        service.lines = dict.fromkeys(service, line)
        org["services"].append(service)
        org["services"].lines.append(line)
    for org in organisations.values():
        if not org["locations"]:
            del org["locations"]
    return list(organisations.values()), problems


def import_csv(
    csv_path: Path, data_dir: Path, slug: str
) -> tuple[list[Organisation] | None, list[Problem]]:
    """Read and check a CSV for gemeente `slug`; the organisations, or every problem."""
    file = Path(csv_path).name
    if not (Path(data_dir) / "gemeenten" / slug / GEMEENTE_FILE).exists():
        return None, [
            Problem(
                file,
                1,
                f"gemeente '{slug}' bestaat niet: maak eerst "
                f"gemeenten/{slug}/{GEMEENTE_FILE} (code, naam)",
            )
        ]
    existing = validate(data_dir)
    if existing.data is None:
        return None, existing.problems
    data = existing.data
    gemeente = next(g for g in data.gemeenten if g.slug == slug)
    rows, problems = read_rows(Path(csv_path).read_text(encoding="utf-8-sig"), file)
    documents, row_problems = rows_to_documents(rows, gemeente, file)
    problems += row_problems
    parser = Parser(f"gemeenten/{slug}/{csv_file_stem(csv_path)}.yml", [t.id for t in data.themes])
    organisations = [
        o
        for o in (
            parser.organisation(d, d.line, FileDefaults(gemeente.code, gemeente.example))
            for d in documents
        )
        if o is not None
    ]
    problems += [Problem(file, p.line, p.message) for p in parser.problems]
    target = parser.file
    others = [o for o in data.organisations if o.file != target]
    problems += [
        Problem(file, p.line, p.message) if p.file == target else p
        for p in _cross_checks(list(data.gemeenten), others + organisations)
    ]
    return (None if problems else organisations), problems


def csv_file_stem(csv_path: Path) -> str:
    return slugify(Path(csv_path).stem) or "sociale-kaart"


def export_csv(organisations: Sequence[Organisation]) -> tuple[str, list[str]]:
    """Organisations -> CSV text, and warnings for what a row cannot hold."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    kinds = {v: k for k, v in KIND_NAMES.items()}
    channels = {v: k for k, v in CHANNEL_NAMES.items()}
    lost: list[str] = []
    for org in organisations:
        locations = {loc.id: loc for loc in org.locations}
        for s in org.services:
            by_type: dict[str, list[str]] = {}
            for contact in s.contacts:
                by_type.setdefault(contact.type, []).append(contact.value)
            extra = [
                t
                for t, values in by_type.items()
                if len(values) > 1 or t not in ("phone", "email", "website")
            ]
            if extra or len(s.at) > 1:
                lost.append(
                    f"dienst '{s.id}': meer dan een adres of contact van een soort; "
                    "de CSV heeft alleen het eerste"
                )
            entry = s.at[0] if s.at else None
            location = locations.get(entry.location_id) if entry else None
            schedule = entry.schedule if entry else s.schedule
            p = s.provenance
            writer.writerow(
                [
                    s.id,
                    s.name,
                    org.name,
                    kinds[s.kind],
                    ", ".join(s.themes),
                    ", ".join(s.supports),
                    (by_type.get("phone") or [""])[0],
                    (by_type.get("email") or [""])[0],
                    (by_type.get("website") or [""])[0],
                    location.address or "" if location else "",
                    location.postcode or "" if location else "",
                    location.city or "" if location else "",
                    hours.describe(schedule) or "",
                    "; ".join(s.bring),
                    s.cost or "",
                    ", ".join(channels[c] for c in s.warm_referral.channels)
                    if s.warm_referral
                    else "",
                    s.description or "",
                    p.source_url,
                    p.verified_on.isoformat() if p.verified_on else "",
                    p.note or "",
                ]
            )
    return out.getvalue(), lost
