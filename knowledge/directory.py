"""Directory: an in-memory, indexed snapshot of the directory of help.

Build it once (from the database at start-up, or from the files in tests and tools) and
share it: it is immutable, so lookups need no locks and no database round trips.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.records import (
    DirectoryData,
    Gemeente,
    Location,
    Organisation,
    Service,
    Theme,
    normalise_name,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class Directory:
    def __init__(self, data: DirectoryData):
        self.data = data
        self.themes: dict[str, Theme] = {t.id: t for t in data.themes}
        self.theme_order: dict[str, int] = {t.id: i for i, t in enumerate(data.themes)}
        self.gemeenten: tuple[Gemeente, ...] = tuple(sorted(data.gemeenten, key=lambda g: g.name))
        self.organisations: dict[str, Organisation] = {o.id: o for o in data.organisations}
        self.services: dict[str, Service] = {}
        self.locations: dict[str, Location] = {}
        self.competent: dict[str, list[Service]] = defaultdict(list)
        self.supporting: dict[str, list[Service]] = defaultdict(list)
        self.by_situation: dict[str, list[Service]] = defaultdict(list)
        self.by_kind: dict[str, list[Service]] = defaultdict(list)
        self._names: dict[tuple[str | None, str], Organisation] = {}
        self._gemeente_keys: dict[str, Gemeente] = {}
        for org in data.organisations:
            for name in (org.name, *org.aliases):
                self._names[(org.gemeente_code, normalise_name(name))] = org
            for loc in org.locations:
                self.locations[loc.id] = loc
            for service in org.services:
                self.services[service.id] = service
                for theme in service.themes:
                    self.competent[theme].append(service)
                for theme in service.supports:
                    self.supporting[theme].append(service)
                for situation in service.situations:
                    self.by_situation[situation].append(service)
                self.by_kind[service.kind].append(service)
        for gemeente in data.gemeenten:
            for key in (gemeente.code, gemeente.name, gemeente.slug, gemeente.code[2:]):
                self._gemeente_keys[normalise_name(key)] = gemeente

    @classmethod
    def from_files(cls, data_dir: Path | None = None) -> Directory:
        from knowledge.load import DEFAULT_DATA_DIR, load_files

        return cls(load_files(data_dir or DEFAULT_DATA_DIR))

    @classmethod
    def from_session(cls, session: Session) -> Directory:
        from knowledge.store import read_directory

        return cls(read_directory(session))

    def find_gemeente(self, value: str | None) -> Gemeente | None:
        """By CBS code ("GM9991", "9991") or name or folder name, case-insensitive."""
        if not value:
            return None
        text = normalise_name(value)
        if text.startswith("gemeente "):
            text = text[len("gemeente ") :]
        return self._gemeente_keys.get(text)

    def organisation_named(self, name: str, gemeente: Gemeente | None) -> Organisation | None:
        """The organisation people call `name`: the gemeente's own first, then national."""
        key = normalise_name(name)
        if gemeente is not None and (gemeente.code, key) in self._names:
            return self._names[(gemeente.code, key)]
        return self._names.get((None, key))

    def has_local_help(self, theme: str) -> bool:
        """Whether who is competent for a theme differs per gemeente (a local desk, or
        competent services of a gemeente). Local courses and partners that only support
        a theme are no reason to ask where someone lives."""
        local_desk = self.themes[theme].local_desk if theme in self.themes else None
        return local_desk is not None or any(
            s.area is not None for s in self.competent.get(theme, ())
        )

    def has_services_in(self, theme: str, gemeente: Gemeente) -> bool:
        """Whether the gemeente has services of its own (competent or supporting) for a
        theme: then its answer differs from the national one."""
        services = (*self.competent.get(theme, ()), *self.supporting.get(theme, ()))
        return any(s.area is not None and gemeente.code in s.area for s in services)

    def serves(self, service: Service, gemeente: Gemeente | None) -> bool:
        if service.area is None:
            return True
        return gemeente is not None and gemeente.code in service.area
