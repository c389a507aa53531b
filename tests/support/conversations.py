"""Play the multi-turn conversations of tests/e2e/conversations.yml against a web chat and
say what went wrong (used by the end-to-end tests and by bench/conversations.py)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import yaml

CONVERSATIONS = Path(__file__).resolve().parents[1] / "e2e" / "conversations.yml"
CRISIS_WORDS = ("Bel meteen 112", "Bel 113", "0800 0113")


def load(path: Path = CONVERSATIONS) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


LATENCIES_MS: list[float] = []  # of every turn played, for bench/conversations.py


class WebChat:
    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.opener.open(self.base_url + "/", timeout=30).read()
        self.messages: list[dict[str, Any]] = self._post("/chat/start", {})

    def _post(self, path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        start = time.perf_counter()
        try:
            with self.opener.open(request, timeout=120) as response:
                messages = list(json.loads(response.read())["messages"])
            LATENCIES_MS.append((time.perf_counter() - start) * 1000)
            return messages
        except urllib.error.HTTPError as error:
            return [{"text": f"HTTP {error.code}: {error.read()[:200]!r}"}]

    def say(self, text: str) -> list[dict[str, Any]]:
        self.messages = self._post("/chat/message", {"text": text})
        return self.messages

    def press(self, title: str) -> list[dict[str, Any]]:
        offered = [b for m in self.messages for b in m.get("buttons", [])]
        button = next((b for b in offered if b["title"] == title), None)
        if button is None:
            titles = [b["title"] for b in offered]
            self.messages = [{"text": f"(no button {title!r}; offered: {titles})"}]
            return self.messages
        self.messages = self._post("/chat/message", {"payload": button["payload"]})
        return self.messages


def check_turn(turn: dict[str, Any], messages: list[dict[str, Any]]) -> list[str]:
    answer = "\n".join(m.get("text") or "" for m in messages)
    titles = [b["title"] for m in messages for b in m.get("buttons", [])]
    problems = []
    if not answer.strip():
        problems.append("no answer")
    problems += [f"missing {t!r}" for t in turn.get("expect", []) if t not in answer]
    if turn.get("any") and not any(t in answer for t in turn["any"]):
        problems.append(f"none of {turn['any']}")
    problems += [f"unwanted {t!r}" for t in turn.get("not", []) if t in answer]
    if turn.get("order"):
        first, second = turn["order"]
        if (
            first not in answer
            or second not in answer
            or answer.index(first) > answer.index(second)
        ):
            problems.append(f"{first!r} should come before {second!r}")
    problems += [f"no button {t!r}" for t in turn.get("buttons", []) if t not in titles]
    if not turn.get("crisis") and any(w in answer for w in CRISIS_WORDS):
        problems.append("a crisis reply where none belongs")
    return problems


def play(base_url: str, conversation: dict[str, Any]) -> list[str]:
    """Every problem of one conversation, as 'turn n (text): problem'."""
    chat = WebChat(base_url)
    problems = []
    for n, turn in enumerate(conversation["turns"], 1):
        if "press" in turn:
            messages, what = chat.press(turn["press"]), f"[{turn['press']}]"
        else:
            messages, what = chat.say(turn["say"]), turn["say"]
        for problem in check_turn(turn, messages):
            answer = " / ".join((m.get("text") or "")[:160] for m in messages)
            problems.append(f"turn {n} ({what}): {problem} -- got: {answer}")
    return problems
