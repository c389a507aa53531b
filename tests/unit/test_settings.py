from pathlib import Path

import pytest

from bot.settings import Settings, read_or_create_secret


def test_defaults_use_sqlite_under_var_and_loopback_ports(tmp_path):
    settings = Settings.from_env({"WEGWIJZER_VAR_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'wegwijzer.db'}"
    assert (settings.rasa_host, settings.rasa_port) == ("127.0.0.1", 5005)
    assert (settings.action_host, settings.action_port) == ("127.0.0.1", 5055)
    assert settings.web_port == 8080


def test_secrets_are_generated_once_into_var_with_private_permissions(tmp_path):
    first = Settings.from_env({"WEGWIJZER_VAR_DIR": str(tmp_path)})
    second = Settings.from_env({"WEGWIJZER_VAR_DIR": str(tmp_path)})
    assert first.rasa_jwt_secret == second.rasa_jwt_secret
    assert len(first.rasa_jwt_secret) >= 32
    assert first.session_secret != first.rasa_jwt_secret
    secret_file = tmp_path / "secrets" / "rasa_jwt_secret"
    assert secret_file.stat().st_mode & 0o077 == 0


def test_environment_overrides_defaults(tmp_path):
    settings = Settings.from_env(
        {
            "WEGWIJZER_VAR_DIR": str(tmp_path),
            "WEB_HOST": "0.0.0.0",
            "WEB_PORT": "9000",
            "DATABASE_URL": "postgresql://u@h/db",
        }
    )
    assert (settings.web_host, settings.web_port) == ("0.0.0.0", 9000)
    assert settings.database_url == "postgresql://u@h/db"


def test_a_port_that_is_not_a_number_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="WEB_PORT must be a whole number"):
        Settings.from_env({"WEGWIJZER_VAR_DIR": str(tmp_path), "WEB_PORT": "acht"})


def test_rasa_never_listens_publicly_even_when_asked(tmp_path):
    settings = Settings.from_env({"WEGWIJZER_VAR_DIR": str(tmp_path), "RASA_HOST": "0.0.0.0"})
    assert settings.rasa_host == "127.0.0.1"


def test_an_empty_secret_file_gets_a_new_secret(tmp_path: Path):
    path = tmp_path / "s"
    path.write_text("\n")
    assert read_or_create_secret(path)


def test_var_and_everything_in_it_is_for_its_owner_only(tmp_path):
    import os

    from bot.settings import lock_down_var

    var = tmp_path / "var"
    (var / "runtime").mkdir(parents=True)
    for path in (var / "wegwijzer.db", var / "trackers.db", var / "runtime" / "endpoints.yml"):
        path.write_text("x")
        os.chmod(path, 0o644)
    os.chmod(var, 0o755)
    lock_down_var(var)
    assert var.stat().st_mode & 0o777 == 0o700
    assert (var / "runtime").stat().st_mode & 0o777 == 0o700
    for path in (var / "wegwijzer.db", var / "trackers.db", var / "runtime" / "endpoints.yml"):
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_the_cli_locks_var_down_and_new_files_are_private(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    (var / "old.db").write_text("x")
    env = {"WEGWIJZER_VAR_DIR": str(var), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [str(Path(sys.executable).parent / "wegwijzer"), "token", "list"],
        env={**env, "DATABASE_URL": f"sqlite:///{var / 'new.db'}"},
        capture_output=True,
    )
    assert var.stat().st_mode & 0o777 == 0o700
    assert (var / "old.db").stat().st_mode & 0o777 == 0o600
    assert (var / "secrets" / "internal_secret").stat().st_mode & 0o777 == 0o600
