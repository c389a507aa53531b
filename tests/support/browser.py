"""Browser tests' tools: Debian's chromium driven by Playwright, axe-core injected from
the npm package (scripts/ensure-browser.sh installs both), screenshots as artefacts, and
a library's website on its own loopback origin that embeds the widget."""

from __future__ import annotations

import http.server
import os
import threading
from pathlib import Path

from bot.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "artefacts" / "screenshots"
MISSING = "run scripts/ensure-browser.sh first (make test does): it installs chromium and axe-core"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def launch(playwright):
    assert CHROMIUM.exists() and AXE.exists(), MISSING
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=args)


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the driver, not as a <script> tag: the pages' strict CSP stays.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
        WCAG_21_AA,
    )
    return list(result)


def check(page, name: str) -> None:
    """Zero axe violations, and a screenshot saved as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    violations = axe_violations(page)
    assert violations == [], f"{name}: {violations}"


HOST_PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bibliotheek Voorbeeldstad</title></head>
<body>
<header><p><strong>Bibliotheek Voorbeeldstad</strong></p></header>
<main>
<h1>Informatiepunt Digitale Overheid</h1>
<p>Hulp bij DigiD, toeslagen en brieven van de overheid. Stel uw vraag in de chat.</p>
</main>
<script src="{widget}" defer></script>
</body>
</html>
"""


class HostSite:
    """A library's website (a page on another loopback origin) with the widget's tag."""

    def __init__(self, origin: str, widget_url: str):
        self.origin = origin
        port = int(origin.rsplit(":", 1)[1])
        page = HOST_PAGE.format(widget=widget_url).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
