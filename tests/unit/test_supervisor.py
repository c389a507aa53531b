"""The supervisor with tiny real processes: readiness, Ctrl-C, and a process that dies."""

import signal
import subprocess
import sys
import textwrap
import time

from tests.support.env import free_port


def run_supervisor(specs_code: str) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import sys
        from bot.supervisor import run
        from tests.support.processes import spec
        sys.exit(run({specs_code}))
    """)
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def wait_for(proc, text, timeout=30):
    lines = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"{text!r} not seen; output: {''.join(lines)}")


def test_prints_where_each_listens_and_stops_all_on_ctrl_c():
    a, b = free_port(), free_port()
    proc = run_supervisor(f"[spec('alpha', {a}), spec('beta', {b})]")
    lines = wait_for(proc, "Ctrl-C")
    output = "".join(lines)
    assert f"alpha    http://127.0.0.1:{a}/" in output
    assert f"beta     http://127.0.0.1:{b}/" in output
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "stopped" in rest
    for port in (a, b):  # nothing listens any more
        import socket

        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0


def test_exits_non_zero_naming_the_process_that_died():
    a, b = free_port(), free_port()
    proc = run_supervisor(
        f"[spec('alpha', {a}), "
        f"spec('crashy', {b}, code='import time, sys; time.sleep(1); sys.exit(3)')]"
    )
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "crashy exited with code 3" in output


def test_a_process_that_dies_is_restarted_while_the_others_keep_serving(tmp_path):
    import json
    import os
    import urllib.request

    a, b = free_port(), free_port()
    state = tmp_path / "processes.json"
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from bot.supervisor import run
        from tests.support.processes import spec
        sys.exit(run([spec('alpha', {a}), spec('beta', {b})], state_file=Path({str(state)!r})))
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        lines = wait_for(proc, "Ctrl-C")
        pid = int(next(line for line in lines if "started beta" in line).split("pid ")[1][:-2])
        os.kill(pid, signal.SIGKILL)
        wait_for(proc, "starting it again")
        # alpha serves all the while
        assert urllib.request.urlopen(f"http://127.0.0.1:{a}/", timeout=5).status == 200
        seen = json.loads(state.read_text())["processes"]["beta"]
        assert seen["state"] == "restarting" and seen["restarts"] == 1
        wait_for(proc, "started beta")
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{b}/", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("beta did not come back")
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert proc.returncode == 0
