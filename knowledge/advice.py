"""advise(): from what was understood to ranked, explained suggestions.

The one place that decides whom to advise; the chat action and the staff API both call it.
Pure and deterministic: the same directory, understanding, gemeente and `now` give the
same answer; no network, no database.

The rules, in order:

1. Crisis. When the `crisis` intent has confidence >= CRISIS_MIN_CONFIDENCE (wherever it
   is in the ranking), or the text holds crisis language (knowledge.crisis: e.g.
   "zelfmoord", "wil niet meer leven", or danger now: "reageert niet", "brand"), the
   answer is the crisis lines only: 113 first, 112 second; 112 first when
   emergency words are present. Nothing else is suggested.
2. Out of scope. When `out_of_scope` scores higher than every theme and no known
   organisation is named: out_of_scope=True and the IDO is the only suggestion.
3. Needs. The best theme is the first need. Every other theme with confidence >=
   SECOND_NEED_MIN is another need (at most MAX_NEEDS). A named organisation (entity
   `organisation`) whose services cover none of these themes adds its `main_theme`.
   Themes that separate clauses recognised (`Understanding.needs`) are needs too.
4. clarify=True when the best confidence is below CLARIFY_BELOW or the second theme is
   within CLOSE_MARGIN of it, unless the best theme was confirmed by its own clause.
   Suggestions are still given, for every need.
5. Order of suggestions: for each need the competent help (the person's own provider
   such as their bank when the theme says so; then a named organisation's service; then
   local before national), then situational advice partners (urgent money trouble:
   deurwaarder, beslag, afsluiting, ontruiming; an objection deadline; several needs at
   once), then supporting advice partners and courses of each need, and last the IDO.
   A need that only the gemeente serves, with no gemeente data, gets a general
   suggestion ("Uw gemeente, Burgerzaken") without contact details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from knowledge import hours
from knowledge.crisis import mentions_crisis, mentions_emergency
from knowledge.directory import Directory
from knowledge.formats import phone_href
from knowledge.records import (
    ContactChannel,
    Gemeente,
    GenericHelp,
    Organisation,
    Provenance,
    Service,
    normalise_name,
)

CLARIFY_BELOW = 0.50  # best theme below this: ask which theme is meant
CLOSE_MARGIN = 0.10  # best and second theme closer than this: ask
SECOND_NEED_MIN = 0.25  # another theme at least this sure is a second need
CRISIS_MIN_CONFIDENCE = 0.35  # crisis this sure anywhere in the ranking: crisis lines only.
# Measured on the training data with the logistic-regression model: crisis utterances
# score >= 0.46, others <= 0.10 (bench-style check, see the #5 note); explicit crisis
# language is caught apart from this by knowledge.crisis.
THEME_LIST_MIN = 0.05  # themes at least this sure are listed (for clarifying buttons)
MAX_THEMES_LISTED = 3
MAX_NEEDS = 3
COMPETENT_PER_NEED = 2
SUPPORTS_PER_NEED = 2
MAX_SUGGESTIONS = 8

CRISIS_THEME = "crisis"
# Themes of general help (with any letter or form): a named organisation goes before them.
GENERAL_HELP_THEMES = ("letters_forms",)
IDO_THEME = "ido_info"
OUT_OF_SCOPE_INTENT = "out_of_scope"
MONEY_URGENCY = ("deurwaarder", "beslag", "afsluiting", "ontruiming")
DEADLINE_URGENCY = "deadline"
MONEY_URGENCY_WORDS = {
    "deurwaarder": r"deurwaarder",
    "beslag": r"beslag",
    "afsluiting": r"afsluit|afgesloten",
    "ontruiming": r"ontruim|uit huis gezet|huisuitzetting",
}
DEADLINE_WORDS = (
    r"binnen \d+ (dag|dagen|week|weken)",
    r"binnen (een|twee|drie|vier|vijf|zes) "
    r"(dag|dagen|week|weken)",
    r"uiterlijk",
    r"\btermijn",
    r"\bdeadline",
)
OBJECTION_WORDS = (r"bezwaar", r"\bberoep\b", r"in beroep")
KIND_ORDER = {
    "crisis_line": 0,
    "public_service": 1,
    "advice_partner": 2,
    "private_service": 3,
    "course": 4,
    "ido": 5,
}


@dataclass(frozen=True)
class Understanding:
    """What the NLU understood: the text, Rasa's full intent ranking and its entities."""

    text: str = ""
    intents: Sequence[tuple[str, float]] = ()
    entities: Sequence[Mapping[str, Any]] = ()
    # Themes recognised with confidence in separate clauses of the text: each is a need
    # of its own, so their closeness in `intents` is no reason to ask which one is meant.
    needs: Sequence[str] = ()

    @classmethod
    def from_message(cls, message: Mapping[str, Any]) -> Understanding:
        """From a Rasa parse result or `tracker.latest_message`."""
        ranking = message.get("intent_ranking") or []
        if not ranking and message.get("intent"):
            ranking = [message["intent"]]
        return cls(
            text=message.get("text") or "",
            intents=tuple((i.get("name"), float(i.get("confidence") or 0.0)) for i in ranking),
            entities=tuple(message.get("entities") or ()),
        )

    def values(self, entity: str) -> list[str]:
        return [
            str(e.get("value") or e.get("text") or "")
            for e in self.entities
            if e.get("entity") == entity
        ]


