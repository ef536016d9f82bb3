"""Command line: argument parsing and exit codes only; the work is done by the library.

Each group of commands lives in its own module and registers itself on `cli`.
Expected failures (UsconfError) become one line on stderr and exit 1; anything
else is a bug, reported with a hint to rerun with --debug for the traceback.

Start-up is kept short by importing a command's module only when that command
runs: `usconf --help` reads the command names and their one-line help from
COMMANDS, and `usconf validate` never loads the HTTP client, the planner or the
emulator. `--help`, `--version`, a plain `usconf validate FILE...` and a one-device
`usconf plan FILE` do not even load click (usconf.cli.quick); the click group itself
is in usconf.cli.group.

Adding commands: put the module's name in COMMAND_MODULES (it registers its
commands with `@cli.command()` as before). Listing its commands in COMMANDS,
each with the line `usconf --help` shows for it, keeps them lazy; a module
left out of COMMANDS still works, but is imported whenever the command list
is needed (every `usconf` run), so it costs start-up time.
"""
import os
import sys

from usconf.lazy import exports
from usconf.secrets import scrub

# Modules that add commands to `cli`; a missing one is skipped so a partial
# install still runs the commands it has.
COMMAND_MODULES = ("emulator", "device", "language", "export", "planning", "fleet", "discover", "ble", "ops",
                   "firmware")

# command name -> (module in COMMAND_MODULES that defines it, the line `usconf --help` shows for it:
# at most 64 characters, so it is never shortened on an 80-column terminal).
# tests/cli/test_lazy_commands.py checks this table against the commands themselves.
COMMANDS = {
    "apply": ("planning", "Apply FILE or a saved PLAN to the device, then verify it."),
    "ble": ("ble", "Bluetooth first contact: find boxes, give them Wi-Fi or AP mode."),
    "call": ("device", "Call any device METHOD and print its answer, secrets masked."),
    "discover": ("discover", "Find Ultra Streams on the network and print one row per device."),
    "drift": ("fleet", "Compare an inventory's devices with their desired states."),
    "edid": ("firmware", "EDID of the HDMI input and of the loop-through monitor."),
    "emulator": ("emulator", "Serve COUNT emulated Ultra Stream encoders."),
    "export": ("export", "Write the device's current state in the desired-state language."),
    "firmware": ("firmware", "Firmware: status, online check, upload, update."),
    "info": ("device", "Show model, serial, firmware, addresses and capability ranges."),
    "live": ("ops", "Start, stop or clear live streaming to the enabled servers."),
    "media": ("ops", "Recorded files and the upload queue."),
    "plan": ("planning", "Show what `usconf apply FILE` would change, and in which order."),
    "reboot": ("ops", "Restart the device (stops recording and streaming)."),
    "rec": ("ops", "Start, stop or clear recording."),
    "report": ("firmware", "Save the device report with every secret masked."),
    "reset": ("ops", "Restore factory settings and restart (needs --yes)."),
    "signal": ("ops", "The input signal: resolution, frame rate, audio."),
    "status": ("device", "Summarise recording, live, input, storage, network, firmware."),
    "storage": ("ops", "The USB drive and SD card: status, format, speed test."),
    "test": ("ops", "Test a live or upload server from the device."),
    "validate": ("language", "Check desired-state FILEs: schema, values and device rules."),
    "wifi": ("ops", "Wi-Fi connection."),
}


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


# The click group and its runner load on first use: `usconf --help` and `--version` are answered
# by usconf.cli.quick without click when they can be (click is half of their start-up time).
__getattr__, __dir__ = exports(__name__, {"cli": "group", "LazyGroup": "group", "_register": "group"}, globals())


def main(argv=None):
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Scrubbed(out), _Scrubbed(err)
    try:
        from usconf.cli import quick
        args = sys.argv[1:] if argv is None else list(argv)
        text = quick.answer(args)
        plan = None if text is not None else quick.plain_plan(args)
        if text is not None:
            sys.stdout.write(text)
        elif plan is not None:
            from usconf.cli.failures import guarded
            guarded(plan, debug=False)
        else:
            # entry() turned cycle collection off for the two above, which end soon; validate
            # may read a whole repository's files, and click's commands may run for hours
            import gc
            gc.enable()
            files = quick.plain_validate(args)
            if files is not None:
                from usconf.cli.checking import check_files
                from usconf.cli.failures import guarded
                guarded(lambda: check_files(files), debug=False)
            else:
                from usconf.cli import group
                group.run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def entry():
    """The `usconf` program: main(), then an exit that does not take the interpreter apart.

    Freeing the ~500 modules a command loaded takes 20-30 ms at every exit, for nothing a user
    can see: once the atexit functions ran and the output is flushed, os._exit() leaves the rest
    to the operating system. A thread still running (no command leaves one) gets the normal
    exit, which waits for it. Tests and other callers of main() keep the normal exit too.
    """
    # `--help`, `--version` and a one-device plan create few reference cycles, and all their memory
    # goes back at exit: collecting them as they go costs ~5 % of `usconf plan`. main() turns
    # collection back on for every other command (validate of a whole repository, the emulator, a fleet).
    import gc
    gc.disable()
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    threading = sys.modules.get("threading")
    if threading is not None and any(not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")       # what sys.exit(text) prints
        code = 1
    import atexit
    atexit._run_exitfuncs()     # noqa: SLF001 -- what the interpreter's own exit runs
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 120  # the status Python exits with when it cannot flush stdout
    os._exit(code)
