"""The canonical model: one shape for the desired state (YAML) and the actual state (device).

See docs/internals.md section 4. A plain nested dict in the shape of the
language with normalised scalars; an absent key is unmanaged. `from_yaml` and
`from_device` produce it, `to_device` turns a desired one back into the
device's own shape merged onto a snapshot.
"""
import re

from usconf.copies import plain_copy
from usconf.errors import MalformedAnswer, ValidationError
from usconf.model import audio, cloud, device, edid, lists, live, network, recording, streams, uploads, users, video
from usconf.model import snapshot as _snapshot
from usconf.model.fields import secret
from usconf.model.snapshot import Snapshot, reread
from usconf.spec import status as status_bits

__all__ = ["from_yaml", "from_device", "to_device", "DeviceState", "Snapshot", "read_snapshot", "reread",
           "SENSITIVE", "WRITE_ONLY", "is_sensitive", "is_write_only", "SECTIONS", "gather"]

# Language order: also the order `export` writes sections in.
SECTIONS = {
    "device": device, "video": video, "streams": streams, "audio": audio, "recording": recording,
    "live": live, "uploads": uploads, "users": users, "network": network, "edid": edid, "cloud": cloud,
}

# Canonical paths of secret values (`[]` stands for any list item).
SENSITIVE = frozenset({
    "connection.password",
    "device.app.pairing_password", "device.app.current_pairing_password",
    "live.servers[].key", "live.servers[].auth.password", "live.servers[].token",
    "uploads.servers[].password", "uploads.servers[].access_token", "uploads.servers[].refresh_token",
    "users[].password",
    "network.access_point.password",
    "cloud[].invitation_code",
})

# Values the device never gives back: absent from the canonical actual, so never
# compared; sent on create, and on update only with update_password: always.
# `update_password` and `device.time.time` are instructions, not state.
WRITE_ONLY = frozenset({
    "connection.password",
    "device.app.pairing_password", "device.app.current_pairing_password", "device.app.update_password",
    "device.time.time",
    "users[].password", "users[].update_password",
    "cloud[].invitation_code",
    "video.no_signal.images[].file",
    "edid.file", "edid.default",
})

_INDEX = re.compile(r'\[(?:"[^"]*"|[^\]]*)\]')    # [2], ["a name, ] included"], [0]


def _pattern(path):
    """'live.servers[2].key', "live.servers['YouTube Main'].key" or ('live', 'servers', 2, 'key')
    -> 'live.servers[].key'. In a tuple, anything that is not a str stands for a list item."""
    if not isinstance(path, str):
        path = "".join(f".{part}" if isinstance(part, str) else "[]" for part in path).lstrip(".")
    return _INDEX.sub("[]", path)


def is_sensitive(path):
    return _pattern(path) in SENSITIVE


def is_write_only(path):
    return _pattern(path) in WRITE_ONLY


class DeviceState:
    """The device-shaped state: what get-settings, get-users, get-edid-config,
    cloud-status and the soft-AP bit should read.

    Keys starting with `_` are hints for the planner, never device fields:
    `_password`/`_update_password` (users), `_pairing_password`/`_update_password`
    (settings), `_time` (settings.date-time), `_file` (edid, no-signal images),
    `_default` (edid), `_code` (cloud). Secret device values (stream keys,
    passwords, tokens) are Secret objects on both the desired and the actual side.
    """

    # Not a dataclass: that module (and inspect, which it loads) is a large part of start-up.
    __slots__ = ("settings", "users", "edid", "cloud", "softap_enabled", "nosignal_uploads")

    def __init__(self, settings, users, edid, cloud, softap_enabled, nosignal_uploads=None):
        self.settings = settings
        self.users = users
        self.edid = edid                  # None: no EDID to manage
        self.cloud = cloud                # None: cloud state unknown
        self.softap_enabled = softap_enabled
        self.nosignal_uploads = [] if nosignal_uploads is None else nosignal_uploads

    def with_settings(self, settings):
        """The same state with other settings."""
        return DeviceState(settings, self.users, self.edid, self.cloud, self.softap_enabled, self.nosignal_uploads)

    @property
    def nosignal(self):
        """The images to upload (same as nosignal_uploads)."""
        return self.nosignal_uploads


def from_yaml(doc):
    """Canonical desired state from a schema-valid document (connection/usconf left out)."""
    out = {}
    problems = []
    for name, module in SECTIONS.items():
        if name not in doc or doc[name] is None:
            continue
        try:
            out[name] = module.from_yaml(doc[name])
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(f"{name}: {exc}")
    if problems:
        raise ValidationError(problems)
    return out


def from_device(snapshot):
    """Canonical actual state: every section the snapshot can tell."""
    out = {}
    for name, module in SECTIONS.items():
        section = module.from_device(snapshot)
        if section is not None:
            out[name] = section
    return out


# Device values that are secrets, wherever they sit in get-settings.
_SECRET_FIELDS = {
    lists.LIVE_SERVERS.device: ("key", "passwd", "token"),
    lists.UPLOAD_SERVERS.device: ("passwd", "access-token", "refresh-token"),
}


def _wrap_secrets(settings):
    for group, keys in _SECRET_FIELDS.items():
        for item in settings.get(group, []) or []:
            for key in keys:
                if key in item:
                    item[key] = secret(item[key])
    softap = settings.get(network.ACCESS_POINT.device)
    if isinstance(softap, dict) and network.AP_PASSWORD.device in softap:
        softap[network.AP_PASSWORD.device] = secret(softap[network.AP_PASSWORD.device])
    return settings


def device_state(snapshot):
    """The DeviceState the snapshot shows (what to_device gives for an empty desired state)."""
    settings = {k: v for k, v in plain_copy(snapshot.settings).items() if k != "result"}
    return DeviceState(
        settings=_wrap_secrets(settings),
        users=[{"id": u.get("id"), "type": u.get("type")} for u in snapshot.users],
        edid=None if snapshot.edid is None else {k: v for k, v in plain_copy(snapshot.edid).items()
                                                 if k != "result"},
        cloud=cloud.registered(snapshot),
        softap_enabled=bool(snapshot.cur_status & status_bits.SOFTAP),
    )


def to_device(desired, snapshot):
    """The device-shaped state `desired` means, merged onto what `snapshot` holds."""
    state = device_state(snapshot)
    for name, module in SECTIONS.items():
        if name in desired:
            module.to_device(desired[name], snapshot, state)
    _wrap_secrets(state.settings)
    return state


def read_snapshot(client):
    """Read everything the model needs (see snapshot.read_snapshot), and make sure the model can read it.

    Device data is untrusted: an answer with a value of the wrong kind deep inside a group
    (a resolution that is text, a missing bitrate) is refused here as one MalformedAnswer,
    not met later as a crash in the middle of a plan.
    """
    snap = _snapshot.read_snapshot(client)
    try:
        from_device(snap)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # Only the field's name (ours) is shown: the value is the device's and may be anything.
        what = f"{exc.args[0]!r} is missing" if isinstance(exc, KeyError) and exc.args and isinstance(
            exc.args[0], str) and len(exc.args[0]) < 40 else "a value is of the wrong kind"
        raise MalformedAnswer(f"{getattr(client, 'base', 'the device')}'s answers are malformed: {what} "
                              "in what get-settings, get-info or get-status gave") from None
    return snap


def gather(client):
    """The canonical actual state of a connected device (every section it can tell)."""
    return from_device(read_snapshot(client))
