"""Connection options shared by every command that talks to a device.

    @cli.command()
    @connection_options
    def status(connection):
        with connection.client() as dev: ...

The values themselves (Connection, the password's sources) are in usconf.cli.connection.
"""
import functools

import click
from click.core import ParameterSource

from usconf.cli.connection import DEFAULT_USERNAME, Connection, read_password
from usconf.client.defaults import DEFAULT_CLOUD_PORT, DEFAULT_TIMEOUT


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
        connection = Connection(device, username, read_password(password_file), cloud_port, timeout)
        return func(*args, connection=connection, **kwargs)
    return wrapper


def given(name):
    """Whether the running command's option `name` was given on the command line (not a default or env)."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE
