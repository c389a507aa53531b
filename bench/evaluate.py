"""Measure what the advice API says on questions written by people who never saw the
training data: the competent organisation first (top-1, top-3), crisis recall and false
alarms, multi-need, and the latency of each answer.

    .venv/bin/python bench/evaluate.py --start                    # starts the real stack
    .venv/bin/python bench/evaluate.py --url URL --token TOKEN    # a running stack
    .venv/bin/python bench/evaluate.py --model models/nlu.tar.gz  # in process, for the
        development loop: a (NLU-only) Rasa model and knowledge.advise, no servers
    options: --sets blind,crisis,multi   --errors (print the misses)   --write FILE.md

Sets (see "Evaluation sets" in README.md):
    blind    tests/eval/blind.yml         the blind test set: report it, never tune on it
    crisis   tests/eval/crisis.yml        the blind crisis test set
    multi    tests/eval/multi_need.yml    the blind multi-need test set
    dev      bench/dev/questions.yml      the development set: choose settings here
    dev2     bench/dev/questions2.yml     a second development set, written later
    dev3     bench/dev/questions3.yml     a third, held back as a check of the changes
    dev4     bench/dev/questions4.yml     a fourth, mostly the weakest styles
    dev5     bench/dev/questions5.yml     a fifth, every style
    dev6     bench/dev/questions6.yml     a sixth, every style, weighted to the weakest
    dev7     bench/dev/questions7.yml     a seventh, every style and every theme
    dev8     bench/dev/questions8.yml     an eighth: newcomers' Dutch and staff notes
    crisis-dev  bench/dev/crisis.yml      the crisis development set      (these three are
    crisis-dev2 bench/dev/crisis2.yml     a second one, written later      training data now:
    crisis-dev3 bench/dev/crisis3.yml     a third one, written later       they measure nothing)
    crisis-dev4 bench/dev/crisis4.yml     a fourth one
    crisis-dev5 bench/dev/crisis5.yml     a fifth one, mostly lookalikes, written last

An answer is mapped to the organisation keys the sets use (`answer_keys`): national
organisations by their id, local help by what it is (gemeente, sociaal-raadslieden,
course, ...), and the answer itself when it is no organisation (out-of-scope, clarify).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "blind": ROOT / "tests/eval/blind.yml",
    "crisis": ROOT / "tests/eval/crisis.yml",
    "multi": ROOT / "tests/eval/multi_need.yml",
    "dev": ROOT / "bench/dev/questions.yml",
    "dev2": ROOT / "bench/dev/questions2.yml",
    "dev3": ROOT / "bench/dev/questions3.yml",
    "dev4": ROOT / "bench/dev/questions4.yml",
    "dev5": ROOT / "bench/dev/questions5.yml",
    "dev6": ROOT / "bench/dev/questions6.yml",
    "dev7": ROOT / "bench/dev/questions7.yml",
    "dev8": ROOT / "bench/dev/questions8.yml",
    "crisis-dev": ROOT / "bench/dev/crisis.yml",
    "crisis-dev2": ROOT / "bench/dev/crisis2.yml",
    "crisis-dev3": ROOT / "bench/dev/crisis3.yml",
    "crisis-dev4": ROOT / "bench/dev/crisis4.yml",
    "crisis-dev5": ROOT / "bench/dev/crisis5.yml",
}
CRISIS_LINES = {"alarmnummer-112", "zelfmoordpreventie-113", "veilig-thuis"}

# Local organisations of a gemeente, by what their id starts with or holds.
LOCAL_KEYS = [
    (r"^gemeente-", "gemeente"),
    (r"sociaal-raadslieden|raadslieden", "sociaal-raadslieden"),
    (r"^wijkteam", "wijkteam"),
    (r"^welzijn", "welzijn"),
    (r"wonen|woningcorporatie", "woningcorporatie"),
    (r"^juridisch-loket", "juridisch-loket"),
    (r"^informatiepunt-digitale-overheid$", "ido"),
]
# Help without contact details ("Uw gemeente"): by the organisation's words.
GENERIC_KEYS = [
    (r"taalhuis", "taalhuis"),
    (r"sociaal raadslieden", "sociaal-raadslieden"),
    (r"gemeente", "gemeente"),
    (r"eigen bank|uw bank", "own-bank"),
    (r"zorgverzekeraar", "zorgverzekeraar"),
    (r"ziekenhuis|huisarts", "care-provider"),
    (r"pensioen", "pensioenuitvoerder"),
    (r"woningcorporatie", "woningcorporatie"),
    (r"vervoerder|ov-chipkaart", "ov-service"),
    (r"bibliotheek", "course"),
]


def suggestion_key(suggestion: dict[str, Any]) -> str:
    """The organisation key of one suggestion."""
    if suggestion.get("key"):
        return str(suggestion["key"])
    org_id = suggestion.get("organisation_id") or ""
    kind = suggestion.get("kind")
    service = (suggestion.get("service_id") or "") + " " + (suggestion.get("service") or "")
    if org_id.startswith("bibliotheek-"):
        if kind == "ido":
            return "ido"
        return "taalhuis" if "taalhuis" in service.lower() else "course"
    for pattern, key in LOCAL_KEYS:
        if org_id and re.search(pattern, org_id):
            return key
    if org_id:
        return org_id
    words = (suggestion.get("organisation") or "").lower()
    for pattern, key in GENERIC_KEYS:
        if re.search(pattern, words):
            return key
    return words or "?"


def answer_keys(answer: dict[str, Any]) -> list[str]:
    """The keys of an answer, best first."""
    if answer.get("out_of_scope"):
        return ["out-of-scope"]
    keys: list[str] = []
    for suggestion in answer.get("suggestions") or []:
        key = suggestion_key(suggestion)
        if key not in keys:
            keys.append(key)
    return keys


def is_acute(answer: dict[str, Any]) -> bool:
    """The crisis reply: crisis lines first and alone (112/113)."""
    return bool(answer.get("crisis"))


def shows_113(answer: dict[str, Any]) -> bool:
    """The answer names 113 somewhere: the crisis reply or a line for possible distress."""
    if answer.get("crisis") or answer.get("distress"):
        return True
    return any(
        suggestion_key(s) == "zelfmoordpreventie-113" for s in answer.get("suggestions") or []
    )


class Client:
    def __init__(self, url: str, token: str):
        self.url = url.rstrip("/") + "/api/advice"
        self.token = token
        self.latencies: list[float] = []

    def advise(self, text: str, gemeente: str | None = None) -> dict[str, Any]:
        body = {"text": text, **({"gemeente": gemeente} if gemeente else {})}
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{error.code} for {text!r}: {error.read()[:200]!r}") from None
        self.latencies.append((time.perf_counter() - start) * 1000)
        return answer


class InProcess:
    """The advice path without servers: a Rasa model's parse and the advice service."""

    def __init__(self, model: str):
        import asyncio

        from rasa.core.agent import Agent

        sys.path.insert(0, str(ROOT))
        from conversation.advice import AdviceService
        from knowledge import Directory

        self.loop = asyncio.new_event_loop()
        agent = Agent.load(model)
        directory = Directory.from_files()

        async def parse(text: str) -> dict[str, Any]:
            return dict(await agent.parse_message(text))

        self.service = AdviceService(lambda: directory, parse)
        self.latencies: list[float] = []

    def advise(self, text: str, gemeente: str | None = None) -> dict[str, Any]:
        start = time.perf_counter()
        answer = self.loop.run_until_complete(self.service.advise_text(text, gemeente))
        self.latencies.append((time.perf_counter() - start) * 1000)
        return dict(answer)


