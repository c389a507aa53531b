"""The staff API for warm referrals and the registration export.

Same Bearer tokens as /api/advice; the token's name is who is recorded in the audit log.
Every request runs its database work in one transaction off the event loop, so a failure
part way leaves nothing half-written. Errors are JSON: 400 bad input, 401 no valid token,
404 unknown referral, 409 not allowed in this state (status, consent); never 500 for
anything a client can cause. Responses with personal data are not cached (no-store).

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
    GET  /api/registrations.csv?from=&to=&location=&channel=

POST /api/referrals takes: suggestion (an entry of the advice's "suggestions", required),
question, summary, themes (ids or the advice's theme entries; default the suggestion's
theme), urgency (normaal|dringend|spoed), deadline and follow_up_on (YYYY-MM-DD),
already_tried, documents (list), ido_location {id, name}, staff_member (default: the
token's name), channel (staff|web_chat|telegram, default staff), consent {text, answer,
at (ISO 8601; without an offset it is UTC; default now)} and person {name, phone, email,
preferred_contact_time}, accepted only with consent.answer true. Without a yes the answer
holds "self_help": the partner's contact details for the person to go themselves.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

from aiohttp import web
from aiohttp.typedefs import Handler
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.web.api import authenticated, read_json_object
from bot.web.errors import json_error
from bot.web.keys import SESSIONS, SETTINGS
from database import transaction, utcnow
from referrals import mail, service
from referrals.errors import ConsentMissing, InvalidInput, InvalidTransition, ReferralNotFound
from referrals.handover import css_hash, handover_note, render_html, render_text
from referrals.models import PENDING, SENT
from registration.service import RegistrationError, registrations_csv

log = logging.getLogger("wegwijzer.web.staff")
routes = web.RouteTableDef()
NO_STORE = {"Cache-Control": "no-store"}
ID = r"{id:\d{1,9}}"
_CLOCK_SKEW = timedelta(minutes=5)
STATUS_FOR = (
    (InvalidInput, 400),
    (RegistrationError, 400),
    (ReferralNotFound, 404),
    (InvalidTransition, 409),
    (ConsentMissing, 409),
)


_T = TypeVar("_T")
StaffHandler = Callable[[web.Request, str], Awaitable[web.StreamResponse]]


def staff_only(handler: StaffHandler) -> Handler:
    """Bearer token required; domain errors become JSON 400/404/409."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        actor = await authenticated(request)
        if actor is None:
            return json_error(401, "a valid token is required: Authorization: Bearer <token>")
        try:
            return await handler(request, actor)
        except tuple(cls for cls, _ in STATUS_FOR) as exc:
            status = next(code for cls, code in STATUS_FOR if isinstance(exc, cls))
            return json_error(status, str(exc))
        except IntegrityError:
            log.exception("integrity error on %s %s", request.method, request.path)
            return json_error(409, "Dit botst met wat er al is opgeslagen; er is niets gewijzigd")

    return wrapper


async def in_transaction(request: web.Request, work: Callable[[Session], _T]) -> _T:
    """Run `work(session)` in one transaction, off the event loop."""

    def run() -> _T:
        with transaction(request.app[SESSIONS]) as session:
            return work(session)

    return await asyncio.get_running_loop().run_in_executor(None, run)


def _referral_id(request: web.Request) -> int:
    return int(request.match_info["id"])


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
@staff_only
async def create(request: web.Request, actor: str) -> web.Response:
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
    channel = body.get("channel") or "staff"
    question = _optional_str(body, "question")
    summary = _optional_str(body, "summary")
    urgency = body.get("urgency") or "normaal"
    deadline = _day(body, "deadline")
    already_tried = _optional_str(body, "already_tried")
    documents = _list_of(body, "documents")
    staff_member = _optional_str(body, "staff_member") or actor
    follow_up_on = _day(body, "follow_up_on")
    if not isinstance(channel, str) or not isinstance(urgency, str):
        raise InvalidInput("'channel' en 'urgency' zijn tekst")

    def work(session: Session) -> dict[str, Any]:
        referral = service.create_referral(
            session,
            suggestion=suggestion,
            channel=channel,
            by=actor,
            question=question,
            summary=summary,
            themes=themes,
            urgency=urgency,
            deadline=deadline,
            already_tried=already_tried,
            documents=documents,
            ido_location_id=location.get("id"),
            ido_location_name=location.get("name"),
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
@staff_only
async def list_(request: web.Request, actor: str) -> web.Response:
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
        )
        return {"referrals": [service.summary_view(r) for r in found]}

    return web.json_response(await in_transaction(request, work))


