"""The device report (get-report / export-report), with every secret masked before it is written.

The report is the device's own HTML page holding get-info, get-status and
get-settings: stream keys, server passwords, tokens and the access point's
password included. Two nets catch them: the device's own secret values (read
from get-settings and cloud-status, masked wherever they appear, also inside
URLs), and key names that hold secrets (masked whatever their value).
"""
import html
import json
import os
import re

from usconf.client import methods
from usconf.errors import UsconfError
from usconf.ops.common import Refused, call
from usconf.secrets import MASK, Secret

MAX_REPORT = 16 * 1024 * 1024
# A value this short is masked only where a secret key name holds it: masking "1"
# everywhere would wreck the report and tell a reader which characters it was.
MIN_VALUE = 4
SECRET_KEYS = sorted(methods.SENSITIVE_PARAMS | {"password", "secret", "stream-key", "cloud-code",
                                                 "invitation-code", "event-data", "user-passwd"},
                     key=len, reverse=True)
_Q = r'(?:"|&quot;|&#34;|\\")'
_KEY_VALUE = re.compile(_Q + "(" + "|".join(re.escape(k) for k in SECRET_KEYS) + ")" + _Q +
                        r"(\s*:\s*)" + _Q + r"(.*?)" + _Q, re.IGNORECASE)
_SECRET_FIELDS = ("key", "passwd", "token", "access-token", "refresh-token", "softap-passwd", "cloud-code",
                  "event-data")


def secret_values(settings, cloud=None):
    """Every secret string the device holds, from its get-settings (and cloud-status) bodies."""
    found = set()

    def walk(value, name=None):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, key)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, name)
        elif isinstance(value, Secret):
            found.add(value.reveal())
        elif name in _SECRET_FIELDS and isinstance(value, str) and value:
            found.add(value)
    walk(settings)
    walk(cloud)
    return found


def mask(text, values):
    """`text` with each secret value (raw, HTML- and JSON-escaped) and each secret-named value masked.

    Returns (masked text, how many places were masked).
    """
    count = 0
    for value in sorted(values, key=len, reverse=True):
        if len(value) < MIN_VALUE:
            continue
        for form in {value, html.escape(value), html.escape(value, quote=False), json.dumps(value)[1:-1],
                     html.escape(json.dumps(value)[1:-1])}:
            if form in text:
                count += text.count(form)
                text = text.replace(form, MASK)

    def hide(match):
        nonlocal count
        if match.group(3) in ("", MASK):
            return match.group(0)
        count += 1
        whole = match.group(0)
        return whole[: match.start(3) - match.start(0)] + MASK + whole[match.end(3) - match.start(0):]
    return _KEY_VALUE.sub(hide, text), count


def fetch(client, export=False):
    """The report page as text (unmasked: keep it inside the library)."""
    method = "export-report" if export else "get-report"
    params = {"file-name": "report.html"} if export else {}
    body = call(client, method, params)
    data = body.get("data")
    if data is None:
        raise Refused(method, "the device sent no report")
    if len(data) > MAX_REPORT:
        raise Refused(method, f"the report is larger than {MAX_REPORT // (1024 * 1024)} MB")
    return data.decode("utf-8", "replace")


def _cloud(client):
    try:
        return client.cloud_status()
    except UsconfError:
        return None         # no cloud API: its codes cannot be in the report either


def save(client, output, export=False):
    """Write the masked report to `output` (the user's path, never one the device names)."""
    values = secret_values(client.get_settings(), _cloud(client))
    text, masked = mask(fetch(client, export), values)
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise UsconfError(f"cannot write {output}: {exc.strerror}") from None
    return {"action": "report", "path": str(output), "bytes": len(text.encode("utf-8")), "masked": masked}
