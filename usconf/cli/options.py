"""Connection options shared by every command that talks to a device.

    @cli.command()
    @connection_options
    def status(connection):
        with connection.client() as dev: ...

Passwords come from a file or the environment, never from the command line
(where `ps` and shell history would show them).
"""
import functools
import os

import click
from click.core import ParameterSource

from usconf.client.defaults import DEFAULT_CLOUD_PORT, DEFAULT_TIMEOUT
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


def _read_password(path):
    if path is None:
        env = os.environ.get("USCONF_PASSWORD")
        return Secret(env if env is not None else DEFAULT_PASSWORD)
    try:
        with open(path, encoding="utf-8") as fh:
            first = fh.readline()
    except OSError as exc:
        raise UsconfError(f"cannot read password file {path}: {exc.strerror}") from None
    return Secret(first.rstrip("\r\n"))


def connection_options(func):
    """Add --device, --username, --password-file, --cloud-port and --timeout; pass `connection`."""
    @click.option("--device", envvar="USCONF_DEVICE", metavar="URL",
                  help="Device address, e.g. http://192.168.1.20 (env USCONF_DEVICE).")
    @click.option("--username", envvar="USCONF_USERNAME", default=DEFAULT_USERNAME, show_default=True,
                  help="Device user (env USCONF_USERNAME).")
    @click.option("--password-file", metavar="FILE",
                  help="File whose first line is the password (else env USCONF_PASSWORD, else Admin).")
    @click.option("--cloud-port", type=int, default=DEFAULT_CLOUD_PORT, show_default=True,
                  help="Port of the device's cloud API.")
    @click.option("--timeout", type=float, default=DEFAULT_TIMEOUT, show_default=True,
                  help="Seconds to wait for each answer.")
    @functools.wraps(func)
    def wrapper(*args, device, username, password_file, cloud_port, timeout, **kwargs):
        connection = Connection(device, username, _read_password(password_file), cloud_port, timeout)
        return func(*args, connection=connection, **kwargs)
    return wrapper


def given(name):
    """Whether the running command's option `name` was given on the command line (not a default or env)."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