@dataclass
class Suggestion:
    kind: str
    organisation: str
    service: str | None
    why: str
    theme: str | None
    organisation_id: str | None = None
    service_id: str | None = None
    contact: dict[str, Any] | None = None
    contacts: list[dict[str, Any]] = field(default_factory=list)
    open: bool | None = None
    open_now: str | None = None
    hours: str | None = None
    location: dict[str, Any] | None = None
    bring: list[str] = field(default_factory=list)
    verified: bool = False
    verified_on: str | None = None
    source_url: str | None = None
    warning: str | None = None
    example: bool = False
    national: bool = True
    generic: bool = False
    urgent: bool = False
    cost: str | None = None
    languages: list[str] = field(default_factory=list)
    warm_referral: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Advice:
    themes: list[dict[str, Any]]
    clarify: bool
    out_of_scope: bool
    crisis: bool
    suggestions: list[Suggestion]
    gemeente: dict[str, Any] | None
    notice: str | None
    known_gemeenten: list[dict[str, Any]]
    urgency: list[str] = field(default_factory=list)
    # No gemeente is known and the help differs per gemeente: worth asking for it.
    needs_gemeente: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "themes": self.themes,
            "clarify": self.clarify,
            "out_of_scope": self.out_of_scope,
            "crisis": self.crisis,
            "suggestions": [s.to_dict() for s in self.suggestions],
            "gemeente": self.gemeente,
            "notice": self.notice,
            "known_gemeenten": self.known_gemeenten,
            "urgency": self.urgency,
            "needs_gemeente": self.needs_gemeente,
        }


@dataclass(frozen=True)
class _Need:
    theme: str
    confidence: float
    because_of: Organisation | None = None


def _matches(text: str, patterns: Iterable[str]) -> bool:
    return any(re.search(p, text) for p in patterns)


def _gemeente_dict(gemeente: Gemeente) -> dict[str, Any]:
    return {
        "code": gemeente.code,
        "name": gemeente.name,
        "slug": gemeente.slug,
        "example": gemeente.example,
    }


