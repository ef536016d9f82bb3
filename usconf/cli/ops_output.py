"""Shared by the operation commands: run one library function on the device, print its answer."""
import functools
import json

import click

from usconf.cli.options import connection_options
from usconf.cli.progress import progress_display


def print_result(result, as_json, lines):
    """JSON (secret-named values masked) or the lines `lines(result)` gives."""
    from usconf.client import methods
    if as_json:
        click.echo(json.dumps(methods.mask_answer(result), indent=2, ensure_ascii=False, default=str))
    else:
        for line in lines(result):
            click.echo(line)


def op_command(group, name, help_text):
    """Decorator: a command on `group` with --json and the connection options; the function gets
    `dev` (a logged-in client) and returns (result, lines function)."""
    def wrap(func):
        @group.command(name, help=help_text)
        @click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
        @connection_options
        @functools.wraps(func)
        def command(as_json, connection, **kwargs):
            with connection.client() as dev:
                result, lines = func(dev, **kwargs)
            print_result(result, as_json, lines)
        return command
    return wrap


def wait_options(default, timeout):
    """--wait/--no-wait and --wait-timeout for commands where the device works in the background."""
    def wrap(func):
        func = click.option("--wait-timeout", type=click.FloatRange(min=0.1), default=timeout, show_default=True,
                            help="Give up waiting after this many seconds.")(func)
        func = click.option("--interval", type=click.FloatRange(min=0.01), default=1.0, show_default=True,
                            help="Seconds between status reads while waiting.")(func)
        func = click.option("--wait/--no-wait", default=default, show_default=True,
                            help="Wait until the device has finished, showing progress.")(func)
        return func
    return wrap


def with_progress(enabled, call):
    """Run call(progress_callback) with a progress display while `enabled`."""
    with progress_display(enabled) as progress:
        return call(progress)
