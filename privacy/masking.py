"""Mask personal data in Dutch free text before it is written anywhere.

    >>> mask_personal_data("Mijn BSN is 1234.56.782, bel me op 06-12345678.")
    'Mijn BSN is [BSN], bel me op [TELEFOON].'

What is masked (placeholder, kind):

- ``[BSN]`` (bsn): 9 digits, also written 1234.56.782 / 123 456 782 / 123-456-782, and
  8 plain digits (a BSN with its leading zero omitted, as `stdnum.nl.bsn` allows), only
  when the 11-proef holds. Numbers that fail it stay (unless they are a phone number).
  An 8-digit number that reads as a date (19990131, 20240115) is left alone.
- ``[IBAN]`` (iban): any country, with or without spaces, any case; validated with
  `stdnum.iban` (check digits and the country's BBAN structure).
- ``[TELEFOON]`` (telefoon): Dutch numbers in the usual notations (06-12345678,
  06 1234 5678, +31 6 12345678, 0031 6..., 020-1234567, (020) 123 45 67, +31 (0)20 ...)
  and foreign numbers written with + or 00; candidates come from our own pattern and
  are validated with `phonenumbers` (region NL). Organisation and service numbers are
  kept: 0800, 0900/0906/0909, 088, 14xxx (gemeenten), 112, 113 (short numbers never
  match the candidate pattern).
- ``[E-MAIL]`` (email).
- ``[POSTCODE]`` (postcode): a Dutch postcode, with the house number that follows it
  ("1234 AB 12", "1234AB, nr 5"). Lower-case letters only when they are not a common
  two-letter word ("in 2024 en 2025" stays).
- ``[ADRES]`` (adres): street + house number, for streets ending in a Dutch street
  suffix (Kerkstraat 12a, Dorpsweg 3-2, Van Heemstralaan 5 bis).
- ``[GEBOORTEDATUM]`` (geboortedatum): a date after "geboren (op)", "geboortedatum",
  "geb.". Other dates (deadlines!) are kept.
- ``[NAAM]`` (naam): names "where a library can find them": after a cue ("mijn naam
  is", "ik heet", "ik ben", "naam:", "meneer", "mevrouw", "mevr.", "mw.", "dhr.", "de
  heer", "met <Naam>" at the start of a phone-style greeting, "groet(en)," before a
  signature), and a first name known to gender-guesser's list (used in the Netherlands,
  Belgium or East Frisia, or in Turkey/the Arab world, or in at least three countries)
  followed by a capitalised surname, with tussenvoegsels (van, de, van der, ter, el,
  ...). Organisation, place, month and weekday names and common Dutch words are never
  taken as a name (Juridisch Loket, Het CAK, Dienst Toeslagen, Mijn Overheid, DigiD).

Guarantees: idempotent (masking masked text changes nothing; placeholders are never
matched), never raises (on an internal error the text is masked crudely: every token
with a digit or an @ is replaced), and fast (a 300-character sentence in a few tens of
microseconds; see tests/privacy/test_masking_speed.py).

Why not `deduce`: it is the best Dutch de-identifier on PyPI and also finds names
without cues and place names, but it pins `regex` >= 2024 while Rasa 3.6 pins
`regex` < 2022.11, so it cannot live in the Rasa or action-server venv (`pip check`
breaks), it builds its lookup structures for about 2.5 minutes on first use (then ~7 s
a start), and it needs ~27 ms a sentence, too slow for a logging filter on every log
line. Here the numbers that matter most (BSN, IBAN, phone) are validated exactly with
python-stdnum and phonenumbers, which deduce does not do (it masks any 9 digits), and
names are found where the text itself signals them. The price: a name with neither a
cue nor a known first name ("Jansen belde") is not found.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any, NamedTuple

# A runtime dependency: without its first-name list, name masking would weaken silently.
import gender_guesser.detector as gg

from texts.calendar import MONTH_ABBREVIATIONS, MONTHS

__all__ = [
    "PLACEHOLDERS",
    "MaskResult",
    "contains_personal_data",
    "mask_personal_data",
    "mask_personal_data_detailed",
]

PLACEHOLDERS = {
    "bsn": "[BSN]",
    "iban": "[IBAN]",
    "telefoon": "[TELEFOON]",
    "email": "[E-MAIL]",
    "postcode": "[POSTCODE]",
    "adres": "[ADRES]",
    "geboortedatum": "[GEBOORTEDATUM]",
    "naam": "[NAAM]",
}


class MaskResult(NamedTuple):
    text: str
    kinds: frozenset[str]  # which kinds of personal data were found, e.g. {"bsn"}


# --------------------------------------------------------------------------- e-mail
_EMAIL = re.compile(
    r"(?<![\w.+\]-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w\[-])|"
    r"(?<![\w.+\]-])[\w.+%-]+@\[?\d{1,3}(?:\.\d{1,3}){3}\]?"
)

# ---------------------------------------------------------------------------- IBAN
# Country code, check digits, then 10-30 letters/digits, optionally in groups separated
# by single spaces, dashes or dots. The longest prefix that validates is masked.
_IBAN_START = re.compile(r"(?<![^\W_])(?<!\])[A-Za-z]{2}\d{2}")
_IBAN_BODY = re.compile(r"(?:[ .-]?[A-Za-z0-9]){10,32}")

# --------------------------------------------------------------------------- phone
# A candidate starts with +, 00, 0 or "(0" and continues with digits and the usual
# separators. The longest valid prefix (at a digit boundary) is masked.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+\]])(?:\+\d|\(0|0)(?:\d|\(0\)|\)\s?|[ \-./]{1,2}(?=[\d(])){7,30}"
)
_SERVICE_PREFIXES = ("800", "900", "906", "909", "88", "14", "112", "113")

# ----------------------------------------------------------------------------- BSN
_BSN = re.compile(
    r"(?<![\w+\]])(?<![\d\]][.,/-])(?:\d{4}\.\d{2}\.\d{3}|\d{3}([ .-])\d{3}\1\d{3}|\d{9}|\d{8})"
    r"(?![\w\[]|[.,/-]\d)"
)

# ------------------------------------------------------------------- postcode/address
_HOUSE_NUMBER = (
    r"\d{1,5}(?:\s?[-/]\s?\d{1,4}|\s?-?[A-Za-z](?![^\W\d_])|\s?(?:hs|bis|bg|huis|rd|zw|"
    r"I{1,3}|hoog|boven|beneden|sous)\b|\s(?:[A-Za-z](?![^\W\d_])))?"
)
_POSTCODE = re.compile(
    r"(?<![\w\[\]])([1-9]\d{3})\s?([A-Za-z]{2})(?![^\W\d_]|\[)"
    r"(?:(?:\s*,\s*|\s+)(?:(?:huis)?(?:nr|nummer|no)\.?\s*:?\s*)?(" + _HOUSE_NUMBER + r"))?"
)
_POSTCODE_STOP = frozenset(
    [
        "al",
        "aa",
        "af",
        "ag",
        "de",
        "dl",
        "en",
        "er",
        "el",
        "em",
        "ge",
        "go",
        "hi",
        "ha",
        "he",
        "ik",
        "in",
        "is",
        "je",
        "ja",
        "jl",
        "jr",
        "me",
        "mi",
        "na",
        "nu",
        "of",
        "om",
        "on",
        "op",
        "or",
        "te",
        "to",
        "tm",
        "tv",
        "uu",
        "uw",
        "we",
        "wo",
        "ze",
        "zo",
        "zu",
        "vr",
        "za",
        "ma",
        "di",
        "do",
        "vs",
        "ca",
        "vd",
        "ok",
        "ov",
        "pm",
        "am",
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "go",
        "if",
        "it",
        "my",
        "no",
        "ro",
        "so",
        "st",
        "up",
        "us",
    ]
)
_PC_FORBIDDEN_LETTERS = frozenset({"SA", "SD", "SS"})
_STREET_SUFFIX = (
    r"(?:straat|straatje|weg|laan|laantje|plein|pleintje|gracht|singel|kade|dijk|dreef|hof|"
    r"park|steeg|pad|plantsoen|markt|haven|baan|boulevard|allee|wal|akker|veste|"
    r"wetering|vaart|burgwal|kwartier)"
)
_STREET = re.compile(
    # optional preceding words of a street name (Jan Pieterszoon Coenstraat, Van
    # Heemstralaan, Burgemeester de Monchyplein, 2e Kerkstraat)
    r"(?<![\w\[\]])((?:(?:\d{1,2}e|[A-Z][^\W\d_]*\.?)\s"
    r"(?:(?:van|de|der|den|het|'t|ter|ten|op|aan|in|bij)\s){0,2}){0,3}"
    r"[^\W\d_]{2,}" + _STREET_SUFFIX + r")\s*,?\s+(?:(?:huis)?(?:nr|nummer|no)\.?\s*)?"
    r"(?!(?:19|20)\d\d(?!\d))(" + _HOUSE_NUMBER + r")(?![\w\[])"
    r"(?!\s?(?:uur|jaar|euro|km|min|minuten|procent|%|keer|"
    r"dagen|weken|maanden|stuks|kilometer|meter)\b)",
)

# Cheap pre-check: one of the suffixes occurs at all (substring tests are ~50x faster
# than running the street pattern).
_STREET_SUFFIXES = tuple(_STREET_SUFFIX[3:-1].split("|"))

# -------------------------------------------------------------------- date of birth
_MONTH_NAMES = list(MONTHS)
_MONTHS = [*MONTHS, *MONTH_ABBREVIATIONS]
_BIRTHDATE = re.compile(
    r"(?i:(?:geboren|geb\.)(?:\s+(?:op|in))?|geboortedatum|geb\.?\s*datum)\s*:?\s*"
    r"(\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}\s+(?i:" + "|".join(_MONTHS) + r")\.?\s+\d{2,4})"
)

# ---------------------------------------------------------------------------- names
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")
_INITIALS = re.compile(r"(?:[A-Z]\.\s?){1,4}(?=\s|[A-Z])")
_NAME_GAP = re.compile(r"[ \t]{1,3}")
_TUSSENVOEGSELS = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "el",
        "al",
        "'t",
        "d'",
        "da",
        "di",
        "du",
        "le",
        "la",
        "los",
        "von",
        "vom",
        "zu",
        "vd",
        "bin",
        "ibn",
        "abu",
    ]
)
# Cues whose name may be typed in lower case ("mijn naam is jan de vries").
_STRONG_CUE = re.compile(
    r"(?i:\b(?:mijn\s+naam\s+is|m'n\s+naam\s+is|ik\s+heet|naam\s*:|achternaam\s*:|"
    r"voornaam\s*:|voornamen\s*:)\s*)"
)
# Cues after which a capitalised word is a name.
_TITLE_CUE = re.compile(
    r"(?i:\b(?:meneer|mevrouw|mevr\.?|mw\.?|mvr\.?|dhr\.?|de\s+heer|mej\.?|juffrouw|"
    r"(?:beste|geachte|lieve)(?:\s+(?:meneer|mevrouw|heer))?|"
    r"(?:groet|groeten|groetjes)\s*,?|namens)\s+)"
)
# "Ik ben Jan": only a known first name or a first word followed by a surname.
_IK_BEN = re.compile(r"(?i:\bik\s+ben\s+)")
# Phone-style greeting at the start: "Goedemiddag, met Jan de Vries".
_MET_GREETING = re.compile(
    r"^\s*(?i:(?:(?:goede(?:morgen|middag|navond|ndag)|hallo|hoi|dag|hey|hee)\s*[,!.]?\s*)?"
    r"met\s+)"
)

_STOP_WORDS = frozenset(
    [
        "aan",
        "af",
        "al",
        "alle",
        "alleen",
        "als",
        "altijd",
        "ander",
        "andere",
        "anders",
        "ben",
        "ben",
        "bent",
        "bij",
        "bijna",
        "bijvoorbeeld",
        "binnen",
        "blij",
        "boven",
        "brief",
        "daar",
        "daarom",
        "dan",
        "dank",
        "danku",
        "dankjewel",
        "dat",
        "de",
        "deze",
        "die",
        "dit",
        "doe",
        "doen",
        "door",
        "dus",
        "echt",
        "een",
        "eens",
        "eerst",
        "en",
        "er",
        "erg",
        "even",
        "ga",
        "gaan",
        "gaat",
        "geen",
        "geef",
        "geweest",
        "goed",
        "goede",
        "graag",
        "had",
        "hallo",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "hen",
        "het",
        "hier",
        "hij",
        "hoe",
        "hoi",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "jij",
        "jou",
        "jouw",
        "juist",
        "kan",
        "komt",
        "kun",
        "kunnen",
        "kunt",
        "laat",
        "later",
        "maar",
        "mag",
        "me",
        "mee",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "misschien",
        "moet",
        "moeten",
        "mogen",
        "morgen",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nooit",
        "nu",
        "of",
        "ok",
        "oke",
        "oké",
        "om",
        "omdat",
        "ons",
        "onze",
        "ook",
        "op",
        "over",
        "per",
        "precies",
        "samen",
        "snel",
        "soms",
        "sorry",
        "staat",
        "te",
        "tot",
        "toch",
        "toen",
        "u",
        "uit",
        "uw",
        "vaak",
        "van",
        "vandaag",
        "veel",
        "voor",
        "vraag",
        "vragen",
        "waar",
        "waarom",
        "wanneer",
        "wat",
        "we",
        "wel",
        "welke",
        "werd",
        "wie",
        "wil",
        "willen",
        "wij",
        "wilt",
        "word",
        "wordt",
        "zal",
        "ze",
        "zeer",
        "zelf",
        "zich",
        "zie",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
        "zoals",
        "zullen",
        "hoor",
        "beste",
        "geachte",
        "lieve",
        "groet",
        "groeten",
        "groetjes",
        "vriendelijke",
        "hartelijke",
        "met-vriendelijke",
        "fijne",
        "prettige",
        "dag",
        "goedemorgen",
        "goedemiddag",
        "goedenavond",
        "meneer",
        "mevrouw",
        "heer",
        "dhr",
        "mw",
        "mevr",
        "familie",
        "fam",
        "klant",
        "burger",
        "inwoner",
        "cliënt",
        "client",
        "ziek",
        "zwanger",
        "getrouwd",
        "gescheiden",
        "werkloos",
        "blind",
        "doof",
        "oud",
        "jong",
        "alleenstaand",
        "weduwe",
        "weduwnaar",
        "student",
        "gepensioneerd",
        "moeder",
        "vader",
        "zoon",
        "dochter",
        "broer",
        "zus",
        "opa",
        "oma",
        "man",
        "vrouw",
        "nederlander",
        "nederlands",
        "nederlandse",
        "marokkaans",
        "marokkaanse",
        "turks",
        "turkse",
        "syrisch",
        "syrische",
        "pools",
        "poolse",
        "surinaams",
        "surinaamse",
        "antilliaans",
        "eritrees",
        "eritrese",
        "oekraïens",
        "oekraïense",
        "belg",
        "belgisch",
        "duits",
        "duitse",
        "engels",
        "engelse",
        "frans",
        "franse",
        "arabisch",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
        "weekend",
        *MONTHS,
        "gemeente",
        "loket",
        "juridisch",
        "dienst",
        "toeslagen",
        "toeslag",
        "belastingdienst",
        "belasting",
        "belastingen",
        "cak",
        "uwv",
        "svb",
        "duo",
        "cjib",
        "ind",
        "rdw",
        "ggd",
        "digid",
        "mijnoverheid",
        "overheid",
        "rijksoverheid",
        "digitale",
        "digitaal",
        "informatiepunt",
        "informatiepunten",
        "ido",
        "bibliotheek",
        "stichting",
        "humanitas",
        "schuldhulp",
        "schuldhulpverlening",
        "sociaal",
        "sociale",
        "wijkteam",
        "buurtteam",
        "zorgverzekeraar",
        "zorgtoeslag",
        "huurtoeslag",
        "kinderopvangtoeslag",
        "kindgebonden",
        "budget",
        "verzekeringsbank",
        "raad",
        "rechtsbijstand",
        "rechtspraak",
        "politie",
        "ziekenhuis",
        "huisarts",
        "apotheek",
        "bank",
        "post",
        "postnl",
        "kpn",
        "ziggo",
        "ing",
        "rabobank",
        "abn",
        "amro",
        "sns",
        "asn",
        "triodos",
        "knab",
        "bunq",
        "centraal",
        "bureau",
        "voorbeeldstad",
        "nederland",
        "holland",
        "den",
        "haag",
        "amsterdam",
        "rotterdam",
        "utrecht",
        "groningen",
        "eindhoven",
        "tilburg",
        "almere",
        "breda",
        "nijmegen",
        "arnhem",
        "haarlem",
        "enschede",
        "apeldoorn",
        "amersfoort",
        "zaanstad",
        "zwolle",
        "leiden",
        "maastricht",
        "dordrecht",
        "ede",
        "emmen",
        "assen",
        "best",
        "son",
        "born",
        "hoorn",
        "venlo",
        "delft",
        "gouda",
        "alkmaar",
        "deventer",
        "helmond",
        "heerlen",
        "oss",
        "sittard",
        "lelystad",
        "hilversum",
        "purmerend",
        "schiedam",
        "vlaardingen",
        "spijkenisse",
        "zoetermeer",
        "zeist",
        "veenendaal",
        "katwijk",
        "roosendaal",
        "bergen",
        "sint",
        "santa",
        "noord",
        "zuid",
        "oost",
        "west",
        "centrum",
        "stad",
        "dorp",
        "school",
        "college",
        "universiteit",
        "hogeschool",
        "mbo",
        "hbo",
        "wo",
        "vmbo",
        "havo",
        "vwo",
        "rijbewijs",
        "paspoort",
        "identiteitskaart",
        "formulier",
        "aanvraag",
        "brief",
        "email",
        "e-mail",
        "mail",
        "telefoon",
        "whatsapp",
        "chat",
        "bot",
        "wegwijzer",
        "google",
        "microsoft",
        "apple",
        "windows",
        "android",
        "iphone",
        "samsung",
        "outlook",
        "gmail",
        "hotmail",
        "facebook",
        "heijn",
        "jumbo",
        "lidl",
        "aldi",
        "action",
        "hema",
        "kruidvat",
        "mensen",
        "allemaal",
        "medewerker",
        "medewerkers",
        "collega",
        "collega's",
        "team",
    ]
)
# Words that make a "name" an organisation or a place (Maria Ziekenhuis).
_ORG_SUFFIX = re.compile(
    r"(?i:^[^\W\d_]{3,}(?:ziekenhuis|school|kerk|straat|plein|laan|weg|gracht|kade|dijk|park|markt|"
    r"centrum|huis|stad|dorp|loket|dienst|bank|fonds|stichting|vereniging|bureau|team|"
    r"raad|kantoor|winkel|instituut|college|groep|zorg|toeslag|toeslagen|overheid|"
    r"verzekering|verzekeraar|bibliotheek|gemeente|academie|kliniek|apotheek)$)"
)


def _freq(char: str) -> int:
    if char in " $":
        return 0
    try:
        return int(char, 16)
    except ValueError:
        return 0


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """First names (lower case) from gender-guesser's nam_dict.txt that are used in the
    Netherlands, Belgium or East Frisia, or in Turkey or the Arab world (large groups of
    Dutch inhabitants), or in at least three countries. Loaded once, ~0.1 s."""
    countries = gg.Detector.COUNTRIES
    wanted = [
        countries.index(c)
        for c in ("the_netherlands", "belgium", "east_frisia", "turkey", "arabia")
    ]
    path = os.path.join(os.path.dirname(gg.__file__), "data", "nam_dict.txt")
    names: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line or line[0] in "#=":
                continue
            parts = line.split()
            if len(parts) < 2:
                continue
            values = line[30:-1]
            spread = sum(1 for c in values if _freq(c) > 0)
            local = any(i < len(values) and _freq(values[i]) > 0 for i in wanted)
            if not (local or spread >= 3):
                continue
            name = parts[1]
            for variant in {name.replace("+", ""), *name.split("+")}:
                variant = variant.lower()
                if len(variant) >= 3 and variant.isalpha():
                    names.add(variant)
    return frozenset(names - _STOP_WORDS - set(_MONTH_NAMES))


def _is_cap(word: str) -> bool:
    return word[0].isupper() and not (len(word) > 1 and word.isupper())


def _is_namey(word: str, after_tussenvoegsel: bool = False) -> bool:
    """A word that may be part of a name: not a stop word, not an acronym, not an
    organisation or place word (Maria Ziekenhuis; but Van Dijk, Van der Laan)."""
    low = word.lower()
    return (
        low not in _STOP_WORDS
        and low.replace("-", "") not in _STOP_WORDS
        and (after_tussenvoegsel or not _ORG_SUFFIX.search(low))
        and not (len(word) > 1 and word.isupper())
    )


def _name_span(text: str, pos: int, allow_lower: bool, max_words: int = 5) -> int:
    """End of the name that starts at `pos` (initials, first names, tussenvoegsels,
    surnames), or `pos` when there is none. A name ends on a name word, never on a
    tussenvoegsel, and initials count only with a surname after them."""
    i = pos
    end = pos
    words = 0
    initials = _INITIALS.match(text, i)
    if initials:
        i = initials.end()
        gap = _NAME_GAP.match(text, i)
        if gap:
            i = gap.end()
    first = True
    after_tussen = False
    while words < max_words:
        if not first:
            gap = _NAME_GAP.match(text, i)
            if not gap:
                break
            i = gap.end()
        m = _WORD.match(text, i)
        if not m:
            break
        word = m.group()
        if word.lower() in _TUSSENVOEGSELS and (not first or initials or word[0].isupper()):
            i = m.end()
            words += 1
            first = False
            after_tussen = True
            continue
        if (_is_cap(word) or (allow_lower and word.islower())) and _is_namey(word, after_tussen):
            end = i = m.end()
            words += 1
            first = False
            after_tussen = False
            continue
        break
    return end


_TITLE_HINTS = (
    "meneer",
    "mevr",
    "mw",
    "mvr",
    "dhr",
    "heer",
    "mej",
    "juffrouw",
    "beste",
    "geachte",
    "lieve",
    "groet",
    "namens",
)
_STRONG_HINTS = ("naam", "heet")
# Capitalised words only (Latin script, where the first-name list lives); the exact
# check is `_is_cap`.
_CAP_WORD = re.compile(r"(?<![\w\]])[A-ZÀ-ÖØ-ÞĀ-ʯ](?:[^\W\d_]|['’-](?=[^\W\d_]))*")


def _mask_names(text: str, found: set[str]) -> str:
    spans: list[tuple[int, int]] = []
    low = text.lower()

    def add(start: int, stop: int) -> None:
        if stop > start:
            spans.append((start, stop))

    # 1. cues
    for cue in _STRONG_CUE.finditer(text) if any(h in low for h in _STRONG_HINTS) else ():
        start = cue.end()
        m = _WORD.match(text, start)
        if not m:
            continue
        word = m.group()
        if _is_cap(word) and _is_namey(word):
            add(start, _name_span(text, start, allow_lower=False))
        elif word.islower() and word in _first_names():
            add(start, _name_span(text, start, allow_lower=True, max_words=4))
        elif _INITIALS.match(text, start):
            add(start, _name_span(text, start, allow_lower=False))
    for cue in _TITLE_CUE.finditer(text) if any(h in low for h in _TITLE_HINTS) else ():
        start = cue.end()
        add(start, _name_span(text, start, allow_lower=False))
    greeting = _MET_GREETING.match(text) if "met" in low else None
    if greeting:
        add(greeting.end(), _name_span(text, greeting.end(), allow_lower=False))
    for cue in _IK_BEN.finditer(text) if "ben" in low else ():
        start = cue.end()
        m = _WORD.match(text, start)
        if not m or not _is_cap(m.group()) or not _is_namey(m.group()):
            continue
        stop = _name_span(text, start, allow_lower=False)
        if m.group().lower() in _first_names() or stop > m.end():
            add(start, stop)

    # 2. a known first name followed by a capitalised surname
    names = _first_names()
    for m in _CAP_WORD.finditer(text):
        word = m.group()
        if not _is_cap(word) or word.lower() not in names or not _is_namey(word):
            continue
        stop = _name_span(text, m.start(), allow_lower=False)
        if stop > m.end():
            add(m.start(), stop)

    if not spans:
        return text
    found.add("naam")
    spans.sort()
    merged: list[list[int]] = []
    for start, stop in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    out = []
    last = 0
    for start, stop in merged:
        out.append(text[last:start])
        out.append(PLACEHOLDERS["naam"])
        last = stop
    out.append(text[last:])
    return "".join(out)


# ------------------------------------------------------------------ number helpers
def _valid_iban(candidate: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(candidate))


def _mask_iban(text: str, found: set[str]) -> str:
    out: list[str] = []
    last = pos = 0
    while True:
        start = _IBAN_START.search(text, pos)
        if not start:
            break
        body = _IBAN_BODY.match(text, start.end())
        stop = None
        if body:
            cand = text[start.start() : body.end()]
            # the longest prefix that validates, ending on a letter or digit
            for n in range(len(cand), 14, -1):
                if cand[n - 1].isalnum() and _valid_iban(cand[:n]):
                    stop = start.start() + n
                    break
        if stop is None:
            pos = start.start() + 1
            continue
        out.append(text[last : start.start()])
        out.append(PLACEHOLDERS["iban"])
        found.add("iban")
        last = pos = stop
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _is_personal_phone(candidate: str) -> bool | None:
    """True for a valid personal phone number, False for a valid organisation/service
    number, None when `candidate` is not a valid number."""
    import phonenumbers as pn

    cleaned = candidate.replace("(0)", "").replace("(", "").replace(")", "")
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    try:
        number = pn.parse(cleaned, "NL")
    except Exception:
        return None
    if not pn.is_valid_number(number):
        return None
    if number.country_code == 31:
        national = str(number.national_number)
        if national.startswith(_SERVICE_PREFIXES):
            return False
    return True


def _mask_phone(text: str, found: set[str]) -> str:
    out: list[str] = []
    last = pos = 0
    while True:
        m = _PHONE_CANDIDATE.search(text, pos)
        if not m:
            break
        cand = m.group()
        stop = None
        # cut at digit boundaries, longest first; what follows the number stays
        ends = [i + 1 for i, c in enumerate(cand) if c.isdigit()]
        for n in reversed(ends):
            if sum(c.isdigit() for c in cand[:n]) < 9:
                break
            verdict = _is_personal_phone(cand[:n])
            if verdict is None:
                continue
            stop = m.start() + n
            if verdict:
                out.append(text[last : m.start()])
                out.append(PLACEHOLDERS["telefoon"])
                found.add("telefoon")
                last = stop
            break
        pos = stop if stop is not None else m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _looks_like_date(digits: str) -> bool:
    if len(digits) != 8:
        return False
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31:
        return True
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    return 1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= 31


def _mask_bsn(text: str, found: set[str]) -> str:
    from stdnum.nl import bsn

    def repl(m: re.Match[str]) -> str:
        cand = m.group()
        digits = re.sub(r"\D", "", cand)
        if len(digits) == 8 and (cand != digits or _looks_like_date(digits)):
            return cand
        if bsn.is_valid(digits):
            found.add("bsn")
            return PLACEHOLDERS["bsn"]
        return cand

    return _BSN.sub(repl, text)


def _mask_postcode(text: str, found: set[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        letters = m.group(2)
        if letters.upper() in _PC_FORBIDDEN_LETTERS:
            return m.group()
        if not letters.isupper():
            if not letters.islower() or letters in _POSTCODE_STOP:
                return m.group()
            # lower case only when written without a space or followed by a number
            if m.group(3) is None and text[m.start(1) + 4 : m.start(2)] != "":
                return m.group()
        found.add("postcode")
        return PLACEHOLDERS["postcode"]

    return _POSTCODE.sub(repl, text)


def _mask_street(text: str, found: set[str]) -> str:
    low = text.lower()
    if not any(suffix in low for suffix in _STREET_SUFFIXES):
        return text

    def repl(m: re.Match[str]) -> str:
        found.add("adres")
        return PLACEHOLDERS["adres"]

    return _STREET.sub(repl, text)


def _mask_birthdate(text: str, found: set[str]) -> str:
    def repl(m: re.Match[str]) -> str:
        found.add("geboortedatum")
        return m.group()[: m.start(1) - m.start()] + PLACEHOLDERS["geboortedatum"]

    return _BIRTHDATE.sub(repl, text)


_HAS_DIGIT = re.compile(r"\d")
_CRUDE = re.compile(r"\S*[\d@]\S*")


def _mask(text: str) -> MaskResult:
    """Run the passes until nothing changes (a placeholder can change the context of
    a neighbour: "Kerkstraat 112-03-19800800"); usually one pass, two when something
    was masked. This makes masking idempotent by construction."""
    found: set[str] = set()
    for _ in range(4):
        masked = _mask_once(text, found)
        if masked == text:
            break
        text = masked
    return MaskResult(text, frozenset(found))


def _mask_once(text: str, found: set[str]) -> str:
    if "@" in text:

        def email(_match: re.Match[str]) -> str:
            found.add("email")
            return PLACEHOLDERS["email"]

        text = _EMAIL.sub(email, text)
    if _HAS_DIGIT.search(text):
        text = _mask_iban(text, found)
        text = _mask_phone(text, found)
        text = _mask_bsn(text, found)
        if "geb" in text.lower():
            text = _mask_birthdate(text, found)
        text = _mask_postcode(text, found)
        text = _mask_street(text, found)
    return _mask_names(text, found)


def mask_personal_data_detailed(text: object) -> MaskResult:
    """Mask personal data and say which kinds were found. Never raises; non-strings are
    converted with `str()` (bytes are decoded as UTF-8), None gives ""."""
    try:
        if text is None:
            return MaskResult("", frozenset())
        if isinstance(text, bytes):
            text = text.decode("utf-8", errors="replace")
        elif not isinstance(text, str):
            text = str(text)
        if not text:
            return MaskResult(text, frozenset())
        return _mask(text)
    except Exception:
        # Better to over-mask than to leak: every token with a digit or an @ goes.
        try:
            return MaskResult(_CRUDE.sub("[VERWIJDERD]", str(text)), frozenset({"onbekend"}))
        except Exception:
            return MaskResult("[VERWIJDERD]", frozenset({"onbekend"}))


def mask_personal_data(text: object) -> str:
    """Return `text` with BSN, IBAN, phone numbers, e-mail addresses, postcodes,
    addresses, dates of birth and recognisable names replaced by placeholders."""
    return mask_personal_data_detailed(text).text


def contains_personal_data(text: object) -> bool:
    return bool(mask_personal_data_detailed(text).kinds)


MAX_DEPTH = 12


def mask_structure(value: Any, keep: frozenset[str] = frozenset(), depth: int = 0) -> Any:
    """Mask every string in a nested structure (dicts, lists, tuples, sets, bytes).

    Values under a key in `keep` are left as they are (names of intents, actions and such);
    nesting deeper than MAX_DEPTH is left alone rather than walked forever.
    """
    if isinstance(value, (str, bytes)):
        return mask_personal_data(value)
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {k: v if k in keep else mask_structure(v, keep, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return type(value)(mask_structure(v, keep, depth + 1) for v in value)
    return value
