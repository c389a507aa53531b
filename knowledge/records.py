"""The directory of help as plain, immutable records (the in-memory side of the HSDS model).

The loader turns the YAML files into these records, the database store writes and reads
them, and the lookup reads only these. Equality ignores `origin` (file and line), so
records read back from the database or from exported files compare equal to the originals.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, time

KINDS = ("public_service", "private_service", "course", "advice_partner", "crisis_line", "ido")
CONTACT_TYPES = ("phone", "website", "email", "chat", "form", "visit")
WARM_REFERRAL_CHANNELS = ("phone", "email", "form")
# Situations a service is suited for, beyond its themes (see knowledge.advice).
SITUATIONS = ("urgent_money", "objection_deadline", "complex_case", "emergency")
EXAMPLE_SOURCE = "voorbeelddata"


def normalise_name(text: str) -> str:
    """Lower case, no accents, single spaces: how names and free text are compared."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", ascii_text.lower()).strip()


@dataclass(frozen=True)
class Provenance:
    """Where a fact comes from and whether a person checked it (on every record)."""

    source_url: str
    verified_on: date | None = None
    verified: bool = False
    note: str | None = None

    @property
    def example(self) -> bool:
        return self.source_url == EXAMPLE_SOURCE


@dataclass(frozen=True)
class ThemeGroup:
    id: str
    label: str


@dataclass(frozen=True)
class GenericHelp:
    """Help that is not one record of the directory: "your own bank", "your gemeente"."""

    organisation: str
    service: str | None = None
    kind: str = "public_service"
    why: str | None = None
    # One stable key for who this is ("gemeente", "own-bank"), for programs and statistics.
    key: str | None = None


@dataclass(frozen=True)
class ChecklistStep:
    """One thing to arrange after a life event, and who helps with it: a service or
    organisation id, "local" (the gemeente) or "own_provider". `when`: a regular expression
    of words that show the person asks about this step; such steps come first."""

    help: str
    what: str
    when: str | None = None


@dataclass(frozen=True)
class Theme:
    id: str
    group: str
    label: str
    about: str
    # The person's own provider is competent (own bank, own zorgverzekeraar): always first.
    own_provider: GenericHelp | None = None
    # A desk of the gemeente is competent: used when the gemeente's data has no service.
    local_desk: GenericHelp | None = None
    # Names of benefits and regulations of this theme (NLU lookup table; files only).
    terms: tuple[str, ...] = field(default=(), compare=False)
    # The order of competent help when the usual one (own provider, local, national) is
    # wrong: service or organisation ids, and "local", "national", "own_provider".
    order: tuple[str, ...] = ()
    # A life event: what to arrange, in order, each with who helps.
    checklist: tuple[ChecklistStep, ...] = ()


@dataclass(frozen=True)
class Gemeente:
    code: str
    name: str
    slug: str
    example: bool
    provenance: Provenance
    note: str | None = None
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class OpeningRule:
    """One RFC 5545-like rule: on these weekdays (0 = Monday), from opens to closes."""

    days: tuple[int, ...]
    opens: time
    closes: time


@dataclass(frozen=True)
class Schedule:
    always_open: bool = False
    rules: tuple[OpeningRule, ...] = ()
    provenance: Provenance | None = None
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class ContactChannel:
    type: str
    value: str
    provenance: Provenance
    label: str | None = None
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class Location:
    id: str
    organisation_id: str
    name: str
    gemeente_code: str | None
    provenance: Provenance
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    description: str | None = None
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class ServiceAtLocation:
    location_id: str
    schedule: Schedule | None = None
    note: str | None = None
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class WarmReferral:
    channels: tuple[str, ...]
    consent_required: bool = True
    note: str | None = None


@dataclass(frozen=True)
class Service:
    id: str
    organisation_id: str
    name: str
    kind: str
    provenance: Provenance
    themes: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    situations: tuple[str, ...] = ()
    # None = national; otherwise the CBS codes of the gemeenten it serves.
    area: tuple[str, ...] | None = None
    description: str | None = None
    contacts: tuple[ContactChannel, ...] = ()
    schedule: Schedule | None = None
    bring: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    cost: str | None = None
    warm_referral: WarmReferral | None = None
    at: tuple[ServiceAtLocation, ...] = ()
    origin: str = field(default="", compare=False)

    @property
    def national(self) -> bool:
        return self.area is None


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    kind: str
    provenance: Provenance
    aliases: tuple[str, ...] = ()
    main_theme: str | None = None
    description: str | None = None
    # The gemeente whose folder holds it; None for national organisations.
    gemeente_code: str | None = None
    # One stable key for what this organisation is, where its id is local
    # ("gemeente-voorbeeldstad" is a "gemeente"); the id is the key when none is given.
    key: str | None = None
    locations: tuple[Location, ...] = ()
    services: tuple[Service, ...] = ()
    # Which data file holds it, relative to the data directory (for export).
    file: str = ""
    origin: str = field(default="", compare=False)


@dataclass(frozen=True)
class DirectoryData:
    """Everything the files (or the database) hold, in file order."""

    groups: tuple[ThemeGroup, ...]
    themes: tuple[Theme, ...]
    gemeenten: tuple[Gemeente, ...]
    organisations: tuple[Organisation, ...]
