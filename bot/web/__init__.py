"""The web app: chat page, health and (later) the staff APIs."""

from bot.web.app import create_app

__all__ = ["create_app"]
