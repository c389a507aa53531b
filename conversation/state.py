"""What a conversation remembers between turns, and what the assistant says.

The state holds no personal data: the question is kept as typed (the tracker store masks
it before it is written), the person's name and contact details live only in the
referral form's own slots (never written unmasked) and in the referral record.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Button:
    title: str
    payload: str


@dataclass
class Reply:
    """One chat message: text, and buttons to answer it."""

    text: str
    buttons: list[Button] = field(default_factory=list)

    def to_message(self) -> dict[str, Any]:
        message: dict[str, Any] = {"text": self.text}
        if self.buttons:
            message["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        return message


@dataclass
class Pending:
    """A question that waits for something before it can be answered."""

    text: str
    waiting_for: str  # "theme", "gemeente", "human" or "callback"
    theme: str | None = None


@dataclass
class Step:
    """One suggestion of the last answer, by id: a service, or general help of a theme."""

    theme: str | None
    service: str | None = None
    generic: str | None = None  # "own_provider" or "local_desk" of `theme`


@dataclass
class Topic:
    """The last question that got an answer, and what was suggested, best first."""

    text: str
    themes: list[str]
    steps: list[Step]
    life_event: str | None = None
    shown: int = 1  # how many suggestions the person has seen


@dataclass
class Form:
    """The warm referral form. Personal data is not here (see the module docstring)."""

    kind: str  # "referral" or "callback"
    service: str  # the service id the question goes to
    question: str
    step: str = "consent"  # consent, name, contact, time, confirm
    consent_text: str = ""
    consent_at: str | None = None
    paused: bool = False
    theme: str | None = None  # the theme of the question, for the handover note


@dataclass
class State:
    gemeente: str | None = None
    pending: Pending | None = None
    topic: Topic | None = None
    form: Form | None = None
    expecting: str | None = None  # what a yes or no answers: "referral", "callback", ...
    ido_shown: bool = False
    after_crisis: bool = False  # the last reply was the crisis reply
    crisis_theme: str | None = None  # what help after it is about ("domestic_violence")
    referred: str | None = None  # when they will contact the person, after a referral
    explained: list[str] = field(default_factory=list)  # jargon explained already
    asked_term: str | None = None  # the word explained in the last reply ("wat is DigiD?")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> State:
        if not isinstance(data, dict):
            return cls()
        try:
            pending = data.get("pending")
            topic = data.get("topic")
            form = data.get("form")
            return cls(
                gemeente=data.get("gemeente"),
                pending=Pending(**pending) if isinstance(pending, dict) else None,
                topic=(
                    Topic(
                        **{
                            **topic,
                            "steps": [Step(**s) for s in topic.get("steps") or []],
                        }
                    )
                    if isinstance(topic, dict)
                    else None
                ),
                form=Form(**form) if isinstance(form, dict) else None,
                expecting=data.get("expecting"),
                ido_shown=bool(data.get("ido_shown")),
                after_crisis=bool(data.get("after_crisis")),
                crisis_theme=(
                    data.get("crisis_theme") if isinstance(data.get("crisis_theme"), str) else None
                ),
                referred=data.get("referred") if isinstance(data.get("referred"), str) else None,
                explained=[str(w) for w in data.get("explained") or []],
                asked_term=(
                    data.get("asked_term") if isinstance(data.get("asked_term"), str) else None
                ),
            )
        except TypeError:  # a state from an older version: start clean rather than fail
            return cls()
