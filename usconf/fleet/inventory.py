"""An inventory file: which devices, in which groups, with which desired state and variables.

    inventory = load_inventory("fleet.yaml")
    for device in inventory.devices:
        desired = device_desired(device)       # its file, rendered with its own variables

The file is rendered like a desired-state file (`{{ env.NAME }}`, `{{ secret_file('p') }}`),
parsed with positions and checked against schemas/inventory.schema.json; every problem
is reported at once as FILE:LINE:COL. Passwords come only from env / secret_file.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jsonschema

from usconf import files
from usconf.client.session import normalise_url
from usconf.errors import UsconfError, ValidationError
from usconf.language import template, yamlpos
from usconf.language.load import schema_message
from usconf.secrets import MASK, Secret

SCHEMA_PATH = Path(__file__).parent.parent / "schemas" / "inventory.schema.json"
FORMAT = 1
# A device entry is a few lines; thousands of devices fit well below this.
MAX_BYTES = 8 * 1024 * 1024
CREDENTIALS = ("username", "password", "cloud_port", "timeout")


@cache
def schema():
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _validator():
    return jsonschema.Draft202012Validator(schema())


@dataclass(frozen=True)
class Device:
    """One device of an inventory, with everything its group and the defaults gave it.

    file: its desired-state file (relative to where the inventory was named from); vars: its variables after precedence;
    password: a Secret, or None for the caller's default; where: FILE:LINE:COL of its name.
    """
    name: str
    group: str | None
    url: str
    file: str
    vars: dict = field(default_factory=dict, hash=False)
    username: str | None = None
    password: Secret | None = None
    cloud_port: int | None = None
    timeout: float | None = None
    where: str = ""

    @property
    def target(self):
        """What `{{ target.name }}` and `{{ target.group }}` give in its desired-state file."""
        return {"name": self.name, "group": self.group}


@dataclass
class Inventory:
    path: str
    devices: list                       # Device, in the file's order (groups first, then ungrouped)
    groups: dict                        # group name -> [device names], in the file's order

    def names(self):
        return [d.name for d in self.devices]

    def device(self, name):
        for device in self.devices:
            if device.name == name:
                return device
        raise KeyError(name)


# --- schema problems as sentences ---------------------------------------------------------------

def _schema_problem(error, hidden):
    """[(path, at_key, message)] for one jsonschema error: the language's wording, names of its own."""
    value = error.instance
    if "propertyNames" in error.relative_schema_path:
        return [(tuple(error.absolute_path) + (str(value),), True,
                 f"bad name {value!r}: use letters, digits, '.', '_' and '-', starting with a letter or digit"
                 if error.validator == "pattern" else f"bad name {value!r}")]
    return schema_message(error, hidden)


def _schema_problems(data, positions, hidden):
    found = []
    for error in _validator().iter_errors(data):
        for path, at_key, message in _schema_problem(error, hidden):
            found.append((positions.order(path, at_key),
                          f"{positions.where(path, at_key)}: {yamlpos.path_text(path)}: {message}"))
    found.sort(key=lambda item: item[0])
    return [line for _, line in found]


# --- reading ----------------------------------------------------------------------------------