class _Builder:
    """Collects suggestions once each, in order, and fills in their details."""

    def __init__(
        self, directory: Directory, gemeente: Gemeente | None, asked: str | None, now: datetime
    ):
        self.directory = directory
        self.gemeente = gemeente
        self.asked = asked
        self.now = now
        self.suggestions: list[Suggestion] = []
        self.keys: set = set()

    def truncate(self, size: int) -> None:
        for dropped in self.suggestions[size:]:
            self.keys.discard(
                dropped.service_id or ("generic", dropped.organisation, dropped.service)
            )
        del self.suggestions[size:]

    def add_service(
        self, service: Service, why: str, theme: str | None, urgent: bool = False
    ) -> bool:
        """Add a suggestion for `service` unless it is there already; True when added."""
        if service.id in self.keys:
            return False
        self.keys.add(service.id)
        self.suggestions.append(self._from_service(service, why, theme, urgent))
        return True

    def add_generic(self, generic: GenericHelp, why: str, theme: str, urgent: bool = False) -> None:
        key = ("generic", generic.organisation, generic.service)
        if key in self.keys:
            return
        self.keys.add(key)
        self.suggestions.append(
            Suggestion(
                kind=generic.kind,
                organisation=generic.organisation,
                service=generic.service,
                why=why,
                theme=theme,
                generic=True,
                urgent=urgent,
                national=self.gemeente is None,
            )
        )

    def _from_service(
        self, service: Service, why: str, theme: str | None, urgent: bool
    ) -> Suggestion:
        org = self.directory.organisations[service.organisation_id]
        entry = self._location_entry(service)
        location = self.directory.locations[entry.location_id] if entry else None
        schedule = entry.schedule if entry and entry.schedule else service.schedule
        is_open, open_now = hours.status(schedule, self.now)
        contacts = [_contact_dict(c) for c in service.contacts]
        if not contacts and location is not None and location.address:
            contacts = [
                {
                    "type": "visit",
                    "value": _address(location),
                    "href": None,
                    "label": location.name,
                    **_provenance_dict(location.provenance),
                }
            ]
        contact = next((c for c in contacts if c["verified"]), contacts[0] if contacts else None)
        provenance = service.provenance
        verified = provenance.verified and (contact is None or contact["verified"])
        warm = service.warm_referral
        return Suggestion(
            kind=service.kind,
            organisation=org.name,
            service=service.name,
            why=why,
            theme=theme,
            organisation_id=org.id,
            service_id=service.id,
            contact=contact,
            contacts=contacts,
            open=is_open,
            open_now=open_now,
            hours=hours.describe(schedule),
            location=_location_dict(location, entry.note if entry else None),
            bring=list(service.bring),
            verified=verified,
            verified_on=_verified_on(provenance, contact),
            source_url=provenance.source_url,
            warning=_warning(provenance, contact),
            example=provenance.example,
            national=service.national,
            urgent=urgent,
            cost=service.cost,
            languages=list(service.languages),
            warm_referral=(
                {
                    "possible": True,
                    "channels": list(warm.channels),
                    "consent_required": warm.consent_required,
                    "note": warm.note,
                }
                if warm
                else {"possible": False}
            ),
        )

    def _location_entry(self, service: Service):
        if not service.at:
            return None
        if self.gemeente is not None:
            for entry in service.at:
                if self.directory.locations[entry.location_id].gemeente_code == self.gemeente.code:
                    return entry
        return service.at[0]


def _address(location) -> str:
    parts = [location.address, " ".join(p for p in (location.postcode, location.city) if p)]
    return ", ".join(p for p in parts if p)


def _location_dict(location, note: str | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "id": location.id,
        "name": location.name,
        "address": location.address,
        "postcode": location.postcode,
        "city": location.city,
        "note": note,
    }


def _provenance_dict(p: Provenance) -> dict[str, Any]:
    return {
        "verified": p.verified,
        "verified_on": p.verified_on.isoformat() if p.verified_on else None,
        "source_url": p.source_url,
        "note": p.note,
    }


def _contact_dict(contact: ContactChannel) -> dict[str, Any]:
    href = {"phone": phone_href(contact.value), "email": f"mailto:{contact.value}"}.get(
        contact.type, contact.value if contact.type in ("website", "chat", "form") else None
    )
    return {
        "type": contact.type,
        "value": contact.value,
        "href": href,
        "label": contact.label,
        **_provenance_dict(contact.provenance),
    }


def _verified_on(provenance: Provenance, contact: dict[str, Any] | None) -> str | None:
    if contact is not None:
        return contact["verified_on"]
    return provenance.verified_on.isoformat() if provenance.verified_on else None


