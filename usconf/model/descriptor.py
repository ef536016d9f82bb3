"""What a section descriptor says about one device setting.

A `Setting` is one thing the language manages that the device stores in
get-settings: a scalar (`device.name` <-> `name`, written by set-name) or a
group written by one call carrying the whole group (`video.main` <->
`main-stream`, written by set-video stream=0). Each section module of the model
declares its settings next to its Field tables, so the language path, the
device key, units and normalisers (the Field table), the call, and the labels
of a setting sit in one place; usconf/model/sections.py collects them, and the
planner, the validator, export and the tests read them from there.
"""


class Setting:
    """One setting; built by scalar() and group() below, never changed after."""

    # Not a dataclass: that module (and inspect, which it loads) is a large part of start-up.
    __slots__ = ("path", "device", "method", "fields", "fixed", "params", "param", "labels", "scalar",
                 "generic", "check", "finish")

    def __init__(self, path, device, method, fields=(), fixed=None, params=None, param=None, labels=None,
                 scalar=False, generic=True, check=None, finish=None):
        self.path = path                # where it sits in the language: "video.main", "device.name"
        self.device = device            # its get-settings key
        self.method = method            # the call that writes it
        self.fields = fields            # Field table: language key <-> device key(s), normalisers both ways
        self.fixed = {} if fixed is None else fixed     # params every such call carries: {"stream": "0"}
        self.params = params            # a group's call carries only these device keys (None: all of them)
        self.param = param              # a scalar's call parameter (set-video's fields are named as read)
        self.labels = {} if labels is None else labels  # device key -> language key a Field table cannot tell
        self.scalar = scalar            # one value at `device`, not a group of fields
        self.generic = generic          # the planner's generic scalar/group call writes it (else a rule of its own)
        self.check = check              # the rulebook's check of the group: (group, get-info) -> [Violation]
        # (params, the group as it will be) -> params: what the call's example carries that get-settings
        # does not show (set-rec-control's file-name-mode, the sub stream's is-auto and codec)
        self.finish = finish

    def field_path(self, device_key):
        """The language path of one of the group's device fields: ("video", "main", "bitrate")."""
        name = self.field_name(device_key)
        base = tuple(self.path.split("."))
        return base if name is None else base + tuple(name.split("."))

    def field_name(self, device_key):
        """`kbps` -> `bitrate`: a device field of the group as the language names it (None if unknown).

        A rule that judges several fields together names them joined ("cx,cy"): the first decides.
        """
        device_key = device_key.split(",")[0]
        if device_key in self.labels:
            return self.labels[device_key]
        for f in self.fields:
            if device_key in f.device_keys:
                return f.key
        return None

    @property
    def sensitive(self):
        """Language keys of the setting whose values are secrets."""
        return tuple(f.key for f in self.fields if f.sensitive)


def scalar(path, f, method, param=None, generic=True):
    """A setting with one value, written by a call with one parameter."""
    return Setting(path, f.device, method, fields=(f,), param=param or f.device, scalar=True, generic=generic)


def group(path, device, method, fields, fixed=None, params=None, labels=None, generic=True, check=None,
          finish=None):
    """A device group written whole by one call."""
    return Setting(path, device, method, fields=tuple(fields), fixed=dict(fixed or {}), params=params,
                   labels=dict(labels or {}), generic=generic, check=check, finish=finish)
