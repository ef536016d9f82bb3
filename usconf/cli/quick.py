"""`usconf --help`, `usconf --version`, a plain `usconf validate FILE...` and a one-device
`usconf plan FILE` without loading click.

click is about half of the start-up time of the first two, a fifth of validate's
(the pre-commit hook's command, run on every commit) and a third of plan's. A validate
with no option at all is run by usconf.cli.checking, the same code the click command
runs; any option, or USCONF_DEVICE set (validate against a device), leaves it to click.
A plan is run by usconf.cli.plan_device, as the click command does, when its command
line is made only of PLAN_OPTIONS in their plain forms; anything else (-i, --help, a
value click would have to convert or reject) leaves it to click, so every message
about a bad command line is click's.

The first two answers are fixed text:
the group's help is its usage, options and the command lines of COMMANDS. The text
below is what click prints for them; tests/cli/test_lazy_commands.py compares the two
at several terminal widths. On a terminal narrower than 80 columns click wraps and
shortens lines, so this gives way to click there (answer() returns None).
"""
import os
import sys

from usconf import __version__
from usconf.client.defaults import DEFAULT_CLOUD_PORT, DEFAULT_TIMEOUT

WIDTH = 78          # click's help width on any terminal of 80 columns or more
_HEAD = """Usage: usconf [OPTIONS] COMMAND [ARGS]...

  Configuration as code for Magewell Ultra Stream encoders.

Options:
  --version   Show the version and exit.
  --debug     Show tracebacks for unexpected errors.
  -h, --help  Show this message and exit.

Commands:
"""


def _columns():
    """The terminal's width as click finds it (shutil.get_terminal_size's rules, without shutil)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def answer(argv):
    """The text `usconf ARGV` prints, when it is --version or the group's --help; None for anything else."""
    if argv == ["--version"]:
        return f"usconf, version {__version__}\n"
    if argv not in (["--help"], ["-h"]) or _columns() < WIDTH + 2:
        return None
    from usconf import cli
    if {module for module, _ in cli.COMMANDS.values()} != set(cli.COMMAND_MODULES):
        return None         # a command module COMMANDS does not list: only importing it names its commands
    names = sorted(cli.COMMANDS)
    first = max(len(name) for name in names)
    if any(len(line) > WIDTH - 6 - first for _, line in cli.COMMANDS.values()):
        return None         # click would shorten it
    rows = "".join(f"  {name.ljust(first)}  {cli.COMMANDS[name][1]}\n" for name in names)
    return _HEAD + rows


def plain_validate(argv):
    """The files of `usconf validate FILE...` with no option (and no device from the environment), else None."""
    if len(argv) < 2 or argv[0] != "validate" or os.environ.get("USCONF_DEVICE"):
        return None
    files = argv[1:]
    return None if any(arg.startswith("-") for arg in files) else files


# `usconf plan`'s options as usconf.cli.planning gives them to click: option -> (parameter, kind).
# kind: "flag"; "text" (one value, the last given wins); "many" (repeatable); "port" and "seconds"
# (numbers, taken here only in their plain digit forms). tests/cli/test_lazy_commands.py holds this
# table to the click command's own parameters.
PLAN_OPTIONS = {
    "--out": ("out", "text"), "--json": ("as_json", "flag"), "--markdown": ("markdown", "flag"),
    "--detailed-exitcode": ("detailed_exitcode", "flag"), "--target": ("targets", "many"),
    "--var": ("var_pairs", "many"), "--vars-file": ("vars_files", "many"), "--secrets-dir": ("secrets_dirs", "many"),
    "--device": ("device", "text"), "--username": ("username", "text"), "--password-file": ("password_file", "text"),
    "--cloud-port": ("cloud_port", "port"), "--timeout": ("timeout", "seconds"),
}


def _number(kind, text):
    """The value of a "port" or "seconds" option; None for any form but plain digits (click's to judge)."""
    whole, dot, fraction = text.partition(".")
    if not (whole.isascii() and whole.isdigit()) or (kind == "port" and dot) or (dot and not fraction.isdigit()):
        return None
    return int(text) if kind == "port" else float(text)


def _plan_values(args):
    """{parameter: value} of a plan command line made only of PLAN_OPTIONS and one FILE; else None."""
    values = {"file": None}
    i = 0
    while i < len(args):
        arg = args[i]
        name, equals, attached = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if not arg.startswith("-"):
            if values["file"] is not None:
                return None
            values["file"] = arg
        elif name not in PLAN_OPTIONS:
            return None
        else:
            param, kind = PLAN_OPTIONS[name]
            if kind == "flag":
                if equals:
                    return None
                values[param] = True
            else:
                if not equals:
                    i += 1
                    if i == len(args) or args[i].startswith("-"):
                        return None
                    attached = args[i]
                value = _number(kind, attached) if kind in ("port", "seconds") else attached
                if value is None:
                    return None
                if kind == "many":
                    values.setdefault(param, []).append(value)
                else:
                    values[param] = value
        i += 1
    return values if values["file"] is not None else None


def plain_plan(argv):
    """A function running `usconf plan ...` (returning its exit status) when click is not needed to read
    the command line, else None."""
    if not argv or argv[0] != "plan":
        return None
    values = _plan_values(argv[1:])
    if values is None:
        return None

    def run():
        from usconf.cli.connection import DEFAULT_USERNAME, Connection, read_password
        from usconf.cli.plan_device import plan_device

        # as click does: the command line wins, then the environment (an empty variable counts as unset)
        device = values.pop("device") if "device" in values else os.environ.get("USCONF_DEVICE") or None
        username = (values.pop("username") if "username" in values
                    else os.environ.get("USCONF_USERNAME") or DEFAULT_USERNAME)
        password = read_password(values.pop("password_file", None))
        connection = Connection(device, username, password, values.pop("cloud_port", DEFAULT_CLOUD_PORT),
                                values.pop("timeout", DEFAULT_TIMEOUT))
        return plan_device(values.pop("file"), connection, **values)
    return run
