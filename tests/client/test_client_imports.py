"""What loading the client costs: no http.client, ssl, email or logging (~18 ms of every
`usconf plan`), and a debug log that is still masked when it is set up after the client loaded."""
import json
import subprocess
import sys


def run(code, *args):
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return done.stdout


def test_the_client_loads_and_calls_without_http_client_ssl_email_or_logging(closed_port):
    code = """
import json, sys
import usconf.client.transport
from usconf.client import Client, RetryPolicy, Unreachable
try:
    Client(f"http://127.0.0.1:{sys.argv[1]}", timeout=1, retries=RetryPolicy(attempts=1)).ping()
except Unreachable:
    pass
print(json.dumps(sorted(m for m in ("http.client", "ssl", "email", "logging", "datetime", "encodings.idna")
                        if m in sys.modules)))
"""
    assert json.loads(run(code, str(closed_port))) == []


def test_a_debug_line_is_masked_when_logging_is_set_up_after_the_client_loaded(closed_port):
    code = """
import sys
from usconf.client.transport import Transport, Unreachable
from usconf.secrets import remember
assert "logging" not in sys.modules
import logging
logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, format="%(name)s %(message)s")
remember("Hangar Seven")
base = f"http://127.0.0.1:{sys.argv[1]}"
try:
    Transport(base, base, 1).send("add-server", {"name": "Hangar Seven encoder", "url": "rtmp://h/x?key=sk-live-123"})
except Unreachable:
    pass
"""
    out = run(code, str(closed_port))
    assert out.startswith("usconf.client -> add-server ")
    assert "Hangar Seven" not in out and "sk-live-123" not in out
    assert "(sensitive) encoder" in out and "?key=(sensitive)" in out
