"""Failures a user meets before any device logic: nothing there, something else there, silence."""
import logging
import re
import time

import pytest

from usconf.client import Client, NotUltraStream, RetryPolicy, Unreachable
from usconf.errors import ConnectionFailed
from usconf.secrets import Secret


def test_closed_port_is_one_clear_line_and_fast(fast_client, closed_port):
    url = f"http://127.0.0.1:{closed_port}"
    start = time.monotonic()
    with pytest.raises(Unreachable) as err:
        fast_client(url, timeout=2).get_info()
    assert str(err.value) == f"cannot reach {url}: connection refused"
    assert time.monotonic() - start < 2
    assert isinstance(err.value, ConnectionFailed)


def test_silence_times_out_after_the_timeout(fast_client, silent_server):
    client = fast_client(silent_server, timeout=0.3, retries=RetryPolicy(attempts=2, backoff=0.001))
    start = time.monotonic()
    with pytest.raises(ConnectionFailed) as err:
        client.get_info()
    took = time.monotonic() - start
    # login is retried (it is safe to repeat), then given up: bounded, not endless
    assert took < 3
    # the message says both the per-try timeout and what the retries cost in all
    match = re.fullmatch(rf"timed out after 0\.3s \(2 attempts, (\d+\.\d)s\) talking to {re.escape(silent_server)}",
                         str(err.value))
    assert match, str(err.value)
    assert 0.6 <= float(match.group(1)) <= took + 0.05


def test_a_single_try_says_only_the_timeout(fast_client, silent_server):
    client = fast_client(silent_server, timeout=0.3, retries=RetryPolicy(attempts=1))
    with pytest.raises(ConnectionFailed) as err:
        client.get_info()
    assert str(err.value) == f"timed out after 0.3s talking to {silent_server}"


@pytest.mark.parametrize("status, ctype, body, why", [
    (200, "text/html", "<html><body>Router login</body></html>", "HTML page"),
    (200, "text/plain", "hello", "not JSON"),
    (200, "application/json", '{"ok": true}', "JSON without a result"),
    (404, "text/html", "<h1>Not Found</h1>", "HTTP 404"),
    (302, "text/plain", "", "HTTP 302"),
])
def test_something_else_answering_is_not_an_ultra_stream(fast_client, web_server, status, ctype, body, why):
    url = web_server(status, ctype, body)
    with pytest.raises(NotUltraStream) as err:
        fast_client(url).get_info()
    assert str(err.value) == f"{url} is not an Ultra Stream ({why})"


def test_unknown_url_scheme_is_refused_before_any_connection():
    with pytest.raises(ConnectionFailed, match="not a device URL"):
        Client("ftp://127.0.0.1/")


def test_secrets_stay_out_of_errors_and_logs(fast_client, closed_port, caplog):
    caplog.set_level(logging.DEBUG)
    client = fast_client(f"127.0.0.1:{closed_port}", password=Secret("hunter2-pw"))
    with pytest.raises(ConnectionFailed) as err:
        client.call("add-server", {"type": 0, "name": "A", "url": "rtmp://127.0.0.1/x", "key": Secret("sk-live-123")})
    text = str(err.value) + repr(err.value) + repr(err.value.__cause__) + repr(err.value.__context__)
    text += caplog.text + repr(client)
    assert "hunter2-pw" not in text and "sk-live-123" not in text


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999", "http://127.0.0.1:abc", "http://a b"])
def test_malformed_url_is_one_clear_error(url):
    with pytest.raises(ConnectionFailed) as err:
        Client(url)
    assert str(err.value) == f"not a device URL: {url!r} (expected http://HOST[:PORT])"
