"""How many of the multi-turn conversations of tests/e2e/conversations.yml go well.

.venv/bin/python bench/conversations.py --url http://127.0.0.1:8080 [--errors] [--file F.yml]

--file plays another set in the same format (bench/dev/conversations2.yml, the development
conversations) instead of the tested ones.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.conversations import LATENCIES_MS, load, play  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--file", type=Path, default=None)
    args = parser.parse_args()
    conversations = load(args.file) if args.file else load()
    failed = {}
    for conversation in conversations:
        problems = play(args.url, conversation)
        if problems:
            failed[conversation["name"]] = problems
    print("| conversations | went well | failed |")
    print("|---|---|---|")
    print(f"| {len(conversations)} | {len(conversations) - len(failed)} | {len(failed)} |")
    ordered = sorted(LATENCIES_MS)
    if ordered:

        def q(p: float) -> float:
            return ordered[min(len(ordered) - 1, int(len(ordered) * p))]

        print("\n| chat turns | p50 ms | p95 ms | p99 ms |")
        print("|---|---|---|---|")
        print(f"| {len(ordered)} | {q(0.5):.0f} | {q(0.95):.0f} | {q(0.99):.0f} |")
    if args.errors:
        for name, problems in failed.items():
            print(f"\n{name}")
            for problem in problems:
                print(f"  {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
