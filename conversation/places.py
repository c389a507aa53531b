"""Which gemeente a person names: in a sentence, alone, in lower case or with a typo.

Names come from two places: the gemeenten the directory has data for, and the list of all
Dutch gemeenten (knowledge/data/gemeenten-nl.yml, for recognising one we have no data
for: "voor Utrecht heb ik geen lokale gegevens"). Names that are also ordinary words
("Best", "Buren") only count after a cue ("ik woon in Best") or on their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge import Directory

NATIONAL_LIST = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "gemeenten-nl.yml"
CUE = r"(?:gemeente|woon|wonen|woonachtig|woont|in|uit|te|bij|naar|regio|voor)"
# gemeente names that are ordinary Dutch words or very short: only after a cue, or alone
COMMON_WORDS = frozenset(
    {
        "best",
        "buren",
        "beek",
        "goes",
        "putten",
        "laren",
        "ede",
        "epe",
        "horst aan de maas",
        "stein",
        "venray",
        "mill",
        "heusden",
        "loon op zand",
        "dongen",
        "gemert-bakel",
        "sluis",
        "elburg",
        "boxtel",
        "oss",
        "uden",
        "urk",
        "edam-volendam",
        "weert",
    }
)
MAX_WORDS_ALONE = 4


@dataclass(frozen=True)
class Place:
    name: str
    known: bool  # the directory has data for it


def plain(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value or "")
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w'\- ]+", " ", text.replace("’", "'"))
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=1)
def national_names() -> dict[str, str]:
    """plain name -> official name, for every Dutch gemeente and its common other names."""
    if not NATIONAL_LIST.exists():
        return {}
    data = yaml.safe_load(NATIONAL_LIST.read_text(encoding="utf-8")) or {}
    names = {plain(n): n for n in data.get("gemeenten") or []}
    for alias, official in (data.get("aliases") or {}).items():
        names[plain(str(alias))] = str(official)
    # "Bergen (NH.)" is typed as "Bergen"
    for key, official in list(names.items()):
        short = re.sub(r"\s*\(.*\)$", "", key)
        names.setdefault(short, official)
    return names


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping early above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class Places:
    """Finds the gemeente a message names."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self.names: dict[str, str] = dict(national_names())
        for gemeente in directory.gemeenten:
            self.names[plain(gemeente.name)] = gemeente.name
        self._longest_first = sorted(self.names, key=len, reverse=True)

    def place(self, name: str) -> Place:
        known = self.directory.find_gemeente(name)
        return Place(known.name, True) if known else Place(name, False)

    def find(self, message: str, entity_values: Iterable[str] = ()) -> Place | None:
        for value in entity_values:
            found = self._exact(plain(value)) or self._fuzzy(plain(value))
            if found:
                return self.place(found)
        text = plain(message)
        if not text:
            return None
        words = text.split()
        alone = len(words) <= MAX_WORDS_ALONE
        stripped = re.sub(rf"^(ik )?({CUE}\s+)+", "", text).strip()
        for candidate in (text, stripped):
            found = self._exact(candidate)
            if found and (alone or candidate == stripped):
                return self.place(found)
        for key in self._longest_first:
            if len(key) < 3:
                continue
            if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text):
                cued = re.search(rf"\b{CUE}\s+(de )?{re.escape(key)}(?![\w-])", text)
                if key in COMMON_WORDS and not (cued or text == key):
                    continue
                if cued or alone or len(key) >= 6:
                    return self.place(self.names[key])
        if alone:
            found = self._fuzzy(stripped or text)
            if found:
                return self.place(found)
        # "oh wacht, ik woon in voorbeeldstat": a typo right after "ik woon in" and the like
        after = re.search(r"\b(?:ik )?(?:woon|wonen|woont|woonachtig) (?:in|te) ([\w' -]+)$", text)
        if after:
            found = self._fuzzy(after.group(1).strip())
            if found:
                return self.place(found)
        return None

    def _exact(self, text: str) -> str | None:
        return self.names.get(text)

    def _fuzzy(self, text: str) -> str | None:
        """A typo in a name typed on its own: one letter off (two for long names)."""
        if len(text) < 5:
            return None
        limit = 1 if len(text) < 9 else 2
        best: tuple[int, str] | None = None
        for key, official in self.names.items():
            if key in COMMON_WORDS:
                continue
            distance = _distance(text, key, limit)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, official)
        return best[1] if best else None
