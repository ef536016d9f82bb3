"""Shared by the operation commands: run one library function on the device, print its answer."""
import functools
import json

import click

from usconf.cli.options import connection_options
from usconf.cli.progress import progress_display
from usconf.fleet import DEFAULT_PARALLEL

# -i/--inventory and its companions, for operations run on a fleet (see op_command).
FLEET_OPTIONS = [
    click.option("-i", "--inventory", metavar="FILE", help="Run on the devices of this inventory file."),
    click.option("--limit", metavar="EXPR", help="With -i: devices, groups or globs, joined by commas; !NAME leaves out."),
    click.option("--parallel", type=click.IntRange(1, 256), default=DEFAULT_PARALLEL, show_default=True,
                 help="With -i: devices worked on at once."),
    click.option("--quiet", is_flag=True, help="With -i: print only the summary."),
]


def print_result(result, as_json, lines):
    """JSON (secret-named values masked) or the lines `lines(result)` gives."""
    from usconf.client import methods
    if as_json:
        click.echo(json.dumps(methods.mask_answer(result), indent=2, ensure_ascii=False, default=str))
    else:
        for line in lines(result):
            click.echo(line)


def op_command(group, name, help_text, fleet=True):
    """Decorator: a command on `group` with --json and the connection options; the function gets
    `dev` (a logged-in client) and returns (result, lines function).

    With `fleet`, the command also takes -i/--inventory, --limit, --parallel and --quiet: the
    function then runs on every selected device of the inventory (usconf.fleet), one line per
    device and result, failing devices named last, exit 1 when any failed.
    """
    def wrap(func):
        @functools.wraps(func)
        def command(as_json, connection, inventory=None, limit=None, parallel=DEFAULT_PARALLEL, quiet=False,
                    **kwargs):
            if inventory is not None:
                from usconf.cli.fleet_run import operate_fleet
                worded = {}         # the command's own lines function (it words any device's result)

                def work(dev):
                    result, worded["lines"] = func(dev, **kwargs)
                    return result
                return operate_fleet(inventory, limit, parallel, quiet, connection, as_json, work,
                                     lambda result: worded["lines"](result))
            if limit is not None or quiet:
                raise click.UsageError("--limit and --quiet only work with -i/--inventory")
            with connection.client() as dev:
                result, lines = func(dev, **kwargs)
            print_result(result, as_json, lines)
        command = connection_options(command)
        if fleet:
            for option in reversed(FLEET_OPTIONS):
                command = option(command)
        command = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")(command)
        return group.command(name, help=help_text)(command)
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
