"""The client's debug log, without loading `logging` into a run that never set it up.

The client logs only at DEBUG. While no code has imported `logging`, no handler can
exist to receive a line, so debug() returns at once. Once it has been imported, the
first line installs the filter that masks secrets (usconf.client.logfilter) on the
"usconf.client" logger before that line is logged, and every later line goes through it.
"""
import sys

_logger = None


def debug(msg, *args):
    global _logger
    if "logging" not in sys.modules:
        return
    if _logger is None:
        from usconf.client import logfilter
        _logger = logfilter.install()
    _logger.debug(msg, *args)
