"""No 500 for anything a client sends, and the database consistent afterwards.

Generated cases (Hypothesis) against every way in of the web app: the chat, the advice
API and the staff API, with random unicode, lone surrogates, control characters, huge
numbers, deep nesting, 1 MB bodies, wrong types, HTML and script, SQL fragments. Every
answer must be 2xx or 4xx. At least MIN_CASES cases in all (counted, and checked last).

The Telegram webhook (issue 10) is the one way in still to come: when it lands, add its
cases here as `test_the_telegram_webhook_answers_everything_without_a_500` on the same
pattern (`app.request("POST", "/telegram/webhook", ...)` with generated updates, the
secret-token header right and wrong), and count them in MIN_CASES.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from referrals.models import STATUSES, URGENCIES
from tests.properties.strategies import (
    any_text,
    content_types,
    json_values,
    maybe,
    raw_bodies,
)
from tests.support.referrals import CONSENT_TEXT, suggestion

MIN_CASES = 10_000
COMMON = {
    "deadline": None,
    "database": None,  # no example database in the work tree
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
}
SEEN = {"cases": 0}


def no_500(app, method, path, **kwargs):
    status, body = app.request(method, path, **kwargs)
    SEEN["cases"] += 1
    assert status < 500, (method, path, status, body[:300], kwargs.get("data", b"")[:200])
    assert 200 <= status < 500
    return status, body


def as_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode()


plain_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
ids = st.one_of(
    st.integers(min_value=0, max_value=40).map(str),
    st.sampled_from(["0", "999999999", "1" * 9, "00001"]),
)

# ----------------------------------------------------------------------------- the chat
chat_bodies = st.one_of(
    st.fixed_dictionaries({"text": maybe(any_text)}),
    st.fixed_dictionaries({"payload": maybe(st.sampled_from(["/affirm", "/deny", "/digid"]))}),
    st.fixed_dictionaries({}, optional={"text": json_values, "payload": json_values}),
    json_values,
)


@settings(max_examples=3000, **COMMON)
@given(body=chat_bodies, origin=st.sampled_from([None, "same", "https://kwaad.example"]))
def test_the_chat_answers_every_message_without_a_500(app, body, origin):
    if SEEN.get("chat_page") is None:
        app.request("GET", "/")
        SEEN["chat_page"] = 1
    headers = {"Content-Type": "application/json"}
    if origin == "same":
        headers["Origin"] = str(app.client.make_url("")).rstrip("/")
    elif origin:
        headers["Origin"] = origin
    no_500(app, "POST", "/chat/message", data=as_json(body), headers=headers)


@settings(max_examples=1200, **COMMON)
@given(
    raw=raw_bodies,
    content_type=content_types,
    path=st.sampled_from(
        [
            "/chat/message",
            "/chat/start",
            "/api/advice",
            "/api/referrals",
            "/api/referrals/1/status",
            "/api/referrals/1/send",
            "/api/referrals/1/consent",
        ]
    ),
)
def test_raw_bodies_of_any_kind_never_give_a_500(app, raw, content_type, path):
    headers = {**app.auth, "Content-Type": content_type} if content_type else dict(app.auth)
    no_500(app, "POST", path, data=raw, headers=headers)


# ----------------------------------------------------------------------------- advice API
advice_bodies = st.one_of(
    st.fixed_dictionaries(
        {"text": maybe(st.one_of(any_text, st.sampled_from(["digid kwijt", "toeslag", "schuld"])))},
        optional={
            "gemeente": maybe(
                st.one_of(
                    any_text,
                    st.sampled_from(["Voorbeeldstad", "GM9991", "Oefenwaard", "voorbeeldstad "]),
                )
            )
        },
    ),
    json_values,
)


@settings(max_examples=2500, **COMMON)
@given(body=advice_bodies, token=st.sampled_from(["good", "good", "good", "wrong", "none"]))
def test_the_advice_api_answers_every_question_without_a_500(app, body, token):
    headers = {"Content-Type": "application/json"}
    if token == "good":
        headers.update(app.auth)
    elif token == "wrong":
        headers["Authorization"] = "Bearer niet-goed"
    status, answer = no_500(app, "POST", "/api/advice", data=as_json(body), headers=headers)
    if status == 200:
        SEEN["advice_ok"] = SEEN.get("advice_ok", 0) + 1
        assert "suggestions" in json.loads(answer)


# ----------------------------------------------------------------------------- staff API
themes = st.lists(st.sampled_from(["legal_advice", "debts", "digid", "x", "Legal"]), max_size=3)
dates = st.sampled_from(["2026-12-01", "2026-02-30", "gisteren", "", "2026-11-23T10:00:00Z"])
consents = st.fixed_dictionaries(
    {"text": maybe(st.just(CONSENT_TEXT)), "answer": maybe(st.booleans())},
    optional={"at": maybe(dates)},
)
people = st.fixed_dictionaries(
    {"name": maybe(st.sampled_from(["Anna de Vries", "Jan", "", "Anna\x00", "06-12345678"]))},
    optional={
        "phone": maybe(st.sampled_from(["06-12345678", "+32 470 12 34 56", "12", "0000"])),
        "email": maybe(st.sampled_from(["anna@voorbeeld.nl", "a@b", "x" * 300])),
        "preferred_contact_time": maybe(any_text),
    },
)
suggestions = st.one_of(
    st.builds(
        suggestion,
        organisation=maybe(st.sampled_from(["Het Juridisch Loket", "UWV", ""])),
        kind=maybe(st.sampled_from(["advice_partner", "public_service", "bank"])),
    ),
    st.just(suggestion()),
    json_values,
)
referral_bodies = st.fixed_dictionaries(
    {"suggestion": suggestions},
    optional={
        "consent": maybe(consents),
        "person": maybe(people),
        "question": maybe(any_text),
        "summary": maybe(any_text),
        "already_tried": maybe(any_text),
        "themes": maybe(themes),
        "urgency": maybe(st.sampled_from([*URGENCIES, "heel erg"])),
        "deadline": maybe(dates),
        "follow_up_on": maybe(dates),
        "documents": maybe(st.lists(any_text, max_size=3)),
        "ido_location": maybe(st.fixed_dictionaries({"id": any_text, "name": any_text})),
        "channel": maybe(st.sampled_from(["staff", "web_chat", "telegram", "fax"])),
        "staff_member": maybe(any_text),
    },
)


@settings(max_examples=1800, **COMMON)
@given(body=referral_bodies)
def test_creating_referrals_never_gives_a_500(app, body):
    status, _ = no_500(
        app,
        "POST",
        "/api/referrals",
        data=as_json(body),
        headers={**app.auth, "Content-Type": "application/json"},
    )
    if status == 201:
        SEEN["created"] = SEEN.get("created", 0) + 1


staff_actions = st.one_of(
    st.tuples(
        st.just("status"),
        st.fixed_dictionaries(
            {"status": maybe(st.sampled_from([*STATUSES, "klaar"]))},
            optional={"note": maybe(any_text)},
        ),
    ),
    st.tuples(
        st.just("consent"),
        st.one_of(
            consents.map(
                lambda c: {**c, "person": {"name": "Anna de Vries", "phone": "06-12345678"}}
            ),
            json_values,
        ),
    ),
    st.tuples(
        st.just("send"),
        st.fixed_dictionaries(
            {},
            optional={
                "to": maybe(st.sampled_from(["partner@voorbeeld.nl", "geen adres"])),
                "note": maybe(any_text),
            },
        ),
    ),
    st.tuples(st.sampled_from(["", "handover.html", "handover.txt", "export"]), st.none()),
    st.tuples(st.just("erase"), st.none()),
)


@settings(max_examples=1200, **COMMON)
@given(referral=ids, action=staff_actions)
def test_every_staff_action_on_any_referral_never_gives_a_500(app, referral, action):
    name, body = action
    path = f"/api/referrals/{referral}" + (f"/{name}" if name else "")
    method = "GET" if name in ("", "handover.html", "handover.txt", "export") else "POST"
    kwargs = {"headers": {**app.auth, "Content-Type": "application/json"}}
    if body is not None:
        kwargs["data"] = as_json(body)
    no_500(app, method, path, **kwargs)


queries = st.dictionaries(
    st.sampled_from(
        ["status", "theme", "organisation", "limit", "from", "to", "location", "channel", "x"]
    ),
    st.one_of(plain_text, st.sampled_from(["%", "_", "%25", "9" * 5000, "-1", "2026-13-01"])),
    max_size=4,
)


@settings(max_examples=1000, **COMMON)
@given(query=queries, path=st.sampled_from(["/api/referrals", "/api/registrations.csv"]))
def test_every_list_and_export_query_never_gives_a_500(app, query, path):
    encoded = "&".join(f"{quote(k)}={quote(v)}" for k, v in query.items())
    no_500(app, "GET", f"{path}?{encoded}", headers=app.auth)


@settings(max_examples=300, **COMMON)
@given(
    path=st.one_of(
        plain_text.map(lambda t: "/" + quote(t, safe="")),
        st.sampled_from(
            [
                "/api/referrals/%ED%A0%80",
                "/chat/%00",
                "/static/../../etc/passwd",
                "/api/referrals/1/status?x=%ED%A0%80",
                "/%",
                "/api/referrals/" + "9" * 50,
            ]
        ),
    ),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
)
def test_any_address_and_method_never_gives_a_500(app, path, method):
    no_500(app, method, path, headers=app.auth)


# ----------------------------------------------------------------------------- afterwards
def test_enough_cases_ran_and_the_database_is_consistent(app):
    assert SEEN["cases"] >= MIN_CASES, SEEN
    assert all(status < 500 for _, status in app.statuses)
    with app.factory() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert session.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        referrals = session.execute(text("select count(*) from referrals")).scalar()
        assert referrals == SEEN.get("created", 0)
        without_created_event = session.execute(
            text(
                "select count(*) from referrals r where not exists (select 1 from referral_events e"
                " where e.referral_id = r.id and e.action = 'created')"
            )
        ).scalar()
        assert without_created_event == 0
        personal_without_consent = session.execute(
            text(
                "select count(*) from referrals where (person_name is not null or person_phone is"
                " not null or person_email is not null) and coalesce(consent_given, 0) != 1"
            )
        ).scalar()
        assert personal_without_consent == 0
        registrations = session.execute(text("select count(*) from question_registrations"))
        assert registrations.scalar() == SEEN.get("advice_ok", 0)
        tokens = session.execute(text("select count(*) from api_tokens where revoked_at is null"))
        assert tokens.scalar() == 1
    print(
        f"\n[properties] {SEEN['cases']} generated cases, {referrals} referrals, "
        f"{SEEN.get('advice_ok', 0)} answered questions; no 500"
    )
