"""The anonymous registration of questions for the gemeente, and its counts and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from sqlalchemy import select

from registration.models import QuestionRegistration
from registration.service import (
    RegistrationError,
    count_questions,
    duration_bucket,
    questions_from_advice,
    register_advice,
    register_question,
    registrations_csv,
)


def test_a_registration_holds_only_the_fields_of_the_ido_form(session):
    row = register_question(
        session,
        channel="web_chat",
        outcome="referral",
        partner_kind="advice_partner",
        theme="debts",
        organisation_id="schuldhulp-voorbeeldstad",
        organisation_name="Schuldhulp Voorbeeldstad",
        ido_location_id="bibliotheek-centrum",
        duration_seconds=12 * 60 + 20,
        on=date(2026, 11, 23),
    )
    session.flush()
    columns = set(QuestionRegistration.__table__.columns.keys())
    assert columns == {
        "id",
        "day",
        "month",
        "channel",
        "ido_location_id",
        "theme",
        "organisation_id",
        "organisation_name",
        "outcome",
        "partner_kind",
        "duration",
    }
    assert (row.day, row.month, row.duration) == (date(2026, 11, 23), "2026-11", "5-15")


def test_ids_are_random_so_their_order_says_nothing_about_conversations(session):
    ids = [register_question(session, channel="staff", outcome="information").id for _ in range(20)]
    session.flush()
    assert len(set(ids)) == 20 and ids != sorted(ids)


def test_only_the_day_is_kept_and_it_is_the_day_in_the_netherlands(session):
    row = register_question(
        session,
        channel="staff",
        outcome="information",
        on=datetime.fromisoformat("2026-12-31T23:30:00+00:00"),
    )
    assert row.day == date(2027, 1, 1) and row.month == "2027-01"


@pytest.mark.parametrize(
    "seconds, bucket",
    [
        (None, None),
        (0, "0-5"),
        (269, "0-5"),
        (271, "5-15"),
        (14 * 60, "5-15"),
        (15 * 60, "15-30"),
        (45 * 60, "30-60"),
        (3 * 3600, "60+"),
    ],
)
def test_the_duration_is_kept_in_buckets_of_whole_minutes(seconds, bucket):
    assert duration_bucket(seconds) == bucket


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"channel": "balie", "outcome": "information"}, "unknown channel"),
        ({"channel": "staff", "outcome": "geholpen"}, "unknown outcome"),
        ({"channel": "staff", "outcome": "referral"}, "kind of partner"),
        ({"channel": "staff", "outcome": "information", "partner_kind": "ido"}, "only registered"),
        ({"channel": "staff", "outcome": "information", "theme": "Mijn vraag over geld"}, "theme"),
        ({"channel": "staff", "outcome": "information", "duration_seconds": -1}, "negative"),
    ],
)
def test_values_outside_the_form_are_refused(session, kwargs, message):
    with pytest.raises(RegistrationError, match=message):
        register_question(session, **kwargs)


def advice(**overrides):
    value = {
        "themes": [
            {"name": "debts", "label": "Schulden", "confidence": 0.8},
            {"name": "allowances", "label": "Toeslagen", "confidence": 0.4},
        ],
        "clarify": False,
        "out_of_scope": False,
        "crisis": False,
        "suggestions": [
            {
                "kind": "public_service",
                "organisation": "Gemeente Voorbeeldstad",
                "organisation_id": "gemeente-voorbeeldstad",
                "theme": "debts",
            },
            {
                "kind": "public_service",
                "organisation": "Dienst Toeslagen",
                "organisation_id": "toeslagen",
                "theme": "allowances",
            },
            {
                "kind": "advice_partner",
                "organisation": "Geldfit",
                "organisation_id": "geldfit",
                "theme": "debts",
            },
            {"kind": "ido", "organisation": "Bibliotheek", "theme": "ido_info"},
        ],
    }
    value.update(overrides)
    return value


def test_each_need_of_an_advice_is_a_question_of_its_own():
    assert questions_from_advice(advice()) == [
        {
            "theme": "debts",
            "outcome": "information",
            "organisation_id": "gemeente-voorbeeldstad",
            "organisation_name": "Gemeente Voorbeeldstad",
        },
        {
            "theme": "allowances",
            "outcome": "information",
            "organisation_id": "toeslagen",
            "organisation_name": "Dienst Toeslagen",
        },
    ]


def test_a_referral_registers_the_partner_and_its_kind():
    referred = advice()["suggestions"][2]
    first = questions_from_advice(advice(), referred=referred)[0]
    assert first == {
        "theme": "debts",
        "outcome": "referral",
        "partner_kind": "advice_partner",
        "organisation_id": "geldfit",
        "organisation_name": "Geldfit",
    }
    course = {
        "kind": "course",
        "organisation": "Bibliotheek",
        "organisation_id": "bieb",
        "theme": "digital_skills",
    }
    assert questions_from_advice(advice(), referred=course)[0]["outcome"] == "course"


@pytest.mark.parametrize(
    "overrides, expected",
    [
        (
            {
                "crisis": True,
                "themes": [{"name": "crisis"}],
                "suggestions": [
                    {
                        "kind": "crisis_line",
                        "organisation": "113",
                        "organisation_id": "113",
                        "theme": "crisis",
                    }
                ],
            },
            [
                {
                    "theme": "crisis",
                    "outcome": "crisis",
                    "organisation_id": "113",
                    "organisation_name": "113",
                }
            ],
        ),
        (
            {"out_of_scope": True, "themes": []},
            [
                {
                    "theme": None,
                    "outcome": "out_of_scope",
                    "organisation_id": None,
                    "organisation_name": None,
                }
            ],
        ),
        (
            {"themes": [], "clarify": True},
            [
                {
                    "theme": None,
                    "outcome": "unresolved",
                    "organisation_id": None,
                    "organisation_name": None,
                }
            ],
        ),
    ],
)
def test_crisis_out_of_scope_and_unresolved(overrides, expected):
    assert questions_from_advice(advice(**overrides)) == expected


def test_when_the_advice_asks_which_theme_only_the_first_counts():
    assert len(questions_from_advice(advice(clarify=True))) == 1


def seed(session):
    for on, location, theme, outcome, kind in [
        (date(2026, 10, 5), "centrum", "debts", "referral", "advice_partner"),
        (date(2026, 10, 6), "centrum", "debts", "referral", "advice_partner"),
        (date(2026, 10, 6), "centrum", "digid", "information", None),
        (date(2026, 11, 2), "noord", "debts", "referral", "advice_partner"),
        (date(2026, 11, 3), None, "digid", "information", None),
    ]:
        register_question(
            session,
            channel="staff" if location else "web_chat",
            outcome=outcome,
            partner_kind=kind,
            theme=theme,
            ido_location_id=location,
            on=on,
            organisation_id="geldfit" if kind else "logius",
            organisation_name="Geldfit" if kind else "Logius",
        )
    session.flush()


def test_counts_per_month_location_theme_organisation_and_outcome(session):
    seed(session)
    rows = count_questions(session, by=("month", "location", "theme", "outcome"))
    assert {
        (r["month"], r["ido_location_id"], r["theme"], r["outcome"]): r["count"] for r in rows
    } == {
        ("2026-10", "centrum", "debts", "referral"): 2,
        ("2026-10", "centrum", "digid", "information"): 1,
        ("2026-11", "noord", "debts", "referral"): 1,
        ("2026-11", None, "digid", "information"): 1,
    }
    assert count_questions(session, by=("organisation",)) == [
        {"organisation_id": "geldfit", "organisation_name": "Geldfit", "count": 3},
        {"organisation_id": "logius", "organisation_name": "Logius", "count": 2},
    ]
    assert count_questions(session, by=()) == [{"count": 5}]


def test_counts_can_be_filtered_by_period_location_and_channel(session):
    seed(session)
    assert count_questions(session, by=("month",), date_from=date(2026, 11, 1)) == [
        {"month": "2026-11", "count": 2}
    ]
    assert count_questions(session, by=(), date_to=date(2026, 10, 5)) == [{"count": 1}]
    assert count_questions(session, by=(), ido_location_id="centrum") == [{"count": 3}]
    assert count_questions(session, by=(), channel="web_chat") == [{"count": 1}]
    with pytest.raises(RegistrationError, match="unknown dimension"):
        count_questions(session, by=("person",))


def test_the_csv_export_has_dutch_headers_and_labels(session):
    seed(session)
    text = registrations_csv(session)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "maand",
        "ido_locatie",
        "kanaal",
        "kanaal_naam",
        "thema",
        "thema_naam",
        "organisatie_id",
        "organisatie",
        "uitkomst",
        "uitkomst_naam",
        "soort_partner",
        "aantal",
    ]
    assert [
        "2026-10",
        "centrum",
        "staff",
        "balie",
        "debts",
        "debts",
        "geldfit",
        "Geldfit",
        "referral",
        "doorverwezen",
        "advice_partner",
        "2",
    ] in rows
    assert sum(int(r[-1]) for r in rows[1:]) == 5


def test_register_advice_writes_one_row_per_question(session):
    rows = register_advice(
        session, advice(), channel="telegram", duration_seconds=600, on=date(2026, 11, 23)
    )
    session.flush()
    stored = session.execute(select(QuestionRegistration)).scalars().all()
    assert len(rows) == len(stored) == 2
    assert {r.theme for r in stored} == {"debts", "allowances"}
    assert all(r.channel == "telegram" and r.duration == "5-15" for r in stored)
