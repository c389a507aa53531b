"""Choose the crisis thresholds on the development sets (never on tests/eval/).

    .venv/bin/python bench/crisis_thresholds.py --model models/<model>.tar.gz

For each message of bench/dev/crisis.yml and bench/dev/questions.yml: whether the phrases
of knowledge.crisis match, and the classifier's confidence in emergency, crisis and
distress. Prints, per threshold, the acute recall and the false alarms it would give.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    args = parser.parse_args()
    from rasa.core.agent import Agent

    from knowledge import crisis

    agent = Agent.load(args.model)
    loop = asyncio.new_event_loop()
    rows = []
    crisis_items = yaml.safe_load((ROOT / "bench/dev/crisis.yml").read_text())["items"]
    questions = yaml.safe_load((ROOT / "bench/dev/questions.yml").read_text())["items"]
    everyday = [
        {"text": q["text"], "tier": "everyday"}
        for q in questions
        if not {"alarmnummer-112", "zelfmoordpreventie-113"} & set(q["expect"])
    ]
    for item in [*crisis_items, *everyday]:
        parse = loop.run_until_complete(agent.parse_message(item["text"]))
        scores = {r["name"]: r["confidence"] for r in parse.get("intent_ranking") or []}
        found = crisis.phrases_found(item["text"])
        rows.append((item, scores, found))
    print("| emergency/crisis min | acute found | acute missed | false alarms (of everyday) |")
    print("|---|---|---|---|")
    everyday_n = sum(1 for i, _, _ in rows if i["tier"] == "everyday")
    for threshold in (0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 1.01):
        found_n = missed = alarms = 0
        for item, scores, phrases in rows:
            acute = (
                bool(phrases["physical"] or phrases["suicidal"])
                or max(scores.get("emergency", 0), scores.get("crisis", 0)) >= threshold
            )
            if item["tier"] == "acute":
                found_n += acute
                missed += not acute
            elif item["tier"] == "everyday":
                alarms += acute
        print(f"| {threshold:.2f} | {found_n} | {missed} | {alarms} of {everyday_n} |")
    print("\nAcute messages that only the classifier finds, and its confidence:")
    for item, scores, phrases in rows:
        if item["tier"] == "acute" and not (phrases["physical"] or phrases["suicidal"]):
            top = max(scores.get("emergency", 0), scores.get("crisis", 0))
            print(f"  {top:.2f} {item['text'][:90]}")
    print("\nEveryday messages the phrases catch:")
    for item, _, phrases in rows:
        if item["tier"] == "everyday" and (phrases["physical"] or phrases["suicidal"]):
            print(f"  {phrases} {item['text'][:90]}")
    print("\nEveryday messages with classifier confidence >= 0.35:")
    for item, scores, _ in rows:
        top = max(scores.get("emergency", 0), scores.get("crisis", 0))
        if item["tier"] == "everyday" and top >= 0.35:
            print(f"  {top:.2f} {item['text'][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
