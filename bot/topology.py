"""The scaled topology, started locally from Debian packages (`make run-scaled`).

    web app (public entry, WEB_PORT)
      -> nginx :RASA_PORT     -> rasa-1, rasa-2         (REST channel, HTTP API)
                                   -> nginx :ACTION_PORT -> actions-1, actions-2
    PostgreSQL: the project database and Rasa's trackers (one database)
    Redis: Rasa's lock store, the form's personal answers (encrypted, expiring), the web
           app's rate limits, offered buttons and cookie generations

Everything listens on loopback only. PostgreSQL runs as the `postgres` user from its
own data folder (made once with initdb, a password from var/secrets/); Redis and nginx
get their configuration written into var/runtime/ (0600: it holds the Redis password).
Ports and folders come from the environment (below), so tests can run a second copy.

    PG_PORT (5433)  REDIS_PORT (6380)  RASA_PORT / ACTION_PORT: nginx (5005 / 5055)
    RASA_INSTANCE_PORTS (RASA_PORT+100, +101)  ACTION_INSTANCE_PORTS (ACTION_PORT+100, +101)
    PG_DATA_DIR (as root: /var/lib/postgresql/wegwijzer/<hash of var/>; else var/postgres)
"""

from __future__ import annotations

import asyncio
import glob
import hashlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.runtime import VENV_BIN, ProcessSpec, action_server_command
from bot.settings import PROJECT_ROOT, Settings, read_or_create_secret

DB_NAME = "wegwijzer"
DB_USER = "wegwijzer"


