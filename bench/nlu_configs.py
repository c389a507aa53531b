"""Compare NLU pipeline configurations on the same training data and held-out set.

    .venv/bin/python bench/nlu_configs.py [bench/configs/*.yml ...] [--write]

Trains the NLU part of each configuration on data/nlu, evaluates it on
tests/nlu/heldout.yml and prints one table; --write also stores it in
bench/results/nlu_configs.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from nlu_eval import evaluate  # noqa: E402


def train_nlu(config: Path, out: Path) -> tuple:
    start = time.monotonic()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            "data",
            "--out",
            str(out),
            "--fixed-model-name",
            config.stem,
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return out / f"{config.stem}.tar.gz", time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("configs", nargs="*", type=Path)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    configs = args.configs or sorted((ROOT / "bench/configs").glob("*.yml"))
    header = (
        "| configuration | train s | accuracy | macro F1 | fallback rate | entity F1 "
        "| p50 ms | p99 ms |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in configs:
            model, seconds = train_nlu(config.resolve(), Path(tmp))
            r = evaluate(str(model))
            rows.append(
                f"| {config.resolve().relative_to(ROOT)} | {seconds:.0f} | {r['accuracy']:.3f} | "
                f"{r['macro_f1']:.3f} | {r['fallback_rate']:.3f} | {r['entity_f1']:.3f} | "
                f"{r['p50_ms']:.1f} | "
                f"{r['p99_ms']:.1f} |"
            )
            print(rows[-1], flush=True)
    table = header + "\n" + "\n".join(rows)
    print("\n" + table)
    if args.write:
        out = ROOT / "bench/results/nlu_configs.md"
        out.parent.mkdir(exist_ok=True)
        out.write_text(
            "# NLU configurations compared\n\nSame training data (data/nlu), held-out set "
            "tests/nlu/heldout.yml, 2 cores. Produced by `bench/nlu_configs.py --write`.\n\n"
            + table
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
