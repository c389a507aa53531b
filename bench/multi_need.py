"""Do several needs in one message both reach the advice?

    .venv/bin/python bench/multi_need.py [--model models/x.tar.gz]

For each utterance in tests/nlu/multi_need.yml, compares two ways of finding the needs:
- ranking: themes in the whole text's intent ranking with confidence >= 0.2;
- clauses: conversation.understanding (the whole text plus each clause parsed on its own), the
  method the assistant uses.
Reports how many of the expected themes each finds, and how many extra themes each adds
on the single-need held-out utterances (false needs).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RANKING_THRESHOLD = 0.2


def themes():
    import yaml

    return {
        t["id"] for t in yaml.safe_load((ROOT / "knowledge/data/themes.yml").read_text())["themes"]
    }


async def run(model: str):
    import yaml
    from nlu_eval import load_heldout
    from rasa.core.agent import Agent

    from conversation.understanding import understand

    agent = Agent.load(model)
    theme_ids = themes()

    async def parse(text):
        return await agent.parse_message(text)

    def by_ranking(parse_result):
        return {
            r["name"]
            for r in parse_result.get("intent_ranking", [])
            if r["name"] in theme_ids and r["confidence"] >= RANKING_THRESHOLD
        }

    def by_clauses(understood):
        needs = {n for n, _ in understood.clause_intents if n in theme_ids}
        if understood.top_intent in theme_ids:
            needs.add(understood.top_intent)
        return needs

    items = yaml.safe_load((ROOT / "tests/nlu/multi_need.yml").read_text())
    found = {"ranking": 0, "clauses": 0}
    both = {"ranking": 0, "clauses": 0}
    expected_total = 0
    for item in items:
        expected = set(item["themes"])
        expected_total += len(expected)
        whole = await parse(item["text"])
        understood = await understand(item["text"], parse, whole)
        for name, got in (("ranking", by_ranking(whole)), ("clauses", by_clauses(understood))):
            found[name] += len(expected & got)
            both[name] += expected <= got
    extra = {"ranking": 0, "clauses": 0}
    singles = [(t, i) for t, i, _ in load_heldout() if i in theme_ids]
    for text, intent in singles:
        whole = await parse(text)
        understood = await understand(text, parse, whole)
        extra["ranking"] += len(by_ranking(whole) - {intent})
        extra["clauses"] += len(by_clauses(understood) - {intent})
    print(
        f"multi-need utterances: {len(items)}, expected needs: {expected_total}; "
        f"single-need held-out utterances: {len(singles)}\n"
    )
    print(
        "| method | needs found | all needs of an utterance found | extra themes on single-need |"
    )
    print("|---|---|---|---|")
    for name in ("ranking", "clauses"):
        print(
            f"| {name} | {found[name]}/{expected_total} ({found[name] / expected_total:.0%}) | "
            f"{both[name]}/{len(items)} | {extra[name]} |"
        )


def main() -> int:
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa's debug events would flood the table
    logging.disable(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--model")
    args = parser.parse_args()
    from bot.settings import Settings
    from bot.training import latest_model

    model = args.model or latest_model(Settings.from_env().model_dir)
    asyncio.run(run(str(model)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