def load(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))
    return list(data["items"] if isinstance(data, dict) else data)


def pct(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def evaluate_questions(
    client: Client | InProcess, items: list[dict[str, Any]], errors: bool
) -> list[str]:
    """Top-1 and top-3 of the competent organisation, overall and per style."""
    per_style: dict[str, Counter[str]] = defaultdict(Counter)
    misses = []
    for item in items:
        answer = client.advise(item["text"], item.get("gemeente"))
        expect = list(item["expect"])
        keys = answer_keys(answer)
        if expect == ["clarify"]:
            top1 = top3 = bool(answer.get("clarify"))
        else:
            top1 = bool(keys) and keys[0] in expect
            top3 = any(k in expect for k in keys[:3])
        style = item.get("style", "-")
        for bucket in (per_style[style], per_style["all"]):
            bucket["n"] += 1
            bucket["top1"] += top1
            bucket["top3"] += top3
            bucket["crisis"] += bool(answer.get("crisis")) and not (set(expect) & CRISIS_LINES)
            bucket["clarify"] += bool(answer.get("clarify")) and expect != ["clarify"]
        if not top1:
            misses.append(f"- {item['text']!r} expect {expect} got {keys[:3]}")
    lines = [
        "| style | n | top-1 | top-3 | crisis reply on an everyday question | clarify asked |",
        "|---|---|---|---|---|---|",
    ]
    for style in sorted(per_style, key=lambda s: (s != "all", s)):
        c = per_style[style]
        lines.append(
            f"| {style} | {c['n']} | {pct(c['top1'], c['n'])} | {pct(c['top3'], c['n'])} | "
            f"{c['crisis']} | {c['clarify']} |"
        )
    if errors:
        lines += ["", "Misses (top-1):", *misses]
    return lines


def evaluate_crisis(
    client: Client | InProcess, items: list[dict[str, Any]], errors: bool
) -> list[str]:
    """Acute recall (the crisis reply with the right line first), overall recall, false alarms."""
    counts: Counter[str] = Counter()
    misses = []
    for item in items:
        answer = client.advise(item["text"])
        tier = item["tier"]
        keys = answer_keys(answer)
        counts[tier] += 1
        if tier == "acute":
            hit = is_acute(answer)
            right_first = hit and bool(keys) and keys[0] == item.get("first")
            counts["acute_detected"] += hit
            counts["acute_right_first"] += right_first
            counts["detected"] += hit
            if not right_first:
                misses.append(f"- acute {item['text']!r}: first {keys[:2]} crisis={hit}")
        elif tier == "distress":
            hit = shows_113(answer)
            counts["detected"] += hit
            counts["distress_detected"] += hit
            if not hit:
                misses.append(f"- distress {item['text']!r}: no 113 ({keys[:2]})")
        else:
            alarm = is_acute(answer)
            counts["false_alarms"] += alarm
            counts["distress_lines"] += shows_113(answer) and not alarm
            if item.get("expect"):  # sets that name the everyday organisation
                counts["everyday_expected"] += 1
                counts["everyday_top1"] += bool(keys) and keys[0] in item["expect"]
            if alarm:
                misses.append(f"- false alarm {item['text']!r} ({item.get('family')})")
    crises = counts["acute"] + counts["distress"]
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| acute messages | {counts['acute']} |",
        f"| acute recall (crisis reply) | {pct(counts['acute_detected'], counts['acute'])} |",
        f"| acute, right line first (112/113) | "
        f"{pct(counts['acute_right_first'], counts['acute'])} |",
        f"| possible distress, 113 shown | "
        f"{pct(counts['distress_detected'], counts['distress'])} |",
        f"| overall crisis recall | {pct(counts['detected'], crises)} |",
        f"| everyday lookalikes | {counts['everyday']} |",
        f"| false alarms (crisis reply) | {pct(counts['false_alarms'], counts['everyday'])} "
        f"({counts['false_alarms']}) |",
        f"| everyday with a 113 line | {counts['distress_lines']} |",
        f"| everyday, competent organisation first | "
        f"{pct(counts['everyday_top1'], counts['everyday_expected'])} |",
    ]
    if errors:
        lines += ["", "Misses:", *misses]
    return lines


