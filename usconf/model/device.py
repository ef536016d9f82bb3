"""device.*: name, app, ssdp, signal loss, buttons, firmware check, time."""
import copy

from usconf.model import fields as F
from usconf.model.fields import secret

TOP = [
    F.text("name", "name"),
    F.boolean("ssdp", "is-ssdp"),
    F.boolean("stop_on_signal_loss", "is-signal-lost"),
    F.boolean("firmware_auto_check", "is-check-update"),
]
BUTTONS = [
    F.boolean("live_key_reset", "enable-key-reset"),
    F.boolean("rec_key_reboot", "enable-key-reboot"),
]
TIME = [
    F.text("timezone", "timezone"),
    F.boolean("auto", "is-auto"),
]

# Fields the device reports but offers no call for: shown by `export` as comments.
READ_ONLY = {
    "is-startup-rec": "start recording at power-on",
    "is-startup-live": "start streaming at power-on",
    "is-hdmi-rec-ctrl": "the source may start/stop recording over HDMI",
}


def from_yaml(doc):
    out = F.from_yaml(TOP[:1], doc)
    if "app" in doc:
        out["app"] = _app_from_yaml(doc["app"])
    out.update(F.from_yaml(TOP[1:], doc))
    if "buttons" in doc:
        out["buttons"] = F.from_yaml(BUTTONS, doc["buttons"])
    if "firmware" in doc:
        # Carried through for the planner's firmware step (usconf.plan.firmware); never diffed.
        out["firmware"] = {k: str(v) for k, v in doc["firmware"].items() if k in ("version", "file")}
    if "time" in doc:
        out["time"] = F.from_yaml(TIME, doc["time"])
        if doc["time"].get("time") is not None:
            # Sent with auto: false only; never compared (the clock moves on).
            out["time"]["time"] = str(doc["time"]["time"])
    return _ordered(out)


def _app_from_yaml(app):
    out = {}
    if "allow_settings" in app:
        out["allow_settings"] = bool(app["allow_settings"])
    if "pairing_password" in app:
        value = app["pairing_password"]
        out["pairing_password"] = None if value is None else secret(value)
        # The device only says whether a password is set; this is what both sides compare.
        out["pairing_password_set"] = value is not None
    if "update_password" in app:
        out["update_password"] = app["update_password"]
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = F.from_device(TOP, s)
    app = {}
    if "is-settings" in s:
        app["allow_settings"] = bool(s["is-settings"])
    if "passwd" in s:
        app["pairing_password_set"] = bool(s["passwd"])
    if app:
        out["app"] = app
    out["buttons"] = F.from_device(BUTTONS, s)
    if isinstance(s.get("date-time"), dict):
        out["time"] = F.from_device(TIME, s["date-time"])
    return _ordered({k: v for k, v in out.items() if v != {}})


def to_device(desired, snapshot, state):
    s = state.settings
    F.to_device(TOP, desired, s)
    app = desired.get("app", {})
    if "allow_settings" in app:
        s["is-settings"] = 1 if app["allow_settings"] else 0
    if "pairing_password" in app:
        s["passwd"] = 0 if app["pairing_password"] is None else 1
        if app["pairing_password"] is not None:
            s["_pairing_password"] = app["pairing_password"]
            s["_update_password"] = app.get("update_password", "on_create")
    F.to_device(BUTTONS, desired.get("buttons", {}), s)
    if "time" in desired:
        group = s.setdefault("date-time", {})
        F.to_device(TIME, desired["time"], group)
        if "time" in desired["time"] and not desired["time"].get("auto", group.get("is-auto")):
            group["_time"] = desired["time"]["time"]


def read_only(snapshot):
    """(device key, what it means, value) of the read-only fields the device reports."""
    s = snapshot.settings
    return [(key, meaning, s[key]) for key, meaning in READ_ONLY.items() if key in s]


_ORDER = ("name", "app", "ssdp", "stop_on_signal_loss", "buttons", "firmware_auto_check", "firmware", "time")


def _ordered(section):
    return {key: copy.copy(section[key]) for key in _ORDER if key in section}
