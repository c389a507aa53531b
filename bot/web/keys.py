"""Typed keys for what the web app keeps on the aiohttp application."""

from aiohttp import web

from bot.settings import Settings

SETTINGS = web.AppKey("settings", Settings)
RASA = web.AppKey("rasa", object)  # bot.rasa.client.RasaClient
ENGINE = web.AppKey("engine", object)  # sqlalchemy Engine
HTTP = web.AppKey("http", object)  # aiohttp.ClientSession for backends
OFFERED = web.AppKey("offered", object)  # bot.web.chat.OfferedButtons
SESSIONS = web.AppKey("sessions", object)  # sqlalchemy sessionmaker
ADVICE = web.AppKey("advice", object)  # conversation.advice.AdviceService
