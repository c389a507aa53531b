"""Checks of the person's contact details, in Dutch formats.

Each function returns the value in its stored form or raises InvalidInput with a short
Dutch message that staff (or the chat) can show as it is.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal, overload

import phonenumbers

from referrals.errors import InvalidInput

MAX_NAME = 200
MAX_EMAIL = 254
WRONG_PHONE = "Dit telefoonnummer klopt niet. Bijvoorbeeld: 06-12345678 of 020-1234567"
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@"
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)


@overload
def clean_text(value: object, what: str, max_chars: int, required: Literal[True]) -> str: ...
@overload
def clean_text(value: object, what: str, max_chars: int, required: bool = False) -> str | None: ...
def clean_text(value: object, what: str, max_chars: int, required: bool = False) -> str | None:
    """A single-line or multi-line text: stripped, None when empty, length-checked."""
    if value is None:
        if required:
            raise InvalidInput(f"{what} ontbreekt")
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"{what} moet tekst zijn")
    value = value.strip()
    if not value:
        if required:
            raise InvalidInput(f"{what} ontbreekt")
        return None
    if len(value) > max_chars:
        raise InvalidInput(f"{what} is langer dan {max_chars} tekens")
    if any(unicodedata.category(c).startswith("C") and c not in "\n\t" for c in value):
        raise InvalidInput(f"{what} bevat tekens die niet mogen")
    return value


def normalise_name(value: object) -> str:
    name = clean_text(value, "De naam", MAX_NAME, required=True)
    if "\n" in name or "@" in name or any(c.isdigit() for c in name):
        raise InvalidInput("Een naam bestaat uit letters: geen cijfers, @ of regels")
    return re.sub(r"\s+", " ", name)


def normalise_phone(value: object) -> str:
    """A phone number the partner can call, stored as E.164 (+31612345678).

    Written as people write it in the Netherlands: 06-12345678, 06 1234 5678, 020-1234567,
    (020) 123 45 67, +31 6 12345678, 0031 6 12345678. A foreign number needs + or 00.
    """
    raw = clean_text(value, "Het telefoonnummer", 40, required=True)
    if not re.fullmatch(r"[0-9+() .\-/]+", raw):
        raise InvalidInput("Een telefoonnummer bestaat uit cijfers, bijvoorbeeld 06-12345678")
    try:
        number = phonenumbers.parse(raw, "NL")
    except phonenumbers.NumberParseException:
        raise InvalidInput(WRONG_PHONE) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(WRONG_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(stored: str | None) -> str | None:
    """06 12345678 for Dutch numbers, +32 ... for foreign ones."""
    if not stored:
        return stored
    try:
        number = phonenumbers.parse(stored, "NL")
    except phonenumbers.NumberParseException:
        return stored
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 31
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)


def normalise_email(value: object, what: str = "Het e-mailadres") -> str:
    """An e-mail address by its syntax (no look-up): the domain in lower case."""
    raw = clean_text(value, what, MAX_EMAIL, required=True)
    if not _EMAIL.match(raw) or ".." in raw:
        raise InvalidInput(f"{what} klopt niet. Bijvoorbeeld: naam@voorbeeld.nl")
    local, _, domain = raw.rpartition("@")
    if len(local) > 64:
        raise InvalidInput(f"{what} klopt niet. Bijvoorbeeld: naam@voorbeeld.nl")
    return f"{local}@{domain.lower()}"
