"""Command line: argument parsing and exit codes only; the work is done by the library.

Each group of commands lives in its own module and registers itself on `cli`.
Expected failures (UsconfError) become one line on stderr and exit 1; anything
else is a bug, reported with a hint to rerun with --debug for the traceback.
"""
import importlib
import sys

import click

from usconf import __version__
from usconf.errors import UsconfError
from usconf.output import escape
from usconf.secrets import scrub

# Modules that add commands to `cli`; a missing one is skipped so a partial
# install still runs the commands it has.
COMMAND_MODULES = ("emulator", "device", "language", "export", "planning", "fleet", "discover", "ble", "ops",
                   "firmware")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="usconf")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx, debug):
    """Configuration as code for Magewell Ultra Stream encoders."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register():
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(f"usconf.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"usconf.cli.{name}":
                raise


class _Scrubbed:
    """stdout or stderr with every remembered secret masked by value (usconf.secrets): the CLI's one
    place for it, so no command, progress line, device answer or error can print one."""

    def __init__(self, stream):
        self._stream = stream
        self.encoding = getattr(stream, "encoding", None)
        self.errors = getattr(stream, "errors", None)

    def write(self, text):
        return self._stream.write(scrub(text) if isinstance(text, str) else text)

    def flush(self):
        self._stream.flush()

    def isatty(self):
        return bool(getattr(self._stream, "isatty", lambda: False)())

    def fileno(self):
        return self._stream.fileno()


def main(argv=None):
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Scrubbed(out), _Scrubbed(err)
    try:
        _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _main(argv):
    _register()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        code = cli.main(args=argv, prog_name="usconf", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except UsconfError as exc:
        if debug:
            raise
        # errors quote device answers and names: shown escaped, like every device string
        click.echo(escape.lines(f"Error: {exc}"), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception:
        if debug:
            raise
        kind, exc, _ = sys.exc_info()
        click.echo(f"Internal error: {kind.__name__}: {exc}\nThis is a bug in usconf; rerun with --debug "
                   "for the traceback and report it.", err=True)
        sys.exit(70)
    # Commands report their exit status with ctx.exit(N); click hands it back here.
    sys.exit(code if isinstance(code, int) else 0)
