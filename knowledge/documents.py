"""The YAML file format: documents (parsed YAML with lines) to records, and records back.

`Parser` checks each field and collects every problem with its file and line instead of
stopping at the first. Cross-file checks (duplicate ids, unknown gemeente) are in load.py.
`to_document()` writes a record back in the canonical layout: a field is left out where
the loader would fill in the same value (inherited source, default kind, default area).

Provenance is inherited as a whole: a record without `source_url` takes the source,
date, status and note of the record around it (organisation -> service -> contact). A
record with its own `source_url` has its own `verified_on`, `verified` and `note`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge import formats
from knowledge.hours import ALWAYS, format_days, format_time, parse_days, parse_time
from knowledge.records import (
    CONTACT_TYPES,
    EXAMPLE_SOURCE,
    KINDS,
    SITUATIONS,
    WARM_REFERRAL_CHANNELS,
    ChecklistStep,
    ContactChannel,
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
from knowledge.yamlio import LineDict, LineList

PROVENANCE_FIELDS = ("source_url", "verified_on", "verified", "note")
ORGANISATION_FIELDS = (
    "id",
    "name",
    "kind",
    "aliases",
    "main_theme",
    "description",
    "key",
    *PROVENANCE_FIELDS,
    "locations",
    "services",
)
SERVICE_FIELDS = (
    "id",
    "name",
    "kind",
    "description",
    "themes",
    "supports",
    "situations",
    "area",
    "contacts",
    "hours",
    "bring",
    "languages",
    "cost",
    "warm_referral",
    "at",
    *PROVENANCE_FIELDS,
)
CONTACT_FIELDS = ("type", "value", "label", *PROVENANCE_FIELDS)
LOCATION_FIELDS = (
    "id",
    "name",
    "address",
    "postcode",
    "city",
    "gemeente",
    "description",
    *PROVENANCE_FIELDS,
)
AT_FIELDS = ("location", "hours", "note")
RULE_FIELDS = ("byday", "opens_at", "closes_at")
WARM_FIELDS = ("channels", "consent_required", "note")
GEMEENTE_FIELDS = ("code", "name", "example", *PROVENANCE_FIELDS)
THEME_FIELDS = (
    "id",
    "group",
    "label",
    "about",
    "own_provider",
    "local_desk",
    "terms",
    "order",
    "checklist",
)
STEP_FIELDS = ("help", "what", "when")
GENERIC_FIELDS = ("organisation", "service", "kind", "why", "key")
NATIONAL = "national"


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True)
class FileDefaults:
    """What a file's place in the data directory implies."""

    gemeente_code: str | None = None  # None for national/
    example: bool = False  # the gemeente is example data


