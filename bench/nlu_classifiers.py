"""Compare intent classifiers on the development set (never on tests/eval/).

    .venv/bin/python bench/nlu_classifiers.py [--c 0.1,0.25,0.5,1,2] [--write]

Trains an NLU-only Rasa model for each configuration of bench/configs/ (the old logistic
regression and the SVM of config.yml, the SVM for each C asked for) on data/, then runs
bench/dev/questions.yml and bench/dev/crisis.yml through the advice path in process and
prints the competent organisation first (top-1, top-3), the crisis recall and false
alarms, and the training time. `--write` stores the table in bench/results/.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results" / "nlu_classifiers.md"


def train(config: Path, out: Path) -> tuple[Path, float]:
    start = time.perf_counter()
    subprocess.run(
        [
            str(VENV_BIN / "rasa"),
            "train",
            "nlu",
            "--config",
            str(config),
            "--nlu",
            "data/nlu",
            "--out",
            str(out),
            "--fixed-model-name",
            config.stem,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    return out / f"{config.stem}.tar.gz", time.perf_counter() - start


def measure(model: Path) -> dict[str, str]:
    from bench.evaluate import InProcess, evaluate_crisis, evaluate_questions, load

    logging.disable(logging.WARNING)
    client = InProcess(str(model))
    with contextlib.redirect_stdout(io.StringIO()):
        questions = evaluate_questions(client, load("dev"), errors=False)
        crisis = evaluate_crisis(client, load("crisis-dev"), errors=False)
    row = next(line for line in questions if line.startswith("| all |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    found = {line.split("|")[1].strip(): line.split("|")[2].strip() for line in crisis[2:]}
    return {
        "top1": cells[2],
        "top3": cells[3],
        "acute": found["acute recall (crisis reply)"],
        "false": re.sub(r"\s.*", "", found["false alarms (crisis reply)"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--c", default="0.5", help="values of C for the SVM, comma-separated")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows = [
        "| configuration | train s | dev top-1 | dev top-3 | acute recall | false alarms |",
        "|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        configs = [ROOT / "bench/configs/logreg.yml"]
        svm = (ROOT / "bench/configs/svm.yml").read_text()
        for c in args.c.split(","):
            path = Path(tmp) / f"svm_c{c.strip().replace('.', '_')}.yml"
            path.write_text(re.sub(r"c: [0-9.]+", f"c: {c}", svm))
            configs.append(path)
        for config in configs:
            model, seconds = train(config, Path(tmp) / "models")
            m = measure(model)
            name = "logistic regression (before #9)"
            if config.stem.startswith("svm"):
                name = "SVM, C=" + config.stem.removeprefix("svm_c").replace("_", ".")
            rows.append(
                f"| {name} | {seconds:.0f} | {m['top1']} | {m['top3']} | "
                f"{m['acute']} | {m['false']} |"
            )
            print(rows[-1], flush=True)
    table = "\n".join(rows)
    print("\n" + table)
    if args.write:
        RESULTS.write_text("# Intent classifiers on the development set\n\n" + table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
