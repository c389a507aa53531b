"""Start the Rasa action server: only signed requests, personal data masked in its logs.

Same arguments as `python -m rasa_sdk`; listens on SANIC_HOST (set to loopback by the
supervisor). Every POST (the action webhook) must carry the HMAC header of
bot/rasa/signing.py, which the project's Rasa server adds (bot/rasa/endpoint.py): a
forged tracker from anyone else on the machine is refused with 401 before any action
runs. No CORS: browsers have no business here.
"""

import logging
import os
import sys
from typing import Any

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser
from sanic import response
from sanic.request import Request

from bot.rasa.signing import HEADER, verify
from bot.settings import Settings, private_umask
from privacy.logging_filter import install_masking


def secure_app(actions: str, secret: str) -> Any:
    app = create_app(actions, cors_origins=None, auto_reload=False)

    @app.middleware("request")  # type: ignore[untyped-decorator]
    async def require_signature(request: Request) -> Any:
        if request.method == "POST" and not verify(
            secret, request.body or b"", request.headers.get(HEADER)
        ):
            return response.json({"error": f"a valid {HEADER} header is required"}, status=401)
        return None

    return app


def main(argv: list[str] | None = None) -> int:
    private_umask()
    args = create_argument_parser().parse_args(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()
    install_masking()
    app = secure_app(args.actions, Settings.from_env().internal_secret)
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    app.run(host, args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
