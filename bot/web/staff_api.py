"""The staff API for warm referrals and the registration export.

Bearer tokens with scopes (accounts.access): referrals:read to list and read,
referrals:write to create and change, personal-data to export and erase, registrations
for the CSV. A token reaches only the referrals of its IDO location; the id in the URL
is the referral's random public id, and a referral of another location answers 404
exactly like an unknown one. The audit log records the token's owner.

Every request runs its database work in one transaction off the event loop, so a failure
part way leaves nothing half-written. Errors are JSON: 400 bad input, 401 no valid token,
403 a scope the token lacks, 404 unknown referral, 409 not allowed in this state (status,
consent); never 500 for anything a client can cause. Responses with personal data are
not cached (no-store).

    POST /api/referrals                        create from an advice suggestion
    GET  /api/referrals?status=&theme=&organisation=   list (no personal data)
    GET  /api/referrals/{id}                   read one (logged when it holds personal data)
    POST /api/referrals/{id}/consent           consent (and the person's details) afterwards
    POST /api/referrals/{id}/status            change status {"status", "note"}
    GET  /api/referrals/{id}/handover.html     overdrachtsformulier, printable (logged)
    GET  /api/referrals/{id}/handover.txt      the same as plain text (logged)
    POST /api/referrals/{id}/send              hand over and e-mail the note {"to"?}
    GET  /api/referrals/{id}/export            the person's data as JSON (logged)
    POST /api/referrals/{id}/erase             erase the person's data (logged)
    GET  /api/registrations.csv?from=&to=&channel=

POST /api/referrals takes: suggestion (an entry of the advice's "suggestions", required),
question, summary, themes (ids or the advice's theme entries; default the suggestion's
theme), urgency (normaal|dringend|spoed), deadline and follow_up_on (YYYY-MM-DD),
already_tried, documents (list), staff_member (default: the token's owner), channel
(staff|web_chat|telegram, default staff), consent {text, answer, at (ISO 8601; without
an offset it is UTC; default now)} and person {name, phone, email,
preferred_contact_time}, accepted only with consent.answer true. The referral belongs to
the token's location. Without a yes the answer holds "self_help": the partner's contact
details for the person to go themselves. "to" of /send must be an address of the
organisation in the knowledge data (or in HANDOVER_ALLOWLIST).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.access import (
    PERSONAL_DATA,
    REFERRALS_READ,
    REFERRALS_WRITE,
    REGISTRATIONS,
    Principal,
)
from bot.web.api import read_json_object
from bot.web.auth import api
from bot.web.errors import json_error
from bot.web.keys import SESSIONS, SETTINGS
from bot.web.work import in_transaction
from database import utcnow
from referrals import mail, service
from referrals.errors import ConsentMissing, InvalidInput, InvalidTransition, ReferralNotFound
from referrals.handover import css_hash, handover_note, render_html, render_text
from referrals.models import PENDING, PUBLIC_ID_PATTERN, SENT, Referral
from registration.service import RegistrationError, registrations_csv

log = logging.getLogger("wegwijzer.web.staff")
routes = web.RouteTableDef()
NO_STORE = {"Cache-Control": "no-store"}
ID = "{id:" + PUBLIC_ID_PATTERN + "}"
_CLOCK_SKEW = timedelta(minutes=5)
STATUS_FOR = (
    (InvalidInput, 400),
    (RegistrationError, 400),
    (ReferralNotFound, 404),
    (InvalidTransition, 409),
    (ConsentMissing, 409),
)

StaffHandler = Callable[[web.Request, Principal], Awaitable[web.StreamResponse]]


def staff(scope: str) -> Callable[[StaffHandler], Handler]:
    """A token with `scope`; domain errors become JSON 400/404/409."""

    def decorate(handler: StaffHandler) -> Handler:
        @functools.wraps(handler)
        async def guarded(request: web.Request, principal: Principal) -> web.StreamResponse:
            try:
                return await handler(request, principal)
            except tuple(cls for cls, _ in STATUS_FOR) as exc:
                status = next(code for cls, code in STATUS_FOR if isinstance(exc, cls))
                return json_error(status, str(exc))
            except IntegrityError:
                log.exception("integrity error on %s %s", request.method, request.path)
                return json_error(
                    409, "Dit botst met wat er al is opgeslagen; er is niets gewijzigd"
                )

        return api(scope)(guarded)

    return decorate


def _mine(session: Session, request: web.Request, principal: Principal) -> Referral:
    """The referral of the URL, when it belongs to the principal's locations (else 404)."""
    return service.find_referral(session, request.match_info["id"], principal.locations)


