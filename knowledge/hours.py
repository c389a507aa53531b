"""Opening hours: RFC 5545-like rules (byday, opens_at, closes_at) and today's status in Dutch.

Times are wall-clock times in Europe/Amsterdam. Public holidays are not modelled: on a
holiday the status may say "open" while the desk is closed (the files can say so in a
note). A rule never crosses midnight; write two rules for that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from knowledge.records import OpeningRule, Schedule

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DUTCH_DAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
DUTCH_DAY_NAMES = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
ALWAYS = "24/7"
_TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$|^24:00$")


def parse_time(text: object) -> tuple[time | None, str | None]:
    if not isinstance(text, str) or not _TIME.match(text):
        return None, f'ongeldige tijd {text!r}: schrijf UU:MM, bijvoorbeeld "09:00"'
    if text == "24:00":
        return time(23, 59, 59), None
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes)), None


def format_time(value: time) -> str:
    if value == time(23, 59, 59):
        return "24:00"
    return value.strftime("%H:%M")


def parse_days(
    text: object, codes: Sequence[str] = DAY_CODES
) -> tuple[tuple[int, ...], str | None]:
    """'MO,TU,WE' or ranges 'MO-FR' (or the Dutch 'ma-vr') -> weekday numbers (0 = Monday)."""
    if not isinstance(text, str) or not text.strip():
        return (), f"ongeldige dagen {text!r}: schrijf bijvoorbeeld MO-FR of MO,WE,FR"
    days: list[int] = []
    for part in text.replace(" ", "").split(","):
        ends = part.split("-")
        try:
            numbers = [
                codes.index(end.upper() if codes is DAY_CODES else end.lower()) for end in ends
            ]
        except ValueError:
            return (), f"ongeldige dag in {text!r}: gebruik {', '.join(codes)}"
        if len(numbers) == 1:
            days.append(numbers[0])
        elif len(numbers) == 2 and numbers[0] < numbers[1]:
            days.extend(range(numbers[0], numbers[1] + 1))
        else:
            return (), f"ongeldige dagenreeks {part!r} in {text!r}"
    if len(set(days)) != len(days):
        return (), f"dag dubbel genoemd in {text!r}"
    return tuple(sorted(days)), None


def format_days(days: Sequence[int], codes: Sequence[str] = DAY_CODES) -> str:
    """Canonical form: runs of two or more days as a range ('MO-FR'), others by comma."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(codes[r[0]] if len(r) == 1 else f"{codes[r[0]]}-{codes[r[-1]]}" for r in runs)


def rules_on(schedule: Schedule, weekday: int) -> list[OpeningRule]:
    return sorted((r for r in schedule.rules if weekday in r.days), key=lambda r: r.opens)


def local_now(now: datetime | None) -> datetime:
    """A naive `now` is taken as Amsterdam wall-clock time; an aware one is converted."""
    if now is None:
        return datetime.now(AMSTERDAM)
    if now.tzinfo is None:
        return now.replace(tzinfo=AMSTERDAM)
    return now.astimezone(AMSTERDAM)


def status(
    schedule: Schedule | None, now: datetime | None = None
) -> tuple[bool | None, str | None]:
    """(open now?, Dutch text) such as (True, "nu open tot 17:00").

    (None, None) when the hours are unknown.
    """
    if schedule is None:
        return None, None
    if schedule.always_open:
        return True, "dag en nacht bereikbaar"
    moment = local_now(now)
    clock = moment.time().replace(tzinfo=None)
    for rule in rules_on(schedule, moment.weekday()):
        if rule.opens <= clock < rule.closes:
            return True, f"nu open tot {format_time(rule.closes)}"
    for offset in range(0, 8):
        day = moment.date() + timedelta(days=offset)
        for rule in rules_on(schedule, day.weekday()):
            if offset == 0 and rule.opens <= clock:
                continue
            when = (
                "vandaag"
                if offset == 0
                else "morgen"
                if offset == 1
                else DUTCH_DAY_NAMES[day.weekday()]
            )
            return False, f"nu gesloten; {when} open vanaf {format_time(rule.opens)}"
    return False, "nu gesloten"


def describe(schedule: Schedule | None) -> str | None:
    """All opening hours in short Dutch: 'ma-vr 09:00-17:00; za 10:00-12:00'."""
    if schedule is None:
        return None
    if schedule.always_open:
        return ALWAYS
    return "; ".join(
        f"{format_days(r.days, DUTCH_DAYS)} {format_time(r.opens)}-{format_time(r.closes)}"
        for r in schedule.rules
    )


def parse_description(text: str) -> tuple[Schedule | None, list[str]]:
    """The inverse of describe(), for the CSV column 'openingstijden'."""
    text = (text or "").strip()
    if not text:
        return None, []
    if text == ALWAYS:
        return Schedule(always_open=True), []
    rules: list[OpeningRule] = []
    problems: list[str] = []
    for part in text.split(";"):
        match = re.match(r"^\s*(\S+)\s+(\S+)-(\S+)\s*$", part)
        if not match:
            problems.append(
                f"openingstijden {part.strip()!r}: schrijf bijvoorbeeld 'ma-vr 09:00-17:00'"
            )
            continue
        days, problem = parse_days(match.group(1), DUTCH_DAYS)
        opens, problem_open = parse_time(match.group(2))
        closes, problem_close = parse_time(match.group(3))
        found = [p for p in (problem, problem_open, problem_close) if p]
        if not found and opens is not None and closes is not None:
            if closes <= opens:
                found.append(f"sluitingstijd voor openingstijd in {part.strip()!r}")
            else:
                rules.append(OpeningRule(days=days, opens=opens, closes=closes))
        problems.extend(found)
    return (Schedule(rules=tuple(rules)) if not problems else None), problems
