"""Validate the data files and load them: into records, and into the database.

Layout of a data directory (see docs/knowledge-data.md):

    themes.yml                     the taxonomy (theme ids are Rasa intent names)
    national/<name>.yml            organisations: {organisations: [...]}
    gemeenten/<slug>/gemeente.yml  {gemeente: {code, name, ...}, organisations: [...]}
    gemeenten/<slug>/<name>.yml    more organisations of that gemeente

`validate(data_dir)` reads every file and returns the records and every problem found,
each with file and line. `load_files(data_dir)` raises DataError when there is any
problem: nothing is loaded from data with a problem.

`sync_database(session, data_dir)` is what `wegwijzer db upgrade` calls after the
Alembic upgrade: it validates the files and replaces all directory tables inside the
caller's transaction (the caller commits; on an error it rolls back and the old
directory stays).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml

from knowledge.documents import FileDefaults, Parser, Problem
from knowledge.formats import is_fictional_phone, phone_digits
from knowledge.records import (
    DirectoryData,
    Gemeente,
    Organisation,
    Provenance,
    Theme,
    ThemeGroup,
    normalise_name,
)
from knowledge.yamlio import read_yaml

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
GEMEENTE_FILE = "gemeente.yml"


class DataError(Exception):
    """The data files have problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(
            f"{len(problems)} probleem/problemen in de gegevens:\n"
            + "\n".join(str(p) for p in problems)
        )


@dataclass
class Validation:
    data: DirectoryData | None  # None exactly when there are problems
    problems: list[Problem]
    files: int


def _read(path: Path, rel: str, parser: Parser) -> object:
    try:
        return read_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        parser.problem(line, f"geen geldige YAML: {getattr(exc, 'problem', exc)}")
    except UnicodeDecodeError:
        parser.problem(1, "het bestand is geen UTF-8-tekst")
    return None


