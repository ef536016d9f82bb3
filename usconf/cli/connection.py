"""Where and how to reach a device, and --var pairs: command-line values that need no click.

usconf.cli.options turns them into click options for every command; the click-free
`usconf plan` of usconf.cli.quick builds them from the same defaults.

Passwords come from a file or the environment, never from the command line
(where `ps` and shell history would show them).
"""
import os

from usconf.errors import UsconfError
from usconf.secrets import Secret

DEFAULT_USERNAME = "Admin"
DEFAULT_PASSWORD = "Admin"  # as devices ship


class Connection:
    """Where and how to connect, as the options gave it; `client()` opens a Client."""

    def __init__(self, device, username, password, cloud_port, timeout):
        self.device = device
        self.username = username
        self.password = password
        self.cloud_port = cloud_port
        self.timeout = timeout

    def client(self, **kwargs):
        # Here, not at the top: commands that never connect (validate offline, --help) skip the HTTP stack.
        from usconf.client import Client, RetryPolicy

        if not self.device:
            raise UsconfError("no device given: use --device URL or set USCONF_DEVICE")
        kwargs.setdefault("retries", RetryPolicy())
        return Client(self.device, self.username, self.password, cloud_port=self.cloud_port,
                      timeout=self.timeout, **kwargs)


def read_password(path):
    """The password: the first line of `path`, else env USCONF_PASSWORD, else the factory one."""
    if path is None:
        env = os.environ.get("USCONF_PASSWORD")
        return Secret(env if env is not None else DEFAULT_PASSWORD)
    try:
        with open(path, encoding="utf-8") as fh:
            first = fh.readline()
    except OSError as exc:
        raise UsconfError(f"cannot read password file {path}: {exc.strerror}") from None
    return Secret(first.rstrip("\r\n"))


def parse_vars(pairs):
    """--var key=value pairs as a dict; a pair without '=' is a usage error."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsconfError(f"bad --var {pair!r}: expected key=value")
        out[key] = value
    return out
