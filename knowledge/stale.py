"""Which facts need checking again: not verified, or verified longer ago than allowed.

A fact is a record with its own source (organisation, gemeente, and every location,
service or contact channel whose source differs from the record around it). Inherited
facts are checked with their parent, so each line of the report is one thing to check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.records import DirectoryData, Provenance

DEFAULT_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class StaleFact:
    what: str
    id: str
    provenance: Provenance
    origin: str
    reason: str

    def __str__(self) -> str:
        source = self.provenance.source_url
        return f"{self.origin}: {self.what} '{self.id}': {self.reason} (bron: {source})"


def facts(data: DirectoryData) -> Iterator[tuple[str, str, Provenance, str]]:
    for gemeente in data.gemeenten:
        yield "gemeente", gemeente.code, gemeente.provenance, gemeente.origin
    for org in data.organisations:
        yield "organisatie", org.id, org.provenance, org.origin
        for loc in org.locations:
            if loc.provenance != org.provenance:
                yield "locatie", loc.id, loc.provenance, loc.origin
        for service in org.services:
            if service.provenance != org.provenance:
                yield "dienst", service.id, service.provenance, service.origin
            for contact in service.contacts:
                if contact.provenance != service.provenance:
                    yield "contact", contact.value, contact.provenance, contact.origin


def stale_facts(
    data: DirectoryData,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
    today: date | None = None,
    include_examples: bool = False,
) -> list[StaleFact]:
    today = today or date.today()
    oldest = today - timedelta(days=max_age_days)
    found = []
    for what, fact_id, provenance, origin in facts(data):
        if provenance.example:
            if include_examples:
                found.append(StaleFact(what, fact_id, provenance, origin, "voorbeelddata"))
            continue
        if not provenance.verified:
            reason = "niet gecontroleerd"
            if provenance.verified_on:
                reason += f" (bekeken op {provenance.verified_on.isoformat()})"
        elif provenance.verified_on is None or provenance.verified_on < oldest:
            reason = f"gecontroleerd op {provenance.verified_on}, ouder dan {max_age_days} dagen"
        else:
            continue
        found.append(StaleFact(what, fact_id, provenance, origin, reason))
    return found
