"""Which YAML files are usconf files, and which inventories use a desired-state file.

For `usconf validate --detect FILE...` (the pre-commit hook): a file is a usconf file when
its top level has `usconf:`; it is an inventory when its top level also has `groups:`,
`devices:` or `defaults:`, and a desired state otherwise. Other YAML files (CI
workflows, vars files, ...) are not usconf's to judge. A desired-state file that an
inventory uses is checked through that inventory, with each device's variables,
because on its own its `{{ vars.x }}` have no values.
"""
import os
import re
from pathlib import Path

from usconf.errors import ValidationError

INVENTORY, DESIRED, OTHER = "inventory", "desired", "other"
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:", re.MULTILINE)
_INVENTORY_KEYS = {"groups", "devices", "defaults"}
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
MAX_BYTES = 1024 * 1024


def _top_keys(path):
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES)
    except OSError:
        return None
    return set(_TOP_KEY.findall(raw.decode("utf-8", errors="replace")))


def kind_of(path):
    """INVENTORY, DESIRED or OTHER, from the file's top-level keys (unreadable: DESIRED, so it is reported)."""
    keys = _top_keys(path)
    if keys is None:
        return DESIRED
    if "usconf" not in keys:
        return OTHER
    return INVENTORY if keys & _INVENTORY_KEYS else DESIRED


def find_inventories(root="."):
    """Inventory files under `root` (hidden and virtualenv folders skipped), sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in files:
            if name.endswith((".yaml", ".yml")) and kind_of(os.path.join(folder, name)) == INVENTORY:
                found.append(os.path.join(folder, name))
    return sorted(found)


def users_of(inventories, load_inventory):
    """desired-state file (resolved) -> the inventories whose devices use it; unloadable ones are skipped."""
    out = {}
    for path in inventories:
        try:
            inventory = load_inventory(path)
        except ValidationError:
            continue            # reported when that inventory itself is checked
        for device in inventory.devices:
            out.setdefault(str(Path(device.file).resolve()), set()).add(path)
    return out


def names_any(inventory, paths):
    """True when the inventory's text names one of `paths` (a vars file it lists) by its file name."""
    if not paths:
        return False
    try:
        with open(inventory, encoding="utf-8", errors="replace") as fh:
            text = fh.read(MAX_BYTES)
    except OSError:
        return False
    return any(os.path.basename(p) in text for p in paths)
