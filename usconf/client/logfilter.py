"""Keep secrets out of urllib3's debug log.

The device API takes stream keys and password hashes as query parameters, and
urllib3 logs every request line at DEBUG. A filter on its logger masks those
values before any handler sees them, so turning on debug logging is safe.
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
    def filter(self, record):
        if isinstance(record.args, tuple):
            record.args = tuple(mask_query(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = mask_query(record.msg)
        return True


def install(name="urllib3.connectionpool"):
    logger = logging.getLogger(name)
    if not any(isinstance(f, MaskQuery) for f in logger.filters):
        logger.addFilter(MaskQuery())
