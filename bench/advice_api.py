"""Latency of POST /api/advice on the real stack (web app -> Rasa parse -> advice).

    .venv/bin/python bench/advice_api.py [--requests 200] [--concurrency 1]

Starts `wegwijzer run` on free loopback ports with a temporary database, creates a
token, sends a mix of Dutch questions (bounded in count) and prints p50/p95/p99.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
QUESTIONS = [
    "mijn digid werkt niet meer",
    "huurtoeslag aanvragen",
    "ik moet mijn zorgtoeslag terugbetalen en ik heb al schulden",
    "mevrouw heeft een brief van het CAK",
    "ik wil leren werken met een tablet",
    "paspoort verlopen wat nu",
    "de deurwaarder komt morgen",
    "hoe vraag ik mijn AOW aan",
    "ik snap deze brief van de belastingdienst niet",
    "waar kan ik gratis juridisch advies krijgen",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp())
    web_port = free_port()
    env = {
        **os.environ,
        "WEGWIJZER_VAR_DIR": str(var),
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(web_port),
    }
    subprocess.run(
        [str(BIN / "wegwijzer"), "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    token = subprocess.run(
        [str(BIN / "wegwijzer"), "token", "create", "bench"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    proc = subprocess.Popen(
        [str(BIN / "wegwijzer"), "run"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in proc.stdout:
            if "all processes are ready" in line:
                break
        url = f"http://127.0.0.1:{web_port}/api/advice"

        def ask(i: int) -> float:
            body = json.dumps({"text": QUESTIONS[i % len(QUESTIONS)], "gemeente": "Voorbeeldstad"})
            request = urllib.request.Request(
                url,
                data=body.encode(),
                method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
            return (time.perf_counter() - start) * 1000

        for i in range(10):
            ask(i)  # warm up
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            latencies = list(pool.map(ask, range(args.requests)))
        elapsed = time.perf_counter() - started
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    print(f"POST /api/advice, {args.requests} requests, concurrency {args.concurrency}")
    print("| p50 ms | p95 ms | p99 ms | mean ms | requests/s |")
    print("|---|---|---|---|---|")
    print(
        f"| {statistics.median(latencies):.0f} | {percentile(latencies, 95):.0f} | "
        f"{percentile(latencies, 99):.0f} | {statistics.mean(latencies):.0f} | "
        f"{args.requests / elapsed:.1f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
