"""What the actions share, created lazily on first use (never at import or start-up).

Tests replace the advice service and the database with `use_advice_service(...)`.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta, timezone

import aiohttp
from rasa_sdk import Tracker
from sqlalchemy.orm import Session, sessionmaker

from bot.rasa.client import RasaClient
from bot.settings import Settings
from conversation.advice import AdviceService, DirectoryCache
from conversation.dialogue import ReferralReceipt, ReferralRequest, parse_contact
from database import make_engine, session_factory, transaction
from knowledge import Advice, Directory, Suggestion, Understanding, nearest_ido, suggestion_for
from referrals import mail
from referrals.service import Consent, Person, create_referral
from registration.channels import TELEGRAM, WEB_CHAT
from registration.service import register_advice

log = logging.getLogger(__name__)
FOLLOW_UP_DAYS = 7  # the IDO checks after a week that the partner picked the referral up

_service: AdviceService | None = None
_sessions: sessionmaker[Session] | None = None
_http: aiohttp.ClientSession | None = None


def settings() -> Settings:
    return Settings.from_env()


def sessions() -> sessionmaker[Session]:
    """The session factory of the project database (created on first use)."""
    global _sessions
    if _sessions is None:
        _sessions = session_factory(make_engine(settings().database_url))
    return _sessions


def advice_service() -> AdviceService:
    global _service
    if _service is None:
        current = settings()
        cache = DirectoryCache(sessions())

        async def parse(text: str) -> dict[str, object]:
            global _http
            if _http is None or _http.closed:
                _http = aiohttp.ClientSession()
            client = RasaClient(current.rasa_url, current.rasa_jwt_secret, _http)
            return await client.parse(text)

        _service = AdviceService(cache.get, parse)
    return _service


def use_advice_service(
    service: AdviceService | None, session_maker: sessionmaker[Session] | None = None
) -> None:
    global _service, _sessions
    _service = service
    _sessions = session_maker


def channel_of(tracker: Tracker) -> str:
    return TELEGRAM if tracker.get_latest_input_channel() == "telegram" else WEB_CHAT


class ChatBackend:
    """The dialogue's view of the system, for one turn of one conversation."""

    def __init__(self, tracker: Tracker):
        self.service = advice_service()
        self.channel = channel_of(tracker)
        stamps = [e.get("timestamp") for e in tracker.events if e.get("timestamp")]
        self.started = min(stamps) if stamps else None

    @property
    def directory(self) -> Directory:
        return self.service.directory

    async def understand(self, text: str) -> Understanding:
        return await self.service.understand(text)

    def advise(self, understanding: Understanding, gemeente: str | None) -> Advice:
        return self.service.advise(understanding, gemeente)

    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def register(self, advice: Advice, referred: Suggestion | None = None) -> None:
        """Never lets a registration problem break the conversation; it is logged instead."""
        duration = max(0.0, time.time() - self.started) if self.started else None
        try:
            with transaction(sessions()) as session:
                register_advice(
                    session,
                    advice.to_dict(),
                    channel=self.channel,
                    duration_seconds=duration,
                    referred=referred.to_dict() if referred else None,
                )
        except Exception:
            log.exception("registration of an answered question failed")

    def submit_referral(self, request: ReferralRequest) -> ReferralReceipt:
        """Store the referral with the person's consent and hand it over."""
        suggestion = suggestion_for(
            self.directory, request.service_id, request.gemeente, self.now(), request.theme
        )
        if suggestion is None:
            raise LookupError(f"no service {request.service_id!r}")
        contact = parse_contact(request.contact)
        # The Informatiepunt of the person's gemeente owns the referral (it follows it up);
        # without one, the location that owns online questions (`wegwijzer location online`).
        ido = nearest_ido(self.directory, request.gemeente, self.now())
        location = ido.location if ido is not None and not ido.national else None
        with transaction(sessions()) as session:
            referral = create_referral(
                session,
                suggestion=suggestion.to_dict(),
                channel=self.channel,
                by="chat",
                ido_location_id=location["id"] if location else None,
                question=request.question,
                themes=[
                    {"name": t, "label": self.directory.themes[t].label}
                    for t in [suggestion.theme]
                    if t and t in self.directory.themes
                ],
                urgency="dringend" if suggestion.urgent else "normaal",
                follow_up_on=(request.consent_at + timedelta(days=FOLLOW_UP_DAYS)).date(),
                consent=Consent(request.consent_text, True, request.consent_at),
                person=Person(
                    name=request.name,
                    phone=contact["phone"],
                    email=contact["email"],
                    preferred_contact_time=request.contact_time,
                ),
            )
            message_id = (
                mail.hand_over(session, referral.id, "chat").id if referral.partner_email else None
            )
            reference = referral.public_id
        if message_id is not None:
            mail.deliver(sessions(), settings(), message_id)
        self.register(
            Advice(
                themes=[{"name": suggestion.theme}],
                clarify=False,
                out_of_scope=False,
                crisis=False,
                suggestions=[suggestion],
                gemeente=None,
                notice=None,
                known_gemeenten=[],
            ),
            referred=suggestion,
        )
        note = (suggestion.warm_referral or {}).get("note")
        return ReferralReceipt(reference, suggestion.organisation, note)
