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
MAX_KEY = 64   # the inventory format's limit on a device name


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


def _suffixed(name, suffix):
    """name-suffix within MAX_KEY characters, cutting the name rather than the suffix."""
    suffix = suffix[:MAX_KEY // 2]
    return f"{name[:MAX_KEY - len(suffix) - 1].rstrip('-')}-{suffix}"


def skeleton(devices, source="name", state_file=None):
    """The inventory as a dict, devices in the order given; names made unique with the serial.

    `state_file` (a path relative to the inventory) becomes `defaults.file`: the
    desired state every device gets until the user splits them into groups.
    """
    if source not in NAME_SOURCES:
        raise UsconfError(f"unknown name source {source!r}: expected one of {', '.join(NAME_SOURCES)}")
    entries = {}
    for device in devices:
        name = entry_name(device, source)
        if name in entries:
            name = _suffixed(name, slug(device.serial) or str(len(entries)))
        while name in entries:
            name = _suffixed(name, str(len(entries)))
        entry = {"url": device.url}
        if device.serial:
            entry["vars"] = {"serial": device.serial}
        entries[name] = entry
    doc = {"usconf": FORMAT}
    if state_file:
        doc["defaults"] = {"file": state_file}
    doc["devices"] = entries
    return doc


def dumps(devices, source="name", state_file=None):
    body = yaml.safe_dump(skeleton(devices, source, state_file), sort_keys=False, default_flow_style=False,
                          allow_unicode=False)
    return HEADER + body


def relative_to_inventory(state_file, inventory_path):
    """A desired-state path as the inventory must name it: relative to the inventory's folder."""
    folder = os.path.dirname(os.path.abspath(inventory_path))
    return os.path.relpath(os.path.abspath(state_file), folder).replace(os.sep, "/")


def write(path, devices, source="name", overwrite=False, state_file=None):
    """Write the skeleton to `path` (a path the user chose); refuses to replace a file unless told to.

    `state_file` is a path as the user gave it (relative to the working directory)."""
    text = dumps(devices, source, relative_to_inventory(state_file, path) if state_file else None)
    mode = "w" if overwrite else "x"
    try:
        with open(path, mode, encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise UsconfError(f"{path} exists: choose another file or pass --force to replace it") from None
    except OSError as exc:
        raise UsconfError(f"cannot write {path}: {exc.strerror or exc}") from None
    return os.path.abspath(path)
