"""Run Wegwijzer's processes together and keep them running.

Each process's output is printed with its name in front. Processes start in stages
(the databases before the servers that need them); a stage starts when the one before
is ready, after an optional step between them (the database migration). When all are
ready the supervisor prints where each listens.

A process that dies is started again with a growing pause (1, 2, 4 ... up to 30 s,
back to 1 s after a minute of good running) while the others keep serving; /health
names it as restarting meanwhile (the supervisor writes what it sees to
var/runtime/processes.json every few seconds). A process that never got ready and
failed GIVE_UP_AFTER times in a row is a setup problem, not a crash: then everything is
stopped and the supervisor exits non-zero naming it. Ctrl-C (or SIGTERM) stops all.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot.runtime import ProcessSpec
from bot.settings import PROJECT_ROOT

READY_TIMEOUT_S = 600
STOP_GRACE_S = 10
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0
HEALTHY_AFTER_S = 60.0  # running this long resets the pause
GIVE_UP_AFTER = 3  # failed starts in a row of a process that was never ready
STATE_EVERY_S = 5.0

Step = Callable[[], Awaitable[None]]


@dataclass
class Running:
    spec: ProcessSpec
    process: asyncio.subprocess.Process | None = None
    ready: bool = False
    ever_ready: bool = False
    state: str = "starting"  # starting | running | restarting | stopped
    restarts: int = 0
    failed_starts: int = 0
    started_at: float = 0.0
    backoff: float = BACKOFF_FIRST_S
    last_exit: int | None = None
    pump: asyncio.Task[None] | None = field(default=None, repr=False)


def _say(message: str) -> None:
    print(f"{'wegwijzer':>9} | {message}", flush=True)


async def _pump(name: str, stream: asyncio.StreamReader) -> None:
    while True:
        line = await stream.readline()
        if not line:
            return
        sys.stdout.write(f"{name:>9} | {line.decode('utf-8', 'replace').rstrip()}\n")
        sys.stdout.flush()


async def _is_ready(session: aiohttp.ClientSession, url: str) -> bool:
    try:
        if url.startswith("tcp://"):
            host, _, port = url.removeprefix("tcp://").rpartition(":")
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 2)
            writer.close()
            return True
        async with session.get(url) as response:
            return response.status < 500
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError, ValueError):
        return False


class Supervisor:
    def __init__(
        self,
        stages: Sequence[Sequence[ProcessSpec]],
        between: Sequence[Step | None] = (),
        state_file: Path | None = None,
    ) -> None:
        self.stages = [[Running(spec) for spec in stage] for stage in stages]
        self.between = list(between)
        self.state_file = state_file
        self.all = [r for stage in self.stages for r in stage]
        self.stopping = asyncio.Event()
        self.fatal: Running | None = None

    # ------------------------------------------------------------------ processes
    async def _start(self, running: Running) -> None:
        spec = running.spec
        process = await asyncio.create_subprocess_exec(
            *spec.command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **spec.env},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # own process group: Ctrl-C goes through us
        )
        running.process, running.ready, running.state = process, False, "starting"
        running.started_at = time.monotonic()
        assert process.stdout is not None  # stdout=PIPE above
        running.pump = asyncio.create_task(_pump(spec.name, process.stdout))
        _say(f"started {spec.name} (pid {process.pid})")

    async def _watch_ready(self, session: aiohttp.ClientSession, running: Running) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        process = running.process
        while time.monotonic() < deadline and not self.stopping.is_set():
            if process is None or process.returncode is not None:
                return
            if await _is_ready(session, running.spec.ready_url):
                running.ready = running.ever_ready = True
                running.state, running.failed_starts = "running", 0
                self._write_state()
                return
            await asyncio.sleep(0.5)

    async def _keep(self, session: aiohttp.ClientSession, running: Running) -> None:
        """Start a process, wait for it, and start it again after a crash, with a pause."""
        while not self.stopping.is_set():
            await self._start(running)
            watcher = asyncio.create_task(self._watch_ready(session, running))
            assert running.process is not None
            code = await running.process.wait()
            watcher.cancel()
            if running.pump:
                await running.pump
            running.last_exit = code
            if self.stopping.is_set():
                return
            lived = time.monotonic() - running.started_at
            if not running.ready:
                running.failed_starts += 1
            if not running.ever_ready and running.failed_starts >= GIVE_UP_AFTER:
                _say(
                    f"ERROR: {running.spec.name} exited with code {code} "
                    f"{running.failed_starts} times without becoming ready; stopping all"
                )
                self.fatal = running
                self.stopping.set()
                return
            if lived >= HEALTHY_AFTER_S:
                running.backoff = BACKOFF_FIRST_S
            pause = running.backoff
            running.backoff = min(running.backoff * 2, BACKOFF_MAX_S)
            running.restarts += 1
            running.ready, running.state = False, "restarting"
            self._write_state()
            _say(
                f"ERROR: {running.spec.name} exited with code {code}; "
                f"starting it again in {pause:.0f} s (the others keep serving)"
            )
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), pause)

    async def _stop_all(self) -> None:
        for running in reversed(self.all):
            process = running.process
            if process is not None and process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, running.spec.stop_signal)
        deadline = time.monotonic() + STOP_GRACE_S
        for running in self.all:
            process = running.process
            if process is None:
                continue
            remaining = max(0.1, deadline - time.monotonic())
            try:
                await asyncio.wait_for(process.wait(), remaining)
            except asyncio.TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                await process.wait()
            running.state = "stopped"

    # ------------------------------------------------------------------ state for /health
    def _write_state(self) -> None:
        if self.state_file is None:
            return
        state = {
            "at": time.time(),
            "processes": {
                r.spec.name: {
                    "state": r.state,
                    "restarts": r.restarts,
                    "pid": r.process.pid if r.process else None,
                    "last_exit": r.last_exit,
                }
                for r in self.all
            },
        }
        try:
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.state_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(state), encoding="utf-8")
            tmp.replace(self.state_file)
        except OSError:
            pass

    async def _write_state_forever(self) -> None:
        while not self.stopping.is_set():
            self._write_state()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), STATE_EVERY_S)

    # ------------------------------------------------------------------ the run
    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stopping.set)
        keepers: list[asyncio.Task[None]] = []
        state_task = asyncio.create_task(self._write_state_forever())
        timeout = aiohttp.ClientTimeout(total=2)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            try:
                for index, stage in enumerate(self.stages):
                    if index and index - 1 < len(self.between) and self.between[index - 1]:
                        step = self.between[index - 1]
                        assert step is not None
                        await self._until_stopped(step())
                    keepers += [asyncio.create_task(self._keep(session, r)) for r in stage]
                    await self._until_stopped(self._stage_ready(stage))
                    if self.stopping.is_set():
                        break
                if not self.stopping.is_set():
                    _say("all processes are ready:")
                    for r in self.all:
                        _say(f"  {r.spec.name:<8} {r.spec.public_url}")
                    _say("open the chat page in your browser; press Ctrl-C to stop")
                await self.stopping.wait()
            except Exception as exc:  # a step between stages failed
                _say(f"ERROR: {exc}; stopping")
                self.fatal = self.fatal or Running(ProcessSpec("setup", [], {}, "", ""))
            self.stopping.set()
            _say("stopping")
            await self._stop_all()
            for task in keepers:
                task.cancel()
            state_task.cancel()
        for running in self.all:
            running.state = "stopped"
        self._write_state()
        if self.fatal is not None:
            return 1
        _say("stopped")
        return 0

    async def _stage_ready(self, stage: list[Running]) -> None:
        while not all(r.ready for r in stage):
            await asyncio.sleep(0.2)

    async def _until_stopped(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        stop = asyncio.create_task(self.stopping.wait())
        done, _ = await asyncio.wait([task, stop], return_when=asyncio.FIRST_COMPLETED)
        if task not in done:
            task.cancel()
        else:
            task.result()
        stop.cancel()


def run(
    specs: Sequence[ProcessSpec] | Sequence[Sequence[ProcessSpec]],
    between: Sequence[Step | None] = (),
    state_file: Path | None = None,
) -> int:
    """Supervise `specs` (one stage) or a list of stages."""
    stages: list[list[ProcessSpec]] = []
    for item in specs:
        if isinstance(item, ProcessSpec):
            if not stages:
                stages.append([])
            stages[0].append(item)
        else:
            stages.append(list(item))
    return asyncio.run(Supervisor(stages, between, state_file).run())
