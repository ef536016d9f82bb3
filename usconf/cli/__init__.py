"""Command line: argument parsing and exit codes only; the work is done by the library.

Each group of commands lives in its own module and registers itself on `cli`.
Expected failures (UsconfError) become one line on stderr and exit 1; anything
else is a bug, reported with a hint to rerun with --debug for the traceback.

Start-up is kept short by importing a command's module only when that command
runs: `usconf --help` reads the command names and their one-line help from
COMMANDS, and `usconf validate` never loads the HTTP client, the planner or
the emulator.

Adding commands: put the module's name in COMMAND_MODULES (it registers its
commands with `@cli.command()` as before). Listing its commands in COMMANDS,
with the first paragraph of each command's help, keeps them lazy; a module
left out of COMMANDS still works, but is imported whenever the command list
is needed (every `usconf` run), so it costs start-up time.
"""
import importlib
import sys

import click

from usconf import __version__
from usconf.errors import UsconfError
from usconf.secrets import scrub

# Modules that add commands to `cli`; a missing one is skipped so a partial
# install still runs the commands it has.
COMMAND_MODULES = ("emulator", "device", "language", "export", "planning", "fleet", "discover", "ble", "ops",
                   "firmware")

# command name -> (module in COMMAND_MODULES that defines it, first paragraph of its help).
# tests/cli/test_lazy_commands.py checks this table against the commands themselves.
COMMANDS = {
    "apply": ("planning", 'Apply FILE (or a PLAN saved by `usconf plan --out`) to the device, then verify it.'),
    "ble": ("ble", 'Bluetooth first contact: find boxes, read their status, give them Wi-Fi or AP mode.'),
    "call": ("device", 'Call any device METHOD and print its JSON answer (secret values masked).'),
    "discover": ("discover", 'Find Ultra Streams on the network and print one row per device.'),
    "drift": ("fleet", 'Compare every device of an inventory with its desired state; exit 2 when any drifted.'),
    "edid": ("firmware", 'EDID of the HDMI input and of the loop-through monitor.'),
    "emulator": ("emulator", 'Serve COUNT emulated Ultra Stream encoders.'),
    "export": ("export", "Write the device's current state in the desired-state language."),
    "firmware": ("firmware", 'Firmware: status, online check, upload, update.'),
    "info": ("device", "Show model, serial, firmware, MAC addresses and the device's capability ranges."),
    "live": ("ops", 'Start, stop or clear live streaming to the enabled servers.'),
    "media": ("ops", 'Recorded files and the upload queue.'),
    "plan": ("planning", 'Show what `usconf apply FILE` would change on the device, and in which order.'),
    "reboot": ("ops", 'Restart the device (stops recording and streaming).'),
    "rec": ("ops", 'Start, stop or clear recording.'),
    "report": ("firmware", 'Save the device report (info, status, settings) with every secret masked.'),
    "reset": ("ops", 'Restore factory settings and restart (needs --yes).'),
    "signal": ("ops", 'The input signal: resolution, frame rate, audio.'),
    "status": ("device", 'Summarise what the device is doing: recording, live, input, storage, network, firmware.'),
    "storage": ("ops", 'The USB drive and SD card: status, format, speed test.'),
    "test": ("ops", 'Test a live or upload server from the device (the device connects, not this machine).'),
    "validate": ("language", 'Check desired-state FILEs: schema, values and device rules.'),
    "wifi": ("ops", 'Wi-Fi connection.'),
}


def _import_command_module(name):
    """Import usconf.cli.NAME (which registers its commands); False when it is not installed."""
    try:
        importlib.import_module(f"usconf.cli.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"usconf.cli.{name}":
            raise
        return False
    return True


class LazyGroup(click.Group):
    """A click group that imports a command's module the first time the command is looked up."""

    def _load_unlisted(self):
        # Modules COMMANDS says nothing about: their command names are only known by importing them.
        listed = {module for module, _ in COMMANDS.values()}
        for module in COMMAND_MODULES:
            if module not in listed:
                _import_command_module(module)

    def list_commands(self, ctx):
        self._load_unlisted()
        listed = {name for name, (module, _) in COMMANDS.items() if module in COMMAND_MODULES}
        return sorted(set(self.commands) | listed)

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands:
            entry = COMMANDS.get(cmd_name)
            if entry is not None and entry[0] in COMMAND_MODULES:
                _import_command_module(entry[0])
            else:
                self._load_unlisted()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx, formatter):
        """The command list from COMMANDS, without importing a single command module."""
        commands = []
        for name in self.list_commands(ctx):
            cmd = self.commands.get(name)
            if cmd is None:
                # a stand-in carrying the listed help: click shortens it exactly as it would the real one
                cmd = click.Command(name, help=COMMANDS[name][1])
            if not cmd.hidden:
                commands.append((name, cmd))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="usconf")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx, debug):
    """Configuration as code for Magewell Ultra Stream encoders."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register():
    """Import every command module now (tests and tools that walk `cli.commands` want them all)."""
    for name in COMMAND_MODULES:
        _import_command_module(name)


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
        from usconf import escape
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
