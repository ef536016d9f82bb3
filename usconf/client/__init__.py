"""The only code that talks HTTP to an Ultra Stream. See docs/client.md.

    with Client("http://192.0.2.10", password=Secret(pw)) as dev:
        settings = dev.get_settings()
        dev.set_name("Studio A")

A write whose answer is lost raises UncertainWrite; usconf.apply.once.send is
the one place that resolves it by reading what the device holds.

The names below are loaded on first use (PEP 562): importing usconf.client.methods
or usconf.client.defaults, as the offline commands do, does not load the HTTP stack
(usconf.client.wire, over `socket`). The client logs through usconf.client.log, which
installs the filter that keeps secrets out of its debug lines before the first one.
"""
from usconf.lazy import exports

# name -> the module that defines it
_EXPORTS = {
    "RetryPolicy": "retry", "UncertainWrite": "retry", "WaitTimeout": "retry", "wait_for": "retry",
    "Client": "session", "UnsupportedMethod": "session", "normalise_url": "session",
    "NoAnswer": "transport", "NotUltraStream": "transport", "Unreachable": "transport",
}

__all__ = [
    "Client", "NoAnswer", "NotUltraStream", "RetryPolicy", "UncertainWrite", "Unreachable", "UnsupportedMethod",
    "WaitTimeout", "normalise_url", "wait_for",
]

__getattr__, __dir__ = exports(__name__, _EXPORTS, globals())

