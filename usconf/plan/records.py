"""Calls, changes and plans: the data the planner makes and apply consumes.

A Plan is what `usconf plan` shows and `--out` saves. Saved plans hold no secret:
every Secret is written as "(sensitive)", and apply recomputes the real values
from the source file (whose sha256 the plan records) before sending anything.
"""
import json
import os

from usconf import files
from usconf.errors import PlanError
from usconf.secrets import MASK, Secret, mask, scrub_data
from usconf.slotted import Slotted

FORMAT_VERSION = 1
MAX_PLAN_BYTES = 16 * files.MIB      # a plan for one encoder is a few KB; a fleet's, far below this
FIRST_OVER = "set-first-over"          # a factory-new device's first-boot call
FIRST_BOOT = "device.first_boot"       # the change it makes, as plans show it
FIRMWARE = "device.firmware"           # the firmware step's change (usconf.plan.firmware)


def masked(value):
    """A JSON-safe, secret-free copy of a value: Secrets become "(sensitive)", planner hints (`_` keys) go."""
    if isinstance(value, Secret):
        return MASK
    if isinstance(value, dict):
        return {str(k): masked(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, (list, tuple)):
        return [masked(v) for v in value]
    return value


class Call:
    """One request to the device, with the reason it exists.

    `target` names the list item a call acts on ({"list": <get-settings key>, "key": {...}});
    its `id` is looked up on the device when the call runs, because ids are
    assigned by the device and may shift after a delete.
    `api` is "usapi" or "cloud" (the cloud API on port 8070). `upload` is the local
    file a POST call sends (a no-signal image or an EDID).
    """

    # Not dataclasses (Call, Change, Plan): that module (and inspect, which it loads) is a large
    # part of start-up. Only Change is compared and printed (the diff's tests): usconf.slotted.
    __slots__ = ("method", "params", "reason", "upload", "target", "api")

    def __init__(self, method, params, reason, upload=None, target=None, api="usapi"):
        self.method = method
        self.params = params
        self.reason = reason
        self.upload = upload
        self.target = target
        self.api = api

    def masked_params(self):
        return {k: mask(v) for k, v in self.params.items()}

    def describe(self):
        """method and masked params on one line, as the plan shows them."""
        shown = [f"{k}={v}" for k, v in self.masked_params().items()]
        if self.target is not None:
            shown.insert(0, f"id=<{target_label(self.target)}>")
        if self.upload:
            shown.append(f"file={self.upload}")
        return " ".join([self.method] + shown)

    def to_dict(self):
        out = {"method": self.method, "params": masked(self.params), "reason": self.reason}
        if self.target is not None:
            out["target"] = masked(self.target)
        if self.upload:
            out["upload"] = self.upload
        if self.api != "usapi":
            out["api"] = self.api
        return out

    @classmethod
    def from_dict(cls, data):
        return cls(data["method"], dict(data.get("params", {})), data.get("reason", ""),
                   data.get("upload"), data.get("target"), data.get("api", "usapi"))

    def same_as(self, other):
        """Equal as a saved plan can tell: secrets compare as masks."""
        return self.to_dict() == other.to_dict()


def target_label(target):
    """The item as the change lines name it; plans saved before labels existed show the key's values."""
    if target.get("label"):
        return target["label"]
    key = target.get("key", {})
    return ", ".join(str(mask(v)) for v in key.values()) or target.get("list", "?")


class Change(Slotted):
    """One difference the user reads: `~ video.main.bitrate: 4M -> 8M`."""

    __slots__ = ("path", "action", "before", "after", "sensitive")

    def __init__(self, path, action, before=None, after=None, sensitive=False):
        self.path = path
        self.action = action        # "add" | "update" | "delete"
        self.before = before
        self.after = after
        self.sensitive = sensitive

    def to_dict(self):
        hide = self.sensitive
        return {"path": self.path, "action": self.action,
                "before": MASK if hide and self.before is not None else masked(self.before),
                "after": MASK if hide and self.after is not None else masked(self.after),
                "sensitive": self.sensitive}

    @classmethod
    def from_dict(cls, data):
        return cls(data["path"], data["action"], data.get("before"), data.get("after"),
                   bool(data.get("sensitive")))


class Plan:
    """An ordered list of calls and the changes they make, with where they came from."""

    __slots__ = ("changes", "calls", "device", "source", "fingerprint", "sections", "target", "warnings", "firmware",
                 "on_air", "snapshot")

    def __init__(self, changes=None, calls=None, device=None, source=None, fingerprint="", sections=None,
                 target=None, warnings=None, firmware=None, on_air=None, snapshot=None):
        self.changes = [] if changes is None else changes
        self.calls = [] if calls is None else calls
        self.device = {} if device is None else device          # serial, model, firmware, url
        self.source = {} if source is None else source          # path, sha256
        self.fingerprint = fingerprint                          # sha256 of what was read from the device
        self.sections = {} if sections is None else sections    # section -> sha256 of its part of the read
        self.target = target                                    # --target paths, if any
        self.warnings = [] if warnings is None else warnings
        self.firmware = firmware                                # the firmware step (usconf.plan.firmware), run first
        self.on_air = {} if on_air is None else on_air          # usconf.plan.onair.summary: {} when off air
        # The read the plan was made from (a model Snapshot), while the plan is in memory; never
        # saved. Apply checks freshness against it instead of reading the whole device again.
        self.snapshot = snapshot
        # set-first-over changes nothing the file names, yet it is a change the user
        # must see and count: without it a plan of one call would read "0 to change".
        if any(c.method == FIRST_OVER for c in self.calls) and not any(c.path == FIRST_BOOT for c in self.changes):
            self.changes.insert(0, Change(FIRST_BOOT, "update", "pending", "done"))
        if self.firmware and not any(c.path == FIRMWARE for c in self.changes):
            self.changes.insert(0, Change(FIRMWARE, "update", self.firmware["from"], self.firmware["to"]))

    @property
    def empty(self):
        return not self.calls and not self.changes and not self.firmware

    def summary(self):
        count = {"add": 0, "update": 0, "delete": 0}
        for change in self.changes:
            count[change.action] += 1
        return {"add": count["add"], "change": count["update"], "delete": count["delete"],
                "calls": len(self.calls)}

    def to_dict(self):
        """The plan as JSON data (docs/plan-format.md), every secret masked, by value too."""
        return scrub_data(self._data())

    def _data(self):
        return {
            "format_version": FORMAT_VERSION,
            "device": dict(self.device),
            "source": dict(self.source),
            "fingerprint": self.fingerprint,
            "sections": dict(self.sections),
            "target": self.target,
            "changes": [c.to_dict() for c in self.changes],
            "calls": [c.to_dict() for c in self.calls],
            "warnings": list(self.warnings),
            "firmware": dict(self.firmware) if self.firmware else None,
            "summary": self.summary(),
            # only while the device is live or recording: its state, and the calls and changes it blocks
            **({"on_air": dict(self.on_air)} if self.on_air else {}),
        }

    def to_json(self):
        return json.dumps(self.to_dict(), indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_dict(cls, data):
        version = data.get("format_version") if isinstance(data, dict) else None
        if version != FORMAT_VERSION:
            raise PlanError(f"not a usconf plan of format version {FORMAT_VERSION} (found {version!r})")
        problem = shape_problem(data)
        if problem:
            raise PlanError(f"saved plan is damaged: {problem}")
        try:
            return cls(changes=[Change.from_dict(c) for c in data.get("changes", [])],
                       calls=[Call.from_dict(c) for c in data.get("calls", [])],
                       device=dict(data.get("device", {})), source=dict(data.get("source", {})),
                       fingerprint=data.get("fingerprint", ""), sections=dict(data.get("sections", {})),
                       target=data.get("target"), warnings=list(data.get("warnings", [])),
                       firmware=dict(data["firmware"]) if data.get("firmware") else None,
                       on_air=dict(data.get("on_air") or {}))
        except (KeyError, TypeError, AttributeError) as exc:
            raise PlanError(f"saved plan is damaged: {exc}") from None

    @classmethod
    def from_json(cls, text, name="plan"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PlanError(f"{name}: not a saved usconf plan ({exc})") from None
        return cls.from_dict(data)

    def inputs(self):
        """The files the plan was made from (source, vars files)."""
        found = [self.source.get("path")] + [f.get("path") for f in self.source.get("vars_files") or []]
        return [p for p in found if p]

    def save(self, path):
        """Write the plan; the files it names are stored relative to the plan's own folder.

        Refuses (PlanError) to overwrite a file it was made from, or any existing file that is
        not a saved usconf plan: `plan --out studio.yaml` must not destroy the configuration.
        """
        check_writable(path, self.inputs())
        base = os.path.dirname(os.path.abspath(path))
        data = _with_paths(self.to_dict(), lambda p: _relative(p, base))
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(data, indent=2) + "\n")
        except OSError as exc:
            raise PlanError(f"cannot write {path}: {exc.strerror or exc}") from None

    @classmethod
    def load(cls, path):
        try:
            data = files.read_regular(path, MAX_PLAN_BYTES, what="the plan file")
        except files.FileRefused as exc:
            raise PlanError(f"{path}: {exc}") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise PlanError(f"{path}: not a saved usconf plan (not UTF-8 text)") from None
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise PlanError(f"{path}: not a saved usconf plan ({exc})") from None
        try:
            plan = cls.from_dict(data)      # refuses a damaged plan before its paths are touched
        except PlanError as exc:
            raise PlanError(f"{path}: {exc}") from None
        base = os.path.dirname(os.path.abspath(path))
        return cls.from_dict(_with_paths(plan.to_dict(), lambda p: os.path.normpath(os.path.join(base, p))))


# What each part of a saved plan must be: a file edited by hand or cut short is refused with the
# field at fault, never half-read. (kind, optional); "str*" is a list of strings.
_PLAN_FIELDS = {"device": dict, "source": dict, "fingerprint": str, "sections": dict, "target": (list, type(None)),
                "warnings": list, "changes": list, "calls": list, "on_air": dict}
_CHANGE_FIELDS = {"path": str, "action": str, "sensitive": (bool, type(None))}
_CALL_FIELDS = {"method": str, "params": dict, "reason": str, "upload": (str, type(None)),
                "target": (dict, type(None)), "api": str}
_SOURCE_FIELDS = {"path": str, "sha256": str, "vars_files": list, "vars": list, "secrets": dict}


_KIND_WORDS = {dict: "a mapping", list: "a list", str: "text", bool: "true or false", type(None): "null"}
_JSON_WORDS = {"dict": "a mapping", "list": "a list", "str": "text", "int": "a number", "float": "a number",
               "bool": "true or false", "NoneType": "null"}


def _fields_problem(where, item, fields, required=()):
    if not isinstance(item, dict):
        return f"{where or 'the plan'} should be a mapping (found {_JSON_WORDS[type(item).__name__]})"
    for name in required:
        if name not in item:
            return f"{where} has no {name!r}"
    for name, kind in fields.items():
        if name in item and not isinstance(item[name], kind):
            kinds = kind if isinstance(kind, tuple) else (kind,)
            return (f"{where + '.' if where else ''}{name} should be {' or '.join(_KIND_WORDS[k] for k in kinds)} "
                    f"(found {_JSON_WORDS.get(type(item[name]).__name__, 'something else')})")
    return None


def shape_problem(data):
    """What is wrong with the shape of a saved plan's dict, or None."""
    problem = _fields_problem("", data, _PLAN_FIELDS)
    if problem:
        return problem
    source = data.get("source") or {}
    problem = _fields_problem("source", source, _SOURCE_FIELDS)
    for i, entry in enumerate(source.get("vars_files") or []):
        problem = problem or _fields_problem(f"source.vars_files[{i}]", entry, {"path": str, "sha256": str},
                                             ("path",))
    if any(not isinstance(name, str) for name in source.get("vars") or []):
        problem = problem or "source.vars holds something that is not a name"
    if any(not isinstance(t, str) for t in data.get("target") or []):
        problem = problem or "target holds something that is not a path"
    for i, change in enumerate(data.get("changes") or []):
        problem = problem or _fields_problem(f"changes[{i}]", change, _CHANGE_FIELDS, ("path", "action"))
        if not problem and change["action"] not in ("add", "update", "delete"):
            problem = f"changes[{i}].action is {change['action']!r}"
    for i, call in enumerate(data.get("calls") or []):
        problem = problem or _fields_problem(f"calls[{i}]", call, _CALL_FIELDS, ("method",))
        if not problem and call.get("api", "usapi") not in ("usapi", "cloud"):
            problem = f"calls[{i}].api is {call['api']!r}"
    return problem


def _same_file(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def is_saved_plan(path):
    """True when `path` holds a saved usconf plan (a JSON object with a format_version)."""
    try:
        data = json.loads(files.read_regular(path, MAX_PLAN_BYTES).decode("utf-8"))
    except (OSError, ValueError):       # FileRefused and UnicodeDecodeError are ValueErrors
        return False
    return isinstance(data, dict) and "format_version" in data


def check_writable(path, inputs=()):
    """Refuse to write a plan over one of `inputs` or over an existing file that is not a plan."""
    if os.path.isdir(path):
        raise PlanError(f"cannot write {path}: it is a folder")
    for source in inputs:
        if os.path.exists(path) and _same_file(path, source):
            raise PlanError(f"refusing to write the plan to {path}: it is {source}, a file the plan was made "
                            "from; give another --out")
    if os.path.lexists(path) and not is_saved_plan(path):
        raise PlanError(f"refusing to write the plan to {path}: the file exists and is not a saved usconf "
                        "plan; remove it or give another --out")


# A saved plan is applied from wherever the user is: the files it names (source, vars
# files, uploads) are stored relative to the plan file, so the plan also survives
# being moved or checked out elsewhere together with them.

def _relative(path, base):
    try:
        return os.path.relpath(os.path.abspath(path), base)
    except ValueError:          # another drive (Windows): no relative path exists
        return os.path.abspath(path)


def _with_paths(data, convert):
    """A plan dict with every file path it names passed through `convert`."""
    source = data.get("source") or {}
    if source.get("path"):
        source["path"] = convert(source["path"])
    for entry in source.get("vars_files") or []:
        if entry.get("path"):
            entry["path"] = convert(entry["path"])
    if (data.get("firmware") or {}).get("file"):
        data["firmware"]["file"] = convert(data["firmware"]["file"])
    for call in data.get("calls") or []:
        if call.get("upload"):
            call["upload"] = convert(call["upload"])
    return data
