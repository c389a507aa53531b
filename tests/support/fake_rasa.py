"""A stand-in Rasa server over real HTTP, for web tests where Rasa is not the subject."""

from __future__ import annotations

import json

import jwt
from aiohttp import web

from bot.rasa.signing import HEADER, verify


def create_fake_rasa(jwt_secret: str, internal_secret: str = "test-internal-secret"):
    """Checks what the real channel checks: the signature of each REST request."""
    app = web.Application()
    app["received"] = []  # (sender, message) as the REST channel got them
    app["metadata"] = []  # the metadata of each of those messages

    def authorised(request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        try:
            jwt.decode(header.removeprefix("Bearer "), jwt_secret, algorithms=["HS256"])
            return True
        except jwt.PyJWTError:
            return False

    async def root(_request):
        return web.Response(text="Hello from Rasa: 3.6.21")

    async def rest(request):
        raw = await request.read()
        if not verify(internal_secret, raw, request.headers.get(HEADER)):
            return web.json_response({"error": "unsigned"}, status=401)
        body = json.loads(raw)
        app["received"].append((body["sender"], body["message"]))
        app["metadata"].append(body.get("metadata"))
        if app.get("empty"):  # as Rasa answers when the action server is down
            return web.json_response([])
        replies: dict[str, list[dict]] = {
            "hallo": [{"text": "Hallo! Waar kan ik u mee helpen?"}],
            "knoppen": [
                {
                    "text": "Kies er een.",
                    "buttons": [
                        {"title": "Ja", "payload": "/affirm"},
                        {"title": "Nee", "payload": "/deny"},
                    ],
                }
            ],
        }
        return web.json_response(
            replies.get(body["message"], [{"text": f"echo: {body['message']}"}])
        )

    async def execute(request):
        if not authorised(request):
            return web.json_response({"error": "unauthorised"}, status=401)
        return web.json_response({"messages": [{"text": "Welkom, ik ben een computerprogramma."}]})

    async def append_events(request):
        if not authorised(request):
            return web.json_response({"error": "unauthorised"}, status=401)
        return web.json_response({"sender_id": request.match_info["sender"]})

    async def parse(request):
        if not authorised(request):
            return web.json_response({"error": "unauthorised"}, status=401)
        text = (await request.json())["text"]
        keywords = {
            "digid": "digid",
            "toeslag": "allowances",
            "schuld": "debts",
            "tablet": "course_computer_skills",
            "weer": "out_of_scope",
        }
        ranking = [
            {"name": intent, "confidence": 0.9}
            for word, intent in keywords.items()
            if word in text.lower()
        ][:1] or [{"name": "vague_request", "confidence": 0.3}]
        ranking.append({"name": "greet", "confidence": 0.01})
        return web.json_response(
            {"text": text, "intent": ranking[0], "intent_ranking": ranking, "entities": []}
        )

    app.router.add_get("/", root)
    app.router.add_post("/model/parse", parse)
    app.router.add_post("/conversations/{sender}/tracker/events", append_events)
    app.router.add_post("/webhooks/rest/webhook", rest)
    app.router.add_post("/conversations/{sender}/execute", execute)
    return app
