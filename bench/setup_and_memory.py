"""Setup time, training time, start-up time and the memory of each running process.

    .venv/bin/python bench/setup_and_memory.py [--fresh-clone] [--skip-train]

--fresh-clone times `make setup` in a new clone in a temporary directory (a fresh
virtual environment; the uv package cache of this machine is used when present).
Prints a table; the figures depend on the machine, so compare them as ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(cmd, cwd=ROOT, env=None) -> float:
    start = time.monotonic()
    subprocess.run(
        cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.monotonic() - start


def children(pid: int) -> list:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    for p in [pid] + [d for c in children(pid) for d in [c, *children(c)]]:
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def name_of(pid: int) -> str:
    with open(f"/proc/{pid}/cmdline") as fh:
        cmdline = fh.read().replace("\0", " ")
    for key, name in (
        ("bot.rasa_server", "rasa"),
        ("bot.action_server", "actions"),
        ("bot.web", "web"),
    ):
        if key in cmdline:
            return name
    return cmdline[:40]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fresh-clone", action="store_true")
    parser.add_argument("--skip-train", action="store_true")
    args = parser.parse_args()
    rows = []
    if args.fresh_clone:
        with tempfile.TemporaryDirectory() as tmp:
            clone = Path(tmp) / "wegwijzer"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
            rows.append(
                ("setup, fresh clone (make setup)", f"{timed(['make', 'setup'], cwd=clone):.1f} s")
            )
    rows.append(("setup, second run (make setup)", f"{timed(['make', 'setup']):.1f} s"))
    if not args.skip_train:
        model_dir = Path(tempfile.mkdtemp())
        env = {**os.environ, "MODEL_DIR": str(model_dir)}
        rows.append(
            (
                "training from scratch",
                f"{timed([str(VENV_BIN / 'wegwijzer'), 'train', '--force'], env=env):.1f} s",
            )
        )
        rows.append(
            (
                "training when nothing changed",
                f"{timed([str(VENV_BIN / 'wegwijzer'), 'train'], env=env):.1f} s",
            )
        )
        shutil.rmtree(model_dir)

    var = Path(tempfile.mkdtemp())
    env = {
        **os.environ,
        "WEGWIJZER_VAR_DIR": str(var),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
    }
    subprocess.run(
        [str(VENV_BIN / "wegwijzer"), "db", "upgrade"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    start = time.monotonic()
    proc = subprocess.Popen(
        [str(VENV_BIN / "wegwijzer"), "run"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in proc.stdout:
        if "all processes are ready" in line:
            break
    rows.append(("start until all processes ready", f"{time.monotonic() - start:.1f} s"))
    time.sleep(3)
    for child in children(proc.pid):
        rows.append((f"RSS {name_of(child)}", f"{rss_mb(child):.0f} MB"))
    rows.append(
        (
            "RSS supervisor",
            f"{rss_mb(proc.pid) - sum(rss_mb(c) for c in children(proc.pid)):.0f} MB",
        )
    )
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    shutil.rmtree(var, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  -----")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
