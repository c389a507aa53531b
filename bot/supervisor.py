"""Run the Rasa server, the action server and the web app together.

Each process's output is printed with its name in front. When all are ready the
supervisor prints where each listens. Ctrl-C (or SIGTERM) stops all of them; when one
dies, the others are stopped and the supervisor exits non-zero naming it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from dataclasses import dataclass, field

import aiohttp

from bot.runtime import ProcessSpec
from bot.settings import PROJECT_ROOT

READY_TIMEOUT_S = 600
STOP_GRACE_S = 10


@dataclass
class Running:
    spec: ProcessSpec
    process: asyncio.subprocess.Process
    ready: bool = False
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


async def _wait_ready(session: aiohttp.ClientSession, running: Running) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if running.process.returncode is not None:
            return
        try:
            async with session.get(running.spec.ready_url) as response:
                if response.status < 500:
                    running.ready = True
                    return
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            pass
        await asyncio.sleep(0.5)
    raise TimeoutError(f"{running.spec.name} did not become ready in {READY_TIMEOUT_S} s")


async def _stop(processes: list[Running]) -> None:
    for running in processes:
        if running.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(running.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    for running in processes:
        remaining = max(0.1, deadline - time.monotonic())
        try:
            await asyncio.wait_for(running.process.wait(), remaining)
        except asyncio.TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(running.process.pid, signal.SIGKILL)
            await running.process.wait()
        if running.pump:
            await running.pump


async def supervise(specs: list[ProcessSpec]) -> int:
    loop = asyncio.get_running_loop()
    stop_requested = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop_requested.set)

    processes: list[Running] = []
    for spec in specs:
        process = await asyncio.create_subprocess_exec(
            *spec.command,
            cwd=PROJECT_ROOT,
            env={**os.environ, **spec.env},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,  # own process group: Ctrl-C goes through us
        )
        running = Running(spec, process)
        assert process.stdout is not None  # stdout=PIPE above
        running.pump = asyncio.create_task(_pump(spec.name, process.stdout))
        processes.append(running)
        _say(f"started {spec.name} (pid {process.pid})")

    exits: dict[asyncio.Task[int], Running] = {
        asyncio.create_task(r.process.wait()): r for r in processes
    }
    stop_task = asyncio.create_task(stop_requested.wait())

    async def announce_when_ready() -> None:
        timeout = aiohttp.ClientTimeout(total=2)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            await asyncio.gather(*(_wait_ready(session, r) for r in processes))
        if all(r.ready for r in processes):
            _say("all processes are ready:")
            for r in processes:
                _say(f"  {r.spec.name:<8} {r.spec.public_url}")
            _say("open the chat page in your browser; press Ctrl-C to stop")

    ready_task = asyncio.create_task(announce_when_ready())
    done, _ = await asyncio.wait([stop_task, *exits], return_when=asyncio.FIRST_COMPLETED)
    ready_task.cancel()

    failed: Running | None = None
    for task in done:
        if task in exits:
            failed = exits[task]
    if failed is not None and not stop_requested.is_set():
        code = failed.process.returncode
        _say(f"ERROR: {failed.spec.name} exited with code {code}; stopping the others")
    else:
        _say("stopping")
    await _stop(processes)
    for task in [stop_task, *exits]:
        task.cancel()
    if failed is not None and not stop_requested.is_set():
        return 1
    _say("stopped")
    return 0


def run(specs: list[ProcessSpec]) -> int:
    return asyncio.run(supervise(specs))
