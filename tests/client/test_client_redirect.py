"""The client never follows a redirect: an Ultra Stream never sends one, and following could leave loopback."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from usconf.client import Client, NotUltraStream


def _serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


@pytest.mark.parametrize("status", [301, 302, 303, 307])
def test_redirect_is_not_followed(status):
    hits = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"result": 0}')

        do_POST = do_GET

        def log_message(self, *args):
            pass

    target = _serve(Elsewhere)

    class Redirecting(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(status)
            self.send_header("Location", f"http://127.0.0.1:{target.server_address[1]}/usapi?method=ping")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    source = _serve(Redirecting)
    try:
        client = Client(f"http://127.0.0.1:{source.server_address[1]}", retries=0, timeout=2)
        with pytest.raises(NotUltraStream, match=f"HTTP {status}"):
            client.get_info()
    finally:
        for server in (source, target):
            server.shutdown()
            server.server_close()
    assert hits == []
