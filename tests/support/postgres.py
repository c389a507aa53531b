"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temp dir, loopback port.

Needs the Debian package `postgresql` (scripts/ensure-postgres.sh installs it). When it
is missing the tests fail with that instruction; they are never skipped.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.support.env import free_port

MISSING = (
    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). "
    "Run scripts/ensure-postgres.sh first (it installs the Debian package 'postgresql')."
)


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError(MISSING)
    return Path(found[-1]).parent


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class Cluster:
    base: Path
    port: int
    bin_dir: Path

    @property
    def data(self) -> Path:
        return self.base / "data"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg2

        conn = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres"
        )
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        conn.close()
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
            ),
            capture_output=True,
        )
        shutil.rmtree(self.base, ignore_errors=True)


def start_cluster() -> Cluster:
    bin_dir = _bin_dir()
    base = Path(tempfile.mkdtemp(prefix="wegwijzer-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
    cluster = Cluster(base=base, port=free_port(), bin_dir=bin_dir)
    run = {"capture_output": True, "text": True, "cwd": str(base)}
    result = subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(cluster.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        **run,
    )
    if result.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
    options = f"-p {cluster.port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    result = subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(cluster.data),
                "-o",
                options,
                "-l",
                str(base / "server.log"),
                "-w",
                "start",
            ]
        ),
        **run,
    )
    if result.returncode != 0:
        log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
        cluster.stop()
        raise RuntimeError(f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}\n{log}")
    return cluster
