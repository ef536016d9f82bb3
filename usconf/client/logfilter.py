"""Keep secrets out of the client's debug log.

The device API takes stream keys and password hashes as parameters, and the client
logs each call at DEBUG. Its lines mask Secrets and secret-named parameters
already; a filter on its logger also masks, in the finished line, every value
remembered as secret (an env value inside a device name, say) and any secret-named
query parameter, before any handler sees it. So turning on debug logging is safe.
"""
import logging
import re

from usconf.client.methods import SENSITIVE_PARAMS
from usconf.secrets import MASK, scrub

_SECRET_VALUE = re.compile(
    r"((?:^|[?&])(?:%s)=)[^&\s\"]*" % "|".join(re.escape(n) for n in sorted(SENSITIVE_PARAMS)))


def mask_query(text):
    """Sensitive parameters masked by name, and every remembered secret by value (usconf.secrets)."""
    return scrub(_SECRET_VALUE.sub(lambda m: m.group(1) + MASK, text))


class MaskQuery(logging.Filter):
    """Masks the whole line once it is formatted: its arguments may be dicts or exceptions."""

    def filter(self, record):
        try:
            line = record.getMessage()
        except (TypeError, ValueError):     # a malformed call; logging reports it when the line is emitted
            return True
        record.msg, record.args = mask_query(line), ()
        return True


def install(name="usconf.client"):
    """The logger `name`, with the filter on it."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, MaskQuery) for f in logger.filters):
        logger.addFilter(MaskQuery())
    return logger