def _warning(provenance: Provenance, contact: dict[str, Any] | None) -> str | None:
    if provenance.example:
        return "Voorbeelddata: deze gegevens zijn verzonnen en niet echt."
    if contact is not None and not contact["verified"]:
        note = f" {contact['note']}" if contact.get("note") else ""
        return f"Let op: dit contactgegeven is niet gecontroleerd.{note}"
    if not provenance.verified:
        note = f" {provenance.note}" if provenance.note else ""
        return f"Let op: deze gegevens zijn niet gecontroleerd.{note}"
    return None


def advise(
    directory: Directory,
    understanding: Understanding,
    gemeente: str | None = None,
    now: datetime | None = None,
) -> Advice:
    """Rank and explain whom to go to. See the module docstring for the rules."""
    now = hours.local_now(now)
    text = normalise_name(understanding.text or "")
    scores: dict[str, float] = {}
    other_intents: dict[str, float] = {}
    for name, confidence in understanding.intents:
        target = scores if name in directory.themes else other_intents
        target[name] = max(confidence, target.get(name, 0.0))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], directory.theme_order[kv[0]]))

    # The gemeente: the given one, else one the person named.
    asked = gemeente or next(iter(understanding.values("gemeente")), None)
    place = directory.find_gemeente(asked)
    known = [_gemeente_dict(g) for g in directory.gemeenten]
    notice = None
    if asked and place is None:
        names = ", ".join(f"{g.name} ({g.code})" for g in directory.gemeenten)
        notice = (
            f"De gemeente '{asked}' staat niet in onze gegevens. U ziet daarom alleen "
            f"landelijke hulp. Deze gemeenten staan er wel in: {names}."
        )
    elif place is not None and place.example:
        notice = (
            f"Let op: {place.name} is een verzonnen voorbeeldgemeente. De lokale gegevens "
            "zijn voorbeelddata en niet echt."
        )
    builder = _Builder(directory, place, asked, now)

    def theme_entry(theme_id: str, confidence: float) -> dict[str, Any]:
        return {
            "name": theme_id,
            "label": directory.themes[theme_id].label,
            "confidence": round(confidence, 4),
        }

    def answer(themes, clarify=False, out_of_scope=False, crisis=False, urgency=()):
        local = (
            place is None
            and not asked
            and not crisis
            and not out_of_scope
            and any(directory.has_local_help(t["name"]) for t in themes)
        )
        return Advice(
            themes=themes,
            clarify=clarify,
            out_of_scope=out_of_scope,
            crisis=crisis,
            suggestions=builder.suggestions,
            gemeente=_gemeente_dict(place) if place else None,
            notice=notice,
            known_gemeenten=known,
            urgency=list(urgency),
            needs_gemeente=local,
        )

    # 1. Crisis: crisis lines first and alone.
    crisis_score = scores.get(CRISIS_THEME, 0.0)
    emergency = mentions_emergency(understanding.text or "")
    if crisis_score >= CRISIS_MIN_CONFIDENCE or mentions_crisis(understanding.text or ""):
        lines = [
            s
            for s in directory.competent[CRISIS_THEME]
            if s.kind == "crisis_line" and directory.serves(s, place)
        ]
        if emergency:
            lines.sort(key=lambda s: "emergency" not in s.situations)
        for service in lines:
            builder.add_service(
                service,
                service.description or "Hier krijgt u direct hulp.",
                CRISIS_THEME,
                urgent=True,
            )
        return answer([theme_entry(CRISIS_THEME, crisis_score)], crisis=True)

    named = []
    for value in understanding.values("organisation"):
        org = directory.organisation_named(value, place)
        if org is not None and org not in named:
            named.append(org)

    best = ranked[0][1] if ranked else 0.0
    if other_intents.get(OUT_OF_SCOPE_INTENT, 0.0) > best and not named:
        _add_ido(
            builder,
            "Daar kan ik u niet mee helpen. Het Informatiepunt in de bibliotheek "
            "denkt gratis met u mee.",
        )
        return answer([], out_of_scope=True)

    # 3. Needs.
    needs: list[_Need] = []
    if ranked:
        needs.append(_Need(*ranked[0]))
        needs += [_Need(t, c) for t, c in ranked[1:] if c >= SECOND_NEED_MIN][: MAX_NEEDS - 1]
    for theme in understanding.needs:
        if (
            theme in directory.themes
            and theme not in {n.theme for n in needs}
            and len(needs) < MAX_NEEDS
        ):
            needs.append(_Need(theme, scores.get(theme, 0.0)))
    for org in named:
        covered = {t for s in org.services for t in (*s.themes, *s.supports)}
        if org.main_theme and not covered & {n.theme for n in needs} and len(needs) < MAX_NEEDS:
            needs.append(_Need(org.main_theme, scores.get(org.main_theme, 0.0), org))
    # A letter or form from a named organisation: that organisation is competent for its
    # content, so it comes before the general help with letters.
    if needs and needs[0].theme in GENERAL_HELP_THEMES:
        from_named = [n for n in needs if n.because_of is not None]
        needs = from_named + [n for n in needs if n.because_of is None]
    if not needs:
        _add_ido(
            builder,
            "Ik weet nog niet goed wat uw vraag is. Het Informatiepunt in de "
            "bibliotheek helpt u gratis verder.",
        )
        return answer([], clarify=True)
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confirmed = ranked and ranked[0][0] in understanding.needs
    clarify = (
        bool(ranked)
        and (best < CLARIFY_BELOW or best - second < CLOSE_MARGIN)
        and needs[0].because_of is None
        and not confirmed
    )
    listed = [theme_entry(n.theme, n.confidence) for n in needs]
    if clarify:
        listed += [
            theme_entry(t, c)
            for t, c in ranked[:MAX_THEMES_LISTED]
            if c >= THEME_LIST_MIN and t not in {n.theme for n in needs}
        ]

    # Situations.
    urgency_values = {normalise_name(v) for v in understanding.values("urgency")}
    money = [
        u for u in MONEY_URGENCY if u in urgency_values or re.search(MONEY_URGENCY_WORDS[u], text)
    ]
    deadline = DEADLINE_URGENCY in urgency_values or _matches(text, DEADLINE_WORDS)
    objection = deadline and (
        _matches(text, OBJECTION_WORDS) or any(n.theme == "legal_advice" for n in needs)
    )
    complex_case = len(needs) >= 2 or bool(money and needs[0].theme != "debts")
    urgency = money + ([DEADLINE_URGENCY] if deadline else [])

    # 5a. Competent help for each need.
    for need in needs:
        _add_competent(builder, directory, need, named, money)
    # 5b. Situational advice partners.
    if money:
        why = f"Er is haast ({', '.join(money)}). Hier krijgt u snel hulp bij geldproblemen."
        _add_situation(builder, directory, "urgent_money", why, "debts", urgent=True)
    if objection:
        _add_situation(
            builder,
            directory,
            "objection_deadline",
            "Er loopt een termijn voor bezwaar. Hier krijgt u hulp om op tijd bezwaar te maken.",
            needs[0].theme,
            urgent=True,
        )
    if complex_case:
        _add_situation(
            builder,
            directory,
            "complex_case",
            "U heeft meer vragen tegelijk. Hier helpen ze u met het geheel.",
            needs[0].theme,
        )
    # 5c. Supporting advice partners and courses.
    for need in needs:
        _add_supporting(builder, directory, need)
    builder.truncate(MAX_SUGGESTIONS - 1)
    # 5d. The IDO, last.
    if not any(s.kind == "ido" for s in builder.suggestions):
        _add_ido(
            builder,
            "Het Informatiepunt in de bibliotheek helpt u gratis verder, ook met "
            "de computer of de website.",
        )
    return answer(listed, clarify=clarify, urgency=urgency)


