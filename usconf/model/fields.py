"""Field tables: one line per language key says how it maps to a device field and back.

A section module lists its fields once; the three directions (YAML ->
canonical, device -> canonical, canonical -> device) are then the same walk,
so a field cannot be read one way and written another.
"""
from usconf.model import units
from usconf.secrets import Secret


def _same(value):
    return value


def secret(value):
    """Wrap a sensitive value; a Secret stays as it is."""
    return value if isinstance(value, Secret) else Secret(value)


class Field:
    """`key` in the language <-> `device` key of a device group.

    yaml: YAML value -> canonical; read: device value -> canonical;
    write: canonical -> device value. For fields that span several device keys,
    `get(group)` / `put(group, canonical)` replace the plain key access.
    """

    def __init__(self, key, device=None, yaml=_same, read=None, write=None, get=None, put=None,
                 nullable=False, devices=(), sensitive=False):
        self.key = key
        self.nullable = nullable    # `null` is a value of the language here (e.g. "off")
        self.device = device
        # the device keys a get/put field spans (resolution: cx and cy), for labels and messages
        self.device_keys = tuple(devices) or ((device,) if device else ())
        self.sensitive = sensitive
        self.yaml = yaml
        self._read = read or yaml
        self._write = write or _same
        self._get = get
        self._put = put

    def read(self, group):
        if self._get is not None:
            return self._get(group)
        return self._read(group[self.device])

    def write(self, group, value):
        if self._put is not None:
            self._put(group, value)
        else:
            group[self.device] = self._write(value)


def boolean(key, device):
    return Field(key, device, yaml=bool, read=units.flag, write=units.bit)


def inverted(key, device):
    """A bool the device stores the other way round (mute <-> is-mic)."""
    return Field(key, device, yaml=bool, read=lambda v: not units.flag(v), write=lambda v: 0 if v else 1)


def integer(key, device):
    return Field(key, device, yaml=int, read=int)


def text(key, device):
    return Field(key, device, yaml=str, read=str)


def sensitive(key, device):
    return Field(key, device, yaml=secret, read=secret, write=secret, sensitive=True)


def enum(key, device, table):
    return Field(key, device, yaml=table.canonical, read=table.name, write=table.code)


def from_yaml(fields, doc):
    """Canonical values of the keys `doc` sets, in table order."""
    out = {}
    for f in fields:
        if f.key in doc:
            value = doc[f.key]
            out[f.key] = None if value is None and f.nullable else f.yaml(value)
    return out


def from_device(fields, group):
    out = {}
    for f in fields:
        # read() inlined, with its `device in group` test: the planner reads every section after each
        # simulated call
        if f._get is not None:
            value = f._get(group)
        elif f.device in group:
            value = f._read(group[f.device])
        else:
            continue
        if value is not None or f.nullable:
            out[f.key] = value
    return out


def to_device(fields, desired, group):
    """Write what `desired` sets into `group` (the device's group, already copied)."""
    for f in fields:
        if f.key in desired:
            f.write(group, desired[f.key])
    return group