def _top(parser: Parser, doc: object, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    if doc is None:
        return {}
    return parser.mapping(doc, 1, "bestand", allowed) or {}


def validate(data_dir: Path = DEFAULT_DATA_DIR, today: date | None = None) -> Validation:
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    files = 0

    def rel(path: Path) -> str:
        return path.relative_to(data_dir).as_posix()

    themes_path = data_dir / "themes.yml"
    parser = Parser("themes.yml", today=today)
    groups: tuple[ThemeGroup, ...]
    themes: tuple[Theme, ...]
    if not themes_path.exists():
        parser.problem(1, "themes.yml ontbreekt")
        groups, themes = (), ()
    else:
        files += 1
        groups, themes = parser.taxonomy(_read(themes_path, "themes.yml", parser))
    problems += parser.problems
    theme_ids = [t.id for t in themes]

    gemeenten: list[Gemeente] = []
    organisations: list[Organisation] = []
    for path in sorted((data_dir / "national").glob("*.yml")):
        files += 1
        parser = Parser(rel(path), theme_ids, today)
        doc = _top(parser, _read(path, rel(path), parser), ("organisations",))
        organisations += parser.organisations(doc.get("organisations"), FileDefaults())
        problems += parser.problems

    gemeenten_dir = data_dir / "gemeenten"
    for folder in sorted(p for p in gemeenten_dir.glob("*") if p.is_dir()):
        main = folder / GEMEENTE_FILE
        parser = Parser(rel(main), theme_ids, today)
        if not main.exists():
            parser.problem(
                1, f"{GEMEENTE_FILE} ontbreekt in {rel(folder)}/ (code en naam van de gemeente)"
            )
            problems += parser.problems
            continue
        files += 1
        doc = _top(parser, _read(main, rel(main), parser), ("gemeente", "organisations"))
        gemeente = parser.gemeente(doc.get("gemeente"), folder.name) if "gemeente" in doc else None
        if "gemeente" not in doc:
            parser.problem(1, "veld 'gemeente' ontbreekt")
        problems += parser.problems
        if gemeente is None:
            continue
        gemeenten.append(gemeente)
        defaults = FileDefaults(gemeente.code, gemeente.example)
        parser = Parser(rel(main), theme_ids, today)
        organisations += parser.organisations(doc.get("organisations"), defaults)
        problems += parser.problems
        for path in sorted(folder.glob("*.yml")):
            if path.name == GEMEENTE_FILE:
                continue
            files += 1
            parser = Parser(rel(path), theme_ids, today)
            doc = _top(parser, _read(path, rel(path), parser), ("organisations",))
            organisations += parser.organisations(doc.get("organisations"), defaults)
            problems += parser.problems

    problems += _cross_checks(gemeenten, organisations)
    # A file with problems may have lost records (a broken website address, say): its
    # organisations are checked for honesty once it reads cleanly.
    troubled = {p.file for p in problems}
    problems += honesty_checks(
        gemeenten, [o for o in organisations if o.origin.rpartition(":")[0] not in troubled]
    )
    problems += _order_checks(themes, organisations)
    problems.sort(key=lambda p: (p.file, p.line, p.message))
    data = None
    if not problems:
        data = DirectoryData(
            groups=tuple(groups),
            themes=tuple(themes),
            gemeenten=tuple(gemeenten),
            organisations=tuple(organisations),
        )
    return Validation(data=data, problems=problems, files=files)


def _origin_problem(origin: str, message: str) -> Problem:
    file, _, line = origin.rpartition(":")
    return Problem(file, int(line or 1), message)


ORDER_WORDS = ("local", "national", "own_provider")


def _order_checks(themes: Iterable[Theme], organisations: list[Organisation]) -> list[Problem]:
    """A theme's `order` names services, organisations or the words of ORDER_WORDS."""
    known = {o.id for o in organisations} | {s.id for o in organisations for s in o.services}
    return [
        Problem("themes.yml", 1, f"thema '{t.id}': onbekende dienst of organisatie '{entry}'")
        for t in themes
        for entry in (*t.order, *(s.help for s in t.checklist))
        if entry not in known and entry not in ORDER_WORDS
    ]


def _cross_checks(gemeenten: list[Gemeente], organisations: list[Organisation]) -> list[Problem]:
    problems: list[Problem] = []

    def duplicates(items: Iterable[tuple[str, str]], what: str) -> None:
        seen: dict[str, str] = {}
        for key, origin in items:
            if key in seen:
                problems.append(
                    _origin_problem(origin, f"dubbele {what} '{key}' (ook in {seen[key]})")
                )
            else:
                seen[key] = origin

    duplicates(((g.code, g.origin) for g in gemeenten), "gemeentecode")
    duplicates(((g.name.lower(), g.origin) for g in gemeenten), "gemeentenaam")
    duplicates(((o.id, o.origin) for o in organisations), "organisatie-id")
    duplicates(((s.id, s.origin) for o in organisations for s in o.services), "dienst-id")
    duplicates(((loc.id, loc.origin) for o in organisations for loc in o.locations), "locatie-id")
    # A name people use must point to one organisation: unique among the national ones,
    # and within a gemeente unique and not the name of a national organisation.
    national: dict[str, Organisation] = {}
    local: dict[tuple[str, str], Organisation] = {}
    for org in sorted(organisations, key=lambda o: o.gemeente_code is not None):
        for alias in sorted({normalise_name(n) for n in (org.name, *org.aliases)}):
            other = national.get(alias) or (
                local.get((org.gemeente_code, alias)) if org.gemeente_code else None
            )
            if other is not None and other.id != org.id:
                problems.append(
                    _origin_problem(
                        org.origin,
                        f"naam of alias '{alias}' hoort ook bij organisatie "
                        f"'{other.id}' ({other.origin}): kies een andere",
                    )
                )
            elif org.gemeente_code:
                local[(org.gemeente_code, alias)] = org
            else:
                national[alias] = org

    codes = {g.code for g in gemeenten}
    for org in organisations:
        for loc in org.locations:
            if loc.gemeente_code and loc.gemeente_code not in codes:
                problems.append(
                    _origin_problem(
                        loc.origin,
                        f"locatie '{loc.id}': onbekende gemeente '{loc.gemeente_code}' "
                        "(geen map in gemeenten/ met deze code)",
                    )
                )
        for service in org.services:
            for code in service.area or ():
                if code not in codes:
                    problems.append(
                        _origin_problem(
                            service.origin,
                            f"dienst '{service.id}': onbekende gemeente '{code}' in 'area' "
                            "(geen map in gemeenten/ met deze code)",
                        )
                    )
    return problems


# The crisis lines people may be given, as sourced (shared facts: 112; 113 and 0800-0113,
# 113.nl; Veilig Thuis 0800-2000, rijksoverheid.nl). Any other number on a crisis line is
# refused: a wrong number there does the most harm.
CRISIS_NUMBERS = frozenset({"112", "113", "08000113", "08002000"})
# Government sites whose pages may verify any organisation's facts; the own sites of
# the public services in the directory (kind public_service) count as government sites
# too (the Belastingdienst's site for Dienst Toeslagen, say).
GOVERNMENT_SITES = (
    "overheid.nl",
    "rijksoverheid.nl",
    "officielebekendmakingen.nl",
    "government.nl",
)
SITE_CONTACTS = ("website", "chat", "form")


def site_of(url: str) -> str | None:
    """The registrable part of a web address: 'https://jaarverslag.uwv.nl/x' -> 'uwv.nl'."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    labels = [label for label in host.split(".") if label]
    return ".".join(labels[-2:]) if len(labels) >= 2 else None


def is_government_site(url: str, public_sites: Set[str] = frozenset()) -> bool:
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if site_of(url) in public_sites:
        return True
    return any(host == site or host.endswith("." + site) for site in GOVERNMENT_SITES)


def _own_sites(org: Organisation) -> set[str]:
    return {
        site
        for s in org.services
        for c in s.contacts
        if c.type in SITE_CONTACTS and (site := site_of(c.value))
    }


def _records(org: Organisation) -> Iterable[tuple[Provenance, str, str]]:
    yield org.provenance, org.origin, f"organisatie '{org.id}'"
    for loc in org.locations:
        yield loc.provenance, loc.origin, f"locatie '{loc.id}'"
    for service in org.services:
        yield service.provenance, service.origin, f"dienst '{service.id}'"
        for contact in service.contacts:
            yield contact.provenance, contact.origin, f"contact {contact.value!r}"


def honesty_checks(gemeenten: list[Gemeente], organisations: list[Organisation]) -> list[Problem]:
    """Facts that must not be wrong in a way that looks right:

    - a phone number in an example gemeente is in the fictional 0000 range (a real-looking
      number there would be called);
    - `verified: true` only with a source on the organisation's own site (one of its
      website, chat or form addresses) or on a government site;
    - a crisis line gives only the sourced crisis numbers (CRISIS_NUMBERS).
    """
    problems: list[Problem] = []
    examples = {g.code for g in gemeenten if g.example}
    public_sites = {
        site for org in organisations if org.kind == "public_service" for site in _own_sites(org)
    }
    for org in organisations:
        own = _own_sites(org)
        checked: set[int] = set()
        for provenance, origin, what in _records(org):
            if id(provenance) in checked or not provenance.verified:
                continue
            checked.add(id(provenance))
            source = provenance.source_url
            if site_of(source) not in own and not is_government_site(source, public_sites):
                problems.append(
                    _origin_problem(
                        origin,
                        f"{what}: 'verified: true' met bron {source!r}, die niet op de eigen "
                        f"website van '{org.id}' ({', '.join(sorted(own)) or 'geen'}) "
                        "of een overheidssite staat: een bron van derden is niet gecontroleerd "
                        "(zet 'verified: false' en zeg in 'note' waar het gezien is)",
                    )
                )
        example = org.gemeente_code in examples
        for service in org.services:
            crisis = service.kind == "crisis_line" or "crisis" in service.themes
            for contact in service.contacts:
                if contact.type != "phone":
                    continue
                digits = phone_digits(contact.value)
                if crisis and digits not in CRISIS_NUMBERS:
                    problems.append(
                        _origin_problem(
                            contact.origin,
                            f"dienst '{service.id}': {contact.value!r} is geen bekend "
                            "crisisnummer (alleen 112, 113, 0800-0113 en Veilig Thuis "
                            "0800-2000, met hun bron)",
                        )
                    )
                elif example and not is_fictional_phone(contact.value):
                    problems.append(
                        _origin_problem(
                            contact.origin,
                            f"dienst '{service.id}': {contact.value!r} in een voorbeeldgemeente "
                            "moet verzonnen zijn (0000-reeks, bijvoorbeeld 0000 991 000): een "
                            "echt lijkend nummer wordt gebeld",
                        )
                    )
    return problems


def load_files(data_dir: Path = DEFAULT_DATA_DIR, today: date | None = None) -> DirectoryData:
    result = validate(data_dir, today)
    if result.data is None:
        raise DataError(result.problems)
    return result.data


def sync_database(session: Session, data_dir: Path = DEFAULT_DATA_DIR) -> DirectoryData:
    """Validate the files and replace the directory tables with them (caller commits)."""
    from knowledge.store import replace_directory

    data = load_files(data_dir)
    replace_directory(session, data)
    return data