def _local_first(
    services: Iterable[Service], directory: Directory, gemeente: Gemeente | None
) -> list[Service]:
    usable = [s for s in services if directory.serves(s, gemeente)]
    return sorted(usable, key=lambda s: s.national)  # stable: file order within each


def _add_competent(
    builder: _Builder,
    directory: Directory,
    need: _Need,
    named: list[Organisation],
    money: list[str],
) -> None:
    theme = directory.themes[need.theme]
    label = theme.label
    if theme.own_provider is not None:
        builder.add_generic(
            theme.own_provider,
            theme.own_provider.why
            or f"Voor '{label}' helpt uw eigen {theme.own_provider.organisation.lower()}.",
            theme.id,
        )
    services = _local_first(directory.competent[theme.id], directory, builder.gemeente)
    if any(s.kind == "ido" and not s.national for s in services):
        # the national IDO entry ("ask at your library") only stands in for a local one
        services = [s for s in services if not (s.kind == "ido" and s.national)]
    named_ids = {o.id for o in named}
    services.sort(key=lambda s: s.organisation_id not in named_ids)
    has_local = any(not s.national for s in services)
    if theme.local_desk is not None and not has_local:
        if builder.gemeente is not None:
            where = f"Wij hebben hierover geen gegevens van {builder.gemeente.name}."
        elif builder.asked:
            where = f"Wij hebben geen gegevens van {builder.asked}."
        else:
            where = "Wij weten niet in welke gemeente u woont."
        builder.add_generic(
            theme.local_desk,
            (theme.local_desk.why or "Dit regelt de gemeente waar u woont.") + f" {where}",
            theme.id,
            urgent=bool(money) and theme.id == "debts",
        )
    for service in services[:COMPETENT_PER_NEED]:
        org = directory.organisations[service.organisation_id]
        if need.because_of is not None and need.because_of.id == org.id:
            why = f"U noemde {org.name}. Hier kunt u terecht voor: {label}."
        elif org.id in named_ids:
            why = f"U noemde {org.name}. Zij helpen bij: {label}."
        elif not service.national:
            why = f"Hier in de buurt kunt u terecht voor: {label}."
        else:
            why = f"Deze organisatie gaat over: {label}."
        urgent = bool(money) and "urgent_money" in service.situations
        if urgent:
            why += f" Er is haast ({', '.join(money)}): zeg dat meteen."
        builder.add_service(service, why, theme.id, urgent=urgent)


