"""A fleet inventory skeleton from what discovery found: one device entry per box, with its URL.

The file follows the inventory format (`usconf: 1`, `devices: {NAME: {url: ...}}`);
the user adds groups, files and credentials. Names come from the device (its name or
serial number), so they are reduced to lowercase letters, digits and dashes before
they become YAML keys, and the URL is always one usconf built from an IP address.
"""
import os
import re

import yaml

from usconf.errors import UsconfError

FORMAT = 1
HEADER = ("# Fleet inventory written by `usconf discover`.\n"
          "# Add `file:` (desired state), groups and credentials; see the inventory format.\n")
NAME_SOURCES = ("name", "serial")
MAX_NAME = 48


def slug(text):
    """'Studio A (left)' -> 'studio-a-left'; '' when nothing usable is left."""
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out[:MAX_NAME].strip("-")


def entry_name(device, source="name"):
    """The inventory name of one device: from its name, or its serial number."""
    base = slug(device.name) if source == "name" else ""
    base = base or slug(device.serial) or "device"
    if not base[0].isalpha():
        base = "us-" + base
    return base


def skeleton(devices, source="name"):
    """The inventory as a dict, devices in the order given; names made unique with the serial."""
    if source not in NAME_SOURCES:
        raise UsconfError(f"unknown name source {source!r}: expected one of {', '.join(NAME_SOURCES)}")
    entries = {}
    for device in devices:
        name = entry_name(device, source)
        if name in entries:
            name = f"{name}-{slug(device.serial) or len(entries)}"
        while name in entries:
            name = f"{name}-{len(entries)}"
        entry = {"url": device.url}
        if device.serial:
            entry["vars"] = {"serial": device.serial}
        entries[name] = entry
    return {"usconf": FORMAT, "devices": entries}


def dumps(devices, source="name"):
    body = yaml.safe_dump(skeleton(devices, source), sort_keys=False, default_flow_style=False,
                          allow_unicode=False)
    return HEADER + body


def write(path, devices, source="name", overwrite=False):
    """Write the skeleton to `path` (a path the user chose); refuses to replace a file unless told to."""
    text = dumps(devices, source)
    mode = "w" if overwrite else "x"
    try:
        with open(path, mode, encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise UsconfError(f"{path} exists: choose another file or pass --force to replace it") from None
    except OSError as exc:
        raise UsconfError(f"cannot write {path}: {exc.strerror or exc}") from None
    return os.path.abspath(path)
