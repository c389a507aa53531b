"""The coordinator's pages: staff accounts of their locations, and the dashboard.

    GET  /panel/accounts                          accounts of the coordinator's locations
    POST /panel/accounts                          create one
    POST /panel/accounts/{username}/uitschakelen  disable (its sessions end)
    POST /panel/accounts/{username}/inschakelen   enable and unlock
    POST /panel/accounts/{username}/wachtwoord    set a new password
    GET  /panel/dashboard?van=&tot=&locatie=      charts of the registered questions
    GET  /panel/dashboard.csv?van=&tot=&locatie=  the same counts for a spreadsheet

A coordinator manages only accounts whose every location is one of theirs (another
account answers like an unknown one), and sees only the registrations of their own
locations (and the online questions when they own the online location).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import staff
from accounts.access import ACCOUNTS, DASHBOARD, Principal
from accounts.errors import AccountError
from accounts.models import ROLE_LABELS, ROLES, StaffAccount
from accounts.staff import ActiveSession
from bot.web.auth import panel
from bot.web.panel import Form, _field, location_names, page
from bot.web.work import in_transaction
from knowledge.models import ThemeRow
from registration.channels import LABELS as CHANNEL_LABELS
from registration.models import OUTCOME_LABELS
from registration.service import count_questions, registrations_csv

routes = web.RouteTableDef()
USER = "{username:[a-z0-9][a-z0-9._@-]{1,99}}"


# ------------------------------------------------------------------------- accounts
def _view(account: StaffAccount) -> dict[str, Any]:
    return {
        "username": account.username,
        "name": account.display_name,
        "role": ROLE_LABELS[account.role],
        "locations": sorted(location.name for location in account.locations),
        "active": account.active,
        "locked": account.locked_until is not None,
        "last_login": account.last_login_at,
    }


async def _accounts_page(
    request: web.Request, active: ActiveSession, status: int = 200, **extra: Any
) -> web.Response:
    principal = active.principal

    def work(session: Session) -> list[dict[str, Any]]:
        return [_view(a) for a in staff.list_accounts(session, within=principal.locations)]

    return page(
        request,
        "accounts.html",
        active,
        status=status,
        accounts=await in_transaction(request, work),
        locations=await location_names(request, principal.locations),
        roles=[(r, ROLE_LABELS[r]) for r in ROLES],
        **extra,
    )


@routes.get("/panel/accounts")
@panel(ACCOUNTS)
async def accounts(request: web.Request, active: ActiveSession) -> web.Response:
    return await _accounts_page(request, active)


@routes.post("/panel/accounts")
@panel(ACCOUNTS)
async def create_account(request: web.Request, active: ActiveSession) -> web.Response:
    form = await request.post()
    principal = active.principal
    chosen = [v for v in form.getall("locatie", []) if isinstance(v, str)]
    wrong = [v for v in chosen if v not in principal.locations]
    values = {k: _field(form, k, 200) for k in ("gebruikersnaam", "naam", "rol")}
    password = form.get("wachtwoord")

    def work(session: Session) -> str:
        if wrong or not chosen:
            raise AccountError("Kies een of meer van uw eigen locaties")
        account = staff.create_account(
            session,
            username=values["gebruikersnaam"],
            display_name=values["naam"],
            password=password if isinstance(password, str) else "",
            role=values["rol"],
            location_ids=chosen,
            by=principal.actor,
        )
        return account.username

    try:
        username = await in_transaction(request, work)
    except AccountError as exc:
        return await _accounts_page(request, active, status=400, error=str(exc), values=values)
    return await _accounts_page(request, active, notice=f"Het account {username} is gemaakt.")


def _managed(
    change: Callable[[Session, str], object], done: str
) -> Callable[[web.Request, ActiveSession], Any]:
    async def handler(request: web.Request, active: ActiveSession) -> web.Response:
        username = request.match_info["username"]
        principal = active.principal

        def work(session: Session) -> None:
            account = staff.get_account(session, username)
            if account is None or not staff.manageable(account, principal):
                raise AccountError(f"Er is geen account {username!r}")
            change(session, username)

        try:
            await in_transaction(request, work)
        except AccountError as exc:
            status = 404 if str(exc).startswith("Er is geen account") else 400
            return await _accounts_page(request, active, status=status, error=str(exc))
        return await _accounts_page(request, active, notice=done.format(username=username))

    return handler


routes.post(f"/panel/accounts/{USER}/uitschakelen")(
    panel(ACCOUNTS)(_managed(staff.disable_account, "Het account {username} is uitgeschakeld."))
)
routes.post(f"/panel/accounts/{USER}/inschakelen")(
    panel(ACCOUNTS)(_managed(staff.enable_account, "Het account {username} werkt weer."))
)


@routes.post(f"/panel/accounts/{USER}/wachtwoord")
@panel(ACCOUNTS)
async def new_password(request: web.Request, active: ActiveSession) -> web.Response:
    form = await request.post()
    password = form.get("wachtwoord")
    handler = _managed(
        lambda session, username: staff.set_password(
            session, username, password if isinstance(password, str) else ""
        ),
        "Het account {username} heeft een nieuw wachtwoord.",
    )
    response: web.Response = await handler(request, active)
    return response


# ------------------------------------------------------------------------- dashboard
def _filters(form: Form | Any, principal: Principal) -> dict[str, Any]:
    def day(name: str) -> date | None:
        value = form.get(name) or ""
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            raise web.HTTPBadRequest(
                text="Een datum schrijft u als JJJJ-MM-DD, bijvoorbeeld 2026-12-01."
            ) from None

    location = form.get("locatie") or None
    if location is not None and location not in principal.locations:
        raise web.HTTPBadRequest(text="Kies een van uw eigen locaties.")
    date_from, date_to = day("van"), day("tot")
    if date_from and date_to and date_from > date_to:
        raise web.HTTPBadRequest(text="De begindatum ligt na de einddatum.")
    return {
        "date_from": date_from,
        "date_to": date_to,
        "locations": [location] if location else sorted(principal.locations),
        # Online questions (no location) belong to the location that owns them.
        "include_unassigned": principal.sees_online
        and (location is None or location in principal.online_locations),
    }


CHART_DIMENSIONS = ("month", "theme", "channel", "location", "outcome")


def _bars(rows: list[dict[str, Any]], key: str, labels: dict[str, str]) -> list[dict[str, Any]]:
    totals: dict[str, int] = defaultdict(int)
    for row in rows:
        totals[row[key] or ""] += row["count"]
    items: list[dict[str, Any]] = [
        {
            "key": k,
            "label": _month(k) if key == "month" else labels.get(k, k or "onbekend"),
            "count": v,
        }
        for k, v in totals.items()
    ]
    if key != "month":
        items.sort(key=lambda item: (-item["count"], item["label"]))
    top = max((item["count"] for item in items), default=0)
    for item in items:
        item["share"] = item["count"] / top if top else 0
    return items


MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _month(value: str) -> str:
    """'2026-11' as 'nov 2026'."""
    year, _, month = value.partition("-")
    return (
        f"{MONTHS[int(month) - 1]} {year}" if month.isdigit() and 1 <= int(month) <= 12 else value
    )


@routes.get("/panel/dashboard")
@panel(DASHBOARD)
async def dashboard(request: web.Request, active: ActiveSession) -> web.Response:
    principal = active.principal
    filters = _filters(request.query, principal)
    names = dict(await location_names(request, principal.locations))

    def work(session: Session) -> dict[str, Any]:
        themes = {r[0]: r[1] for r in session.execute(select(ThemeRow.id, ThemeRow.label))}
        charts: dict[str, list[dict[str, Any]]] = {}
        for dimension, key, labels in (
            ("month", "month", {}),
            ("theme", "theme", themes),
            ("channel", "channel", CHANNEL_LABELS),
            ("location", "ido_location_id", {**names, "": "online, zonder locatie"}),
            ("outcome", "outcome", OUTCOME_LABELS),
        ):
            rows = count_questions(session, by=(dimension,), **filters)
            charts[dimension] = _bars(rows, key, labels)
        return charts

    charts = await in_transaction(request, work)
    total = sum(item["count"] for item in charts["month"])
    return page(
        request,
        "dashboard.html",
        active,
        charts=charts,
        total=total,
        locations=sorted(names.items(), key=lambda kv: kv[1]),
        chosen={k: request.query.get(k, "") for k in ("van", "tot", "locatie")},
        csv_query=request.query_string,
    )


@routes.get("/panel/dashboard.csv")
@panel(DASHBOARD)
async def dashboard_csv(request: web.Request, active: ActiveSession) -> web.Response:
    filters = _filters(request.query, active.principal)
    text = await in_transaction(request, lambda session: registrations_csv(session, **filters))
    return web.Response(
        text=text,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="ido-registraties.csv"'},
    )
