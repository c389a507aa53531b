"""Tiny real processes for supervisor tests: an HTTP server that answers when ready."""

from __future__ import annotations

import sys
import textwrap

from bot.runtime import ProcessSpec

SERVER = textwrap.dedent("""
    import http.server, sys
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
        def log_message(self, *a): pass
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
""")


def spec(name, port, code=SERVER):
    return ProcessSpec(
        name=name,
        command=[sys.executable, "-c", code, str(port)],
        env={},
        ready_url=f"http://127.0.0.1:{port}/",
        public_url=f"http://127.0.0.1:{port}/",
    )
