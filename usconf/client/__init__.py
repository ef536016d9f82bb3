"""The only code that talks HTTP to an Ultra Stream. See docs/client.md.

    with Client("http://192.0.2.10", password=Secret(pw)) as dev:
        settings = dev.get_settings()
        dev.set_name("Studio A")

A write whose answer is lost raises UncertainWrite; usconf.apply.once.send is
the one place that resolves it by reading what the device holds.
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
