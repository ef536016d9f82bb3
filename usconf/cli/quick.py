"""`usconf --help`, `usconf --version` and a plain `usconf validate FILE...` without loading click.

click is about half of the start-up time of the first two, and a fifth of validate's
(the pre-commit hook's command, run on every commit). A validate with no option at
all is run here by usconf.cli.checking, the same code the click command runs; any
option, or USCONF_DEVICE set (validate against a device), leaves it to click.

The first two answers are fixed text:
the group's help is its usage, options and the command lines of COMMANDS. The text
below is what click prints for them; tests/cli/test_lazy_commands.py compares the two
at several terminal widths. On a terminal narrower than 80 columns click wraps and
shortens lines, so this gives way to click there (answer() returns None).
"""
import os
import sys

from usconf import __version__

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
