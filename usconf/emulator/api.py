"""The method table and the request helpers every handler module shares.

Handlers are plain functions `fn(backend, call) -> dict | None` registered by name;
a handler refuses by raising Refused(code), which `Backend.handle` turns into
`{"result": code}` before anything was changed.
"""
import re

from usconf.spec import codes

METHODS = {}        # name -> handler
READS = set()       # methods that never change state (no persistence, no write lag)

_MISSING = object()
_INT = re.compile(r"^[+-]?\d+$")
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class Refused(Exception):
    """The device answers with `code` and changes nothing."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def api(*names, read=False):
    def register(fn):
        for name in names:
            METHODS[name] = fn
            if read:
                READS.add(name)
        return fn
    return register


def trial_methods(job, stop, clear):
    """Register `stop` and `clear` of a background trial (a stream or upload test named `job`):
    stop cancels it if it runs; clear resets its result and is refused while it runs."""
    @api(stop)
    def _stop(backend, call):
        if backend.jobs.pop(job, None) is not None:
            backend.results[job] = codes.CANCEL

    @api(clear)
    def _clear(backend, call):
        if job in backend.jobs:
            raise Refused(codes.BUSY)
        backend.results[job] = codes.INIT


def refuse_if(violations):
    """Refuse with the first rule violation's code, if any."""
    if violations:
        raise Refused(violations[0].code)


class Call:
    """One request as the handler sees it: parameters are strings, helpers parse them."""

    __slots__ = ("method", "params", "body", "files", "session")

    def __init__(self, method, params, body=None, files=None, session=None):
        self.method = method
        self.params = params
        self.body = body
        self.files = files
        self.session = session

    def has(self, name):
        return name in self.params

    def _given(self, name, default):
        """(text, True) for a parameter the request gives; (default, False) for an absent optional one.

        An absent required one (no default) is refused, as the device does.
        """
        value = self.params.get(name)
        if value is None:
            if default is _MISSING:
                raise Refused(codes.PARAM)
            return default, False
        return value, True

    def str(self, name, default=_MISSING):
        return self._given(name, default)[0]

    def int(self, name, default=_MISSING, allowed=None):
        value, given = self._given(name, default)
        if not given:
            return value
        value = value.strip()
        if not _INT.match(value):
            raise Refused(codes.PARAM)
        number = int(value)
        if allowed is not None and number not in allowed:
            raise Refused(codes.PARAM)
        return number

    def flag(self, name, default=_MISSING):
        return self.int(name, default, allowed=(0, 1))

    def number(self, name, default=_MISSING):
        """An int when the text is integral, else a float (gains such as 55.25 dB)."""
        value, given = self._given(name, default)
        if not given:
            return value
        value = value.strip()
        if _INT.match(value):
            return int(value)
        if not _NUM.match(value):
            raise Refused(codes.PARAM)
        return float(value)

    def md5(self, name, default=_MISSING):
        """An MD5 digest as the device takes it: 32 lowercase hex digits."""
        value = self.str(name, default)
        if value is default and default is not _MISSING:
            return value
        if not re.match(r"^[0-9a-f]{32}$", value):
            raise Refused(codes.PARAM)
        return value

    def file_name(self, default):
        """The `file-name` of an export; refused (errParam) with control characters, which no name needs
        and which would end up in the answer's Content-Disposition header."""
        value = self.str("file-name", "") or default
        if re.search(r"[\x00-\x1f\x7f]", value):
            raise Refused(codes.PARAM)
        return value

    def upload(self):
        """The uploaded file: the first multipart file, else the raw body. (filename, bytes)."""
        if self.files:
            name, data = next(iter(self.files.values()))
            return name or "", data
        if self.body:
            return self.params.get("file-name", ""), self.body
        raise Refused(codes.PARAM)