@routes.get(f"/api/referrals/{ID}")
@staff_only
async def read(request: web.Request, actor: str) -> web.Response:
    referral_id = _referral_id(request)

    def work(session: Session) -> dict[str, Any]:
        referral = service.read_referral(session, referral_id, actor)
        return {"referral": service.full_view(referral), "history": service.history(referral)}

    return web.json_response(await in_transaction(request, work), headers=NO_STORE)


@routes.post(f"/api/referrals/{ID}/consent")
@staff_only
async def consent(request: web.Request, actor: str) -> web.Response:
    referral_id = _referral_id(request)
    body = await read_json_object(request)
    given = _consent(body)
    if given is None:
        raise InvalidInput("De toestemming ontbreekt")
    person = _person(body.get("person"), given)

    def work(session: Session) -> dict[str, Any]:
        referral = service.give_consent(session, referral_id, given, actor, person)
        answer: dict[str, Any] = {"referral": service.full_view(referral)}
        if referral.consent_given is not True:
            answer["self_help"] = service.self_help(referral)
        return answer

    return web.json_response(await in_transaction(request, work), headers=NO_STORE)


@routes.post(f"/api/referrals/{ID}/status")
@staff_only
async def status(request: web.Request, actor: str) -> web.Response:
    referral_id = _referral_id(request)
    body = await read_json_object(request)
    to = body.get("status")
    if not isinstance(to, str) or not to:
        raise InvalidInput(
            "'status' is verplicht: in_behandeling, doorverwezen, afgerond of geannuleerd"
        )
    note = _optional_str(body, "note")

    def work(session: Session) -> dict[str, Any]:
        referral = service.change_status(session, referral_id, to, actor, note)
        return {"referral": service.summary_view(referral)}

    return web.json_response(await in_transaction(request, work))


@routes.get(f"/api/referrals/{ID}/handover.html")
@staff_only
async def handover_html(request: web.Request, actor: str) -> web.Response:
    referral_id = _referral_id(request)

    def work(session: Session) -> str:
        referral = service.read_referral(session, referral_id, actor, "overdrachtsformulier")
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
@staff_only
async def handover_txt(request: web.Request, actor: str) -> web.Response:
    referral_id = _referral_id(request)

    def work(session: Session) -> str:
        referral = service.read_referral(session, referral_id, actor, "overdrachtsformulier")
        return render_text(handover_note(referral))

    return web.Response(
        text=await in_transaction(request, work),
        content_type="text/plain",
        charset="utf-8",
        headers=NO_STORE,
    )


@routes.post(f"/api/referrals/{ID}/send")
@staff_only
async def send(request: web.Request, actor: str) -> web.Response:
    referral_id = _referral_id(request)
    body = await read_json_object(request) if request.can_read_body else {}
    to, note = _optional_str(body, "to"), _optional_str(body, "note")

    def queue(session: Session) -> int:
        return mail.hand_over(session, referral_id, actor, to=to, note=note).id

    message_id = await in_transaction(request, queue)
    settings, factory = request.app[SETTINGS], request.app[SESSIONS]
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
@staff_only
async def export(request: web.Request, actor: str) -> web.Response:
    referral_id = _referral_id(request)
    data = await in_transaction(
        request, lambda session: service.export_personal_data(session, referral_id, actor)
    )
    return web.json_response(
        data,
        headers={
            **NO_STORE,
            "Content-Disposition": f'attachment; filename="doorverwijzing-{referral_id}.json"',
        },
    )


@routes.post(f"/api/referrals/{ID}/erase")
@staff_only
async def erase(request: web.Request, actor: str) -> web.Response:
    referral_id = _referral_id(request)
    return web.json_response(
        await in_transaction(
            request, lambda session: service.erase_personal_data(session, referral_id, actor)
        )
    )


# ------------------------------------------------------------------------- registration
@routes.get("/api/registrations.csv")
@staff_only
async def registrations(request: web.Request, actor: str) -> web.Response:
    query = request.query
    date_from, date_to = _day(dict(query), "from"), _day(dict(query), "to")
    location, channel = query.get("location") or None, query.get("channel") or None
    text = await in_transaction(
        request,
        lambda session: registrations_csv(
            session, date_from=date_from, date_to=date_to, ido_location_id=location, channel=channel
        ),
    )
    return web.Response(
        text=text,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="ido-registraties.csv"'},
    )
