"""What one read of the device holds: the raw bodies the model is computed from."""
import copy
from dataclasses import dataclass, field
from typing import Optional

from usconf.errors import ConnectionFailed, DeviceError
from usconf.spec import answers, codes

_ERR_DEVICE = codes.BY_NAME["errDevice"]   # -4: what a unit without an EDID answers


@dataclass
class Snapshot:
    """Raw bodies as the device returned them (`result` included or not, both are fine).

    `edid` is None on a unit without an EDID (SDI) and `cloud` is None when the
    cloud API (port 8070) did not answer: the sections they feed are then left
    out of the canonical actual state, which means "unknown", not "empty".
    """

    info: dict = field(default_factory=dict)
    status: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    users: list = field(default_factory=list)
    edid: Optional[dict] = None
    cloud: Optional[dict] = None

    def __post_init__(self):
        # get-users may come as its whole body; the model wants the list.
        if isinstance(self.users, dict):
            users = self.users.get("users", [])
            self.users = list(users) if isinstance(users, list) else users

    def copy(self):
        return copy.deepcopy(self)

    @property
    def cur_status(self):
        return int(self.status.get("cur-status", 0))

    @property
    def is_sdi(self):
        return "SDI" in str(self.info.get("product", {}).get("module-name", "")).upper()


class MalformedAnswer(ConnectionFailed):
    """The device answered, but not in the shape the reference gives: one clear line, never a crash."""


# Lists of settings whose items the model reads field by field: each item must be an object.
_OBJECT_LISTS = ("stream-server", "send-file-cloud", "nosignal-files")
_KIND_NAMES = {"n": "a number", "s": "a string", "l": "a list", "d": "an object"}


def _is_kind(value, kind):
    if kind == "n":
        if isinstance(value, (int, float)):
            return True
        try:
            float(value)
            return isinstance(value, str)
        except (TypeError, ValueError):
            return False
    return isinstance(value, {"s": str, "l": list, "d": dict}[kind])


def _kind_of(value):
    return {dict: "an object", list: "a list", str: "a string", type(None): "null", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def _shape_problems(body, shape, where):
    for key, kind in shape.items():
        if key not in body:
            continue
        value, at = body[key], f"{where}.{key}"
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                yield f"{at} is {_kind_of(value)}, expected an object"
            else:
                yield from _shape_problems(value, kind, at)
        elif isinstance(kind, list):
            if not isinstance(value, list):
                yield f"{at} is {_kind_of(value)}, expected a list"
            else:
                for i, item in enumerate(value):
                    if not isinstance(item, dict):
                        yield f"{at}[{i}] is {_kind_of(item)}, expected an object"
                    else:
                        yield from _shape_problems(item, kind[0], f"{at}[{i}]")
        elif not _is_kind(value, kind):
            yield f"{at} is {_kind_of(value)} {_short(value)}, expected {_KIND_NAMES[kind]}"


def _short(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_answers(snapshot):
    """Raise MalformedAnswer naming the first field of a read that is not of the reference's shape."""
    problems = []
    for method, body, shape in (("get-info", snapshot.info, answers.INFO), ("get-status", snapshot.status, answers.STATUS),
                                ("get-settings", snapshot.settings, answers.SETTINGS)):
        if not isinstance(body, dict):
            problems.append(f"{method}: the answer is {_kind_of(body)}, expected an object")
            continue
        problems += [f"{method}: {p}" for p in _shape_problems(body, shape, "")]
        for group, fields in answers.REQUIRED.get(method, {}).items():
            if isinstance(body.get(group), dict):
                problems += [f"{method}: .{group}.{f} is missing" for f in fields if f not in body[group]]
        if method == "get-settings":
            for name in _OBJECT_LISTS:
                items = body.get(name)
                for i, item in enumerate(items if isinstance(items, list) else []):
                    if not isinstance(item, dict):
                        problems.append(f"{method}: .{name}[{i}] is {_kind_of(item)}, expected an object")
    users = snapshot.users
    if not isinstance(users, list):
        problems.append(f"get-users: the users are {_kind_of(users)}, expected a list")
    else:
        for i, user in enumerate(users):
            if not isinstance(user, dict) or not isinstance(user.get("id"), str):
                problems.append(f"get-users: users[{i}] is not an object with a string id")
    for method, body, shape in (("get-edid-config", snapshot.edid, answers.EDID),
                                ("cloud-status", snapshot.cloud, answers.CLOUD)):
        if body is not None and not isinstance(body, dict):
            problems.append(f"{method}: the answer is {_kind_of(body)}, expected an object")
        elif body is not None:
            problems += [f"{method}: {p}" for p in _shape_problems(body, shape, "")]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise MalformedAnswer(f"the device's answer is malformed: {problems[0]}{more}")


def read_snapshot(client):
    """Read everything the model needs from a connected client.

    get-edid-config is not asked on an SDI unit, and errDevice (-4) to it, the
    answer of a unit without an EDID, gives edid=None. The cloud API lives on
    its own port (8070) and is often firewalled; when it does not answer at all
    (refused, timed out) the snapshot says so with cloud=None. Any other error
    (errBusy after the client's retries, a lost session, ...) is raised: taking
    it for "no EDID" or "cloud unknown" would plan against a state that is not there.
    """
    # Here, not at the top: the model is also the offline loader's, which needs no HTTP stack.
    from usconf.client.transport import NoAnswer, Unreachable

    info = client.get_info()
    status = client.get_status()
    settings = client.get_settings()
    users = client.get_users()
    snap = Snapshot(info=info, status=status, settings=settings,
                    users=users if isinstance(users, (dict, list)) else None)
    if not snap.is_sdi:
        try:
            snap.edid = client.get_edid_config()
        except DeviceError as exc:
            if exc.code != _ERR_DEVICE:
                raise
            snap.edid = None      # errDevice: this unit has no EDID to manage
    try:
        snap.cloud = client.cloud_status()
    except (Unreachable, NoAnswer):
        snap.cloud = None         # port 8070 closed, firewalled or silent: cloud state unknown
    check_answers(snap)
    return snap
