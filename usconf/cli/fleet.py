"""`-i/--inventory` on validate, plan, apply and status, and `usconf drift`: thin over usconf.fleet.

The single-device commands keep their own code; `fleet_mode(name)` adds the fleet options
to one of them and, when -i is given, runs the fleet handler here instead.
"""
import functools
import importlib

import click

from usconf.cli import cli
from usconf.cli.options import connection_options, given
from usconf.fleet import DEFAULT_PARALLEL

# The engine (usconf.fleet.runner and what it needs: planner, apply, client) is imported by the
# handlers in usconf/cli/fleet_run.py, only when -i is given: single-device commands never load it.

# Options only a fleet run has, per command: (click option, its parameter name).
_COMMON = [
    (click.option("-i", "--inventory", metavar="FILE", help="Act on the devices of this inventory file."), "inventory"),
    (click.option("--limit", metavar="EXPR",
                  help="With -i: devices, groups or globs, joined by commas; !NAME leaves out."), "limit"),
    (click.option("--parallel", type=click.IntRange(1, 256), default=DEFAULT_PARALLEL, show_default=True,
                  help="With -i: devices worked on at once."), "parallel"),
    (click.option("--quiet", is_flag=True, help="With -i: print only the summary."), "quiet"),
]
_EXTRA = {
    "validate": [(click.option("--detect", is_flag=True,
                               help="Tell inventories from desired states (the pre-commit hook); skip YAML files "
                                    "without a top-level usconf: key."), "detect")],
    "plan": [(click.option("--junit", "junit_file", metavar="FILE",
                           help="With -i: write a JUnit XML report, one test case per device."), "junit_file")],
    "apply": [
        (click.option("--plans", "plans_dir", metavar="DIR",
                      help="With -i: apply the plans `plan -i ... --out DIR` saved, refusing stale ones."), "plans_dir"),
        (click.option("--serial", type=click.IntRange(1), metavar="N",
                      help="With -i: apply in batches of N devices."), "serial"),
        (click.option("--max-failures", type=click.IntRange(1), metavar="N",
                      help="With -i: start no new batch once N devices failed (default: never stop)."),
         "max_failures"),
        (click.option("--settle", type=click.FloatRange(0), default=10.0, show_default=True, metavar="SECONDS",
                      help="With -i: how long a device may take to show what was written."), "settle"),
    ],
}


class Run:
    """The options of one fleet run."""

    def __init__(self, name, inventory, limit, parallel, quiet, **extra):
        self.name, self.inventory, self.limit, self.parallel, self.quiet = name, inventory, limit, parallel, quiet
        self.extra = extra


def _handler(name):
    """The handler of a fleet run, imported only now (see usconf/cli/fleet_run.py)."""
    module = importlib.import_module("usconf.cli.fleet_run")
    if name == "detect":
        return module.validate_detected
    return getattr(module, f"{name}_fleet")


def fleet_mode(name, positional=None):
    """Add -i/--inventory, --limit, --parallel, --quiet (and the command's own fleet options) to a command.

    `positional`: the command's FILE argument, required without -i and refused with it.
    """
    extra = _EXTRA.get(name, [])

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, inventory=None, limit=None, parallel=DEFAULT_PARALLEL, quiet=False, **kwargs):
            own = {key: kwargs.pop(key) for _, key in extra}
            if own.pop("detect", False):
                return _handler("detect")(func, args, kwargs, positional)
            if inventory is None:
                used = [f"--{key.replace('_', '-')}" for key in ("limit", "parallel", "quiet", *own) if given(key)]
                if used:
                    raise click.UsageError(f"{', '.join(used)} only work with -i/--inventory")
                if positional and not kwargs.get(positional):
                    raise click.UsageError(f"missing {positional.upper()} (or give -i/--inventory FILE)")
                return func(*args, **kwargs)
            if positional and kwargs.get(positional):
                raise click.UsageError(f"give {positional.upper()} or -i/--inventory, not both")
            return _handler(name)(Run(name, inventory, limit, parallel, quiet, **own), **kwargs)

        for option, _ in reversed(_COMMON + extra):
            wrapper = option(wrapper)
        return wrapper
    return decorate


@cli.command("drift")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per device: what drifted.")
@click.option("--markdown", is_flag=True, help="A Markdown report (for an issue or a chat message).")
@click.option("--junit", "junit_file", metavar="FILE", help="Write a JUnit XML report; drift is a failure.")
@fleet_mode("drift")
@connection_options
def drift_command(connection, as_json, markdown, junit_file, **_):
    """Compare every device of an inventory with its desired state; exit 2 when any drifted.

    Needs -i/--inventory. Exit 0: every device matches; 2: some device drifted; 1: some
    device failed or was unreachable (named in the last lines).
    """
    raise click.UsageError("drift needs -i/--inventory FILE")
