"""The scaled topology's configuration, as written (the processes are tested end to end
in tests/e2e/test_scaled.py)."""

from __future__ import annotations

from bot.runtime import lock_store_config, tracker_store_config
from bot.topology import Topology
from tests.support.env import settings_for


def topology(tmp_path):
    settings = settings_for(tmp_path, RASA_PORT=15005, ACTION_PORT=15055)
    return Topology.from_env(
        settings,
        {"PG_PORT": "15433", "REDIS_PORT": "16380", "PG_DATA_DIR": str(tmp_path / "pg")},
    )


def test_nginx_balances_both_instances_on_loopback_without_banner_or_addresses(tmp_path):
    conf = topology(tmp_path).nginx_conf()
    assert "server 127.0.0.1:15105" in conf and "server 127.0.0.1:15106" in conf
    assert "server 127.0.0.1:15155" in conf and "server 127.0.0.1:15156" in conf
    assert "listen 127.0.0.1:15005;" in conf and "listen 127.0.0.1:15055;" in conf
    assert "server_tokens off;" in conf
    assert "$remote_addr" not in conf and "$request_uri" not in conf  # no ids in the log
    assert "proxy_next_upstream error timeout" in conf


def test_every_process_gets_the_shared_stores_and_nginx_in_between(tmp_path):
    top = topology(tmp_path)
    env = top.app_env()
    assert env["DATABASE_URL"].startswith("postgresql://wegwijzer:")
    assert env["DATABASE_URL"].endswith("@127.0.0.1:15433/wegwijzer")
    assert env["REDIS_URL"].endswith("@127.0.0.1:16380/0")
    assert env["RASA_URL"] == "http://127.0.0.1:15005"
    assert env["ACTION_URL"] == "http://127.0.0.1:15055/webhook"
    servers, web = top.app_specs()
    assert [s.name for s in servers] == ["rasa-1", "rasa-2", "actions-1", "actions-2"]
    assert web[0].env["RASA_URL"] == env["RASA_URL"]
    assert servers[0].env["RASA_PORT"] == "15105" and servers[1].env["RASA_PORT"] == "15106"
    secret = (top.settings.var_dir / "secrets" / "redis_password").stat()
    assert secret.st_mode & 0o077 == 0


def test_redis_holds_rasas_locks_and_the_form_answers(tmp_path):
    settings = settings_for(tmp_path, REDIS_URL="redis://:geheim@127.0.0.1:16380/0")
    lock = lock_store_config(settings)
    assert lock is not None
    assert lock["type"] == "bot.rasa.lock_store.HealingRedisLockStore"
    assert (lock["url"], lock["port"], lock["password"], lock["db"]) == (
        "127.0.0.1",
        16380,
        "geheim",
        1,
    )
    assert tracker_store_config(settings)["personal_vault_url"] == settings.redis_url
    assert lock_store_config(settings_for(tmp_path / "x")) is None
    assert "personal_vault_url" not in tracker_store_config(settings_for(tmp_path / "y"))