def evaluate_multi(
    client: Client | InProcess, items: list[dict[str, Any]], errors: bool
) -> list[str]:
    """Multi-need: how many needs reach the first five suggestions."""
    found = total = complete = 0
    misses = []
    for item in items:
        answer = client.advise(item["text"])
        keys = answer_keys(answer)[:5]
        needs = list(item.get("needs") or item.get("themes") or [])
        hits = sum(1 for n in needs if n in keys)
        found += hits
        total += len(needs)
        complete += hits == len(needs)
        if hits < len(needs):
            misses.append(f"- {item['text']!r} needs {needs} got {keys}")
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| messages | {len(items)} |",
        f"| needs found in the first five | {pct(found, total)} ({found}/{total}) |",
        f"| every need of a message found | {pct(complete, len(items))} |",
    ]
    if errors:
        lines += ["", "Misses:", *misses]
    return lines


def latency(values: Iterable[float]) -> list[str]:
    ordered = sorted(values)
    if not ordered:
        return []

    def q(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))]

    return [
        "| requests | p50 ms | p95 ms | p99 ms | mean ms |",
        "|---|---|---|---|---|",
        f"| {len(ordered)} | {q(0.5):.0f} | {q(0.95):.0f} | {q(0.99):.0f} | "
        f"{statistics.mean(ordered):.0f} |",
    ]


EVALUATORS = {
    "blind": evaluate_questions,
    "dev": evaluate_questions,
    "dev2": evaluate_questions,
    "dev3": evaluate_questions,
    "dev4": evaluate_questions,
    "dev5": evaluate_questions,
    "dev6": evaluate_questions,
    "dev7": evaluate_questions,
    "dev8": evaluate_questions,
    "crisis": evaluate_crisis,
    "crisis-dev": evaluate_crisis,
    "crisis-dev2": evaluate_crisis,
    "crisis-dev3": evaluate_crisis,
    "crisis-dev4": evaluate_crisis,
    "crisis-dev5": evaluate_crisis,
    "multi": evaluate_multi,
}


def run(client: Client | InProcess, names: list[str], errors: bool) -> str:
    out = []
    for name in names:
        if not SETS[name].exists():
            out += [f"## {name}: {SETS[name].relative_to(ROOT)} is missing", ""]
            continue
        items = load(name)
        out += [f"## {name} ({SETS[name].relative_to(ROOT)}, {len(items)} items)", ""]
        out += EVALUATORS[name](client, items, errors)
        out.append("")
    out += ["## latency of POST /api/advice", "", *latency(client.latencies), ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--start", action="store_true", help="start the real stack first")
    parser.add_argument("--model", help="evaluate this Rasa model in process (no servers)")
    parser.add_argument("--sets", default="blind,crisis,multi")
    parser.add_argument("--errors", action="store_true", help="list the misses")
    parser.add_argument("--write", help="also write the tables to this file")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown sets: {unknown}; choose from {sorted(SETS)}")
    if args.start:
        sys.path.insert(0, str(ROOT))
        from bench.stack import running_stack

        with running_stack() as stack:
            report = run(Client(stack.web_url, stack.token), names, args.errors)
    elif args.model:
        report = run(InProcess(args.model), names, args.errors)
    elif args.url and args.token:
        report = run(Client(args.url, args.token), names, args.errors)
    else:
        parser.error("give --start, --model, or --url and --token")
    print(report)
    if args.write:
        Path(args.write).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
