"""What a request must carry, read from the reference's example requests (usconf.spec.requests).

The strictest reading of the reference, used by the emulator's strict profile and
by the planner (so a plan is proven against it):
- every parameter an example request shows is required, except that where an
  example ends in `...` the parameters the reference files under one server
  type's settings ("RTMP streaming settings": url, key) are required only of
  that type (YouTube, Twitch and Facebook take a key and no address);
  where a method has several examples, what all of them show is required;
- a parameter sent empty is refused, except where the reference allows it
  (the manual time with automatic time, the addresses of a DHCP interface) or where
  the value is a device field that may be empty (kept by a set-* call);
- a name the reference gives a character set for must match it, empty refused;
- an enum parameter must be one of the values the reference lists.
"""
import re

from usconf.spec.requests import EXAMPLES

# Parameters the reference files under one server type's settings; where an example ends in
# `...`, they are required only when the request's `type` is one of these.
TYPE_SPECIFIC = {
    "add-server": {"url": (0,), "key": (0, 1, 2, 3)},
    "set-server": {"url": (0,), "key": (0, 1, 2, 3)},
    "start-test-server": {"url": (0,), "key": (0, 1, 2, 3)},
}

# Parameters that may be sent empty: the reference shows them empty or says when they are.
EMPTY_ALLOWED = {
    "set-date-time": {"time"},                      # "Leave the time="", when is-auto=1"
    "set-first-over": {"time"},
    "set-net": {"ip", "mask", "router", "dns"},     # a DHCP interface has none of its own
    # A set-* call carries an item's unchanged fields as the device reports them; those the
    # reference shows empty in its samples (no authentication, no token) may stay empty.
    "set-server": {"user", "passwd", "token", "event-data"},
    "send-file-set-server": {"user-name", "passwd", "dir-name", "photo-path", "access-token",
                             "refresh-token", "parents", "privacy"},
    "send-file-add-server": {"dir-name"},           # the FTP server's top folder
    "set-softap": {"softap-ssid"},
}

# "A to Z, a to z, 0 to 9, spaces ._-+'[]() and cannot start or end with space", 1 to 32 chars.
NAME = re.compile(r"^[A-Za-z0-9._\-+'\[\]()](?:[A-Za-z0-9 ._\-+'\[\]()]{0,30}[A-Za-z0-9._\-+'\[\]()])?$")
# root-folder also takes '/' between levels (two at most), never at either end.
FOLDER = re.compile(r"^[A-Za-z0-9._\-+'\[\]()](?:[A-Za-z0-9 ._\-+'\[\]()/]*[A-Za-z0-9._\-+'\[\]()])?$")

CHARSETS = {
    ("set-name", "name"): NAME, ("set-first-over", "name"): NAME,
    ("set-rec-control", "root-folder"): FOLDER, ("set-rec-control", "file-prefix"): NAME,
    ("set-softap", "softap-passwd"): NAME,
    ("add-server", "name"): NAME, ("set-server", "name"): NAME,
    ("add-server", "main-stream-name"): NAME, ("set-server", "main-stream-name"): NAME,
    ("add-server", "sub-stream-name"): NAME, ("set-server", "sub-stream-name"): NAME,
}

_FLAG = (0, 1)
# Enum parameters and the values the reference lists for them.
ENUMS = {
    "stream": (0, 1), "usb-option": (0, 1), "sd-option": (0, 1, 2), "mime-type": (0, 1),
    "file-name-mode": (0, 1), "net-mode": (0, 1, 2), "codec": (0, 1), "fourcc": (0,),
    "is-auto": _FLAG, "is-dhcp": _FLAG, "is-pass": _FLAG, "enable-passwd": _FLAG, "is-use": _FLAG,
    "is-auth": _FLAG, "is-main": _FLAG, "is-sub": _FLAG, "is-audio": _FLAG, "rec": _FLAG, "live": _FLAG,
    "mws": _FLAG, "is-mic": _FLAG, "is-spi": _FLAG, "is-phone": _FLAG, "is-softap": _FLAG,
    "is-visible": _FLAG, "is-color-fmt": _FLAG, "is-quant-range": _FLAG, "is-sat-range": _FLAG,
}
ENUMS_BY_METHOD = {
    ("add-server", "type"): (0, 1, 2, 3, 100), ("set-server", "type"): (0, 1, 2, 3, 100),
    ("set-net", "type"): (0, 1),
    ("send-file-add-server", "type"): (0, 1, 2, 3), ("send-file-set-server", "type"): (0, 1, 2, 3),
}


def shown(method):
    """The parameters the method's example request(s) show (union), in the reference's order."""
    out = []
    for example in EXAMPLES.get(method, ()):
        out += [p for p in example["params"] if p not in out]
    return tuple(out)


def required(method, params=None):
    """The parameters a request of `method` must carry (given its other `params`, for type-specific ones)."""
    examples = EXAMPLES.get(method)
    if not examples:
        return ()
    common = [p for p in examples[0]["params"] if all(p in e["params"] for e in examples)]
    specific = TYPE_SPECIFIC.get(method, {})
    kind = _int((params or {}).get("type"))
    return tuple(p for p in common if p not in specific or kind in specific[p])


def _int(text):
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


def problems(method, params):
    """Why the strictest device refuses these parameters (empty when it accepts them)."""
    out = []
    for name in required(method, params):
        if name not in params:
            out.append(f"{name} is missing (the reference's example request has it)")
    for name, value in params.items():
        text = str(value)
        if text == "" and name not in EMPTY_ALLOWED.get(method, ()):
            out.append(f"{name} is empty")
            continue
        pattern = CHARSETS.get((method, name))
        if pattern is not None and not pattern.match(text):
            out.append(f"{name} {text!r} is outside the reference's character set")
        allowed = ENUMS_BY_METHOD.get((method, name), ENUMS.get(name))
        if allowed is not None and text != "" and _int(text) not in allowed:
            out.append(f"{name} {text!r} is not one of {', '.join(map(str, allowed))}")
    return out
