"""How the command line ends on an error, with or without click loaded.

Expected failures (UsconfError) become one line on stderr and their exit code;
anything else is a bug, reported with a hint to rerun with --debug for the
traceback. usconf.cli.group wraps click's own exceptions around this; the
click-free `usconf validate FILE...` of usconf.cli.main uses it as it is.
"""
import sys

from usconf.errors import UsconfError


def _say(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def guarded(work, debug):
    """Run work() and exit with its status (an int; None is 0), or with the status of its failure."""
    try:
        code = work()
    except UsconfError as exc:
        if debug:
            raise
        # errors quote device answers and names: shown escaped, like every device string
        from usconf import escape
        _say(escape.lines(f"Error: {exc}"))
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception:
        if debug:
            raise
        kind, exc, _ = sys.exc_info()
        _say(f"Internal error: {kind.__name__}: {exc}\nThis is a bug in usconf; rerun with --debug "
             "for the traceback and report it.")
        sys.exit(70)
    sys.exit(code if isinstance(code, int) else 0)
