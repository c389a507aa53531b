"""Lookup latency: 10,000 advise() calls on the shipped directory; prints p50/p99 per case.

    .venv/bin/python bench/lookup.py [--n 10000]

The directory is built once from the files (as the app builds it once from the
database); the numbers are for advise() and to_dict() alone, single-threaded.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge import Directory, Understanding, advise

CASES = [
    (
        "one theme, gemeente",
        Understanding(
            "mijn digid werkt niet", [("digid", 0.91), ("mijnoverheid", 0.04), ("greet", 0.01)]
        ),
        "Voorbeeldstad",
    ),
    (
        "urgent money",
        Understanding(
            "deurwaarder en beslag",
            [("debts", 0.8), ("tax_assessment", 0.1)],
            [{"entity": "urgency", "value": "deurwaarder"}],
        ),
        "GM9991",
    ),
    (
        "two needs + org",
        Understanding(
            "toeslag en het uwv",
            [("allowances", 0.5), ("digid", 0.4)],
            [{"entity": "organisation", "value": "UWV"}],
        ),
        "Oefenwaard",
    ),
    (
        "unknown gemeente",
        Understanding("paspoort kwijt", [("identity_documents", 0.9)]),
        "Amsterdam",
    ),
    ("crisis", Understanding("ik wil niet meer leven", [("crisis", 0.9)]), None),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    started = time.perf_counter()
    directory = Directory.from_files()
    build_ms = (time.perf_counter() - started) * 1000
    now = datetime(2026, 11, 23, 10, 0)
    timings = {name: [] for name, _, _ in CASES}
    for i in range(args.n):
        name, understanding, gemeente = CASES[i % len(CASES)]
        t0 = time.perf_counter()
        advise(directory, understanding, gemeente=gemeente, now=now).to_dict()
        timings[name].append((time.perf_counter() - t0) * 1e6)
    everything = [t for values in timings.values() for t in values]

    def row(name, values):
        values = sorted(values)
        p50 = values[len(values) // 2]
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
        mean = statistics.mean(values)
        return f"| {name:<20} | {len(values):>6} | {p50:>8.1f} | {p99:>8.1f} | {mean:>8.1f} |"

    print(f"Directory built from files in {build_ms:.0f} ms; {args.n} lookups (microseconds):")
    print("| case                 |      n |      p50 |      p99 |     mean |")
    print("|----------------------|--------|----------|----------|----------|")
    for name, values in timings.items():
        print(row(name, values))
    print(row("all", everything))


if __name__ == "__main__":
    main()
