"""The conversation: what the assistant says to each message, in every state.

Plain Python, no Rasa: one Rasa action (actions/respond.py) hands each turn to
`Dialogue.respond` and sends back what it says. The rules, in the order they apply:

1. "Opnieuw beginnen" always starts again.
2. Crisis safety on every message, also inside the referral form: acute danger gets the
   crisis reply first (112 or 113 first); afterwards the person can go back ("Terug naar
   mijn vraag") to the form or the question.
3. Inside the referral form, the form's step (consent, name, contact, time, confirm); a
   question in between ("wat betekent dat", "wie krijgt mijn gegevens") is answered and
   the form goes on.
4. A gemeente, named at any point, typed alone, in lower case or with a typo, continues
   the question that waited for it; an unknown gemeente gets national help and an honest
   "voor Utrecht heb ik geen lokale gegevens".
5. Follow-ups are answered against the last topic: cost, when, what now, what a word
   means, opening hours, address, more options; "wat kun jij?" and small talk get a real
   answer.
6. A question gets the competent organisation first (knowledge.advise), in one short
   answer with at most one alternative; a life event gets a checklist.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from conversation import followups, render
from conversation.places import Place, Places
from conversation.state import Button, Form, Pending, Reply, State, Step, Topic
from knowledge import (
    Advice,
    Directory,
    Suggestion,
    Understanding,
    crisis,
    general_help_for,
    nearest_ido,
    suggestion_for,
)
from referrals.contact import normalise_email, normalise_name, normalise_phone
from referrals.errors import ReferralError
from texts import text

PERSONAL_SLOTS = ("person_name", "contact_details", "contact_time")
CONVERSATION_INTENTS = frozenset(
    {
        "greet", "goodbye", "thanks", "affirm", "deny", "bot_challenge", "request_human",
        "privacy_question", "out_of_scope", "inform", "start_over", "vague_request", "stop_form",
        "request_referral", "request_callback", "ask_cost", "ask_when", "ask_next_step",
        "ask_meaning", "ask_hours", "ask_address", "ask_capabilities", "smalltalk",
        "dont_know", "no_contact_means", "more_options", "go_back", "nlu_fallback",
    }
)  # fmt: skip
FOLLOW_UPS = ("ask_cost", "ask_when", "ask_next_step", "ask_meaning", "ask_hours", "ask_address")
QUESTION_IN_FORM = ("ask_meaning", "privacy_question", "ask_when", "ask_cost", "bot_challenge")
YES_MIN = 0.6  # a typed yes or no counts from this confidence
THEME_MIN = 0.45  # a theme at least this sure makes a message a question of its own
NEW_THEME_MIN = 0.5  # a short follow-up is a new question when another theme is this sure
# A short message that says little on its own (best theme below CONTEXT_BELOW) is read
# after the last question; when that makes the last topic this sure, it goes on with it.
STEM_MIN = 6  # words this long are compared without their ending ("nabestaande")
# Who says what the care of a theme costs: the CAK sets the own contribution.
COST_BY = {"long_term_care": "care_contribution", "social_support": "care_contribution"}
# Learning to do it oneself: the course for government websites, or for a device.
COURSE_DIGITAL_GOVERNMENT = "course_digital_government"
COURSE_COMPUTER_SKILLS = "course_computer_skills"
DEVICE_TOPICS = ("online_banking", "course_computer_skills", "public_transport_card")
CONTEXT_BELOW = 0.2
CLAUSE_THEME_MIN = 0.5  # a clause of a crisis message this sure of a theme: help with it after
CONTEXT_SURE = 0.6
ELSEWHERE_SHOWN = 4  # "waar moet ik het nog melden?": the other help, at most this many
LIKELY_THEME_MIN = 0.25  # unsure, but this likely: answered, with the other topics offered
REQUEST_INTENTS = (
    "request_human",
    "request_callback",
    "request_referral",
    "no_contact_means",
    "more_options",
    "start_over",
    "go_back",
)
# Intents that say nothing of their own about a topic: such a message may be read after the
# last question (see _in_context).
CONTEXT_INTENTS = ("vague_request", "out_of_scope", "nlu_fallback")
SOCIAL_INTENTS = ("greet", "goodbye", "thanks", "smalltalk", "bot_challenge", "privacy_question")
SOCIAL_MAX_WORDS = 6  # a longer message with a theme in it is a question, not small talk
SOCIAL_THEME_MIN = 0.15
DIGID_THEME = "digid"
MEANING_MAX_WORDS = 9  # "wat is Wmo precies, mevrouw vraagt het"
MEANING_WORDS_BETWEEN = 2  # "wat is een machtiging", "wat betekent dat woord WOZ"
MEANING_QUESTION = re.compile(
    r"^\s*(en )?(wat is|wat zijn|wat betekent|wat bedoelt u met|wat wil .* zeggen)\b"
)
WORD_ASKED = re.compile(r"\bwat (is|zijn|betekent|betekenen|bedoelt u met)\b")
YES_NO_START = re.compile(
    r"^\s*(ja|jawel|jazeker|graag|prima|goed|oke|ok|okay|oké|nee|neen|nee hoor|liever niet"
    r"|niet nodig|hoeft niet|dat hoeft|doe maar|klopt|zeker|natuurlijk|akkoord|is goed|mag)\b"
)
# A short request for a person to help ("kan iemand mij daarbij helpen?")
ASKS_FOR_A_PERSON = re.compile(
    r"^\s*(en |maar )?(kan|kunt|wil|zou) (er )?(iemand|een medewerker|een mens|u|jij|je) (mij|me)"
    r" (daar|daarbij|daarmee|hierbij|hiermee|ermee|erbij|even|dan|misschien)?\s*(mee )?"
    r"helpen\s*[?.!]*$"
    r"|\b(wil|kan) (ik )?(graag )?(een|met een) (mens|medewerker|persoon)( spreken)?\s*[?.!]*$"
)
PERSON_MAX_WORDS = 10
# A no to passing on data or to a call, whatever the classifier makes of it
REFUSE_DATA = re.compile(
    r"^\s*(nee|neen|liever niet)\b[^.?!]*\b(niet|geen|niks|niets)\b[^.?!]*\b(gegevens|doorgeven"
    r"|doorsturen|bellen|gebeld|terugbellen|doorverwijzen|doorverwezen)\b"
)
# "nee, ik bel zelf wel": no help needed to reach them, only how
SELF_CONTACT = re.compile(r"\b(zelf|ik bel|bel ik|ik mail|mail ik|ik ga (er )?langs)\b")
MAX_CONTACT_TIME = 100
MAX_THEME_BUTTONS = 3


class Backend(Protocol):
    """What the conversation needs from the rest of the system."""

    @property
    def directory(self) -> Directory: ...

    async def understand(self, text: str) -> Understanding: ...

    def advise(self, understanding: Understanding, gemeente: str | None) -> Advice: ...

    def register(self, advice: Advice, referred: Suggestion | None = None) -> None: ...

    def submit_referral(self, request: ReferralRequest) -> ReferralReceipt: ...

    def now(self) -> datetime: ...


@dataclass(frozen=True)
class ReferralRequest:
    kind: str  # "referral" or "callback"
    service_id: str
    gemeente: str | None
    question: str
    consent_text: str
    consent_at: datetime
    name: str
    contact: str
    contact_time: str
    theme: str | None = None


@dataclass(frozen=True)
class ReferralReceipt:
    reference: str
    organisation: str
    note: str | None = None


@dataclass
class Turn:
    """One message of the person: what they typed (or the button's payload), what was
    understood of it, and the referral form's personal slots."""

    text: str
    understanding: Understanding
    button: bool = False
    personal: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def intent(self) -> str | None:
        return self.understanding.top_intent

    @property
    def confidence(self) -> float:
        return self.understanding.intents[0][1] if self.understanding.intents else 0.0


@dataclass
class Outcome:
    replies: list[Reply]
    state: State
    personal: dict[str, str | None] = field(default_factory=dict)  # slot changes
    explained: set[str] = field(default_factory=set)

    def finish(self) -> Outcome:
        self.state.explained = sorted(self.explained)
        return self


class Dialogue:
    def __init__(
        self,
        backend: Backend,
        referral_retention_days: int = 90,
        tracker_retention_days: int = 28,
    ):
        self.backend = backend
        self.retention_days = referral_retention_days
        self.chat_retention_days = tracker_retention_days

    # ------------------------------------------------------------------ entry points
    def welcome(self) -> Outcome:
        return Outcome([Reply(text("chat.welcome"), self._topic_buttons())], State())

    async def respond(self, turn: Turn, state: State) -> Outcome:
        """What the assistant says to `turn`, and what it remembers afterwards."""
        out = await self._respond(turn, State.from_dict(state.to_dict()))
        return out.finish()

    async def _respond(self, turn: Turn, state: State) -> Outcome:
        out = Outcome([], state, explained=set(state.explained))
        intent = turn.intent
        if intent == "start_over":
            return self._restart(out)
        safety = crisis.from_ranking(
            turn.text, turn.understanding.intents, self.backend.directory.themes
        )
        if safety.acute or (turn.button and intent == "crisis"):
            return self._crisis(turn, out)
        if intent == "go_back":
            return await self._back(out)
        after_crisis, crisis_theme = state.after_crisis, state.crisis_theme
        state.after_crisis, state.crisis_theme = False, None
        if after_crisis and not turn.button and BACK_TO_QUESTION.search(turn.text.lower()):
            return await self._back(out)  # "het gaat weer. maar nog even over die app"
        if (
            after_crisis
            and crisis_theme
            and state.form is None
            and not turn.button
            and (
                followups.follow_up_kind(turn.text) is not None
                or intent in REQUEST_INTENTS
                # "dank je. ik wil wel weten of ik minder kan terugbetalen": no new topic
                or (
                    len(followups.words(turn.text)) > SOCIAL_MAX_WORDS
                    and self._best_theme(turn) < THEME_MIN
                )
            )
        ):
            # "hij is weg. waar kan ik hulp krijgen hiermee?": help with what just happened
            return await self._answer(
                turn.text, Understanding.certain(crisis_theme, turn.text), out
            )
        if state.form is not None and not state.form.paused:
            return await self._form(turn, out)
        if state.form is not None and state.form.paused and intent in ("stop_form", "deny"):
            state.form = None
            out.personal = dict.fromkeys(PERSONAL_SLOTS)
            return self._say(out, "form.stopped")
        place = self._place(turn)
        if place is not None:
            state.gemeente = place.name
            if self._mostly_place(turn, place):
                return await self._gemeente_given(turn, out, place)
        expecting, state.expecting = state.expecting, None
        asked_term, state.asked_term = state.asked_term, None
        if intent == "dont_know" and state.pending is not None:
            return await self._without_gemeente(out)
        if not turn.button and REFUSE_DATA.search(turn.text.lower()) and state.form is None:
            # "nee, ik wil toch niet dat jullie mijn gegevens doorgeven": nothing is passed on
            state.pending = None
            out.replies.append(Reply(text("form.nothing_passed")))
            return self._contact_yourself(out) if state.topic is not None else out
        if intent in ("affirm", "deny") and not turn.button and not _yes_or_no(turn.text):
            # "ik heb dat geld niet" is no answer to a yes/no question: a question
            return await self._question(turn, out)
        if intent in ("affirm", "deny") and turn.confidence >= YES_MIN and expecting:
            return await self._yes_no(turn, out, expecting)
        if not turn.button and self._asks_meaning(turn):
            return self._meaning(turn, out)
        if (
            state.topic is not None
            and DIGID_THEME not in state.topic.themes
            and DIGID_THEME in self.backend.directory.themes
            and not turn.button
            and followups.follow_up_kind(turn.text) == followups.LOGIN
        ):
            # "hoe log ik daar in?": logging in to the government is DigiD
            return await self._answer(turn.text, Understanding.certain(DIGID_THEME, turn.text), out)
        theme = self._theme_of(asked_term) if asked_term else None
        if theme is not None and not turn.button and _asks_how_to_get(turn.text):
            # "wat is DigiD?" - "hoe krijg ik die?": the word just explained is the topic now
            return await self._answer(turn.text, Understanding.certain(theme, turn.text), out)
        if (
            not turn.button
            and ASKS_FOR_A_PERSON.search(turn.text.lower())
            and len(followups.words(turn.text)) <= PERSON_MAX_WORDS
            and self._best_theme(turn) < THEME_MIN
        ):
            # "kan iemand mij daarbij helpen?": a person, whatever the classifier is unsure of
            return await self._request_human(turn, out)
        follow_up = await self._topic_follow_up(turn, out)
        if follow_up is not None:
            return follow_up
        if intent in CONTEXT_INTENTS or intent is None:
            theme = await self._in_context(turn, state)
            if theme is not None:  # "en die brief met de code dan?", after a DigiD question
                state.pending = None
                return await self._answer(
                    turn.text,
                    Understanding.certain(theme, turn.text, turn.understanding.entities),
                    out,
                )
        handler = _HANDLERS.get(intent or "")
        if (
            intent in SOCIAL_INTENTS
            and len(followups.words(turn.text)) > SOCIAL_MAX_WORDS
            and (self._best_theme(turn) >= SOCIAL_THEME_MIN or state.topic is not None)
        ):
            handler = None  # "en hoe zit het met geld voor de kinderen?" is no small talk
        if handler is not None and self._best_theme(turn) < THEME_MIN:
            return await handler(self, turn, out)
        return await self._question(turn, out)

    # ------------------------------------------------------------------ crisis
    def _crisis(self, turn: Turn, out: Outcome) -> Outcome:
        state = out.state
        understanding = turn.understanding
        if turn.button and turn.intent == "crisis":  # "het gaat over mijn leven"
            understanding = Understanding.certain("crisis", "ik denk aan zelfdoding")
        advice = self.backend.advise(understanding, state.gemeente)
        if not advice.crisis:  # the crisis intent alone, without words: 113 first
            advice = self.backend.advise(
                Understanding.certain("crisis", "ik denk aan zelfdoding"), state.gemeente
            )
        earlier = state.pending.text if state.pending else state.topic.text if state.topic else None
        if earlier and not _names_veilig_thuis(advice):
            # "hij heeft me net geslagen" after a question about a divorce: violence at home
            with_earlier = Understanding(
                text=f"{earlier}. {understanding.text}",
                intents=understanding.intents,
                entities=understanding.entities,
            )
            again = self.backend.advise(with_earlier, state.gemeente)
            if again.crisis and again.crisis_first == advice.crisis_first:
                advice = again if _names_veilig_thuis(again) else advice
        state.crisis_theme = (
            "domestic_violence" if _names_veilig_thuis(advice) else self._clause_theme(turn)
        )
        out.replies += render.crisis_replies(advice)
        self.backend.register(advice)
        if state.form is not None:
            state.form.paused = True
        if state.form is not None or state.pending is not None or state.topic is not None:
            out.replies[-1].buttons = [Button(text("buttons.back"), "/go_back")]
        state.after_crisis = True
        state.expecting = None
        return out

    def _clause_theme(self, turn: Turn) -> str | None:
        """An everyday theme a clause of a crisis message is clearly about ("ik heb zo'n
        enorme studieschuld, ..."): what to help with after the crisis reply."""
        themes = self.backend.directory.themes
        return next(
            (
                name
                for name, confidence in turn.understanding.clause_intents
                if name in themes
                and name not in crisis.CRISIS_INTENTS
                and confidence >= CLAUSE_THEME_MIN
            ),
            None,
        )

    async def _back(self, out: Outcome) -> Outcome:
        state = out.state
        state.after_crisis = False
        if state.form is not None:
            state.form.paused = False
            out.replies.append(Reply(text("form.resume")))
            return self._ask_step(out)
        if state.pending is not None:
            pending = state.pending
            state.pending = None
            return await self._answer(
                pending.text, await self.backend.understand(pending.text), out, chosen=pending.theme
            )
        if state.topic is not None:
            topic = state.topic
            return await self._answer(
                topic.text, await self.backend.understand(topic.text), out, register=False
            )
        return self._say(out, "chat.ask_question", buttons=self._topic_buttons())

    # ------------------------------------------------------------------ gemeente
    def _place(self, turn: Turn) -> Place | None:
        values = turn.understanding.values("gemeente")
        if turn.button and turn.intent == "inform" and values:
            return Places(self.backend.directory).place(values[0])
        return Places(self.backend.directory).find(turn.text, values)

    def _mostly_place(self, turn: Turn, place: Place) -> bool:
        """The message is the gemeente (with a few words around it), not a new question."""
        if turn.intent == "inform" or turn.button:
            return True
        rest = re.sub(re.escape(place.name.lower()), " ", turn.text.lower())
        rest_words = [w for w in re.findall(r"\w+", rest) if w not in _FILLER]
        return len(rest_words) <= 2 and self._best_theme(turn) < 0.6

    async def _gemeente_given(self, turn: Turn, out: Outcome, place: Place) -> Outcome:
        state = out.state
        state.expecting = None
        if not place.known:
            out.replies.append(Reply(text("gemeente.unknown", gemeente=place.name)))
        pending = state.pending
        if pending is not None:
            state.pending = None
            if pending.waiting_for == "human":
                return self._human(out)
            if pending.waiting_for == "callback":
                return self._callback(out)
            understanding = (
                Understanding.certain(pending.theme, pending.text)
                if pending.theme
                else await self.backend.understand(pending.text)
            )
            chosen = pending.theme
            if chosen is None and pending.waiting_for == "theme":
                # the topic picker was waiting, and the person gave a gemeente instead:
                # go on with the most likely topic rather than ask the same again
                chosen = self._likely_theme(understanding)
            # a question that waited for the gemeente was answered (and counted) already
            return await self._answer(
                pending.text,
                understanding,
                out,
                chosen=chosen,
                notice=False,
                register=pending.waiting_for != "gemeente",
            )
        topic = state.topic
        if topic is not None and self._needs_gemeente(topic, place):
            if place.known:
                out.replies.append(Reply(text("gemeente.noted", gemeente=place.name)))
            understanding = Understanding.certain(topic.themes[0], topic.text)
            return await self._answer(topic.text, understanding, out, register=False, notice=False)
        if place.known:
            out.replies.append(Reply(text("gemeente.noted", gemeente=place.name)))
        return self._say(out, "chat.ask_question")

    def _needs_gemeente(self, topic: Topic, place: Place) -> bool:
        """Whether the last answer changes now that the gemeente is known."""
        directory = self.backend.directory
        if any(step.generic == "local_desk" for step in topic.steps):
            return True
        gemeente = directory.find_gemeente(place.name)
        return gemeente is not None and any(
            directory.has_services_in(t, gemeente) for t in topic.themes[:1]
        )

    async def _without_gemeente(self, out: Outcome) -> Outcome:
        """ "Weet ik niet" to the gemeente question: the national answer, and how to go on."""
        state = out.state
        pending = state.pending
        state.pending = None
        out.replies.append(Reply(text("gemeente.dont_know")))
        if pending is None or pending.waiting_for in ("human", "callback"):
            return self._ido_visit(out)
        understanding = (
            Understanding.certain(pending.theme, pending.text)
            if pending.theme
            else await self.backend.understand(pending.text)
        )
        return await self._answer(
            pending.text, understanding, out, chosen=pending.theme, ask_gemeente=False
        )

    # ------------------------------------------------------------------ questions
    def _likely_theme(self, understanding: Understanding) -> str | None:
        return next((n for n, _ in self._everyday_themes(understanding)), None)

    def _best_theme(self, turn: Turn) -> float:
        return max((c for _, c in self._everyday_themes(turn.understanding)), default=0.0)

    def _everyday_themes(self, understanding: Understanding) -> list[tuple[str, float]]:
        """The ranking's themes (no conversation intents, no crisis), best first."""
        themes = self.backend.directory.themes
        return [
            (n, c)
            for n, c in understanding.ranking()
            if n in themes and n not in crisis.CRISIS_INTENTS
        ]

    async def _question(self, turn: Turn, out: Outcome) -> Outcome:
        state = out.state
        intent = turn.intent
        directory = self.backend.directory
        if turn.button and intent in directory.themes and state.pending is not None:
            # a theme chosen with a button answers the waiting question, for certain
            pending = state.pending
            state.pending = None
            understanding = Understanding.certain(intent, pending.text, turn.understanding.entities)
            return await self._answer(pending.text, understanding, out, chosen=intent)
        if turn.button and intent in directory.themes:
            return await self._answer(
                text("chat.topic_chosen"), Understanding.certain(intent), out, chosen=intent
            )
        state.pending = None
        theme = await self._in_context(turn, state)
        if theme is not None:
            # "ik heb ook een lening nodig voor de lessen", after a question about inburgering
            return await self._answer(
                turn.text, Understanding.certain(theme, turn.text, turn.understanding.entities), out
            )
        term = self._term(turn)
        if term is not None and _word_asked(
            turn.text.lower(), term
        ):  # "... een brief over de WOZ. Wat betekent WOZ?"
            out.explained.add(term.lower())
            explanation = render.meaning(term)
            out.replies.append(Reply(_text("followup.meaning", term=term, explanation=explanation)))
        return await self._answer(turn.text, turn.understanding, out)

    async def _in_context(self, turn: Turn, state: State) -> str | None:
        """The last topic's theme, when a short, unsure message is clearly about it once read
        after the last question; None otherwise (a new question, or a named organisation)."""
        topic = state.topic
        if (
            topic is None
            or not topic.themes
            or turn.button
            or self._best_theme(turn) >= CONTEXT_BELOW
            or len(followups.words(turn.text)) > followups.MAX_WORDS
            or turn.understanding.values("organisation")
        ):
            return None
        together = await self.backend.understand(f"{topic.text.rstrip(' .?!')}. {turn.text}")
        best = next(iter(self._everyday_themes(together)), None)
        if best is not None and best[0] == topic.themes[0] and best[1] >= CONTEXT_SURE:
            return best[0]
        return None

    async def _answer(
        self,
        question: str,
        understanding: Understanding,
        out: Outcome,
        chosen: str | None = None,
        register: bool = True,
        notice: bool = True,
        ask_gemeente: bool = True,
    ) -> Outcome:
        state = out.state
        directory = self.backend.directory
        advice = self.backend.advise(understanding, state.gemeente)
        if advice.crisis:
            return self._crisis(Turn(question, understanding), out)
        if advice.out_of_scope:
            if register:
                self.backend.register(advice)
            return self._say(
                out, "chat.out_of_scope", buttons=[Button(text("buttons.human"), "/request_human")]
            )
        alternatives: list[Button] = []
        if advice.clarify and chosen is None:
            themes = [
                t
                for t in advice.themes
                if t["name"] in directory.themes and t["name"] not in crisis.CRISIS_INTENTS
            ][:MAX_THEME_BUTTONS]
            buttons = [Button(t["label"], f"/{t['name']}") for t in themes]
            buttons.append(Button(text("buttons.something_else"), "/vague_request"))
            same = next(
                (t["name"] for t in themes if state.topic and t["name"] in state.topic.themes[:1]),
                None,
            )
            if same is not None:
                # "ik heb ook een lening nodig voor de lessen": unsure, but the last topic is
                # one of the choices, so it goes on with that topic
                return await self._answer(
                    question,
                    Understanding.certain(same, question, understanding.entities),
                    out,
                    chosen=same,
                    register=register,
                    notice=notice,
                    ask_gemeente=ask_gemeente,
                )
            first = self._first(out) if not themes and state.topic is not None else None
            if first is not None:
                # nothing of a new topic in it: it goes on about the last answer
                return self._ask_them(first, out, "followup.about_it")
            if not themes or themes[0]["confidence"] < LIKELY_THEME_MIN:
                state.pending = Pending(question, "theme")
                key = "chat.clarify" if themes else "chat.ask_topic"
                return self._say(out, key, buttons=buttons if themes else self._topic_buttons())
            # likely enough: answer it, and offer the other topics under the answer
            alternatives = buttons[1:]
        if register:
            self.backend.register(advice)
        if advice.life_event:
            label = directory.themes[advice.life_event].label
            out.replies += render.checklist_replies(advice, label, out.explained)
            shown = len(advice.suggestions)
        else:
            # a notice (an example gemeente, one without data) is said once per gemeente
            said_before = f"notice:{advice.notice}" in out.explained
            replies, shown = render.advice_replies(
                advice, out.explained, state.ido_shown, with_notice=notice and not said_before
            )
            if advice.notice:
                out.explained.add(f"notice:{advice.notice}")
            out.replies += replies
        if advice.suggestions and advice.suggestions[0].kind == "ido":
            state.ido_shown = True
        state.topic = Topic(
            text=question,
            themes=[t["name"] for t in advice.themes],
            steps=[_step(s, directory) for s in advice.suggestions],
            life_event=advice.life_event,
            shown=shown,
        )
        if advice.distress:
            label = advice.themes[0]["label"].lower() if advice.themes else text("distress.this")
            out.replies.append(
                Reply(
                    text("distress.check", topic=label),
                    [
                        Button(text("buttons.about_life"), "/crisis"),
                        Button(text("buttons.about_topic", topic=label), "/deny"),
                    ],
                )
            )
            state.expecting = "distress"
        elif alternatives and not (advice.needs_gemeente and state.gemeente is None):
            state.pending = Pending(question, "theme")
            out.replies.append(Reply(text("chat.clarify_other"), alternatives))
        elif ask_gemeente and advice.needs_gemeente and state.gemeente is None:
            state.pending = Pending(
                question,
                "gemeente",
                theme=chosen or (advice.themes[0]["name"] if advice.themes else None),
            )
            out.replies.append(Reply(text("gemeente.ask"), self._gemeente_buttons()))
        return out

    # ------------------------------------------------------------------ conversation
    async def _greet(self, turn: Turn, out: Outcome) -> Outcome:
        if out.state.pending is not None:
            return self._say(out, "chat.greet_pending")
        return self._say(out, "chat.greet")

    async def _goodbye(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.goodbye")

    async def _thanks(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.thanks")

    async def _bot(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.bot")

    async def _capabilities(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.capabilities", buttons=self._topic_buttons())

    async def _smalltalk(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.smalltalk")

    async def _privacy(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(
            out,
            "privacy.statement",
            days=self.retention_days,
            chat_days=self.chat_retention_days,
        )

    async def _out_of_scope(self, turn: Turn, out: Outcome) -> Outcome:
        return await self._answer(turn.text, turn.understanding, out)

    async def _vague(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.ask_topic", buttons=self._topic_buttons())

    async def _inform(self, turn: Turn, out: Outcome) -> Outcome:
        if out.state.pending is not None:
            return self._say(out, "gemeente.ask_again", buttons=self._gemeente_buttons())
        return self._say(out, "chat.ask_question")

    async def _dont_know(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.dont_know")

    async def _stop(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.nothing_to_stop")

    async def _affirm(self, turn: Turn, out: Outcome) -> Outcome:
        return self._say(out, "chat.affirm")

    async def _deny(self, turn: Turn, out: Outcome) -> Outcome:
        pending = out.state.pending
        if pending is not None and pending.waiting_for in ("callback", "human"):
            # no call-back after all: how to reach them oneself, nothing passed on
            out.state.pending = None
            return self._contact_yourself(out)
        if out.state.topic is not None and SELF_CONTACT.search(turn.text.lower()):
            return self._contact_yourself(out)  # "nee, ik bel zelf wel"
        return self._say(out, "chat.deny")

    async def _yes_no(self, turn: Turn, out: Outcome, expecting: str) -> Outcome:
        yes = turn.intent == "affirm"
        if expecting in ("callback", "referral") and not yes:
            return self._contact_yourself(out)
        if expecting == "callback":
            if out.state.gemeente is None:
                out.state.pending = Pending(turn.text, "callback")
                return self._say(out, "callback.ask_gemeente", buttons=self._gemeente_buttons())
            return self._callback(out)
        if expecting == "referral":
            return self._start_form(out, "referral")
        if expecting == "distress":
            if yes:
                return self._crisis(
                    Turn(
                        "",
                        Understanding.certain("crisis"),
                        button=True,
                    ),
                    out,
                )
            return self._say(out, "distress.fine")
        return await (self._affirm if yes else self._deny)(turn, out)

    def _contact_yourself(self, out: Outcome) -> Outcome:
        """No to a referral or a call-back: how to reach them oneself."""
        first = self._first(out)
        if first is None:
            return self._say(out, "chat.deny")
        intro = text("form.yourself")
        return self._reply(out, render.card(first, out.explained, with_why=False, intro=intro))

    # ------------------------------------------------------------------ follow-ups
    def _first(self, out: Outcome) -> Suggestion | None:
        topic = out.state.topic
        if topic is None:
            return None
        for step in topic.steps:
            suggestion = self._suggestion(step, out.state.gemeente)
            if suggestion is not None:
                return suggestion
        return None

    def _suggestion(self, step: Step, gemeente: str | None) -> Suggestion | None:
        directory = self.backend.directory
        if step.service:
            return suggestion_for(directory, step.service, gemeente, self.backend.now(), step.theme)
        if step.generic and step.theme:
            return general_help_for(
                directory, step.theme, step.generic, gemeente, self.backend.now()
            )
        return None

    async def _follow_up(self, turn: Turn, out: Outcome) -> Outcome:
        intent = turn.intent or ""
        if intent == "ask_meaning":
            return self._meaning(turn, out)
        first = self._first(out)
        if first is None and intent in ("ask_hours", "ask_address"):
            first = nearest_ido(self.backend.directory, out.state.gemeente, self.backend.now())
        if first is None:
            return self._say(out, "followup.no_topic", buttons=self._topic_buttons())
        organisation = first.organisation
        topic = out.state.topic
        cost_by = COST_BY.get(topic.themes[0]) if topic and topic.themes else None
        if intent == "ask_cost" and cost_by in self.backend.directory.themes:
            # "wat gaat dat kosten?" about a nursing home: the CAK sets the own contribution
            return await self._answer(
                turn.text, Understanding.certain(str(cost_by), turn.text), out, register=False
            )
        if intent == "ask_cost":
            if first.kind == "ido":
                return self._say(out, "followup.cost_ido")
            if first.cost:
                cost = first.cost.rstrip(".")
                cost = cost[:1].upper() + cost[1:]
                return self._say(out, "followup.cost", organisation=organisation, cost=cost)
            return self._say(out, "followup.cost_unknown", organisation=organisation)
        if intent == "ask_when":
            return self._duration(first, out)
        if intent == "ask_hours":
            if first.hours:
                line = _text("followup.hours", organisation=organisation, hours=first.hours)
                if first.open_now:
                    line += " " + render._sentence(first.open_now)
                return self._reply(out, line)
            return self._reply(out, _text("followup.hours_unknown", organisation=organisation))
        if intent == "ask_address":
            address = (first.location or {}).get("address")
            if address:
                city = (first.location or {}).get("city") or ""
                return self._say(
                    out,
                    "followup.address",
                    organisation=organisation,
                    address=", ".join(p for p in (address, city) if p),
                )
            return self._say(out, "followup.address_unknown", organisation=organisation)
        # what now: the first step again, as one thing to do
        return self._reply(
            out, render.card(first, out.explained, with_why=False, intro=text("followup.next_step"))
        )

    def _duration(self, first: Suggestion, out: Outcome) -> Outcome:
        """How long it takes: what the referral promised, when one was made, else who knows."""
        if out.state.referred:
            return self._say(out, "followup.when_note", note=out.state.referred.rstrip("."))
        return self._ask_them(first, out, "followup.when_unknown")

    def _ask_them(self, first: Suggestion, out: Outcome, key: str) -> Outcome:
        line = _text(key, organisation=first.organisation)
        reach = render.contact_line(render.best_contact(first))
        return self._reply(out, f"{line} {reach}" if reach else line)

    async def _topic_follow_up(self, turn: Turn, out: Outcome) -> Outcome | None:
        """A short question about the last answer ("kan dat ook online?"), answered about
        its first organisation; None when the message is no such follow-up."""
        topic = out.state.topic
        pending = out.state.pending
        if topic is None or turn.button or (pending and pending.waiting_for != "gemeente"):
            return None  # (a follow-up may skip the gemeente question; it keeps waiting)
        kind = followups.follow_up_kind(turn.text)
        if kind is None:
            return None
        other = max(
            (c for n, c in self._everyday_themes(turn.understanding) if n not in topic.themes),
            default=0.0,
        )
        if other >= NEW_THEME_MIN and kind not in followups.ABOUT_THE_CLAIM:
            return None  # a new question of its own
        if turn.intent in REQUEST_INTENTS:  # "kan iemand mij daarbij helpen?": a person
            return None
        if (
            kind == followups.ABOUT_IT
            and turn.intent in FOLLOW_UPS
            and (turn.intent != "ask_address" or followups.asks_where(turn.text))
        ):
            return None  # the follow-up intents answer it (cost, hours, address, ...)
        first = self._first(out)
        if first is None:
            return None
        if kind == followups.ONLINE:
            website = next(
                (c for c in first.contacts if c.get("type") in ("website", "form", "chat")), None
            )
            if website is not None:
                website_value = website["value"]
                return self._say(
                    out, "followup.online", organisation=first.organisation, website=website_value
                )
            return self._ask_them(first, out, "followup.online_unknown")
        if kind in (followups.INSTALMENTS, followups.CANNOT_PAY):
            return self._ask_them(first, out, "followup.instalments")
        if kind == followups.OBJECTION:
            return self._ask_them(first, out, "followup.objection_term")
        if kind == followups.BRING:
            if first.bring:
                things = ", ".join(b[:1].lower() + b[1:] for b in first.bring)
                return self._say(out, "followup.bring", things=things)
            return self._ask_them(first, out, "followup.bring_unknown")
        if kind == followups.DURATION:
            return self._duration(first, out)
        if kind == followups.LEARN:
            topic_theme = topic.themes[0] if topic.themes else ""
            course = (
                COURSE_COMPUTER_SKILLS
                if topic_theme in DEVICE_TOPICS
                else (COURSE_DIGITAL_GOVERNMENT)
            )
            if course in self.backend.directory.themes:
                return await self._answer(turn.text, Understanding.certain(course, turn.text), out)
        if kind == followups.ELSEWHERE:
            return self._elsewhere(turn, out)
        if kind == followups.URGENT:
            return self._ask_them(first, out, "followup.urgent")
        if kind == followups.NOT_UNDERSTOOD:
            intro = text("followup.simpler")
            return self._reply(out, render.card(first, out.explained, with_why=True, intro=intro))
        if kind == followups.OBJECTION_TERM:
            return self._ask_them(first, out, "followup.objection_term")
        return self._ask_them(first, out, "followup.about_it")

    def _elsewhere(self, turn: Turn, out: Outcome) -> Outcome:
        """Where else to go: the other help of the last answer ("waar moet ik het nog
        melden?"), or all of it ("waar kan ik het melden?")."""
        steps = out.state.topic.steps if out.state.topic else []
        suggestions = [
            s
            for s in (self._suggestion(st, out.state.gemeente) for st in steps)
            if s is not None and s.kind != "ido"
        ]
        also = re.search(r"\b(nog|ook|verder|daarna|meer)\b", turn.text.lower())
        rest = suggestions[1:] if also else suggestions
        if not rest:
            first = self._first(out)
            return self._ask_them(first, out, "followup.about_it") if first else out
        out.replies += render.more_replies(rest, 0, out.explained, count=ELSEWHERE_SHOWN)
        return out

    def _asks_meaning(self, turn: Turn) -> bool:
        """ "wat is DigiD?", "wat betekent machtigen": a word to explain, not a question."""
        said = turn.text.lower()
        question = MEANING_QUESTION.search(said)
        term = self._term(turn)
        if question is None or term is None or len(followups.words(said)) > MEANING_MAX_WORDS:
            return False
        return _word_asked(said, term)

    @staticmethod
    def _term(turn: Turn) -> str | None:
        said = turn.text.lower()
        words = {w.lower() for w in re.findall(r"[\w-]+", said)}
        stems = {_stem(w) for w in words if len(w) >= STEM_MIN}
        return next(
            (
                term
                for term in render.glossary()
                if term.lower() in words
                or (" " in term and term.lower() in said)
                or (len(term) >= STEM_MIN and _stem(term.lower()) in stems)
            ),
            None,
        )

    def _theme_of(self, term: str) -> str | None:
        """The theme a word stands for ("DigiD" for digid, "WW" for employee_insurance)."""
        word = term.lower()
        for theme in self.backend.directory.themes.values():
            if theme.id == word or word in (t.lower() for t in theme.terms):
                return theme.id if theme.id not in crisis.CRISIS_INTENTS else None
        return None

    def _meaning(self, turn: Turn, out: Outcome) -> Outcome:
        term = self._term(turn)
        if term is None:
            return self._say(out, "followup.meaning_which")
        out.state.asked_term = term
        out.explained.add(term.lower())
        explanation = render.meaning(term)
        return self._say(out, "followup.meaning", term=term, explanation=explanation)

    async def _more(self, turn: Turn, out: Outcome) -> Outcome:
        topic = out.state.topic
        if topic is None:
            return self._say(out, "followup.no_topic", buttons=self._topic_buttons())
        suggestions = [
            s
            for s in (self._suggestion(st, out.state.gemeente) for st in topic.steps)
            if s is not None
        ]
        out.replies += render.more_replies(suggestions, topic.shown, out.explained)
        topic.shown = min(len(suggestions), topic.shown + 3)
        return out

    # ------------------------------------------------------------------ a person
    async def _request_human(self, turn: Turn, out: Outcome) -> Outcome:
        if out.state.gemeente is None:
            out.state.pending = Pending(turn.text, "human")
            return self._say(out, "human.ask_gemeente", buttons=self._gemeente_buttons())
        return self._human(out)

    def _human(self, out: Outcome) -> Outcome:
        state = out.state
        ido = nearest_ido(self.backend.directory, state.gemeente, self.backend.now())
        if ido is None:
            return self._say(out, "human.ask_library")
        state.ido_shown = True
        state.topic = _ido_topic(ido)
        out.replies.append(
            Reply(render.card(ido, out.explained, with_why=False, intro=text("human.intro")))
        )
        if ido.open is False and (ido.warm_referral or {}).get("possible"):
            state.expecting = "callback"
            out.replies.append(
                Reply(
                    text("human.closed_callback"),
                    [
                        Button(text("buttons.callback_yes"), "/request_callback"),
                        Button(text("buttons.no_thanks"), "/deny"),
                    ],
                )
            )
        return out

    async def _request_callback(self, turn: Turn, out: Outcome) -> Outcome:
        if out.state.gemeente is None:
            out.state.pending = Pending(turn.text, "callback")
            return self._say(out, "callback.ask_gemeente", buttons=self._gemeente_buttons())
        return self._callback(out)

    def _callback(self, out: Outcome) -> Outcome:
        return self._start_form(out, "callback")

    async def _no_contact(self, turn: Turn, out: Outcome) -> Outcome:
        return self._ido_visit(out)

    def _ido_visit(self, out: Outcome) -> Outcome:
        ido = nearest_ido(self.backend.directory, out.state.gemeente, self.backend.now())
        if ido is None:
            return self._say(out, "human.ask_library")
        out.state.ido_shown = True
        out.state.topic = _ido_topic(ido)
        out.replies.append(
            Reply(render.card(ido, out.explained, with_why=False, intro=text("human.visit")))
        )
        return out

    async def _request_referral(self, turn: Turn, out: Outcome) -> Outcome:
        if out.state.topic is None:
            return self._say(out, "form.no_question_yet")
        return self._start_form(out, "referral")

    # ------------------------------------------------------------------ referral form
    def _target(self, out: Outcome, kind: str) -> Suggestion | None:
        state = out.state
        if kind == "callback":
            ido = nearest_ido(self.backend.directory, state.gemeente, self.backend.now())
            return ido if ido is not None and (ido.warm_referral or {}).get("possible") else None
        if state.topic is None:
            return None
        for step in state.topic.steps:
            suggestion = self._suggestion(step, state.gemeente)
            if suggestion is not None and (suggestion.warm_referral or {}).get("possible"):
                return suggestion
        return None

    def _start_form(self, out: Outcome, kind: str) -> Outcome:
        state = out.state
        target = self._target(out, kind)
        if (target is None or not target.service_id) and kind == "referral":
            # no warm referral to them, but the Informatiepunt can call and help
            state.expecting = "callback"
            first = self._first(out)
            name = first.organisation if first else text("form.the_organisation")
            return self._say(
                out,
                "form.offer_callback",
                organisation=name,
                buttons=[
                    Button(text("buttons.callback_yes"), "/request_callback"),
                    Button(text("buttons.no_thanks"), "/deny"),
                ],
            )
        if (target is None or not target.service_id) and kind == "callback":
            # the Informatiepunt does not call back here; the organisation of the answer
            # takes a warm referral: then they call
            referral = self._target(out, "referral")
            if referral is not None and referral.service_id:
                return self._start_form(out, "referral")
        if target is None or not target.service_id:
            first = self._first(out)
            out.replies.append(Reply(text("form.not_possible")))
            if first is not None:
                out.replies.append(
                    Reply(
                        render.card(
                            first, out.explained, with_why=False, intro=text("form.yourself")
                        )
                    )
                )
            elif kind == "callback":
                return self._ido_visit(out)
            return out
        question = (
            state.topic.text
            if state.topic and kind == "referral"
            else text("form.callback_question")
        )
        state.form = Form(
            kind=kind, service=target.service_id, question=question, theme=target.theme
        )
        return self._ask_step(out)

    def _consent_text(self, target: Suggestion, kind: str) -> str:
        note = (target.warm_referral or {}).get("note")
        key = "form.consent_callback" if kind == "callback" else "form.consent"
        consent = text(key, organisation=target.organisation, days=self.retention_days)
        return consent + (" " + text("form.consent_when", note=note.rstrip(".")) if note else "")

    def _form_target(self, out: Outcome) -> Suggestion | None:
        form = out.state.form
        if form is None:
            return None
        return suggestion_for(
            self.backend.directory, form.service, out.state.gemeente, self.backend.now()
        )

    def _ask_step(self, out: Outcome) -> Outcome:
        form = out.state.form
        if form is None:
            return out
        if form.step == "consent":
            target = self._form_target(out)
            if target is None:
                out.state.form = None
                return self._say(out, "form.not_possible")
            consent = self._consent_text(target, form.kind)
            form.consent_text = consent
            return self._reply(
                out,
                consent,
                [
                    Button(text("buttons.yes"), "/affirm"),
                    Button(text("buttons.no"), "/deny"),
                    Button(text("buttons.who_gets_data"), "/privacy_question"),
                ],
            )
        if form.step == "name":
            return self._say(out, "form.ask_name")
        if form.step == "contact":
            return self._say(
                out,
                "form.ask_contact",
                buttons=[Button(text("buttons.no_contact"), "/no_contact_means")],
            )
        if form.step == "time":
            return self._say(out, "form.ask_time")
        return out

    async def _form(self, turn: Turn, out: Outcome) -> Outcome:
        state = out.state
        form = state.form
        assert form is not None
        intent = turn.intent
        if intent == "stop_form" or (
            intent == "deny"
            and form.step != "confirm"
            and turn.confidence >= YES_MIN
            and form.step == "consent"
        ):
            return self._stop_form(out, no_consent=form.step == "consent")
        if intent in QUESTION_IN_FORM and (turn.button or turn.confidence >= 0.5):
            if intent == "ask_meaning":
                if self._term(turn) is None:
                    out.replies.append(Reply(text(f"form.explain_{form.step}")))
                else:
                    self._meaning(turn, out)
            elif intent == "privacy_question" and form.step in ("name", "contact"):
                out.replies.append(Reply(text(f"form.why_{form.step}")))
            elif intent == "privacy_question":
                target = self._form_target(out)
                organisation = target.organisation if target else text("form.the_organisation")
                out.replies.append(
                    Reply(
                        text(
                            "form.who_gets_data",
                            organisation=organisation,
                            days=self.retention_days,
                        )
                    )
                )
            elif intent == "ask_when":
                target = self._form_target(out)
                note = (target.warm_referral or {}).get("note") if target else None
                out.replies.append(
                    Reply(
                        text("followup.when_note", note=note.rstrip("."))
                        if note
                        else text("form.when_generic")
                    )
                )
            elif intent == "ask_cost":
                out.replies.append(Reply(text("form.cost")))
            else:
                out.replies.append(Reply(text("chat.bot")))
            return self._ask_step(out)
        if form.step == "consent":
            if intent == "affirm" and (turn.button or turn.confidence >= YES_MIN):
                form.consent_at = self.backend.now().isoformat()
                form.step = "name"
                return self._ask_step(out)
            out.replies.append(Reply(text("form.choose_yes_no")))
            return self._ask_step(out)
        if form.step == "name":
            if turn.text.strip().endswith("?"):
                out.replies.append(Reply(text("form.why_name")))
                return self._ask_step(out)
            try:
                out.personal["person_name"] = normalise_name(turn.text)
            except ReferralError:
                return self._say(out, "form.bad_name")
            form.step = "contact"
            return self._ask_step(out)
        if form.step == "contact":
            if intent == "no_contact_means":
                state.form = None
                out.personal = dict.fromkeys(PERSONAL_SLOTS)
                out.replies.append(Reply(text("form.no_contact")))
                return self._ido_visit(out)
            try:
                _parse_contact(turn.text)
            except ReferralError:
                return self._say(out, "form.bad_contact")
            out.personal["contact_details"] = turn.text.strip()
            form.step = "time"
            return self._ask_step(out)
        if form.step == "time":
            when = turn.text.strip()
            if not when or len(when) > MAX_CONTACT_TIME:
                return self._say(out, "form.bad_time")
            out.personal["contact_time"] = when
            form.step = "confirm"
            return self._confirm(turn, out)
        # confirm
        if intent == "affirm" and (turn.button or turn.confidence >= YES_MIN):
            return self._submit(turn, out)
        if intent == "deny" and (turn.button or turn.confidence >= YES_MIN):
            form.step = "name"
            out.personal = dict.fromkeys(PERSONAL_SLOTS)
            out.replies.append(Reply(text("form.again")))
            return self._ask_step(out)
        return self._confirm(turn, out)

    def _confirm(self, turn: Turn, out: Outcome) -> Outcome:
        personal = {**turn.personal, **out.personal}
        target = self._form_target(out)
        organisation = target.organisation if target else text("form.the_organisation")
        summary = text(
            "form.confirm",
            name=personal.get("person_name") or "",
            contact=personal.get("contact_details") or "",
            time=personal.get("contact_time") or "",
            organisation=organisation,
        )
        return self._reply(
            out,
            summary,
            [
                Button(text("buttons.confirm_yes"), "/affirm"),
                Button(text("buttons.confirm_no"), "/deny"),
            ],
        )

    def _submit(self, turn: Turn, out: Outcome) -> Outcome:
        state = out.state
        form = state.form
        assert form is not None
        personal = {**turn.personal, **out.personal}
        request = ReferralRequest(
            kind=form.kind,
            service_id=form.service,
            gemeente=state.gemeente,
            question=form.question,
            consent_text=form.consent_text,
            consent_at=datetime.fromisoformat(form.consent_at)
            if form.consent_at
            else self.backend.now(),
            name=personal.get("person_name") or "",
            contact=personal.get("contact_details") or "",
            contact_time=personal.get("contact_time") or "",
            theme=form.theme,
        )
        state.form = None
        out.personal = dict.fromkeys(PERSONAL_SLOTS)
        try:
            receipt = self.backend.submit_referral(request)
        except Exception:
            return self._say(out, "form.failed")
        state.referred = receipt.note or text("form.when_generic")
        line = text("form.done", organisation=receipt.organisation, reference=receipt.reference)
        if receipt.note:
            line += " " + text("form.done_when", note=receipt.note.rstrip("."))
        return self._reply(out, line + " " + text("form.follow_up"))

    def _stop_form(self, out: Outcome, no_consent: bool = False) -> Outcome:
        target = self._form_target(out)
        out.state.form = None
        out.personal = dict.fromkeys(PERSONAL_SLOTS)
        out.replies.append(Reply(text("form.stopped")))
        if no_consent and target is not None:
            out.replies.append(
                Reply(
                    render.card(target, out.explained, with_why=False, intro=text("form.yourself"))
                )
            )
        return out

    # ------------------------------------------------------------------ small helpers
    def _restart(self, out: Outcome) -> Outcome:
        out.state = State()
        out.personal = dict.fromkeys(PERSONAL_SLOTS)
        out.explained = set()
        return self._say(out, "chat.restart", buttons=self._topic_buttons())

    def _say(
        self, out: Outcome, key: str, buttons: list[Button] | None = None, **values: Any
    ) -> Outcome:
        return self._reply(out, _text(key, **values), buttons)

    @staticmethod
    def _reply(out: Outcome, line: str, buttons: list[Button] | None = None) -> Outcome:
        out.replies.append(Reply(line, list(buttons or [])))
        return out

    def _topic_buttons(self) -> list[Button]:
        return [Button(text(f"topics.{theme}"), f"/{theme}") for theme in TOPIC_BUTTONS]

    def _gemeente_buttons(self) -> list[Button]:
        buttons = [
            Button(g.name, f'/inform{{"gemeente": "{g.name}"}}')
            for g in self.backend.directory.gemeenten
        ]
        return [*buttons, Button(text("buttons.dont_know"), "/dont_know")]


TOPIC_BUTTONS = (
    "digid",
    "allowances",
    "tax_assessment",
    "letters_forms",
    "debts",
    "course_computer_skills",
)
_FILLER = frozenset(
    {
        "ik",
        "woon",
        "in",
        "de",
        "gemeente",
        "het",
        "is",
        "uit",
        "te",
        "bij",
        "naar",
        "mijn",
        "dat",
        "die",
        "en",
        "ja",
        "nee",
        "hoor",
        "graag",
        "regio",
        "wonen",
        "woonachtig",
        "woont",
        "wij",
        "we",
        "zijn",
    }
)


def _text(key: str, **values: Any) -> str:
    """A text of the catalogue; general help named inside a sentence reads "uw gemeente"
    there, not "Uw gemeente"."""
    organisation = values.get("organisation")
    if isinstance(organisation, str) and organisation.startswith("Uw "):
        values["organisation"] = "uw " + organisation[3:]
    line = text(key, **values)
    return line[:1].upper() + line[1:]


BACK_TO_QUESTION = re.compile(
    r"\b(nog even over|terug naar|weer over|verder met|door met|mijn vraag|die vraag"
    r"|mijn eerdere)\b"
)


def _stem(word: str) -> str:
    """A Dutch word without its plural or inflection ending: "nabestaande" and
    "nabestaanden" are one word."""
    return re.sub(r"(en|n|s|e)$", "", word)


def _word_asked(said: str, term: str) -> bool:
    """The word follows a question about it ("wat is Wmo precies", "wat betekent dat woord
    WOZ"), not "wat is het telefoonnummer van de SVB"."""
    for question in WORD_ASKED.finditer(said):
        at = said.find(term.lower(), question.end())
        if at >= 0 and len(said[question.end() : at].split()) <= MEANING_WORDS_BETWEEN:
            return True
    return False


def _names_veilig_thuis(advice: Advice) -> bool:
    return any("veilig-thuis" in (s.key, s.organisation_id) for s in advice.suggestions)


HOW_TO_GET = re.compile(
    r"\b(hoe|waar|wie)\b[^.?!]{0,25}\b(krijg|krijgen|vraag|vragen|aanvragen|aan ?vragen|maak|"
    r"maken|regel|regelen|kom ik aan|haal|halen)\b"
)


def _asks_how_to_get(said: str) -> bool:
    """ "hoe krijg ik die?", "waar vraag ik dat aan": how to get the thing just explained."""
    return bool(HOW_TO_GET.search(said.lower())) and len(said.split()) <= 8


def _yes_or_no(said: str) -> bool:
    """A typed answer to a yes/no question: short, or starting with yes or no."""
    return len(followups.words(said)) <= 3 or bool(YES_NO_START.search(said.lower()))


def _step(suggestion: Suggestion, directory: Directory) -> Step:
    if suggestion.service_id:
        return Step(theme=suggestion.theme, service=suggestion.service_id)
    # general help: of the suggestion's theme, or of the theme it was borrowed from (the
    # gemeente's debt help for urgent money in a question about rent)
    own = directory.themes.get(suggestion.theme or "")
    for theme in [own, *directory.themes.values()] if own else directory.themes.values():
        for which in ("own_provider", "local_desk"):
            generic = getattr(theme, which)
            if (
                generic is not None
                and generic.organisation == suggestion.organisation
                and generic.service == suggestion.service
            ):
                return Step(theme=theme.id, generic=which)
    return Step(theme=suggestion.theme)


def _ido_topic(ido: Suggestion) -> Topic:
    """The Informatiepunt as the topic, so "wanneer zijn ze open?" is about it."""
    return Topic(
        text=ido.organisation,
        themes=["ido_info"],
        steps=[Step(theme="ido_info", service=ido.service_id)],
    )


def _parse_contact(value: str) -> dict[str, str | None]:
    """A phone number or an e-mail address, validated; raises ReferralError otherwise."""
    value = (value or "").strip()
    if "@" in value:
        return {"email": normalise_email(value), "phone": None}
    return {"phone": normalise_phone(value), "email": None}


parse_contact = _parse_contact

Handler = Callable[[Dialogue, Turn, Outcome], Awaitable[Outcome]]
_HANDLERS: dict[str, Handler] = {
    "greet": Dialogue._greet,
    "goodbye": Dialogue._goodbye,
    "thanks": Dialogue._thanks,
    "bot_challenge": Dialogue._bot,
    "ask_capabilities": Dialogue._capabilities,
    "smalltalk": Dialogue._smalltalk,
    "privacy_question": Dialogue._privacy,
    "out_of_scope": Dialogue._out_of_scope,
    "vague_request": Dialogue._vague,
    "inform": Dialogue._inform,
    "dont_know": Dialogue._dont_know,
    "stop_form": Dialogue._stop,
    "affirm": Dialogue._affirm,
    "deny": Dialogue._deny,
    "request_human": Dialogue._request_human,
    "request_callback": Dialogue._request_callback,
    "request_referral": Dialogue._request_referral,
    "no_contact_means": Dialogue._no_contact,
    "more_options": Dialogue._more,
    **dict.fromkeys(FOLLOW_UPS, Dialogue._follow_up),
}
