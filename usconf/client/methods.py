"""What each device method is, as far as retrying and masking are concerned.

A call may be repeated blindly only if doing it twice leaves the device as doing
it once. Reads always qualify; `set-*` calls carry their full value and qualify;
anything that creates, deletes, starts or consumes a one-time value does not,
and a lost answer to one of those raises UncertainWrite so the caller re-reads
before acting again. A method this table does not know is treated as unsafe.
"""

from usconf.digests import md5_hex
from usconf.secrets import MASK, Secret

# Every method the API reference documents. A device answering errParam to a
# method outside this list is taken to lack it (UnsupportedMethod), since the
# firmware answers an unknown method the way it answers a bad parameter.
KNOWN = frozenset({
    "add-nosignal-file", "add-server", "add-user", "cancel-download", "ch-password",
    "clear-check-update", "clear-format-sd", "clear-format-usb", "clear-live", "clear-rec",
    "clear-test-send-file", "clear-test-server", "clear-test-usb", "clear-upgrade", "close-softap",
    "cloud-reg-ex", "cloud-status", "cloud-unreg-ex", "del-media-files", "del-nosignal-file",
    "del-server", "del-user", "disconn-wifi", "enable-server", "export-edid",
    "export-loop-through-edid", "export-report", "get-edid-config", "get-info",
    "get-loop-through-edid", "get-media-files", "get-report", "get-settings", "get-signal-info",
    "get-status", "get-users", "import-edid", "login", "logout", "online-update-check",
    "open-softap", "ping", "reboot", "reset-all-settings", "send-file-add", "send-file-add-server",
    "send-file-clear", "send-file-del", "send-file-del-server", "send-file-enable-server",
    "send-file-get-status", "send-file-set-is-auto", "send-file-set-server", "send-file-start",
    "send-file-start-test-server", "send-file-stop", "send-file-stop-test-server",
    "set-app-passwd", "set-app-settings", "set-audio", "set-auto-live", "set-auto-rec",
    "set-date-time", "set-default-edid", "set-edid-config", "set-enable-check-update",
    "set-enable-key-reboot", "set-enable-key-reset", "set-first-over", "set-low-latency-live",
    "set-name", "set-net", "set-nosignal-file", "set-password", "set-rec-control", "set-server",
    "set-signal-lost-ctrl", "set-softap", "set-ssdp", "set-stream", "set-sync-offset", "set-video",
    "set-video-color", "set-video-input-format", "set-video-output-format", "set-volume",
    "start-format-sd", "start-format-usb", "start-live", "start-rec", "start-test-server",
    "start-test-usb", "stop-live", "stop-rec", "stop-test-server", "stop-test-usb", "update",
    "upload-update-file", "use-nosignal-file",
})

# Methods that never need a session.
NO_AUTH = frozenset({"login", "ping"})

# Methods answered with a JSON POST body instead of query parameters.
JSON_POST = frozenset({"del-media-files", "send-file-add", "send-file-del"})

# Methods that take a file as a multipart POST.
UPLOADS = frozenset({"add-nosignal-file", "import-edid", "upload-update-file"})

# Methods answered with a file instead of JSON (JSON only when refused): binary files, and the
# device report, an HTML page by design (get-report's "body" in the reference is HTML).
FILE_ANSWERS = frozenset({"export-edid", "export-loop-through-edid"})
HTML_ANSWERS = frozenset({"get-report", "export-report"})

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


def md5_secret(password):
    """The device's password form (lowercase hex MD5) of a plain password, still a Secret."""
    plain = password.reveal() if isinstance(password, Secret) else str(password)
    return Secret(md5_hex(plain))


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
            out[name] = MASK
        else:
            out[name] = value
    return out


def mask_answer(body):
    """A device answer with secret-named fields masked, for printing (stream keys, passwords)."""
    if isinstance(body, dict):
        # Only non-empty strings: get-settings' top-level "passwd" is a 0/1 flag, not a password.
        return {k: (MASK if k in SENSITIVE_PARAMS and isinstance(v, str) and v
                    else mask_answer(v)) for k, v in body.items()}
    if isinstance(body, list):
        return [mask_answer(v) for v in body]
    return body
