"""The inventory of an emulated fleet (`usconf emulator --count N --inventory-out FILE`).

The devices go in one group, `emulated`, named emu-001, emu-002, ... with their loopback
URLs and cloud ports. Their desired state is a companion file next to the inventory
(written only when it does not exist yet, so an edited one is kept) that names each
device after its inventory name: `usconf plan -i FILE` then has something to show.
"""
import os

from usconf.errors import UsconfError

SCHEMA_URL = "https://usconf.example.net/schemas/inventory.schema.json"
COMPANION = """\
usconf: 1
# Every emulated device is named after its name in the inventory.
device:
  name: "{{ target.name }}"
"""


def device_name(index, count):
    return f"emu-{index + 1:0{max(3, len(str(count)))}d}"


def inventory_text(devices, desired_file):
    """YAML of an inventory for `devices` ((url, cloud_port) pairs), all using `desired_file`."""
    lines = [f"# yaml-language-server: $schema={SCHEMA_URL}",
             "# Written by `usconf emulator --inventory-out`: the emulated devices on loopback.",
             "usconf: 1", "defaults:", f"  file: {desired_file}", "groups:", "  emulated:", "    devices:"]
    for i, (url, cloud_port) in enumerate(devices):
        lines.append(f"      {device_name(i, len(devices))}: {{url: \"{url}\", cloud_port: {int(cloud_port)}}}")
    return "\n".join(lines) + "\n"


def write_inventory(path, devices):
    """Write the inventory at `path` and, if missing, its companion desired-state file; returns both paths."""
    stem, _ = os.path.splitext(os.path.basename(path))
    companion_name = f"{stem}-device.yaml"
    companion = os.path.join(os.path.dirname(os.path.abspath(path)), companion_name)
    try:
        if not os.path.exists(companion):
            with open(companion, "w", encoding="utf-8") as fh:
                fh.write(COMPANION)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(inventory_text(devices, companion_name))
    except OSError as exc:
        raise UsconfError(f"cannot write the inventory {path}: {exc.strerror or exc}") from None
    return path, companion
