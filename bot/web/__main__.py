"""Run the web app: python -m bot.web"""

import logging

from aiohttp import web

from bot.settings import Settings, private_umask
from bot.web import create_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s - %(message)s")
    from privacy.logging_filter import install_masking

    install_masking()
    private_umask()
    settings = Settings.from_env()
    web.run_app(
        create_app(settings),
        host=settings.web_host,
        port=settings.web_port,
        print=lambda _msg: None,
        access_log=None,
    )


if __name__ == "__main__":
    main()
