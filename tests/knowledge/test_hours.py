"""Opening hours as today's status in Dutch, in Europe/Amsterdam time."""

from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from knowledge.hours import describe, parse_days, parse_description, status
from knowledge.records import OpeningRule, Schedule

WEEKDAYS = (0, 1, 2, 3, 4)
OFFICE = Schedule(
    rules=(OpeningRule(WEEKDAYS, time(9), time(17)), OpeningRule((5,), time(10), time(12, 30)))
)
SPLIT = Schedule(
    rules=(OpeningRule((0,), time(9), time(12)), OpeningRule((0,), time(13), time(17)))
)


@pytest.mark.parametrize(
    "moment, expected",
    [
        (datetime(2026, 11, 23, 10, 0), (True, "nu open tot 17:00")),  # Monday morning
        (datetime(2026, 11, 23, 8, 59), (False, "nu gesloten; vandaag open vanaf 09:00")),
        (datetime(2026, 11, 23, 17, 0), (False, "nu gesloten; morgen open vanaf 09:00")),
        (datetime(2026, 11, 27, 18, 0), (False, "nu gesloten; morgen open vanaf 10:00")),  # Friday
        (
            datetime(2026, 11, 28, 12, 30),
            (False, "nu gesloten; maandag open vanaf 09:00"),
        ),  # Saturday
        (datetime(2026, 11, 29, 11, 0), (False, "nu gesloten; morgen open vanaf 09:00")),  # Sunday
    ],
)
def test_status_of_office_hours(moment, expected):
    assert status(OFFICE, moment) == expected


def test_a_lunch_break_is_respected():
    assert status(SPLIT, datetime(2026, 11, 23, 11, 0)) == (True, "nu open tot 12:00")
    assert status(SPLIT, datetime(2026, 11, 23, 12, 15)) == (
        False,
        "nu gesloten; vandaag open vanaf 13:00",
    )


def test_always_open_and_unknown_hours():
    assert status(Schedule(always_open=True), datetime(2026, 11, 23, 3, 0)) == (
        True,
        "dag en nacht bereikbaar",
    )
    assert status(None, datetime(2026, 11, 23, 3, 0)) == (None, None)


def test_aware_times_are_converted_to_amsterdam_time():
    # 08:30 UTC in winter is 09:30 in Amsterdam; 07:30 UTC in summer is 09:30 as well.
    assert status(OFFICE, datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)) == (
        True,
        "nu open tot 17:00",
    )
    assert status(OFFICE, datetime(2026, 6, 22, 7, 30, tzinfo=timezone.utc)) == (
        True,
        "nu open tot 17:00",
    )
    assert status(OFFICE, datetime(2026, 6, 22, 6, 30, tzinfo=timezone.utc))[0] is False


def test_days_are_read_as_lists_and_ranges():
    assert parse_days("MO-FR") == (WEEKDAYS, None)
    assert parse_days("MO,WE,FR") == ((0, 2, 4), None)
    assert parse_days("FR-MO")[1] is not None
    assert parse_days("MO,MO")[1] == "dag dubbel genoemd in 'MO,MO'"


def test_the_dutch_description_reads_back_the_same():
    text = describe(OFFICE)
    assert text == "ma-vr 09:00-17:00; za 10:00-12:30"
    schedule, problems = parse_description(text)
    assert problems == [] and schedule == OFFICE
    assert parse_description("24/7") == (Schedule(always_open=True), [])
    assert parse_description("ma-vr 17:00-09:00")[1] == [
        "sluitingstijd voor openingstijd in 'ma-vr 17:00-09:00'"
    ]
