"""The staff side panel: log in, ask for advice, refer in two clicks, follow referrals.

Made for a narrow panel (360-480 px) beside the site a staff member uses with a visitor,
and fine full width. Server-rendered forms (no script needed); every POST carries the
session's CSRF token. The advice comes from the same code path as POST /api/advice
(request.app[ADVICE]), the referrals from the same domain functions as the staff API
(referrals.service, referrals.mail), limited to the account's IDO locations and audited
under the account's user name.

    GET  /panel                                   the question form
    POST /panel/advies                            themes and ranked suggestions
    POST /panel/doorverwijzing                    click 1: the referral form, prefilled
    POST /panel/doorverwijzingen                  click 2: save it, with the consent answer
    GET  /panel/doorverwijzingen                  the location's referrals
    GET  /panel/doorverwijzingen/{id}             one referral (read logged)
    POST /panel/doorverwijzingen/{id}/status      change its status
    GET  /panel/doorverwijzingen/{id}/overdracht  the handover note to print (read logged)
    POST /panel/doorverwijzingen/{id}/versturen   e-mail the note to the organisation
    GET  /panel/doorverwijzingen/{id}/export      the person's data as JSON (logged)
    POST /panel/doorverwijzingen/{id}/wissen      erase the person's data (logged)
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from multidict import MultiDictProxy
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.access import PERSONAL_DATA, REFERRALS_READ, REFERRALS_WRITE, Principal
from accounts.errors import LoginFailed
from accounts.models import IdoLocation
from accounts.staff import ActiveSession, authenticate, end_session, start_session
from bot.rasa.client import RasaUnavailable
from bot.web.api import MAX_GEMEENTE_CHARS, MAX_TEXT_CHARS, register
from bot.web.auth import (
    LOGIN_COOKIE,
    LOGIN_PATH,
    SESSION_COOKIE,
    clear_session_cookie,
    csrf_ok,
    login_csrf_token,
    panel,
    set_login_csrf,
    set_session_cookie,
    staff_session,
)
from bot.web.keys import ADVICE, LOGIN_LIMIT, SESSIONS, SETTINGS
from bot.web.ratelimit import client_key
from bot.web.work import in_transaction
from conversation.understanding import neutralise_typed_text
from database import utcnow
from knowledge import Understanding, suggestion_for
from referrals import mail, service
from referrals.errors import ConsentMissing, InvalidInput, InvalidTransition, ReferralNotFound
from referrals.handover import handover_note
from referrals.models import PENDING, PUBLIC_ID_PATTERN, SENT, STATUS_LABELS, TRANSITIONS, Referral

routes = web.RouteTableDef()
ID = "{id:" + PUBLIC_ID_PATTERN + "}"
FOLLOW_UP_DAYS = 7
Form = MultiDictProxy[Any]


def _field(form: Form, name: str, limit: int = 500) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def page(
    request: web.Request,
    template: str,
    active: ActiveSession | None,
    status: int = 200,
    **context: Any,
) -> web.Response:
    """A panel page with what every page shows: who is logged in, the CSRF token."""
    response = aiohttp_jinja2.render_template(
        f"panel/{template}",
        request,
        {
            "me": active.principal if active else None,
            "csrf": active.csrf_token if active else "",
            "path": request.path,
            **context,
        },
    )
    response.set_status(status)
    response.headers["Cache-Control"] = "no-store"
    return response


# ------------------------------------------------------------------------- log in / out
@routes.get(LOGIN_PATH)
async def login_form(request: web.Request) -> web.StreamResponse:
    if await staff_session(request) is not None:
        raise web.HTTPSeeOther("/panel")
    return _login_page(request)


def _login_page(
    request: web.Request, error: str | None = None, username: str = "", status: int = 200
) -> web.Response:
    token = login_csrf_token(request)
    response = page(
        request, "login.html", None, status=status, login_csrf=token, error=error, username=username
    )
    set_login_csrf(request, response, token)
    return response


@routes.post(LOGIN_PATH)
async def login(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    if not csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), form.get("csrf")):
        return _login_page(
            request, "Het formulier was verlopen. Probeer het nog een keer.", status=403
        )
    username, password = _field(form, "gebruikersnaam", 100), form.get("wachtwoord")
    wait = request.app[LOGIN_LIMIT].hit(client_key(request))
    if wait:
        return _login_page(
            request,
            "U heeft te vaak geprobeerd in te loggen. Wacht een paar minuten.",
            username,
            status=429,
        )

    def work(session: Session) -> str | None:
        # A failure returns None, so the transaction commits the count of failures.
        try:
            account = authenticate(session, username, password if isinstance(password, str) else "")
        except LoginFailed:
            return None
        return start_session(session, account).cookie

    cookie = await in_transaction(request, work)
    if cookie is None:
        return _login_page(
            request,
            "Dit klopt niet. Controleer uw gebruikersnaam en wachtwoord. Na vijf keer fout "
            "wordt uw account een kwartier geblokkeerd.",
            username,
            status=401,
        )
    response = web.HTTPSeeOther("/panel")
    set_session_cookie(response, request, cookie)
    response.del_cookie(LOGIN_COOKIE, path=LOGIN_PATH)
    raise response


@routes.post("/panel/uitloggen")
@panel()
async def logout(request: web.Request, active: ActiveSession) -> web.StreamResponse:
    cookie = request.cookies.get(SESSION_COOKIE)
    await in_transaction(request, lambda session: end_session(session, cookie))
    response = page(request, "logged_out.html", None)
    clear_session_cookie(response)
    return response


# ------------------------------------------------------------------------- advice
def _gemeenten(request: web.Request) -> list[dict[str, str]]:
    directory = request.app[ADVICE].directory
    return [{"slug": g.slug, "name": g.name} for g in directory.gemeenten]


@routes.get("/panel")
@panel()
async def home(request: web.Request, active: ActiveSession) -> web.Response:
    return page(request, "advice.html", active, gemeenten=_gemeenten(request), question="")


@routes.post("/panel/advies")
@panel(REFERRALS_READ)
async def advice(request: web.Request, active: ActiveSession) -> web.Response:
    form = await request.post()
    raw = form.get("vraag")
    question = neutralise_typed_text(raw if isinstance(raw, str) else "")
    gemeente = _field(form, "gemeente", MAX_GEMEENTE_CHARS) or None
    theme = _field(form, "thema", 64) or None
    context: dict[str, Any] = {
        "gemeenten": _gemeenten(request),
        "question": question,
        "gemeente": gemeente,
    }
    if not question:
        return page(
            request, "advice.html", active, status=400, error="Typ eerst de vraag.", **context
        )
    if len(question) > MAX_TEXT_CHARS:
        return page(
            request,
            "advice.html",
            active,
            status=400,
            error=f"De vraag is te lang. Gebruik minder dan {MAX_TEXT_CHARS} tekens.",
            **context,
        )
    advisor = request.app[ADVICE]
    try:
        if theme and theme in advisor.theme_ids():
            # The staff member picked the theme: the same advice function, that theme.
            result = advisor.advise(Understanding(text=question, intents=[(theme, 1.0)]), gemeente)
            answer = result.to_dict()
        else:
            answer = await advisor.advise_text(question, gemeente)
    except RasaUnavailable:
        return page(
            request,
            "advice.html",
            active,
            status=503,
            error="Het taalmodel is even niet bereikbaar. Probeer het over een minuut opnieuw.",
            **context,
        )
    await register(request, answer, active.principal)
    labels = {t.id: t.label for t in advisor.directory.themes.values()}
    return page(
        request,
        "advice.html",
        active,
        advice=answer,
        theme_labels=labels,
        all_themes=sorted(labels.items(), key=lambda kv: kv[1]),
        **context,
    )


# ------------------------------------------------------------------------- referral in two clicks
def _suggestion(request: web.Request, form: Form) -> dict[str, Any]:
    service_id = _field(form, "service_id", 100)
    suggestion = suggestion_for(
        request.app[ADVICE].directory,
        service_id,
        _field(form, "gemeente", MAX_GEMEENTE_CHARS) or None,
        theme=_field(form, "thema", 64) or None,
    )
    if suggestion is None:
        raise web.HTTPBadRequest(text="Deze dienst bestaat niet (meer). Vraag het advies opnieuw.")
    return suggestion.to_dict()


def consent_text(request: web.Request, organisation: str) -> str:
    """The consent question exactly as shown to the visitor (and stored)."""
    template = aiohttp_jinja2.get_env(request.app).get_template("panel/consent.txt")
    days = request.app[SETTINGS].referral_retention_days
    return " ".join(template.render(organisation=organisation, days=days).split())


def _location_choice(principal: Principal, form: Form) -> str:
    chosen = _field(form, "locatie", 100)
    if chosen in principal.locations:
        return chosen
    return sorted(principal.locations)[0]


@routes.post("/panel/doorverwijzing")
@panel(REFERRALS_WRITE)
async def referral_form(request: web.Request, active: ActiveSession) -> web.Response:
    form = await request.post()
    suggestion = _suggestion(request, form)
    return page(
        request,
        "referral_form.html",
        active,
        suggestion=suggestion,
        form={key: _field(form, key, 2000) for key in ("vraag", "gemeente", "thema")},
        consent=consent_text(request, suggestion["organisation"]),
        locations=await location_names(request, active.principal.locations),
    )


async def location_names(request: web.Request, ids: frozenset[str]) -> list[tuple[str, str]]:
    """(id, name) of these IDO locations, by name."""

    def work(session: Session) -> list[tuple[str, str]]:
        rows = session.execute(
            select(IdoLocation.id, IdoLocation.name).where(IdoLocation.id.in_(list(ids)))
        )
        return sorted(((r[0], r[1]) for r in rows), key=lambda r: r[1])

    return await in_transaction(request, work)


@routes.post("/panel/doorverwijzingen")
@panel(REFERRALS_WRITE)
async def create_referral(request: web.Request, active: ActiveSession) -> web.StreamResponse:
    form = await request.post()
    principal = active.principal
    suggestion = _suggestion(request, form)
    answer = _field(form, "toestemming", 3)
    shown = consent_text(request, suggestion["organisation"])
    consent = (
        service.Consent(text=shown, answer=answer == "ja") if answer in ("ja", "nee") else None
    )
    person = None
    if consent is not None and consent.answer:
        person = service.Person(
            name=_field(form, "naam", 200),
            phone=_field(form, "telefoon", 40) or None,
            email=_field(form, "email", 254) or None,
            preferred_contact_time=_field(form, "beste_tijd", 200) or None,
        )
    location = _location_choice(principal, form)

    def work(session: Session) -> tuple[str, bool]:
        referral = service.create_referral(
            session,
            suggestion=suggestion,
            channel="staff",
            by=principal.actor,
            question=_field(form, "vraag", 4000) or None,
            summary=_field(form, "samenvatting", 1000) or None,
            themes=[suggestion["theme"]] if suggestion.get("theme") else [],
            urgency=_field(form, "urgentie", 16) or "normaal",
            ido_location_id=location,
            staff_member=principal.display_name or principal.actor,
            follow_up_on=(utcnow() + timedelta(days=FOLLOW_UP_DAYS)).date(),
            consent=consent,
            person=person,
        )
        return referral.public_id, referral.consent_given is True

    try:
        public_id, agreed = await in_transaction(request, work)
    except (InvalidInput, ConsentMissing) as exc:
        return page(
            request,
            "referral_form.html",
            active,
            status=400,
            error=str(exc),
            suggestion=suggestion,
            form={key: _field(form, key, 2000) for key in ("vraag", "gemeente", "thema")},
            values={key: _field(form, key, 254) for key in ("naam", "telefoon", "email")},
            consent=shown,
            locations=await location_names(request, principal.locations),
        )
    suffix = "" if agreed else "?zelf=1"
    raise web.HTTPSeeOther(f"/panel/doorverwijzingen/{public_id}{suffix}")


# ------------------------------------------------------------------------- the location's referrals
@routes.get("/panel/doorverwijzingen")
@panel(REFERRALS_READ)
async def referrals(request: web.Request, active: ActiveSession) -> web.Response:
    status = request.query.get("status") or None
    if status is not None and status not in STATUS_LABELS:
        status = None

    def work(session: Session) -> list[dict[str, Any]]:
        found = service.list_referrals(
            session, status=status, locations=active.principal.locations, limit=500
        )
        return [service.summary_view(r) for r in found]

    return page(
        request,
        "referrals.html",
        active,
        referrals=await in_transaction(request, work),
        chosen_status=status,
        statuses=STATUS_LABELS,
    )


def _mine(session: Session, request: web.Request, principal: Principal) -> Referral:
    return service.find_referral(session, request.match_info["id"], principal.locations)


async def _detail(
    request: web.Request, active: ActiveSession, status: int = 200, **extra: Any
) -> web.Response:
    principal = active.principal

    def work(session: Session) -> dict[str, Any]:
        referral = service.read_referral(
            session, _mine(session, request, principal).id, principal.actor
        )
        return {
            "referral": service.full_view(referral),
            "next": [(s, STATUS_LABELS[s]) for s in TRANSITIONS[referral.status]],
            "addresses": sorted(
                mail.organisation_addresses(session, referral)
                | set(request.app[SETTINGS].handover_allowlist)
            ),
            "self_help": service.self_help(referral),
        }

    data = await _or_not_found(request, active, work)
    return page(
        request,
        "referral.html",
        active,
        status=status,
        own_way=request.query.get("zelf") == "1",
        may_erase=principal.allows(PERSONAL_DATA),
        **data,
        **extra,
    )


async def _or_not_found(request: web.Request, active: ActiveSession, work: Any) -> Any:
    try:
        return await in_transaction(request, work)
    except ReferralNotFound:
        raise web.HTTPNotFound(text="Deze doorverwijzing bestaat niet.") from None


@routes.get(f"/panel/doorverwijzingen/{ID}")
@panel(REFERRALS_READ)
async def referral(request: web.Request, active: ActiveSession) -> web.Response:
    return await _detail(request, active)


@routes.post(f"/panel/doorverwijzingen/{ID}/status")
@panel(REFERRALS_WRITE)
async def change_status(request: web.Request, active: ActiveSession) -> web.StreamResponse:
    form = await request.post()
    to, note = _field(form, "status", 16), _field(form, "notitie", 500) or None
    principal = active.principal

    def work(session: Session) -> None:
        service.change_status(
            session, _mine(session, request, principal).id, to, principal.actor, note
        )

    try:
        await _or_not_found(request, active, work)
    except (InvalidInput, InvalidTransition, ConsentMissing) as exc:
        return await _detail(request, active, status=409, error=str(exc))
    raise web.HTTPSeeOther(f"/panel/doorverwijzingen/{request.match_info['id']}")


@routes.post(f"/panel/doorverwijzingen/{ID}/versturen")
@panel(REFERRALS_WRITE)
async def send(request: web.Request, active: ActiveSession) -> web.StreamResponse:
    form = await request.post()
    to = _field(form, "aan", 254) or None
    principal = active.principal
    settings, factory = request.app[SETTINGS], request.app[SESSIONS]

    def queue(session: Session) -> int:
        referral = _mine(session, request, principal)
        message = mail.hand_over(
            session, referral.id, principal.actor, to=to, allow=settings.handover_allowlist
        )
        return message.id

    try:
        message_id = await _or_not_found(request, active, queue)
    except (InvalidInput, InvalidTransition, ConsentMissing) as exc:
        return await _detail(request, active, status=409, error=str(exc))
    state = await asyncio.get_running_loop().run_in_executor(
        None, mail.deliver, factory, settings, message_id
    )
    notice = {
        SENT: "Het overdrachtsformulier is verstuurd.",
        PENDING: "Het overdrachtsformulier staat klaar. Het wordt verstuurd zodra de "
        "mailserver bereikbaar is.",
    }.get(state, "Het versturen is niet gelukt. Kies een ander adres of bel de organisatie.")
    return await _detail(request, active, notice=notice)


@routes.get(f"/panel/doorverwijzingen/{ID}/overdracht")
@panel(REFERRALS_READ)
async def print_note(request: web.Request, active: ActiveSession) -> web.Response:
    principal = active.principal

    def work(session: Session) -> Any:
        referral = service.read_referral(
            session, _mine(session, request, principal).id, principal.actor, "overdrachtsformulier"
        )
        return handover_note(referral)

    note = await _or_not_found(request, active, work)
    return page(request, "handover.html", active, note=note, public_id=request.match_info["id"])


@routes.get(f"/panel/doorverwijzingen/{ID}/export")
@panel(PERSONAL_DATA)
async def export(request: web.Request, active: ActiveSession) -> web.Response:
    principal = active.principal
    data = await _or_not_found(
        request,
        active,
        lambda session: service.export_personal_data(
            session, _mine(session, request, principal).id, principal.actor
        ),
    )
    return web.Response(
        text=json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json",
        headers={
            "Content-Disposition": (
                f'attachment; filename="doorverwijzing-{request.match_info["id"]}.json"'
            ),
        },
    )


@routes.post(f"/panel/doorverwijzingen/{ID}/wissen")
@panel(PERSONAL_DATA)
async def erase(request: web.Request, active: ActiveSession) -> web.Response:
    principal = active.principal
    await _or_not_found(
        request,
        active,
        lambda session: service.erase_personal_data(
            session, _mine(session, request, principal).id, principal.actor
        ),
    )
    return await _detail(request, active, notice="De gegevens van de persoon zijn gewist.")
