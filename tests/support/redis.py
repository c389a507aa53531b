"""A throwaway Redis server for tests: the Debian package `redis-server` on a free
loopback port, with a password, nothing written to disk. Installed by
scripts/ensure-services.sh; when it is missing the tests fail with that instruction."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support.env import free_port

MISSING = "redis-server is not installed: run scripts/ensure-services.sh (Debian package)"


@dataclass
class RedisServer:
    port: int
    password: str
    process: subprocess.Popen
    base: Path

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.base, ignore_errors=True)


def start_redis() -> RedisServer:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise RuntimeError(MISSING)
    base = Path(tempfile.mkdtemp(prefix="wegwijzer-redis-"))
    port, password = free_port(), secrets.token_hex(16)
    config = base / "redis.conf"
    config.write_text(
        f'port {port}\nbind 127.0.0.1\nrequirepass {password}\nsave ""\nappendonly no\n'
        f"dir {base}\ndaemonize no\nlogfile {base / 'redis.log'}\n"
    )
    process = subprocess.Popen([binary, str(config)], stdout=subprocess.DEVNULL)
    server = RedisServer(port, password, process, base)
    import redis

    client = redis.Redis.from_url(server.url)
    for _ in range(100):
        try:
            client.ping()
            return server
        except redis.RedisError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError("redis-server did not start")
