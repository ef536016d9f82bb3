"""The only code that talks HTTP to an Ultra Stream. See docs/client.md.

    with Client("http://192.0.2.10", password=Secret(pw)) as dev:
        settings = dev.get_settings()
        server_id = dev.add_server_once({"type": 0, "name": "Main", "url": ..., "key": Secret(key)})
"""
from usconf.client.logfilter import install as _install_log_filter
from usconf.client.retry import RetryPolicy, UncertainWrite, WaitTimeout, wait_for
from usconf.client.session import Client, UnsupportedMethod, normalise_url
from usconf.client.transport import NoAnswer, NotUltraStream, Unreachable

__all__ = [
    "Client", "RetryPolicy", "UncertainWrite", "UnsupportedMethod", "WaitTimeout", "wait_for",
    "NoAnswer", "NotUltraStream", "Unreachable", "normalise_url",
]

_install_log_filter()
