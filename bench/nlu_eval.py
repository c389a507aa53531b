"""Evaluate an NLU model on the held-out test set (tests/nlu/heldout.yml).

    .venv/bin/python bench/nlu_eval.py [--model models/x.tar.gz]

Prints intent accuracy, macro F1, the most frequent confusion pairs, entity F1
(exact entity type and value), accuracy per writing style, and parse latency p50/p99
(in-process, the NLU pipeline only).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HELDOUT = ROOT / "tests/nlu/heldout.yml"
STYLES = ROOT / "tests/nlu/heldout_styles.yml"


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def load_heldout():
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(HELDOUT))
    return [
        (
            m.get("text"),
            m.get("intent"),
            {(e["entity"], str(e["value"]).lower()) for e in m.get("entities", [])},
        )
        for m in data.intent_examples
    ]


async def parse_all(model_path: str, texts):
    from rasa.core.agent import Agent

    agent = Agent.load(model_path)
    results, latencies = [], []
    for text in texts[:5]:
        await agent.parse_message(text)  # warm up
    for text in texts:
        start = time.perf_counter()
        results.append(await agent.parse_message(text))
        latencies.append((time.perf_counter() - start) * 1000)
    return results, latencies


def _best_intent(result: dict) -> str:
    for item in result.get("intent_ranking") or [result["intent"]]:
        if item["name"] != "nlu_fallback":
            return item["name"]
    return result["intent"]["name"]


def evaluate(model_path: str) -> dict:
    import yaml
    from sklearn.metrics import f1_score

    examples = load_heldout()
    texts = [t for t, _, _ in examples]
    results, latencies = asyncio.run(parse_all(model_path, texts))
    gold = [i for _, i, _ in examples]
    # The classifier's best intent; how often the fallback would ask instead is reported apart.
    predicted = [_best_intent(r) for r in results]
    fallback = [r["intent"]["name"] == "nlu_fallback" for r in results]
    correct = [g == p for g, p in zip(gold, predicted)]
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)

    tp = fp = fn = 0
    for (_, _, gold_entities), result in zip(examples, results):
        found = {(e["entity"], str(e["value"]).lower()) for e in result.get("entities", [])}
        tp += len(found & gold_entities)
        fp += len(found - gold_entities)
        fn += len(gold_entities - found)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    entity_f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    per_style = {}
    if STYLES.exists():
        by_text = dict(zip(texts, correct))
        for style, items in (yaml.safe_load(STYLES.read_text()) or {}).items():
            hits = [by_text[t] for t in items if t in by_text]
            if hits:
                per_style[style] = (sum(hits) / len(hits), len(hits))
    return {
        "n": len(examples),
        "fallback_rate": sum(fallback) / len(fallback),
        "fallback_right": sum(f and c for f, c in zip(fallback, correct)) / max(1, sum(fallback)),
        "accuracy": sum(correct) / len(correct),
        "macro_f1": f1_score(
            gold, predicted, average="macro", labels=sorted(set(gold)), zero_division=0
        ),
        "entity_precision": precision,
        "entity_recall": recall,
        "entity_f1": entity_f1,
        "confusions": confusions.most_common(15),
        "per_style": per_style,
        "p50_ms": statistics.median(latencies),
        "p99_ms": percentile(latencies, 99),
        "errors": [(t, g, p) for t, g, p in zip(texts, gold, predicted) if g != p],
    }


def print_report(report: dict, show_errors: bool = False) -> None:
    print(f"held-out utterances      {report['n']}")
    print(f"intent accuracy          {report['accuracy']:.3f}   (target >= 0.92)")
    print(f"intent macro F1          {report['macro_f1']:.3f}   (target >= 0.90)")
    print(
        f"fallback would ask       {report['fallback_rate']:.3f} of utterances "
        f"(its best guess right in {report['fallback_right']:.0%} of those)"
    )
    print(
        f"entity P / R / F1        {report['entity_precision']:.3f} / "
        f"{report['entity_recall']:.3f} / {report['entity_f1']:.3f}"
    )
    print(f"parse latency p50 / p99  {report['p50_ms']:.1f} ms / {report['p99_ms']:.1f} ms")
    if report["per_style"]:
        print("\naccuracy per style")
        for style, (acc, n) in sorted(report["per_style"].items()):
            print(f"  {style:<28} {acc:.3f}  (n={n})")
    print("\nmost frequent confusions (gold -> predicted: count)")
    for (g, p), n in report["confusions"]:
        print(f"  {g:<28} -> {p:<28} {n}")
    if show_errors:
        print("\nerrors")
        for text, g, p in report["errors"]:
            print(f"  [{g} -> {p}] {text}")


def main() -> int:
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa's debug events would flood the table
    logging.disable(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--model")
    parser.add_argument("--errors", action="store_true", help="list every misclassified utterance")
    args = parser.parse_args()
    from bot.settings import Settings
    from bot.training import latest_model

    model = args.model or latest_model(Settings.from_env().model_dir)
    if not model:
        print("no model: run `make train` first", file=sys.stderr)
        return 2
    print(f"model: {Path(model).name}\n")
    print_report(evaluate(str(model)), show_errors=args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
