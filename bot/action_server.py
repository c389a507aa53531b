"""Start the Rasa action server with personal data masked in its logs.

Same arguments as `python -m rasa_sdk`; listens on SANIC_HOST (set to loopback by the
supervisor).
"""

import logging
import sys

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_argument_parser, run

from privacy.logging_filter import install_masking


def main(argv: list[str] | None = None) -> int:
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
    run(
        args.actions,
        args.port,
        args.cors,
        args.ssl_certificate,
        args.ssl_keyfile,
        args.ssl_password,
        args.auto_reload,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