def _add_situation(
    builder: _Builder,
    directory: Directory,
    situation: str,
    why: str,
    theme: str,
    urgent: bool = False,
) -> None:
    services = _local_first(directory.by_situation[situation], directory, builder.gemeente)
    if situation == "urgent_money" and not any(not s.national for s in services):
        desk = directory.themes["debts"].local_desk if "debts" in directory.themes else None
        if desk is not None:
            builder.add_generic(desk, why, theme, urgent=urgent)
    added = 0
    for service in services:
        if added < COMPETENT_PER_NEED and builder.add_service(service, why, theme, urgent=urgent):
            added += 1


def _add_supporting(builder: _Builder, directory: Directory, need: _Need) -> None:
    theme = directory.themes[need.theme]
    services = _local_first(directory.supporting[theme.id], directory, builder.gemeente)
    services.sort(key=lambda s: KIND_ORDER[s.kind])
    added = 0
    for service in services:
        if added >= SUPPORTS_PER_NEED:
            break
        if service.kind == "course":
            why = f"Hier kunt u leren hoe u dit zelf doet: {theme.label}."
        elif service.kind == "crisis_line":
            why = service.description or "Is er direct gevaar? Bel dan meteen."
        else:
            why = f"Hier krijgt u hulp en advies bij: {theme.label}."
        added += builder.add_service(service, why, theme.id)


def _add_ido(builder: _Builder, why: str) -> None:
    directory = builder.directory
    services = _local_first(directory.by_kind["ido"], directory, builder.gemeente)
    if services:
        builder.add_service(services[0], why, IDO_THEME)