# ------------------------------------------------------------------------- input
def _optional_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"'{key}' moet tekst zijn")
    return value


def _day(body: dict[str, Any], key: str) -> date | None:
    value = body.get(key)
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"'{key}' moet een datum zijn als JJJJ-MM-DD, bijvoorbeeld 2026-12-01"
        ) from None


def _moment(value: Any, key: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        raise InvalidInput(f"'{key}' moet een tijdstip zijn (ISO 8601)") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    if moment > utcnow() + _CLOCK_SKEW:
        raise InvalidInput(f"'{key}' ligt in de toekomst")
    return moment.replace(microsecond=0)


def _consent(value: Any) -> service.Consent | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidInput('\'consent\' moet een object zijn: {"text", "answer", "at"}')
    text, answer = value.get("text"), value.get("answer")
    if not isinstance(text, str) or not text.strip():
        raise InvalidInput("'consent.text' is de precieze toestemmingsvraag die getoond is")
    if not isinstance(answer, bool):
        raise InvalidInput("'consent.answer' is true (ja) of false (nee)")
    return service.Consent(text=text, answer=answer, at=_moment(value.get("at"), "consent.at"))


def _person(value: Any, consent: service.Consent | None) -> service.Person | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidInput(
            '\'person\' moet een object zijn: {"name", "phone", "email", "preferred_contact_time"}'
        )
    if consent is None or consent.answer is not True:
        raise InvalidInput(
            "Zonder toestemming ('consent.answer': true) slaan we geen naam of "
            "contactgegevens op. Geef de persoon de contactgegevens mee."
        )
    fields: dict[str, Any] = {
        k: value.get(k) for k in ("name", "phone", "email", "preferred_contact_time")
    }
    for key, item in fields.items():
        if item is not None and not isinstance(item, str):
            raise InvalidInput(f"'person.{key}' moet tekst zijn")
    return service.Person(**fields)


def _list_of(body: dict[str, Any], key: str) -> list[Any]:
    value = body.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(f"'{key}' moet een lijst zijn")
    return value


# ------------------------------------------------------------------------- referrals
@routes.post("/api/referrals")
@staff(REFERRALS_WRITE)
async def create(request: web.Request, principal: Principal) -> web.Response:
    body = await read_json_object(request)
    suggestion = body.get("suggestion")
    if not isinstance(suggestion, dict):
        raise InvalidInput(
            "'suggestion' is verplicht: een suggestie uit het advies (POST /api/advice)"
        )
    consent = _consent(body.get("consent"))
    person = _person(body.get("person"), consent)
    themes = _list_of(body, "themes") or (
        [suggestion["theme"]] if isinstance(suggestion.get("theme"), str) else []
    )
    location = body.get("ido_location") or {}
    if not isinstance(location, dict):
        raise InvalidInput('\'ido_location\' moet een object zijn: {"id", "name"}')
    owner = sorted(principal.locations)[0]
    if location.get("id") not in (None, owner):
        raise InvalidInput(f"'ido_location' van deze token is {owner!r}; een andere kan niet")
    channel = body.get("channel") or "staff"
    question = _optional_str(body, "question")
    summary = _optional_str(body, "summary")
    urgency = body.get("urgency") or "normaal"
    deadline = _day(body, "deadline")
    already_tried = _optional_str(body, "already_tried")
    documents = _list_of(body, "documents")
    staff_member = _optional_str(body, "staff_member") or principal.actor
    follow_up_on = _day(body, "follow_up_on")
    if not isinstance(channel, str) or not isinstance(urgency, str):
        raise InvalidInput("'channel' en 'urgency' zijn tekst")

    def work(session: Session) -> dict[str, Any]:
        referral = service.create_referral(
            session,
            suggestion=suggestion,
            channel=channel,
            by=principal.actor,
            question=question,
            summary=summary,
            themes=themes,
            urgency=urgency,
            deadline=deadline,
            already_tried=already_tried,
            documents=documents,
            ido_location_id=owner,
            ido_location_name=None,
            staff_member=staff_member,
            follow_up_on=follow_up_on,
            consent=consent,
            person=person,
        )
        answer: dict[str, Any] = {"referral": service.full_view(referral)}
        if referral.consent_given is not True:
            answer["self_help"] = service.self_help(referral)
        return answer

    return web.json_response(await in_transaction(request, work), status=201, headers=NO_STORE)


@routes.get("/api/referrals")
@staff(REFERRALS_READ)
async def list_(request: web.Request, principal: Principal) -> web.Response:
    query = request.query
    try:
        limit = min(max(int(query.get("limit", "200")), 1), 1000)
    except ValueError:
        raise InvalidInput("'limit' is een getal") from None

    def work(session: Session) -> dict[str, Any]:
        found = service.list_referrals(
            session,
            status=query.get("status") or None,
            theme=query.get("theme") or None,
            organisation=query.get("organisation") or None,
            limit=limit,
            locations=principal.locations,
        )
        return {"referrals": [service.summary_view(r) for r in found]}

    return web.json_response(await in_transaction(request, work))


@routes.get(f"/api/referrals/{ID}")
@staff(REFERRALS_READ)
async def read(request: web.Request, principal: Principal) -> web.Response:
    def work(session: Session) -> dict[str, Any]:
        referral = service.read_referral(
            session, _mine(session, request, principal).id, principal.actor
        )
        return {"referral": service.full_view(referral), "history": service.history(referral)}

    return web.json_response(await in_transaction(request, work), headers=NO_STORE)


@routes.post(f"/api/referrals/{ID}/consent")
@staff(REFERRALS_WRITE)
async def consent(request: web.Request, principal: Principal) -> web.Response:
    body = await read_json_object(request)
    given = _consent(body)
    if given is None:
        raise InvalidInput("De toestemming ontbreekt")
    person = _person(body.get("person"), given)

    def work(session: Session) -> dict[str, Any]:
        referral = service.give_consent(
            session, _mine(session, request, principal).id, given, principal.actor, person
        )
        answer: dict[str, Any] = {"referral": service.full_view(referral)}
        if referral.consent_given is not True:
            answer["self_help"] = service.self_help(referral)
        return answer

    return web.json_response(await in_transaction(request, work), headers=NO_STORE)


@routes.post(f"/api/referrals/{ID}/status")
@staff(REFERRALS_WRITE)
async def status(request: web.Request, principal: Principal) -> web.Response:
    body = await read_json_object(request)
    to = body.get("status")
    if not isinstance(to, str) or not to:
        raise InvalidInput(
            "'status' is verplicht: in_behandeling, doorverwezen, afgerond of geannuleerd"
        )
    note = _optional_str(body, "note")

    def work(session: Session) -> dict[str, Any]:
        referral = service.change_status(
            session, _mine(session, request, principal).id, to, principal.actor, note
        )
        return {"referral": service.summary_view(referral)}

    return web.json_response(await in_transaction(request, work))


@routes.get(f"/api/referrals/{ID}/handover.html")
@staff(REFERRALS_READ)
async def handover_html(request: web.Request, principal: Principal) -> web.Response:
    def work(session: Session) -> str:
        referral = service.read_referral(
            session, _mine(session, request, principal).id, principal.actor, "overdrachtsformulier"
        )
        return render_html(handover_note(referral))

    html = await in_transaction(request, work)
    return web.Response(
        text=html,
        content_type="text/html",
        headers={
            **NO_STORE,
            "Content-Security-Policy": (
                f"default-src 'none'; style-src '{css_hash()}'; "
                "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
            ),
        },
    )


@routes.get(f"/api/referrals/{ID}/handover.txt")
@staff(REFERRALS_READ)
async def handover_txt(request: web.Request, principal: Principal) -> web.Response:
    def work(session: Session) -> str:
        referral = service.read_referral(
            session, _mine(session, request, principal).id, principal.actor, "overdrachtsformulier"
        )
        return render_text(handover_note(referral))

    return web.Response(
        text=await in_transaction(request, work),
        content_type="text/plain",
        charset="utf-8",
        headers=NO_STORE,
    )


@routes.post(f"/api/referrals/{ID}/send")
@staff(REFERRALS_WRITE)
async def send(request: web.Request, principal: Principal) -> web.Response:
    body = await read_json_object(request) if request.can_read_body else {}
    to, note = _optional_str(body, "to"), _optional_str(body, "note")
    settings, factory = request.app[SETTINGS], request.app[SESSIONS]

    def queue(session: Session) -> tuple[int, int]:
        referral_id = _mine(session, request, principal).id
        message = mail.hand_over(
            session,
            referral_id,
            principal.actor,
            to=to,
            note=note,
            allow=settings.handover_allowlist,
        )
        return referral_id, message.id

    referral_id, message_id = await in_transaction(request, queue)
    state = await asyncio.get_running_loop().run_in_executor(
        None, mail.deliver, factory, settings, message_id
    )

    def result(session: Session) -> dict[str, Any]:
        referral = service.get_referral(session, referral_id)
        message = next(m for m in referral.messages if m.id == message_id)
        return {"referral": service.summary_view(referral), "message": message.view}

    answer = await in_transaction(request, result)
    answer["sent"] = state == SENT
    if state == PENDING:
        answer["notice"] = (
            "Het overdrachtsformulier staat klaar en wordt later verstuurd: "
            "de mailserver is nu niet bereikbaar."
        )
    return web.json_response(answer, status=202 if state == PENDING else 200)


@routes.get(f"/api/referrals/{ID}/export")
@staff(PERSONAL_DATA)
async def export(request: web.Request, principal: Principal) -> web.Response:
    referral_id = request.match_info["id"]
    data = await in_transaction(
        request,
        lambda session: service.export_personal_data(
            session, _mine(session, request, principal).id, principal.actor
        ),
    )
    return web.json_response(
        data,
        headers={
            **NO_STORE,
            "Content-Disposition": f'attachment; filename="doorverwijzing-{referral_id}.json"',
        },
    )


@routes.post(f"/api/referrals/{ID}/erase")
@staff(PERSONAL_DATA)
async def erase(request: web.Request, principal: Principal) -> web.Response:
    return web.json_response(
        await in_transaction(
            request,
            lambda session: service.erase_personal_data(
                session, _mine(session, request, principal).id, principal.actor
            ),
        ),
        headers=NO_STORE,
    )


# ------------------------------------------------------------------------- registration
@routes.get("/api/registrations.csv")
@staff(REGISTRATIONS)
async def registrations(request: web.Request, principal: Principal) -> web.Response:
    query = request.query
    date_from, date_to = _day(dict(query), "from"), _day(dict(query), "to")
    channel = query.get("channel") or None
    text = await in_transaction(
        request,
        lambda session: registrations_csv(
            session,
            date_from=date_from,
            date_to=date_to,
            channel=channel,
            locations=principal.locations,
            include_unassigned=principal.sees_online,
        ),
    )
    return web.Response(
        text=text,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="ido-registraties.csv"'},
    )
