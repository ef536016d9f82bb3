"""What each device method is, as far as retrying and masking are concerned.

A call may be repeated blindly only if doing it twice leaves the device as doing
it once. Reads always qualify; `set-*` calls carry their full value and qualify;
anything that creates, deletes, starts or consumes a one-time value does not,
and a lost answer to one of those raises UncertainWrite so the caller re-reads
before acting again. A method this table does not know is treated as unsafe.
"""
from usconf.secrets import Secret

# Methods that never need a session.
NO_AUTH = frozenset({"login", "ping"})

# Methods answered with a JSON POST body instead of query parameters.
JSON_POST = frozenset({"del-media-files", "send-file-add", "send-file-del"})

# Methods that take a file as a multipart POST.
UPLOADS = frozenset({"add-nosignal-file", "import-edid", "upload-update-file"})

# Methods served on the cloud port (`/cloud-api`), answered with the cloud code table.
CLOUD = frozenset({"cloud-reg-ex", "cloud-unreg-ex", "cloud-status"})

_IDEMPOTENT_WRITES = frozenset({
    "enable-server", "send-file-enable-server", "send-file-set-server", "send-file-set-is-auto",
    "use-nosignal-file", "import-edid", "stop-rec", "stop-live", "stop-test-usb",
    "stop-test-server", "send-file-stop-test-server", "send-file-stop", "disconn-wifi",
    "open-softap", "close-softap", "cancel-download", "export-report", "export-edid",
    "export-loop-through-edid", "login", "logout",
})

# set-* calls that consume a value which is no longer valid after the first success
# (the old password): repeating one would be refused or, worse, do something else.
_NON_IDEMPOTENT_SETS = frozenset({"set-app-passwd", "set-first-over"})

# Parameter names whose values are secrets, wherever they appear.
SENSITIVE_PARAMS = frozenset({
    "pass", "passwd", "new-pass", "key", "token", "access-token", "refresh-token",
    "softap-passwd", "cloud-code",
})


def is_read(method):
    return method.startswith("get-") or method in ("ping", "cloud-status", "send-file-get-status")


def is_idempotent(method):
    """May this call be sent again when its answer was lost?"""
    if is_read(method) or method in _IDEMPOTENT_WRITES:
        return True
    if method in _NON_IDEMPOTENT_SETS:
        return False
    return method.startswith("set-") or method.startswith("clear-")


def encode(value):
    """A parameter value as the device reads it: bools as 0/1, Secrets revealed."""
    if isinstance(value, Secret):
        return value.reveal()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def masked(params):
    """Parameters as they may be logged: every Secret and secret-named value masked."""
    out = {}
    for name, value in params.items():
        if isinstance(value, Secret) or (name in SENSITIVE_PARAMS and value not in ("", None)):
            out[name] = str(Secret(""))
        else:
            out[name] = value
    return out


def mask_answer(body):
    """A device answer with secret-named fields masked, for printing (stream keys, passwords)."""
    if isinstance(body, dict):
        return {k: (str(Secret("")) if k in SENSITIVE_PARAMS and v not in ("", None)
                    else mask_answer(v)) for k, v in body.items()}
    if isinstance(body, list):
        return [mask_answer(v) for v in body]
    return body
