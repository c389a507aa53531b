"""Checks of single values: Dutch phone numbers, web and e-mail addresses, dates, codes.

Each check returns None when the value is fine, or a short Dutch reason for staff.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from knowledge.records import EXAMPLE_SOURCE

_PHONE_CHARS = re.compile(r"^\+?[0-9][0-9 \-]*$")
# Dutch numbers, written with or without spaces and hyphens.
_PHONE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("noodnummer of kort nummer", re.compile(r"^(?:112|113|1400)$")),
    ("gemeentenummer 14 + netnummer", re.compile(r"^140[1-9][0-9]{1,2}$")),
    (
        "gratis of betaald informatienummer",
        re.compile(r"^0(?:800|900|906|909)[0-9]{4}(?:[0-9]{3})?$"),
    ),
    ("vast, mobiel of 088-nummer", re.compile(r"^0[1-9][0-9]{8}$")),
    ("Nederlands nummer met landcode", re.compile(r"^\+31[1-9][0-9]{8}$")),
    ("buitenlands nummer", re.compile(r"^\+(?!31)[1-9][0-9]{7,14}$")),
)
# Obviously fictional numbers for example data only: 0000 followed by six digits.
_FICTIONAL_PHONE = re.compile(r"^0000[0-9]{6}$")
_EMAIL = re.compile(
    r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+$"
)
_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")
_GEMEENTE_CODE = re.compile(r"^GM[0-9]{4}$")
_POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def phone_digits(value: str) -> str:
    return re.sub(r"[ \-]", "", value)


def is_fictional_phone(value: str) -> bool:
    return bool(_FICTIONAL_PHONE.match(phone_digits(value)))


def check_phone(value: str, example: bool = False) -> str | None:
    if not isinstance(value, str) or not _PHONE_CHARS.match(value.strip()):
        return f"ongeldig telefoonnummer {value!r}: alleen cijfers, spaties, '-' en een '+' vooraan"
    digits = phone_digits(value.strip())
    if _FICTIONAL_PHONE.match(digits):
        if example:
            return None
        return (
            f"verzonnen telefoonnummer {value!r} (0000-reeks) mag alleen in voorbeelddata "
            f"(bron '{EXAMPLE_SOURCE}' in een voorbeeldgemeente)"
        )
    if any(pattern.match(digits) for _, pattern in _PHONE_PATTERNS):
        return None
    return (
        f"ongeldig telefoonnummer {value!r}: geen Nederlands formaat "
        "(10 cijfers, 0800/0900 + 4 of 7 cijfers, 14 + netnummer, 1400, 112, 113 of +31)"
    )


def phone_href(value: str) -> str:
    return "tel:" + phone_digits(value)


def check_url(value: str) -> str | None:
    if not isinstance(value, str):
        return f"ongeldig webadres {value!r}"
    parts = urlsplit(value.strip())
    if value != value.strip() or " " in value:
        return f"ongeldig webadres {value!r}: spaties"
    if parts.scheme not in ("http", "https"):
        return f"ongeldig webadres {value!r}: moet beginnen met https:// of http://"
    host = parts.hostname or ""
    if not _HOST.match(host):
        return f"ongeldig webadres {value!r}: geen geldige domeinnaam"
    return None


def check_source(value: str, example_allowed: bool) -> str | None:
    if value == EXAMPLE_SOURCE:
        if example_allowed:
            return None
        return f"bron '{EXAMPLE_SOURCE}' mag alleen in een voorbeeldgemeente (example: true)"
    problem = check_url(value)
    return f"bron: {problem}" if problem else None


def check_email(value: str) -> str | None:
    if isinstance(value, str) and _EMAIL.match(value):
        return None
    return f"ongeldig e-mailadres {value!r}"


def parse_date(value: object, today: date | None = None) -> tuple[date | None, str | None]:
    """Parse an ISO date (YYYY-MM-DD); a date in the future is refused."""
    if isinstance(value, date):
        parsed = value
    elif isinstance(value, str) and re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return None, f"ongeldige datum {value!r}: deze dag bestaat niet"
    else:
        return None, f"ongeldige datum {value!r}: schrijf JJJJ-MM-DD, bijvoorbeeld 2026-11-22"
    if parsed > (today or date.today()):
        return None, f"datum {value!r} ligt in de toekomst"
    return parsed, None


def check_gemeente_code(value: object) -> str | None:
    if isinstance(value, str) and _GEMEENTE_CODE.match(value):
        return None
    return f"ongeldige CBS-gemeentecode {value!r}: schrijf GM en vier cijfers, bijvoorbeeld GM0363"


def check_postcode(value: object) -> str | None:
    if isinstance(value, str) and _POSTCODE.match(value):
        return None
    return f"ongeldige postcode {value!r}: schrijf bijvoorbeeld 1234 AB"


def check_id(value: object) -> str | None:
    if isinstance(value, str) and _ID.match(value):
        return None
    return f"ongeldige id {value!r}: kleine letters, cijfers en '-', bijvoorbeeld 'uwv-ww'"


def slugify(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
