"""Local stand-ins for things that are not an Ultra Stream, and a client factory with tiny backoffs."""
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest

from usconf.client.transport import Transport


@pytest.fixture
def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def silent_server():
    """A loopback socket that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.fixture
def loopback_server():
    """loopback_server(answer) -> URL of a local server calling answer(method, query) -> (status, type, text)."""
    servers = []

    def start(answer):
        class Handler(BaseHTTPRequestHandler):
            def _reply(self):
                query = dict(parse_qsl(urlsplit(self.path).query))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                status, content_type, text = answer(query.get("method"), query)
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _reply

            def log_message(self, *args):
                pass
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def web_server(loopback_server):
    """web_server(status, content_type, body) -> URL of a loopback server answering that to everything."""
    return lambda status, content_type, body: loopback_server(lambda method, query: (status, content_type, body))


@pytest.fixture
def fake_device(loopback_server):
    """fake_device(answer) -> URL of a loopback server calling answer(method, query) -> (status, json_text)."""
    def start(answer):
        def json_answer(method, query):
            status, text = answer(method, query)
            return status, "application/json", text
        return loopback_server(json_answer)
    return start


@pytest.fixture
def link():
    """link(base) -> a Transport to `base` (cloud calls to `cloud_base`), closed after the test."""
    made = []

    def make(base, cloud_base=None, timeout=2):
        made.append(Transport(base, cloud_base or base, timeout))
        return made[-1]
    yield make
    for one in made:
        one.close()
