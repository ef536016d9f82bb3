"""device.*: name, app, ssdp, signal loss, buttons, firmware check, time."""

from usconf import rules
from usconf.copies import shallow_copy
from usconf.model import fields as F
from usconf.model.descriptor import group, scalar
from usconf.model.fields import secret

TOP = [
    F.text("name", "name"),
    F.boolean("ssdp", "is-ssdp"),
    F.boolean("stop_on_signal_loss", "is-signal-lost"),
    F.boolean("firmware_auto_check", "is-check-update"),
]
ALLOW_SETTINGS = F.boolean("allow_settings", "is-settings")
PAIRING = F.Field("pairing_password", "passwd", sensitive=True)
BUTTONS = [
    F.boolean("live_key_reset", "enable-key-reset"),
    F.boolean("rec_key_reboot", "enable-key-reboot"),
]
TIME = [
    F.text("timezone", "timezone"),
    F.boolean("auto", "is-auto"),
]
# The manual clock: sent with auto: false only, never compared (the clock moves on).
CLOCK = F.Field("time", "time")

NAME, SSDP, SIGNAL_LOSS, AUTO_CHECK = (
    scalar("device.name", TOP[0], "set-name"),
    scalar("device.ssdp", TOP[1], "set-ssdp"),
    scalar("device.stop_on_signal_loss", TOP[2], "set-signal-lost-ctrl"),
    scalar("device.firmware_auto_check", TOP[3], "set-enable-check-update"),
)
APP_SETTINGS = scalar("device.app.allow_settings", ALLOW_SETTINGS, "set-app-settings")
# set-app-passwd takes the old and new MD5 and an on/off flag: the planner builds it (pairing_calls).
PAIRING_PASSWORD = scalar("device.app.pairing_password", PAIRING, "set-app-passwd", generic=False)
KEY_RESET, KEY_REBOOT = (scalar("device.buttons.live_key_reset", BUTTONS[0], "set-enable-key-reset"),
                         scalar("device.buttons.rec_key_reboot", BUTTONS[1], "set-enable-key-reboot"))
CLOCK_GROUP = group("device.time", "date-time", "set-date-time", TIME + [CLOCK],
                    params=("timezone", "is-auto", "time"),
                    check=lambda clock, info: rules.check_date_time(clock.get("timezone"), clock.get("is-auto"),
                                                                    clock.get("time", clock.get("_time", ""))))

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
    if app.get("current_pairing_password") is not None:
        # Never compared: the device asks for it to change or remove its pairing password.
        out["current_pairing_password"] = secret(app["current_pairing_password"])
    if "update_password" in app:
        out["update_password"] = app["update_password"]
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = F.from_device(TOP, s)
    app = {}
    if ALLOW_SETTINGS.device in s:
        app["allow_settings"] = bool(s[ALLOW_SETTINGS.device])
    if PAIRING.device in s:
        app["pairing_password_set"] = bool(s[PAIRING.device])
    if app:
        out["app"] = app
    out["buttons"] = F.from_device(BUTTONS, s)
    if isinstance(s.get(CLOCK_GROUP.device), dict):
        out["time"] = F.from_device(TIME, s[CLOCK_GROUP.device])
    return _ordered({k: v for k, v in out.items() if v != {}})


def to_device(desired, snapshot, state):
    s = state.settings
    F.to_device(TOP, desired, s)
    app = desired.get("app", {})
    if "allow_settings" in app:
        s[ALLOW_SETTINGS.device] = 1 if app["allow_settings"] else 0
    if "pairing_password" in app:
        s[PAIRING.device] = 0 if app["pairing_password"] is None else 1
        if app["pairing_password"] is not None:
            s["_pairing_password"] = app["pairing_password"]
            s["_update_password"] = app.get("update_password", "on_create")
        if app.get("current_pairing_password") is not None:
            s["_current_pairing_password"] = app["current_pairing_password"]
    F.to_device(BUTTONS, desired.get("buttons", {}), s)
    if "time" in desired:
        group = s.setdefault(CLOCK_GROUP.device, {})
        F.to_device(TIME, desired["time"], group)
        if not desired["time"].get("auto", group.get("is-auto")):
            # A manual clock needs a time with every set-date-time; without one in the file, the
            # device's own clock as last read (get-status cur-time) keeps it where it is.
            given = desired["time"].get("time")
            group["_time"] = given if given is not None else str(snapshot.status.get("cur-time", ""))


def read_only(snapshot):
    """(device key, what it means, value) of the read-only fields the device reports."""
    s = snapshot.settings
    return [(key, meaning, s[key]) for key, meaning in READ_ONLY.items() if key in s]


_ORDER = ("name", "app", "ssdp", "stop_on_signal_loss", "buttons", "firmware_auto_check", "firmware", "time")


def _ordered(section):
    return {key: shallow_copy(section[key]) for key in _ORDER if key in section}