def _read(path):
    """The inventory's text: a regular file within MAX_BYTES (a FIFO or /dev/zero is refused unread)."""
    try:
        raw = files.read_regular(path, MAX_BYTES, what="the inventory")
    except files.FileRefused as exc:
        raise ValidationError([f"{path}: {exc}; refusing to read it"]) from None
    except OSError as exc:
        raise ValidationError([f"{path}: cannot read: {exc.strerror or exc}"]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError([f"{path}: not UTF-8 text"]) from None


def _vars_file(path, where, problems, cache):
    """Variables of one vars file (a mapping); problems name the inventory line that lists it."""
    if path in cache:
        return cache[path]
    out = {}
    try:
        data, _ = yamlpos.parse(_read(path), str(path))
        if not isinstance(data, dict):
            raise ValidationError([f"{path}: a vars file must be a mapping of names to values"])
        out = data
    except ValidationError as exc:
        problems.extend(f"{where}: {line}" for line in exc.problems)
    cache[path] = out
    return out


def _check_credentials(node, path, positions, tainted, problems):
    if "password" in node and (path + ("password",)) not in tainted:
        problems.append(f"{positions.where(path + ('password',))}: {yamlpos.path_text(path + ('password',))}: "
                        "a password is never written in the inventory; give it as \"{{ env.NAME }}\" or "
                        "\"{{ secret_file('path') }}\"")
    for name in (node.get("vars") or {}):
        sub = path + ("vars", name)
        if any(t[:len(sub)] == sub for t in tainted):
            problems.append(f"{positions.where(sub)}: {yamlpos.path_text(sub)}: a variable from env or "
                            "secret_file would lose its masking; use {{ env.NAME }} in the desired-state "
                            "file itself")


def _walk_nodes(data):
    """(path, node, kind) for defaults, each group and each device."""
    if isinstance(data.get("defaults"), dict):
        yield ("defaults",), data["defaults"], "defaults"
    for gname, group in (data.get("groups") or {}).items():
        yield ("groups", gname), group, "group"
        for dname, device in (group.get("devices") or {}).items():
            yield ("groups", gname, "devices", dname), device, "device"
    for dname, device in (data.get("devices") or {}).items():
        yield ("devices", dname), device, "device"


def _resolve(base, value):
    return os.path.normpath(base / value) if value else None


def load_inventory(path, env=None):
    """Read, render and check an inventory; raise ValidationError listing every problem."""
    path = Path(path)
    name = str(path)
    text = _read(path)
    rendered = template.render(text, name, base_dir=path.parent, env=os.environ if env is None else env, vars={})
    data, positions, tainted = rendered.data, rendered.positions, rendered.tainted
    problems = _schema_problems(data, positions, tainted)
    if problems:
        raise ValidationError(_scrub(problems, rendered.secret_values))
    base = path.parent
    for node_path, node, _ in _walk_nodes(data):
        _check_credentials(node, node_path, positions, tainted, problems)
        if node.get("file") and not (base / node["file"]).is_file():
            problems.append(f"{positions.where(node_path + ('file',))}: {yamlpos.path_text(node_path + ('file',))}: "
                            f"no such file: {base / node['file']}")
    devices, groups, seen = [], {}, {}
    cache = {}
    defaults = data.get("defaults") or {}
    for gname in (data.get("groups") or {}):
        seen[gname] = ("group", positions.where(("groups", gname), key=True))
    for node_path, node, kind in _walk_nodes(data):
        if kind != "device":
            continue
        dname = node_path[-1]
        gname = node_path[1] if node_path[0] == "groups" else None
        group = (data["groups"][gname] if gname else {}) or {}
        where = positions.where(node_path, key=True)
        if dname in seen:
            what, first = seen[dname]
            problems.append(f"{where}: {yamlpos.path_text(node_path)}: the name {dname!r} is already used by a "
                            f"{what} at {first}; a name is unique in the inventory (a device is in one group only)")
            continue
        seen[dname] = ("device", where)
        device = _device(dname, gname, node, group, defaults, node_path, positions, base, problems, cache)
        if device is not None:
            devices.append(device)
            if gname:
                groups.setdefault(gname, []).append(dname)
    for gname in (data.get("groups") or {}):
        groups.setdefault(gname, [])
    if problems:
        raise ValidationError(_scrub(problems, rendered.secret_values))
    return Inventory(path=name, devices=devices, groups=groups)


def _device(dname, gname, node, group, defaults, node_path, positions, base, problems, cache):
    where = positions.where(node_path, key=True)
    try:
        url = normalise_url(node["url"])
    except UsconfError as exc:
        problems.append(f"{positions.where(node_path + ('url',))}: {yamlpos.path_text(node_path + ('url',))}: {exc}")
        return None
    layers = [(("defaults",), defaults)]
    if gname:
        layers.append((("groups", gname), group))
    layers.append((node_path, node))
    file = next((_resolve(base, layer.get("file")) for _, layer in reversed(layers) if layer.get("file")), None)
    if file is None:
        problems.append(f"{where}: {yamlpos.path_text(node_path)}: no desired-state file: give `file:` for the "
                        "device, its group or in defaults")
        return None
    # defaults.vars < vars_files (defaults, group, device) < group vars < device vars
    variables = dict(defaults.get("vars") or {})
    for layer_path, layer in layers:
        for i, entry in enumerate(layer.get("vars_files") or []):
            at = positions.where(layer_path + ("vars_files", i))
            variables.update(_vars_file(base / entry, at, problems, cache))
    if gname:
        variables.update(group.get("vars") or {})
    variables.update(node.get("vars") or {})
    creds = {}
    for key in CREDENTIALS:
        for _, layer in reversed(layers):
            if key in layer:
                creds[key] = layer[key]
                break
    password = creds.get("password")
    return Device(name=dname, group=gname, url=url, file=file, vars=variables, username=creds.get("username"),
                  password=Secret(password) if password is not None else None, cloud_port=creds.get("cloud_port"),
                  timeout=creds.get("timeout"), where=where)


def _scrub(problems, secret_values):
    values = sorted({v for v in secret_values if len(v) >= 4}, key=len, reverse=True)
    out = []
    for line in problems:
        for value in values:
            line = line.replace(value, MASK)
        out.append(line)
    return out


def device_desired(device, env=None, info=None):
    """The device's desired state: its file rendered with its variables and `target`, validated."""
    from usconf.language.load import load
    return load(device.file, vars=device.vars, env=env, info=info, target=device.target)
