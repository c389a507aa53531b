"""Train the Rasa model only when its inputs changed.

The fingerprint covers config.yml, domain.yml, everything under data/, the Dutch spaCy
pipeline version and the Rasa version. A model is stored as
models/wegwijzer-<fingerprint>.tar.gz; when that file exists, training is skipped.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT

TRAINING_INPUTS = ("config.yml", "domain.yml", "data")
MODEL_PREFIX = "wegwijzer-"


def training_fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix not in (".yml", ".yaml") and file.is_relative_to(root / "data"):
                continue  # notes and other non-training files do not change the model
            digest.update(str(file.relative_to(root)).encode())
            digest.update(file.read_bytes())
    from importlib.metadata import version

    from bot.nlp import installed_version

    digest.update(f"rasa=={version('rasa')};nl_wegwijzer=={installed_version()}".encode())
    return digest.hexdigest()[:16]


def model_path(model_dir: Path, fingerprint: str) -> Path:
    return model_dir / f"{MODEL_PREFIX}{fingerprint}.tar.gz"


def latest_model(model_dir: Path) -> Path | None:
    current = model_path(model_dir, training_fingerprint())
    if current.exists():
        return current
    models = sorted(model_dir.glob(f"{MODEL_PREFIX}*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def train(model_dir: Path, force: bool = False, config: str = "config.yml") -> Path:
    fingerprint = training_fingerprint()
    target = model_path(model_dir, fingerprint)
    if target.exists() and not force:
        print(f"[train] model up to date: {target.name}", flush=True)
        return target
    model_dir.mkdir(parents=True, exist_ok=True)
    print("[train] data or config changed: training the Rasa model", flush=True)
    started = time.monotonic()
    rasa = Path(sys.executable).parent / "rasa"
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(
        [
            str(rasa),
            "train",
            "--config",
            config,
            "--domain",
            "domain.yml",
            "--data",
            "data",
            "--out",
            str(model_dir),
            "--fixed-model-name",
            target.name[: -len(".tar.gz")],
        ],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
    )
    for old in model_dir.glob(f"{MODEL_PREFIX}*.tar.gz"):
        if old != target:
            old.unlink()
    print(f"[train] trained in {time.monotonic() - started:.0f} s: {target.name}", flush=True)
    return target
