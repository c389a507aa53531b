"""Start the Rasa server on loopback with the HTTP API behind a JWT.

Started by the supervisor instead of `rasa run` so that the JWT secret is read from
var/ and never appears on a command line, so that the newest trained model and the
runtime endpoints are chosen from the settings, and so that every call to the action
server is signed (bot/rasa/endpoint.py). `--shell` chats in the terminal instead
(`wegwijzer shell`): Rasa's console then talks to Rasa's plain REST channel on loopback,
for as long as the shell runs.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.runtime import write_credentials, write_endpoints
from bot.settings import Settings, private_umask
from bot.training import latest_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bot.rasa_server")
    parser.add_argument("--shell", action="store_true", help="chat in the terminal")
    args = parser.parse_args(argv)
    private_umask()
    settings = Settings.from_env()
    model = latest_model(settings.model_dir)
    if model is None:
        print("rasa: no trained model in models/: run `make train` first", file=sys.stderr)
        return 2
    from rasa.core.run import serve_application
    from rasa.utils.log_utils import configure_structlog

    # INFO, not Rasa's DEBUG: debug events carry the users' texts.
    configure_structlog(logging.WARNING if args.shell else logging.INFO)
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import AvailableEndpoints

    from bot.rasa.endpoint import SigningEndpointConfig
    from bot.rasa.tracker_store import MaskingSQLTrackerStore
    from privacy.logging_filter import install_masking

    install_masking()
    endpoints = AvailableEndpoints.read_endpoints(str(write_endpoints(settings)))
    endpoints.action = SigningEndpointConfig(settings.action_url, settings.internal_secret)
    # Rasa falls back to an in-memory store, silently, when the configured one fails:
    # refuse to start instead, so nothing is kept unmasked or lost.
    store = TrackerStore.create(endpoints.tracker_store)
    if not isinstance(store, MaskingSQLTrackerStore):
        print(
            f"rasa: the tracker store could not be opened (got {type(store).__name__})",
            file=sys.stderr,
        )
        return 3
    if args.shell:
        serve_application(
            model_path=str(model),
            channel="cmdline",
            interface=settings.rasa_host,
            port=settings.rasa_port,
            endpoints=endpoints,
        )
        return 0
    serve_application(
        model_path=str(model),
        interface=settings.rasa_host,
        port=settings.rasa_port,
        credentials=str(write_credentials(settings)),
        enable_api=True,
        jwt_secret=settings.rasa_jwt_secret,
        jwt_method="HS256",
        endpoints=endpoints,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
