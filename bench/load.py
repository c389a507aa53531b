"""Load on the real assistant: open-loop Poisson arrivals and a closed-loop capacity run,
one instance vs the two-instance topology vs a bare `rasa init` assistant.

    .venv/bin/python bench/load.py [--seconds 20] [--soak-minutes 10] [--write]

Targets, each started here and stopped afterwards:
  one   the scaled topology with one Rasa and one action server (PostgreSQL, Redis,
        nginx: the production stores), `wegwijzer run --scaled`
  two   the same with two Rasa and two action servers
  bare  `rasa init` in its own folder outside the repository (BENCH_BARE_DIR, default
        /tmp/wegwijzer-bench-bare), trained once, `rasa run --enable-api`: REST only

Open loop: turns arrive as a Poisson process at 3, 6, 10 and 15 turns/s, each to a
conversation (of 20 or 50) that is not waiting for an answer: people wait for the
answer before they type again (a generator that sends again before the answer came
measures Rasa's lock wait, not the assistant). Through the web chat (cookie, JSON) and
through the REST channel (signed). Actions and the database are included: every turn
runs action_respond, the advice and the registration.
Closed loop: 1, 2, 4, 8 and 16 people typing again as soon as the answer comes;
capacity = the highest turns/s with p95 <= 1 s.
Memory: resident memory of every process (with its children) before and after; the
soak keeps 6 turns/s on `one` for --soak-minutes and compares.
--write puts the tables in bench/results/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.rasa.signing import json_body, signed_headers  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.support.env import free_port  # noqa: E402

VENV_BIN = Path(sys.executable).parent
TURNS = [
    "hallo",
    "ik ben mijn digid kwijt",
    "ik woon in Voorbeeldstad",
    "wat kost dat",
    "ik heb een brief van het CAK",
    "ik heb schulden en de deurwaarder komt",
    "bedankt",
    "mijn toeslag moet ik terugbetalen",
]
BARE_TURNS = ["hello", "I am sad", "yes", "great", "bye", "are you a bot?"]
FALLBACK = "kan uw vraag nu even niet"
CONVERSATION_TURNS = 10  # an IDO conversation is about 6 to 10 turns


# ----------------------------------------------------------------------------- targets
@dataclass
class Target:
    name: str
    process: subprocess.Popen[str]
    web_url: str | None
    rest_url: str
    secret: str | None
    output: list[str] = field(default_factory=list)
    pids: dict[str, int] = field(default_factory=dict)
    base: Path | None = None


def _reader(target: Target, ready: threading.Event, marker: str) -> None:
    assert target.process.stdout is not None
    for line in target.process.stdout:
        target.output.append(line)
        if "started " in line and "(pid " in line:
            name = line.split("started ", 1)[1].split(" (pid")[0]
            target.pids[name] = int(line.split("(pid ")[1].split(")")[0])
        if marker in line:
            ready.set()


def start_topology(instances: int) -> Target:
    base = Path(tempfile.mkdtemp(prefix="wegwijzer-load-"))
    os.chmod(base, 0o711)
    rasa, actions = free_port(), free_port()
    env = {
        **os.environ,
        "WEGWIJZER_VAR_DIR": str(base / "var"),
        "PG_DATA_DIR": str(base / "pg"),
        "WEB_PORT": str(free_port()),
        "RASA_PORT": str(rasa),
        "ACTION_PORT": str(actions),
        "RASA_INSTANCE_PORTS": ",".join(str(free_port()) for _ in range(instances)),
        "ACTION_INSTANCE_PORTS": ",".join(str(free_port()) for _ in range(instances)),
        "PG_PORT": str(free_port()),
        "REDIS_PORT": str(free_port()),
        "RATE_CLIENT_PER_MINUTE": "0",
        "RATE_CHAT_PER_MINUTE": "0",
        "RATE_TOKEN_PER_MINUTE": "0",
    }
    for key in ("DATABASE_URL", "REDIS_URL", "RASA_URL", "ACTION_URL"):
        env.pop(key, None)
    process = subprocess.Popen(
        [str(VENV_BIN / "wegwijzer"), "run", "--scaled"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    settings = Settings.from_env(env)
    target = Target(
        name="one" if instances == 1 else "two",
        process=process,
        web_url=f"http://127.0.0.1:{env['WEB_PORT']}",
        rest_url=f"http://127.0.0.1:{rasa}/webhooks/rest/webhook",
        secret=settings.internal_secret,
        base=base,
    )
    ready = threading.Event()
    threading.Thread(
        target=_reader, args=(target, ready, "all processes are ready"), daemon=True
    ).start()
    if not ready.wait(900):
        stop(target)
        raise RuntimeError("".join(target.output[-60:]))
    return target


def start_bare() -> Target:
    folder = Path(os.environ.get("BENCH_BARE_DIR", "/tmp/wegwijzer-bench-bare"))
    if not list((folder / "models").glob("*.tar.gz")):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)],
            cwd=folder,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "rasa"), "run", "--enable-api", "-i", "127.0.0.1", "-p", str(port)],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    target = Target("bare", process, None, f"http://127.0.0.1:{port}/webhooks/rest/webhook", None)
    target.pids["rasa"] = process.pid
    ready = threading.Event()
    threading.Thread(
        target=_reader, args=(target, ready, "Rasa server is up and running"), daemon=True
    ).start()
    if not ready.wait(600):
        stop(target)
        raise RuntimeError("".join(target.output[-60:]))
    return target


def stop(target: Target) -> None:
    if target.process.poll() is None:
        target.process.send_signal(signal.SIGINT)
        try:
            target.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(target.process.pid, signal.SIGKILL)
    if target.base is not None:
        import shutil

        shutil.rmtree(target.base, ignore_errors=True)


# ----------------------------------------------------------------------------- memory
def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def rss_mb(pid: int, tree: dict[int, list[int]]) -> float:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
        todo += tree.get(current, [])
    return total / 1024


def memory(target: Target) -> dict[str, float]:
    tree = _children()
    return {name: rss_mb(pid, tree) for name, pid in sorted(target.pids.items())}


# ----------------------------------------------------------------------------- people
class Person:
    def __init__(self, target: Target, channel: str, session: aiohttp.ClientSession, n: int):
        self.target, self.channel, self.session = target, channel, session
        self.sender = f"bench-{channel}-{n}-{random.randrange(10**9)}"
        self.turn = n
        self.busy = False
        self.said = 0
        self.turns = BARE_TURNS if target.name == "bare" else TURNS

    async def leave(self) -> None:
        """This person is done; a new one comes in their place (new conversation)."""
        self.session.cookie_jar.clear()
        self.sender = f"bench-{self.channel}-{random.randrange(10**12)}"
        self.said = 0
        await self.open()

    async def open(self) -> None:
        if self.channel == "web":
            assert self.target.web_url
            async with self.session.get(self.target.web_url + "/") as response:
                await response.read()

    async def say(self) -> tuple[float, bool]:
        text = self.turns[self.turn % len(self.turns)]
        self.turn += 1
        self.said += 1
        started = time.perf_counter()
        try:
            if self.channel == "web":
                assert self.target.web_url
                async with self.session.post(
                    self.target.web_url + "/chat/message", json={"text": text}
                ) as response:
                    body = await response.json()
                    ok = response.status == 200 and FALLBACK not in str(body)
            else:
                raw = json_body({"sender": self.sender, "message": text})
                headers = (
                    signed_headers(self.target.secret, raw)
                    if self.target.secret
                    else {"Content-Type": "application/json"}
                )
                async with self.session.post(
                    self.target.rest_url, data=raw, headers=headers
                ) as response:
                    body = await response.json()
                    ok = response.status == 200 and bool(body)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            ok = False
        return (time.perf_counter() - started) * 1000, ok


async def people(target: Target, channel: str, count: int) -> list[tuple[Person, object]]:
    made = []
    for n in range(count):
        session = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=60),
        )
        person = Person(target, channel, session, n)
        await person.open()
        made.append((person, session))
    return made


@dataclass
class Result:
    latencies: list[float]
    errors: int
    seconds: float
    skipped: int = 0

    def row(self) -> dict[str, float]:
        lat = sorted(self.latencies) or [0.0]

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, round(p / 100 * (len(lat) - 1)))]

        return {
            "turns": len(self.latencies),
            "rate": len(self.latencies) / self.seconds,
            "p50": statistics.median(lat),
            "p95": pct(95),
            "p99": pct(99),
            "errors": self.errors,
            "skipped": self.skipped,
        }


async def open_loop(
    target: Target,
    channel: str,
    count: int,
    rate: float,
    seconds: float,
    turns_each: int | None = None,
):
    """`turns_each`: a person leaves after so many turns and a new one takes the place."""
    crowd = await people(target, channel, count)
    latencies: list[float] = []
    errors = skipped = 0
    tasks: set[asyncio.Task[None]] = set()
    rng = random.Random(count * 1000 + int(rate * 10))

    async def one(person: Person) -> None:
        nonlocal errors
        person.busy = True
        try:
            ms, ok = await person.say()
            latencies.append(ms)
            errors += 0 if ok else 1
            if turns_each and person.said >= turns_each:
                await person.leave()
        finally:
            person.busy = False

    start = time.perf_counter()
    moment = 0.0
    while True:
        moment += rng.expovariate(rate)
        if moment > seconds:
            break
        await asyncio.sleep(max(0.0, start + moment - time.perf_counter()))
        idle = [p for p, _ in crowd if not p.busy]
        if not idle:
            skipped += 1
            continue
        task = asyncio.create_task(one(rng.choice(idle)))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    for _, session in crowd:
        await session.close()
    return Result(latencies, errors, elapsed, skipped)


async def closed_loop(target: Target, channel: str, workers: int, seconds: float) -> Result:
    crowd = await people(target, channel, workers)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def loop(person: Person) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            ms, ok = await person.say()
            latencies.append(ms)
            errors += 0 if ok else 1

    start = time.perf_counter()
    await asyncio.gather(*(loop(p) for p, _ in crowd))
    elapsed = time.perf_counter() - start
    for _, session in crowd:
        await session.close()
    return Result(latencies, errors, elapsed)


# ----------------------------------------------------------------------------- tables
def table(title: str, header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    return "\n".join([f"### {title}", "", line, rule, *body, ""])


def fmt(row: dict[str, float]) -> list[str]:
    return [
        f"{row['rate']:.1f}",
        f"{row['p50']:.0f}",
        f"{row['p95']:.0f}",
        f"{row['p99']:.0f}",
        str(int(row["errors"])),
        str(int(row["skipped"])),
    ]


async def measure(target: Target, seconds: float, out: list[str]) -> dict[str, float]:
    channels = ["rest"] if target.name == "bare" else ["web", "rest"]
    rows = []
    for channel in channels:
        for count in (20, 50):
            for rate in (3, 6, 10, 15):
                result = (await open_loop(target, channel, count, rate, seconds)).row()
                rows.append([channel, str(count), str(rate), *fmt(result)])
                print(
                    f"  {target.name} {channel} {count} conv {rate}/s: "
                    f"p95 {result['p95']:.0f} ms p99 {result['p99']:.0f} ms",
                    flush=True,
                )
    out.append(
        table(
            f"Open loop, target `{target.name}` ({seconds:.0f} s per line)",
            [
                "channel",
                "conversations",
                "offered/s",
                "done/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "errors",
                "no idle conv.",
            ],
            rows,
        )
    )
    rows, capacity = [], 0.0
    for workers in (1, 2, 4, 8, 16):
        result = (await closed_loop(target, channels[0], workers, seconds)).row()
        rows.append([str(workers), *fmt(result)[:5]])
        if result["p95"] <= 1000 and result["errors"] == 0:
            capacity = max(capacity, result["rate"])
        print(
            f"  {target.name} closed {workers}: {result['rate']:.1f}/s p95 {result['p95']:.0f} ms",
            flush=True,
        )
    out.append(
        table(
            f"Closed loop, target `{target.name}` via {channels[0]}: capacity "
            f"{capacity:.1f} turns/s at p95 <= 1 s",
            ["people", "turns/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
            rows,
        )
    )
    return {"capacity": capacity}


async def soak(target: Target, minutes: float, out: list[str]) -> None:
    """Realistic conversations (people leave after CONVERSATION_TURNS turns and new ones
    come), after a minute of warm-up, so memory is compared in a steady state."""
    await open_loop(target, "web", 20, 6, 60, CONVERSATION_TURNS)
    before = memory(target)
    result = (await open_loop(target, "web", 20, 6, minutes * 60, CONVERSATION_TURNS)).row()
    after = memory(target)
    rows = [
        [
            name,
            f"{before[name]:.0f}",
            f"{after.get(name, 0):.0f}",
            f"{(after.get(name, 0) - before[name]) / max(before[name], 1) * 100:+.1f}%",
        ]
        for name in before
    ]
    out.append(
        table(
            f"Soak: {minutes:.0f} minutes at 6 turns/s, 20 people at a time, each leaving after "
            f"{CONVERSATION_TURNS} turns for a new one, on `one` after 1 minute of warm-up "
            f"(web chat; p95 {result['p95']:.0f} ms, p99 {result['p99']:.0f} ms, "
            f"{int(result['errors'])} errors of {int(result['turns'])})",
            ["process", "RSS before MB", "RSS after MB", "growth"],
            rows,
        )
    )


def memory_table(title: str, before: dict[str, float], after: dict[str, float]) -> str:
    rows = [[n, f"{before[n]:.0f}", f"{after.get(n, 0):.0f}"] for n in before]
    rows.append(["total", f"{sum(before.values()):.0f}", f"{sum(after.values()):.0f}"])
    return table(title, ["process", "RSS before MB", "RSS after MB"], rows)


async def main_async(args: argparse.Namespace) -> str:
    out: list[str] = [
        "# Load: one instance, two instances, bare `rasa init`",
        "",
        f"`bench/load.py --seconds {args.seconds:.0f} --soak-minutes {args.soak_minutes:.0f}`"
        f" on this machine ({os.cpu_count()} cores), {time.strftime('%Y-%m-%d')}. "
        "Latency in ms from sending a turn to the whole answer.",
        "",
    ]
    capacities: dict[str, float] = {}
    for name in args.targets:
        print(f"starting {name}", flush=True)
        target = start_bare() if name == "bare" else start_topology(1 if name == "one" else 2)
        try:
            before = memory(target)
            capacities[name] = (await measure(target, args.seconds, out))["capacity"]
            out.append(memory_table(f"Memory of `{name}`", before, memory(target)))
            if name == "one" and args.soak_minutes > 0:
                await soak(target, args.soak_minutes, out)
        finally:
            stop(target)
    if "one" in capacities and "two" in capacities and capacities["one"]:
        ratio = capacities["two"] / capacities["one"]
        out.append(f"Capacity two instances / one instance: {ratio:.2f} x (target >= 1.8 x).\n")
    return "\n".join(out)


async def soak_only(args: argparse.Namespace) -> str:
    out = [
        "# Soak: memory in a steady state",
        "",
        f"`bench/load.py --soak-only --soak-minutes {args.soak_minutes:.0f}`, "
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores.",
        "",
    ]
    target = start_topology(1)
    try:
        await soak(target, args.soak_minutes, out)
    finally:
        stop(target)
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--soak-minutes", type=float, default=10)
    parser.add_argument("--targets", nargs="+", default=["one", "two", "bare"])
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--soak-only", action="store_true", help="only the soak on `one` (into load-soak.md)"
    )
    args = parser.parse_args()
    report = asyncio.run(soak_only(args) if args.soak_only else main_async(args))
    print(report)
    if args.write:
        (ROOT / "bench" / "results").mkdir(exist_ok=True)
        name = "load-soak.md" if args.soak_only else "load.md"
        (ROOT / "bench" / "results" / name).write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