class Parser:
    def __init__(self, file: str, themes: Sequence[str] = (), today: date | None = None) -> None:
        self.file = file
        self.themes = set(themes)
        self.today = today
        self.problems: list[Problem] = []

    # --- helpers -------------------------------------------------------------------------
    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def mapping(
        self, value: object, line: int, what: str, fields: Sequence[str]
    ) -> LineDict | None:
        # Every mapping read from YAML (knowledge.yamlio) or made from CSV is a LineDict.
        if not isinstance(value, LineDict):
            self.problem(getattr(value, "line", line), f"{what}: verwacht velden (naam: waarde)")
            return None
        for key, key_line in value.duplicates:
            self.problem(key_line, f"{what}: veld '{key}' staat er twee keer")
        for key in value:
            if key not in fields:
                self.problem(
                    value.line_of(key),
                    f"{what}: onbekend veld '{key}' (toegestaan: {', '.join(fields)})",
                )
        return value

    def text(self, doc: LineDict, key: str, what: str, required: bool = False) -> str | None:
        value = doc.get(key)
        if value is None:
            if required:
                self.problem(doc.line, f"{what}: veld '{key}' ontbreekt")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(doc.line_of(key), f"{what}: '{key}' moet tekst zijn")
            return None
        return value

    def text_list(self, doc: LineDict, key: str, what: str) -> tuple[str, ...]:
        value = doc.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = LineList([value])
            value.line = doc.line_of(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(doc.line_of(key), f"{what}: '{key}' moet een lijst met tekst zijn")
            return ()
        return tuple(value)

    def theme_list(self, doc: LineDict, key: str, what: str) -> tuple[str, ...]:
        values = self.text_list(doc, key, what)
        for value in values:
            self.check_theme(value, doc.line_of(key), what)
        return values

    def check_theme(self, value: str, line: int, what: str) -> None:
        if value not in self.themes:
            self.problem(line, f"{what}: onbekend thema '{value}' (zie knowledge/data/themes.yml)")

    def boolean(self, doc: LineDict, key: str, what: str, default: bool) -> bool:
        value = doc.get(key, default)
        if not isinstance(value, bool):
            self.problem(doc.line_of(key), f"{what}: '{key}' moet true of false zijn")
            return default
        return value

    def identifier(self, doc: LineDict, what: str) -> str | None:
        value = self.text(doc, "id", what, required=True)
        if value is not None:
            problem = formats.check_id(value)
            if problem:
                self.problem(doc.line_of("id"), f"{what}: {problem}")
                return None
        return value

    def provenance(
        self, doc: LineDict, what: str, parent: Provenance | None, defaults: FileDefaults
    ) -> Provenance | None:
        source = doc.get("source_url")
        if source is None:
            own = [k for k in ("verified_on", "verified", "note") if k in doc]
            if own:
                self.problem(
                    doc.line_of(own[0]),
                    f"{what}: '{own[0]}' hoort bij een eigen bron: geef ook 'source_url'",
                )
            if parent is None:
                self.problem(doc.line, f"{what}: bron ontbreekt (veld 'source_url')")
                return Provenance(source_url="")  # reported once; the records inside inherit it
            return parent
        if not isinstance(source, str):
            self.problem(doc.line_of("source_url"), f"{what}: 'source_url' moet tekst zijn")
            return parent
        problem = formats.check_source(source, example_allowed=defaults.example)
        if problem:
            self.problem(doc.line_of("source_url"), f"{what}: {problem}")
        verified_on = None
        if doc.get("verified_on") is not None:
            verified_on, problem = formats.parse_date(doc["verified_on"], self.today)
            if problem:
                self.problem(doc.line_of("verified_on"), f"{what}: {problem}")
        example = source == EXAMPLE_SOURCE
        verified = self.boolean(
            doc, "verified", what, default=verified_on is not None and not example
        )
        if verified and verified_on is None and "verified_on" not in doc:
            self.problem(
                doc.line_of("verified"),
                f"{what}: 'verified: true' zonder 'verified_on' (datum van controle)",
            )
        if verified and example:
            self.problem(
                doc.line_of("verified"), f"{what}: voorbeelddata kan niet gecontroleerd zijn"
            )
            verified = False
        note = self.text(doc, "note", what)
        return Provenance(source_url=source, verified_on=verified_on, verified=verified, note=note)

    # --- taxonomy --------------------------------------------------------------------------
    def taxonomy(self, doc: object) -> tuple[tuple[ThemeGroup, ...], tuple[Theme, ...]]:
        doc = self.mapping(doc, 1, "themes.yml", ("groups", "themes"))
        if doc is None:
            return (), ()
        groups: list[ThemeGroup] = []
        for index, item in enumerate(doc.get("groups") or []):
            item = self.mapping(item, doc["groups"].line_of(index), "groep", ("id", "label"))
            if item is not None:
                gid, label = (
                    self.text(item, "id", "groep", True),
                    self.text(item, "label", "groep", True),
                )
                if gid and label:
                    groups.append(ThemeGroup(gid, label))
        group_ids = {g.id for g in groups}
        themes: list[Theme] = []
        for index, item in enumerate(doc.get("themes") or []):
            item = self.mapping(item, doc["themes"].line_of(index), "thema", THEME_FIELDS)
            if item is None:
                continue
            tid, group, label, about = (
                self.text(item, k, "thema", required=True)
                for k in ("id", "group", "label", "about")
            )
            if group and group not in group_ids:
                self.problem(item.line_of("group"), f"thema: onbekende groep '{group}'")
            own_provider = self.generic(item, "own_provider")
            local_desk = self.generic(item, "local_desk")
            terms = self.text_list(item, "terms", "thema")
            order = self.text_list(item, "order", "thema")
            checklist = self.checklist(item)
            if tid and group and label and about:
                themes.append(
                    Theme(
                        id=tid,
                        group=group,
                        label=label,
                        about=about,
                        own_provider=own_provider,
                        local_desk=local_desk,
                        terms=terms,
                        order=order,
                        checklist=checklist,
                    )
                )
        return tuple(groups), tuple(themes)

    def checklist(self, doc: LineDict) -> tuple[ChecklistStep, ...]:
        steps = []
        for index, item in enumerate(self.sequence(doc, "checklist", "thema")):
            step = self.mapping(item, doc["checklist"].line_of(index), "stap", STEP_FIELDS)
            if step is None:
                continue
            help_, what = (self.text(step, k, "stap", required=True) for k in ("help", "what"))
            when = self.text(step, "when", "stap")
            if when is not None:
                try:
                    re.compile(when)
                except re.error as error:
                    self.problem(
                        step.line_of("when"), f"stap: 'when' is geen geldig patroon: {error}"
                    )
                    when = None
            if help_ and what:
                steps.append(ChecklistStep(help_, what, when))
        return tuple(steps)

    def generic(self, doc: LineDict, key: str) -> GenericHelp | None:
        if doc.get(key) is None:
            return None
        item = self.mapping(doc[key], doc.line_of(key), key, GENERIC_FIELDS)
        if item is None:
            return None
        organisation = self.text(item, "organisation", key, required=True)
        kind = self.text(item, "kind", key) or "public_service"
        if kind not in KINDS:
            self.problem(item.line_of("kind"), f"{key}: onbekende soort '{kind}'")
        if organisation is None:
            return None
        return GenericHelp(
            organisation=organisation,
            service=self.text(item, "service", key),
            kind=kind,
            why=self.text(item, "why", key),
            key=self.text(item, "key", key),
        )

    # --- gemeente ----------------------------------------------------------------------------
    def gemeente(self, doc: object, slug: str) -> Gemeente | None:
        doc = self.mapping(doc, 1, "gemeente", GEMEENTE_FIELDS)
        if doc is None:
            return None
        code = self.text(doc, "code", "gemeente", required=True)
        if code is not None and formats.check_gemeente_code(code):
            self.problem(doc.line_of("code"), f"gemeente: {formats.check_gemeente_code(code)}")
            code = None
        name = self.text(doc, "name", "gemeente", required=True)
        example = self.boolean(doc, "example", "gemeente", default=False)
        provenance = self.provenance(doc, "gemeente", None, FileDefaults(code, example))
        if not (code and name and provenance):
            return None
        return Gemeente(
            code=code,
            name=name,
            slug=slug,
            example=example,
            provenance=provenance,
            note=provenance.note,
            origin=f"{self.file}:{doc.line}",
        )

    # --- organisations -----------------------------------------------------------------------
    def organisations(self, doc: object, defaults: FileDefaults) -> list[Organisation]:
        if doc is None:
            return []
        # Every sequence read from YAML (knowledge.yamlio) or made from CSV is a LineList.
        if not isinstance(doc, LineList):
            self.problem(getattr(doc, "line", 1), "'organisations' moet een lijst zijn")
            return []
        found: list[Organisation] = []
        for index, item in enumerate(doc):
            organisation = self.organisation(item, doc.line_of(index), defaults)
            if organisation is not None:
                found.append(organisation)
        return found

    def kind(self, doc: LineDict, what: str, default: str | None) -> str | None:
        kind: object = doc.get("kind", default)
        if not isinstance(kind, str) or kind not in KINDS:
            self.problem(
                doc.line_of("kind"),
                f"{what}: onbekende soort {kind!r} (toegestaan: {', '.join(KINDS)})",
            )
            return None
        return kind

    def organisation(self, doc: object, line: int, defaults: FileDefaults) -> Organisation | None:
        doc = self.mapping(doc, line, "organisatie", ORGANISATION_FIELDS)
        if doc is None:
            return None
        oid = self.identifier(doc, "organisatie")
        what = f"organisatie '{oid}'"
        name = self.text(doc, "name", what, required=True)
        kind = self.kind(doc, what, None) if "kind" in doc else None
        if "kind" not in doc:
            self.problem(doc.line, f"{what}: veld 'kind' ontbreekt")
        provenance = self.provenance(doc, what, None, defaults)
        main_theme = self.text(doc, "main_theme", what)
        if main_theme:
            self.check_theme(main_theme, doc.line_of("main_theme"), what)
        # Without a valid id the organisation is left out below, its locations and
        # services with it; they are still checked, so every problem is reported.
        org_id = oid or ""
        locations: list[Location] = []
        for index, item in enumerate(self.sequence(doc, "locations", what)):
            location = self.location(
                item, doc["locations"].line_of(index), org_id, provenance, defaults
            )
            if location is not None:
                locations.append(location)
        services: list[Service] = []
        for index, item in enumerate(self.sequence(doc, "services", what)):
            service = self.service(
                item,
                doc["services"].line_of(index),
                org_id,
                kind,
                provenance,
                defaults,
                {loc.id for loc in locations},
            )
            if service is not None:
                services.append(service)
        if not services:
            self.problem(doc.line, f"{what}: geen diensten ('services')")
        if not (oid and name and kind and provenance):
            return None
        return Organisation(
            id=oid,
            name=name,
            kind=kind,
            provenance=provenance,
            aliases=self.text_list(doc, "aliases", what),
            main_theme=main_theme,
            description=self.text(doc, "description", what),
            gemeente_code=defaults.gemeente_code,
            key=self.text(doc, "key", what),
            locations=tuple(locations),
            services=tuple(services),
            file=self.file,
            origin=f"{self.file}:{doc.line}",
        )

    def sequence(self, doc: LineDict, key: str, what: str) -> list[Any]:
        value = doc.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(doc.line_of(key), f"{what}: '{key}' moet een lijst zijn")
            return []
        return value

    def location(
        self,
        doc: object,
        line: int,
        oid: str,
        parent: Provenance | None,
        defaults: FileDefaults,
    ) -> Location | None:
        doc = self.mapping(doc, line, "locatie", LOCATION_FIELDS)
        if doc is None:
            return None
        lid = self.identifier(doc, "locatie")
        what = f"locatie '{lid}'"
        name = self.text(doc, "name", what, required=True)
        postcode = self.text(doc, "postcode", what)
        if postcode and formats.check_postcode(postcode):
            self.problem(doc.line_of("postcode"), f"{what}: {formats.check_postcode(postcode)}")
        gemeente = self.text(doc, "gemeente", what) or defaults.gemeente_code
        if gemeente and formats.check_gemeente_code(gemeente):
            self.problem(
                doc.line_of("gemeente"), f"{what}: {formats.check_gemeente_code(gemeente)}"
            )
        provenance = self.provenance(doc, what, parent, defaults)
        if not (lid and name and provenance):
            return None
        return Location(
            id=lid,
            organisation_id=oid,
            name=name,
            gemeente_code=gemeente,
            provenance=provenance,
            address=self.text(doc, "address", what),
            postcode=postcode,
            city=self.text(doc, "city", what),
            description=self.text(doc, "description", what),
            origin=f"{self.file}:{doc.line}",
        )

    def service(
        self,
        doc: object,
        line: int,
        oid: str,
        org_kind: str | None,
        parent: Provenance | None,
        defaults: FileDefaults,
        location_ids: Set[str],
    ) -> Service | None:
        doc = self.mapping(doc, line, "dienst", SERVICE_FIELDS)
        if doc is None:
            return None
        sid = self.identifier(doc, "dienst")
        what = f"dienst '{sid}'"
        name = self.text(doc, "name", what, required=True)
        kind = self.kind(doc, what, org_kind) if ("kind" in doc or org_kind) else None
        provenance = self.provenance(doc, what, parent, defaults)
        themes = self.theme_list(doc, "themes", what)
        supports = self.theme_list(doc, "supports", what)
        if not themes and not supports:
            self.problem(
                doc.line, f"{what}: geef 'themes' (bevoegd voor) of 'supports' (helpt bij)"
            )
        situations = self.text_list(doc, "situations", what)
        for situation in situations:
            if situation not in SITUATIONS:
                self.problem(
                    doc.line_of("situations"),
                    f"{what}: onbekende situatie '{situation}' "
                    f"(toegestaan: {', '.join(SITUATIONS)})",
                )
        area = self.area(doc, what, defaults)
        contacts: list[ContactChannel] = []
        for index, item in enumerate(self.sequence(doc, "contacts", what)):
            contact = self.contact(item, doc["contacts"].line_of(index), provenance, defaults)
            if contact is not None:
                contacts.append(contact)
        schedule = self.schedule(doc, "hours", what)
        at: list[ServiceAtLocation] = []
        for index, item in enumerate(self.sequence(doc, "at", what)):
            entry = self.at(item, doc["at"].line_of(index), what, location_ids)
            if entry is not None:
                at.append(entry)
        languages = self.text_list(doc, "languages", what)
        warm = self.warm_referral(doc, what)
        if not (sid and name and kind and provenance):
            return None
        return Service(
            id=sid,
            organisation_id=oid,
            name=name,
            kind=kind,
            provenance=provenance,
            themes=themes,
            supports=supports,
            situations=situations,
            area=area,
            description=self.text(doc, "description", what),
            contacts=tuple(contacts),
            schedule=schedule,
            bring=self.text_list(doc, "bring", what),
            languages=languages,
            cost=self.text(doc, "cost", what),
            warm_referral=warm,
            at=tuple(at),
            origin=f"{self.file}:{doc.line}",
        )

    def area(self, doc: LineDict, what: str, defaults: FileDefaults) -> tuple[str, ...] | None:
        value = doc.get("area")
        if value is None:
            return (defaults.gemeente_code,) if defaults.gemeente_code else None
        if value == NATIONAL:
            return None
        codes = self.text_list(doc, "area", what)
        for code in codes:
            if formats.check_gemeente_code(code):
                self.problem(doc.line_of("area"), f"{what}: {formats.check_gemeente_code(code)}")
        return codes or None

    def contact(
        self, doc: object, line: int, parent: Provenance | None, defaults: FileDefaults
    ) -> ContactChannel | None:
        doc = self.mapping(doc, line, "contact", CONTACT_FIELDS)
        if doc is None:
            return None
        ctype = self.text(doc, "type", "contact", required=True)
        value = self.text(doc, "value", "contact", required=True)
        what = f"contact {value!r}"
        if ctype is not None and ctype not in CONTACT_TYPES:
            self.problem(
                doc.line_of("type"),
                f"contact: onbekend type '{ctype}' (toegestaan: {', '.join(CONTACT_TYPES)})",
            )
            ctype = None
        provenance = self.provenance(doc, what, parent, defaults)
        if ctype and value:
            problem = None
            if ctype == "phone":
                problem = formats.check_phone(
                    value, example=bool(provenance and provenance.example)
                )
            elif ctype == "email":
                problem = formats.check_email(value)
            elif ctype in ("website", "chat", "form"):
                problem = formats.check_url(value)
            if problem:
                self.problem(doc.line_of("value"), problem)
                return None
        if not (ctype and value and provenance):
            return None
        return ContactChannel(
            type=ctype,
            value=value,
            provenance=provenance,
            label=self.text(doc, "label", what),
            origin=f"{self.file}:{doc.line}",
        )

    def schedule(self, doc: LineDict, key: str, what: str) -> Schedule | None:
        value = doc.get(key)
        origin = f"{self.file}:{doc.line_of(key)}"
        if value is None:
            return None
        if value == ALWAYS:
            return Schedule(always_open=True, origin=origin)
        if not isinstance(value, LineList) or not value:
            self.problem(
                doc.line_of(key),
                f"{what}: 'hours' is \"24/7\" of een lijst met regels (byday, opens_at, closes_at)",
            )
            return None
        rules: list[OpeningRule] = []
        for index, item in enumerate(value):
            item = self.mapping(item, value.line_of(index), f"{what}, openingstijden", RULE_FIELDS)
            if item is None:
                continue
            line = item.line
            days, problem = parse_days(item.get("byday"))
            opens, problem_open = parse_time(item.get("opens_at"))
            closes, problem_close = parse_time(item.get("closes_at"))
            found = [p for p in (problem, problem_open, problem_close) if p]
            rule = None
            if not found and opens is not None and closes is not None:
                if closes <= opens:
                    found.append(
                        f"sluit ({format_time(closes)}) voor het opent ({format_time(opens)})"
                    )
                else:
                    rule = OpeningRule(days=days, opens=opens, closes=closes)
            for message in found:
                self.problem(line, f"{what}, openingstijden: {message}")
            if rule is not None:
                rules.append(rule)
        return Schedule(rules=tuple(rules), origin=origin) if rules else None

    def at(
        self, doc: object, line: int, what: str, location_ids: Set[str]
    ) -> ServiceAtLocation | None:
        doc = self.mapping(doc, line, f"{what}, locatie", AT_FIELDS)
        if doc is None:
            return None
        location = self.text(doc, "location", f"{what}, locatie", required=True)
        if location and location not in location_ids:
            self.problem(
                doc.line_of("location"),
                f"{what}: onbekende locatie '{location}' (niet bij deze organisatie)",
            )
            return None
        if location is None:
            return None
        return ServiceAtLocation(
            location_id=location,
            schedule=self.schedule(doc, "hours", what),
            note=self.text(doc, "note", what),
            origin=f"{self.file}:{doc.line}",
        )

    def warm_referral(self, doc: LineDict, what: str) -> WarmReferral | None:
        if doc.get("warm_referral") is None:
            return None
        item = self.mapping(
            doc["warm_referral"],
            doc.line_of("warm_referral"),
            f"{what}, warme overdracht",
            WARM_FIELDS,
        )
        if item is None:
            return None
        channels = self.text_list(item, "channels", f"{what}, warme overdracht")
        for channel in channels:
            if channel not in WARM_REFERRAL_CHANNELS:
                self.problem(
                    item.line_of("channels"),
                    f"{what}: onbekend kanaal '{channel}' voor warme overdracht "
                    f"(toegestaan: {', '.join(WARM_REFERRAL_CHANNELS)})",
                )
        if not channels:
            self.problem(item.line, f"{what}: warme overdracht zonder 'channels'")
            return None
        return WarmReferral(
            channels=channels,
            consent_required=self.boolean(item, "consent_required", what, True),
            note=self.text(item, "note", f"{what}, warme overdracht"),
        )


# --- records back to documents ----------------------------------------------------------------
def provenance_fields(provenance: Provenance, parent: Provenance | None) -> dict[str, Any]:
    if parent is not None and provenance == parent:
        return {}
    fields: dict[str, Any] = {"source_url": provenance.source_url}
    if provenance.verified_on is not None:
        fields["verified_on"] = provenance.verified_on.isoformat()
    default_verified = provenance.verified_on is not None and not provenance.example
    if provenance.verified != default_verified:
        fields["verified"] = provenance.verified
    if provenance.note:
        fields["note"] = provenance.note
    return fields


def schedule_value(schedule: Schedule) -> Any:
    if schedule.always_open:
        return ALWAYS
    return [
        {
            "byday": format_days(r.days),
            "opens_at": format_time(r.opens),
            "closes_at": format_time(r.closes),
        }
        for r in schedule.rules
    ]


def _put(doc: dict[str, Any], key: str, value: object) -> None:
    if value not in (None, (), [], ""):
        doc[key] = list(value) if isinstance(value, tuple) else value


def organisation_document(org: Organisation) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": org.id, "name": org.name, "kind": org.kind}
    _put(doc, "aliases", org.aliases)
    _put(doc, "main_theme", org.main_theme)
    _put(doc, "description", org.description)
    _put(doc, "key", org.key)
    doc.update(provenance_fields(org.provenance, None))
    locations = []
    for loc in org.locations:
        item: dict[str, Any] = {"id": loc.id, "name": loc.name}
        for key in ("address", "postcode", "city"):
            _put(item, key, getattr(loc, key))
        if loc.gemeente_code != org.gemeente_code:
            _put(item, "gemeente", loc.gemeente_code)
        _put(item, "description", loc.description)
        item.update(provenance_fields(loc.provenance, org.provenance))
        locations.append(item)
    _put(doc, "locations", locations)
    doc["services"] = [service_document(s, org) for s in org.services]
    return doc


def service_document(service: Service, org: Organisation) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": service.id, "name": service.name}
    if service.kind != org.kind:
        doc["kind"] = service.kind
    _put(doc, "description", service.description)
    _put(doc, "themes", service.themes)
    _put(doc, "supports", service.supports)
    _put(doc, "situations", service.situations)
    default_area = (org.gemeente_code,) if org.gemeente_code else None
    if service.area != default_area:
        doc["area"] = NATIONAL if service.area is None else list(service.area)
    doc.update(provenance_fields(service.provenance, org.provenance))
    contacts = []
    for contact in service.contacts:
        item: dict[str, Any] = {"type": contact.type, "value": contact.value}
        _put(item, "label", contact.label)
        item.update(provenance_fields(contact.provenance, service.provenance))
        contacts.append(item)
    _put(doc, "contacts", contacts)
    if service.schedule is not None:
        doc["hours"] = schedule_value(service.schedule)
    _put(doc, "bring", service.bring)
    _put(doc, "languages", service.languages)
    _put(doc, "cost", service.cost)
    if service.warm_referral is not None:
        warm: dict[str, Any] = {"channels": list(service.warm_referral.channels)}
        if not service.warm_referral.consent_required:
            warm["consent_required"] = False
        _put(warm, "note", service.warm_referral.note)
        doc["warm_referral"] = warm
    at = []
    for entry in service.at:
        item = {"location": entry.location_id}
        if entry.schedule is not None:
            item["hours"] = schedule_value(entry.schedule)
        _put(item, "note", entry.note)
        at.append(item)
    _put(doc, "at", at)
    return doc


def gemeente_document(gemeente: Gemeente) -> dict[str, Any]:
    doc: dict[str, Any] = {"code": gemeente.code, "name": gemeente.name}
    if gemeente.example:
        doc["example"] = True
    doc.update(provenance_fields(gemeente.provenance, None))
    return doc


def taxonomy_document(groups: Sequence[ThemeGroup], themes: Sequence[Theme]) -> dict[str, Any]:
    theme_docs = []
    for theme in themes:
        doc: dict[str, Any] = {
            "id": theme.id,
            "group": theme.group,
            "label": theme.label,
            "about": theme.about,
        }
        if theme.terms:
            doc["terms"] = list(theme.terms)
        if theme.order:
            doc["order"] = list(theme.order)
        if theme.checklist:
            doc["checklist"] = [
                {"help": s.help, "what": s.what, **({"when": s.when} if s.when else {})}
                for s in theme.checklist
            ]
        for key in ("own_provider", "local_desk"):
            generic: GenericHelp | None = getattr(theme, key)
            if generic is not None:
                item: dict[str, Any] = {"organisation": generic.organisation}
                _put(item, "service", generic.service)
                if generic.kind != "public_service":
                    item["kind"] = generic.kind
                _put(item, "why", generic.why)
                _put(item, "key", generic.key)
                doc[key] = item
        theme_docs.append(doc)
    return {"groups": [{"id": g.id, "label": g.label} for g in groups], "themes": theme_docs}