def _ports(env: Mapping[str, str], name: str, default: list[int]) -> list[int]:
    raw = env.get(name)
    return [int(p) for p in raw.split(",")] if raw else default


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: run scripts/ensure-services.sh "
            "(Debian packages postgresql, redis-server, nginx-light)"
        )
    return Path(found[-1]).parent


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Topology:
    settings: Settings
    pg_port: int
    redis_port: int
    rasa_ports: list[int]
    action_ports: list[int]
    pg_dir: Path
    env: Mapping[str, str]

    @classmethod
    def from_env(cls, settings: Settings, env: Mapping[str, str] | None = None) -> Topology:
        env = os.environ if env is None else env
        if os.geteuid() == 0:
            digest = hashlib.sha256(str(settings.var_dir).encode()).hexdigest()[:12]
            default_pg = Path("/var/lib/postgresql/wegwijzer") / digest
        else:
            default_pg = settings.var_dir / "postgres"
        return cls(
            settings=settings,
            pg_port=int(env.get("PG_PORT") or 5433),
            redis_port=int(env.get("REDIS_PORT") or 6380),
            rasa_ports=_ports(
                env, "RASA_INSTANCE_PORTS", [settings.rasa_port + 100, settings.rasa_port + 101]
            ),
            action_ports=_ports(
                env,
                "ACTION_INSTANCE_PORTS",
                [settings.action_port + 100, settings.action_port + 101],
            ),
            pg_dir=Path(env.get("PG_DATA_DIR") or default_pg),
            env=env,
        )

    # ------------------------------------------------------------------ secrets, urls
    @property
    def runtime(self) -> Path:
        return self.settings.var_dir / "runtime"

    @property
    def db_password(self) -> str:
        return read_or_create_secret(self.settings.var_dir / "secrets" / "postgres_password")

    @property
    def redis_password(self) -> str:
        return read_or_create_secret(self.settings.var_dir / "secrets" / "redis_password")

    @property
    def database_url(self) -> str:
        return f"postgresql://{DB_USER}:{self.db_password}@127.0.0.1:{self.pg_port}/{DB_NAME}"

    @property
    def redis_url(self) -> str:
        return f"redis://:{self.redis_password}@127.0.0.1:{self.redis_port}/0"

    def app_env(self) -> dict[str, str]:
        """What every project process of the topology gets."""
        s = self.settings
        return {
            "PYTHONUNBUFFERED": "1",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "WEGWIJZER_VAR_DIR": str(s.var_dir),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "RASA_URL": f"http://127.0.0.1:{s.rasa_port}",
            "ACTION_URL": f"http://127.0.0.1:{s.action_port}/webhook",
        }

    # ------------------------------------------------------------------ PostgreSQL
    def init_postgres(self) -> None:
        """initdb once: password login only (scram), UTF-8, owned by `postgres`."""
        if (self.pg_dir / "PG_VERSION").exists():
            return
        bin_dir = postgres_bin()
        created = [d for d in (self.pg_dir, *self.pg_dir.parents) if not d.exists()]
        self.pg_dir.mkdir(parents=True, exist_ok=True)
        pwfile_dir = Path(tempfile.mkdtemp(prefix="wegwijzer-pw-"))
        pwfile = pwfile_dir / "pw"
        pwfile.write_text(self.db_password + "\n")
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in (*created, self.pg_dir, pwfile_dir, pwfile):
                os.chown(path, user.pw_uid, user.pw_gid)
        os.chmod(self.pg_dir, 0o700)
        try:
            result = subprocess.run(
                as_postgres(
                    [
                        str(bin_dir / "initdb"),
                        "-D",
                        str(self.pg_dir),
                        "-U",
                        "postgres",
                        "--auth=scram-sha-256",
                        f"--pwfile={pwfile}",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                capture_output=True,
                text=True,
                cwd="/",
            )
        finally:
            shutil.rmtree(pwfile_dir, ignore_errors=True)
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed: {result.stderr[-2000:]}")

    def postgres_spec(self) -> ProcessSpec:
        return ProcessSpec(
            name="postgres",
            command=as_postgres(
                [
                    str(postgres_bin() / "postgres"),
                    "-D",
                    str(self.pg_dir),
                    "-p",
                    str(self.pg_port),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    f"unix_socket_directories={self.pg_dir}",
                ]
            ),
            env={},
            ready_url=f"tcp://127.0.0.1:{self.pg_port}",
            public_url=f"127.0.0.1:{self.pg_port} (PostgreSQL, password in var/secrets/)",
            stop_signal=signal.SIGINT,  # fast shutdown (SIGTERM waits for every client)
        )

    async def prepare_database(self) -> None:
        """The role and database (once), then the migrations and the knowledge data."""
        await asyncio.get_running_loop().run_in_executor(None, self._create_database)
        result = await asyncio.create_subprocess_exec(
            str(VENV_BIN / "wegwijzer"),
            "db",
            "upgrade",
            cwd=PROJECT_ROOT,
            env={**os.environ, **self.app_env()},
        )
        if await result.wait() != 0:
            raise RuntimeError("`wegwijzer db upgrade` failed")

    def _create_database(self) -> None:
        import time

        import psycopg2

        deadline = time.monotonic() + 60
        while True:
            try:
                connection = psycopg2.connect(
                    host="127.0.0.1",
                    port=self.pg_port,
                    user="postgres",
                    password=self.db_password,
                    dbname="postgres",
                    connect_timeout=3,
                )
                break
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (DB_USER,))
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE ROLE {DB_USER} LOGIN PASSWORD %s", (self.db_password,))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,))
            if cursor.fetchone() is None:
                cursor.execute(f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}")
        connection.close()

    # ------------------------------------------------------------------ Redis, nginx
    def redis_spec(self) -> ProcessSpec:
        self.runtime.mkdir(parents=True, exist_ok=True)
        config = self.runtime / "redis.conf"
        _write_private(
            config,
            f"port {self.redis_port}\nbind 127.0.0.1\nprotected-mode yes\n"
            f"requirepass {self.redis_password}\n"
            'save ""\nappendonly no\n'  # locks, rate limits, 60-minute form answers
            f'dir {self.runtime}\ndaemonize no\nlogfile ""\n',
        )
        return ProcessSpec(
            name="redis",
            command=[shutil.which("redis-server") or "/usr/bin/redis-server", str(config)],
            env={},
            ready_url=f"tcp://127.0.0.1:{self.redis_port}",
            public_url=f"127.0.0.1:{self.redis_port} (Redis, password in var/secrets/)",
        )

    def nginx_conf(self) -> str:
        s = self.settings

        def upstream(name: str, ports: list[int]) -> str:
            servers = "\n".join(
                f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in ports
            )
            return f"    upstream {name} {{\n{servers}\n        keepalive 32;\n    }}\n"

        def server(port: int, target: str) -> str:
            return (
                f"    server {{\n        listen 127.0.0.1:{port};\n"
                "        location / {\n"
                f"            proxy_pass http://{target};\n"
                "            proxy_http_version 1.1;\n"
                '            proxy_set_header Connection "";\n'
                "            proxy_connect_timeout 1s;\n"
                "            proxy_read_timeout 120s;\n"
                "            proxy_next_upstream error timeout http_502 http_503;\n"
                "            proxy_next_upstream_tries 2;\n"
                "        }\n    }\n"
            )

        prefix = self.runtime / "nginx"
        user = "user root root;\n" if os.geteuid() == 0 else ""
        return (
            f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
            "error_log stderr warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "    server_tokens off;\n"
            # no address and no URI (it holds conversation ids): only where it went
            "    log_format upstream '$request_method $status $upstream_addr $request_time';\n"
            f"    access_log {prefix / 'access.log'} upstream;\n"
            "    client_max_body_size 8m;\n"
            f"    client_body_temp_path {prefix / 'body'};\n"
            f"    proxy_temp_path {prefix / 'proxy'};\n"
            f"    fastcgi_temp_path {prefix / 'fastcgi'};\n"
            f"    uwsgi_temp_path {prefix / 'uwsgi'};\n"
            f"    scgi_temp_path {prefix / 'scgi'};\n"
            + upstream("rasa", self.rasa_ports)
            + upstream("actions", self.action_ports)
            + server(s.rasa_port, "rasa")
            + server(s.action_port, "actions")
            + "}\n"
        )

    def nginx_spec(self) -> ProcessSpec:
        prefix = self.runtime / "nginx"
        prefix.mkdir(parents=True, exist_ok=True)
        config = prefix / "nginx.conf"
        _write_private(config, self.nginx_conf())
        return ProcessSpec(
            name="nginx",
            command=[
                shutil.which("nginx") or "/usr/sbin/nginx",
                "-c",
                str(config),
                "-p",
                str(prefix),
                "-e",
                "stderr",
            ],
            env={},
            ready_url=f"tcp://127.0.0.1:{self.settings.rasa_port}",
            public_url=(
                f"127.0.0.1:{self.settings.rasa_port} -> Rasa, "
                f"127.0.0.1:{self.settings.action_port} -> actions (nginx)"
            ),
        )

    # ------------------------------------------------------------------ the project
    def app_specs(self) -> tuple[list[ProcessSpec], list[ProcessSpec]]:
        python = str(VENV_BIN / "python")
        env = self.app_env()
        servers: list[ProcessSpec] = []
        for index, port in enumerate(self.rasa_ports, start=1):
            servers.append(
                ProcessSpec(
                    name=f"rasa-{index}",
                    command=[python, "-m", "bot.rasa_server"],
                    # a conversation lock left by an instance that died is free again
                    # after this many seconds (Rasa's default is 60)
                    env={**env, "RASA_PORT": str(port), "TICKET_LOCK_LIFETIME": "20"},
                    ready_url=f"http://127.0.0.1:{port}/",
                    public_url=f"http://127.0.0.1:{port} (loopback; HTTP API needs a JWT)",
                )
            )
        for index, port in enumerate(self.action_ports, start=1):
            servers.append(
                ProcessSpec(
                    name=f"actions-{index}",
                    command=action_server_command(python, port),
                    env={**env, "SANIC_HOST": "127.0.0.1"},
                    ready_url=f"http://127.0.0.1:{port}/health",
                    public_url=f"http://127.0.0.1:{port}/webhook (loopback, signed requests)",
                )
            )
        s = self.settings
        host = "127.0.0.1" if s.web_host in ("0.0.0.0", "", "::") else s.web_host
        web = ProcessSpec(
            name="web",
            command=[python, "-m", "bot.web"],
            env=env,
            ready_url=f"http://{host}:{s.web_port}/health/live",
            public_url=f"http://{'localhost' if host == '127.0.0.1' else host}:{s.web_port}/",
        )
        return servers, [web]

    def stages(
        self,
    ) -> tuple[list[list[ProcessSpec]], list[Callable[[], Awaitable[None]] | None]]:
        """Databases; then (after the migration) the Rasa and action servers and nginx;
        then the web app."""
        self.init_postgres()
        servers, web = self.app_specs()
        return (
            [[self.postgres_spec(), self.redis_spec()], [*servers, self.nginx_spec()], web],
            [self.prepare_database, None],
        )


def _write_private(path: Path, content: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(content)
