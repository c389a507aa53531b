"""A conversation with the dialogue in process: the real directory and advice, and a
small table of what each test message means (Rasa's NLU is not the subject here; the
end-to-end tests talk to the real one)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from conversation.dialogue import Dialogue, ReferralReceipt, ReferralRequest, Turn
from conversation.state import State
from knowledge import Advice, Directory, Suggestion, Understanding, advise

MONDAY_10 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)  # 10:00 in Amsterdam
SUNDAY_10 = datetime(2026, 11, 29, 9, 0, tzinfo=timezone.utc)
_DIRECTORY = Directory.from_files()


class FakeBackend:
    def __init__(self, meanings: dict[str, Any] | None = None, now: datetime = MONDAY_10):
        self.meanings = meanings or {}
        self._now = now
        self.registered: list[tuple[Advice, Suggestion | None]] = []
        self.referrals: list[ReferralRequest] = []

    @property
    def directory(self) -> Directory:
        return _DIRECTORY

    async def understand(self, text: str) -> Understanding:
        return meaning(text, self.meanings.get(text, ("vague_request", 0.5)))

    def advise(self, understanding: Understanding, gemeente: str | None) -> Advice:
        return advise(_DIRECTORY, understanding, gemeente, now=self._now)

    def register(self, advice: Advice, referred: Suggestion | None = None) -> None:
        self.registered.append((advice, referred))

    def submit_referral(self, request: ReferralRequest) -> ReferralReceipt:
        self.referrals.append(request)
        return ReferralReceipt(
            f"R{len(self.referrals)}", "Organisatie", "Zij bellen u binnen twee dagen"
        )

    def now(self) -> datetime:
        return self._now


def meaning(text: str, value: Any) -> Understanding:
    """("digid", 0.9) or [("debts", 0.5), ("allowances", 0.4)], optionally with entities and
    the intents of the clauses ({"intents": ..., "entities": ..., "clause_intents": ...})."""
    entities: tuple[dict[str, str], ...] = ()
    clauses: tuple[tuple[str, float], ...] = ()
    if isinstance(value, dict):
        entities = tuple(value.get("entities", ()))
        clauses = tuple(value.get("clause_intents", ()))
        value = value["intents"]
    ranking = [value] if isinstance(value, tuple) else list(value)
    return Understanding(
        text=text, intents=tuple(ranking), entities=entities, clause_intents=clauses
    )


class Chat:
    """Say things to the dialogue and read what it answers."""

    def __init__(self, meanings: dict[str, Any] | None = None, now: datetime = MONDAY_10):
        self.backend = FakeBackend(meanings, now)
        self.dialogue = Dialogue(self.backend, referral_retention_days=90)
        self.state = State()
        self.personal: dict[str, str | None] = {}
        self.last: list[dict[str, Any]] = []

    def welcome(self) -> str:
        outcome = self.dialogue.welcome()
        self.state = outcome.state
        self.last = [r.to_message() for r in outcome.replies]
        return self.text

    async def say(self, text: str, meaning_: Any = None) -> str:
        value = (
            meaning_
            if meaning_ is not None
            else self.backend.meanings.get(text, ("vague_request", 0.5))
        )
        return await self._turn(Turn(text, meaning(text, value), False, dict(self.personal)))

    async def press(self, title: str) -> str:
        """Press a button of the last answer, by its title."""
        button = next(b for m in self.last for b in m.get("buttons", []) if b["title"] == title)
        payload = button["payload"]
        intent, _, entities = payload[1:].partition("{")
        ents = []
        if entities:
            import json

            ents = [{"entity": k, "value": v} for k, v in json.loads("{" + entities).items()]
        understanding = Understanding(text=payload, intents=((intent, 1.0),), entities=tuple(ents))
        return await self._turn(Turn(payload, understanding, True, dict(self.personal)))

    async def _turn(self, turn: Turn) -> str:
        outcome = await self.dialogue.respond(turn, self.state)
        self.state = outcome.state
        for name, value in outcome.personal.items():
            self.personal[name] = value
        self.last = [r.to_message() for r in outcome.replies]
        return self.text

    @property
    def text(self) -> str:
        return "\n".join(m["text"] for m in self.last)

    @property
    def buttons(self) -> list[str]:
        return [b["title"] for m in self.last for b in m.get("buttons", [])]
