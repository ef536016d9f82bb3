"""What one read of the device holds: the raw bodies the model is computed from."""
from usconf.copies import plain_copy
from usconf.errors import DeviceError, MalformedAnswer
from usconf.slotted import Slotted
from usconf.spec import answers, codes

_ERR_DEVICE = codes.BY_NAME["errDevice"]   # -4: what a unit without an EDID answers


class Snapshot(Slotted):
    """Raw bodies as the device returned them (`result` included or not, both are fine).

    `edid` is None on a unit without an EDID (SDI) and `cloud` is None when the
    cloud API (port 8070) did not answer: the sections they feed are then left
    out of the canonical actual state, which means "unknown", not "empty".
    """

    # Not a dataclass: that module (and inspect, which it loads) is a large part of start-up.
    __slots__ = ("info", "status", "settings", "users", "edid", "cloud")

    def __init__(self, info=None, status=None, settings=None, users=None, edid=None, cloud=None):
        self.info = {} if info is None else info
        self.status = {} if status is None else status
        self.settings = {} if settings is None else settings
        if isinstance(users, dict):
            users = list(users.get("users", []))   # get-users may come as its whole body; the model wants the list
        self.users = [] if users is None else users
        self.edid = edid
        self.cloud = cloud

    def copy(self):
        """A deep copy: the bodies are JSON-shaped data as the device sent them."""
        return Snapshot(*(plain_copy(getattr(self, name)) for name in self.__slots__))

    @property
    def cur_status(self):
        return int(self.status.get("cur-status", 0))

    @property
    def is_sdi(self):
        return "SDI" in str(self.info.get("product", {}).get("module-name", "")).upper()


# The kind of each field the model reads, by method, where the device shows it. Device data is
# untrusted: a field of another kind is refused here with its name, never half-read further on.
_KINDS = {
    "get-settings": {},      # filled from the section descriptors and the keyed lists, see _kinds()
    "get-info": {dict: ("product", "nosignal", "codec-cap", "audio-range", "rec-control", "color-range",
                        "video-format", "send-file", "mac-addr")},
    "get-status": {},
    "get-users": {list: ("users",)},
    "get-edid-config": {},
    "cloud-status": {list: ("status",)},
}
_LIST_OF_MAPPINGS = ("users", "status")     # and the keyed lists of get-settings
_WORDS = {dict: "a mapping", list: "a list"}


def _found(value):
    return {"dict": "a mapping", "list": "a list", "str": "text", "int": "a number", "float": "a number",
            "bool": "true/false", "NoneType": "null"}.get(type(value).__name__, type(value).__name__)


def _kinds(method):
    """{kind: field names} of an answer; get-settings' groups and lists come from the descriptors."""
    if method != "get-settings":
        return _KINDS.get(method, {}), _LIST_OF_MAPPINGS
    from usconf.model import lists, sections  # they import the section modules, which import this one
    groups = tuple(s.device for s in sections.ALL if not s.scalar)
    keyed = tuple(lists.BY_DEVICE)
    return {dict: groups, list: keyed}, keyed


def check_answer(method, body, where=""):
    """Raise MalformedAnswer naming the first field of `body` (an answer to `method`) that has the
    wrong kind; returns `body`. Fields the device leaves out are not checked here."""
    source = f"{where or 'the device'}'s answer to {method}"
    if not isinstance(body, dict):
        raise MalformedAnswer(f"{source} is not a JSON object")
    kinds, lists_of_mappings = _kinds(method)
    for kind, names in kinds.items():
        for name in names:
            if name in body and not isinstance(body[name], kind):
                raise MalformedAnswer(f"{source} is malformed: '{name}' is {_found(body[name])}, "
                                      f"expected {_WORDS[kind]}")
            if name in body and name in lists_of_mappings:
                for i, item in enumerate(body[name]):
                    if not isinstance(item, dict):
                        raise MalformedAnswer(f"{source} is malformed: '{name}[{i}]' is {_found(item)}, "
                                              "expected a mapping")
    if method == "get-status" and "cur-status" in body:
        try:
            int(body["cur-status"])
        except (TypeError, ValueError):
            raise MalformedAnswer(f"{source} is malformed: 'cur-status' is {_found(body['cur-status'])}, "
                                  "expected a number") from None
    return body


# --- the fields inside the answers, as the reference's samples shape them (usconf.spec.answers) ----

_KIND_WORDS = {"n": "a number", "s": "text", "l": "a list", "d": "a mapping"}


def _is_kind(value, kind):
    if kind == "n":
        if isinstance(value, (int, float)):
            return True
        try:
            float(value)        # some firmware quotes numbers
            return isinstance(value, str)
        except (TypeError, ValueError):
            return False
    return isinstance(value, {"s": str, "l": list, "d": dict}[kind])


def _shape_problems(body, shape, where=""):
    for key, kind in shape.items():
        if key not in body:
            continue
        value, at = body[key], f"{where}{key}"
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                yield f"'{at}' is {_found(value)}, expected a mapping"
            else:
                yield from _shape_problems(value, kind, at + ".")
        elif isinstance(kind, list):
            if not isinstance(value, list):
                yield f"'{at}' is {_found(value)}, expected a list"
            else:
                for i, item in enumerate(value):
                    if not isinstance(item, dict):
                        yield f"'{at}[{i}]' is {_found(item)}, expected a mapping"
                    else:
                        yield from _shape_problems(item, kind[0], f"{at}[{i}].")
        elif not _is_kind(value, kind):
            yield f"a value is of the wrong kind: '{at}' is {_found(value)}, expected {_KIND_WORDS[kind]}"


_SHAPES = {"get-info": answers.INFO, "get-status": answers.STATUS, "get-settings": answers.SETTINGS,
           "get-edid-config": answers.EDID, "cloud-status": answers.CLOUD}


def check_fields(method, body, where=""):
    """Raise MalformedAnswer naming the first field inside `body` of another kind than the reference's,
    or missing from a group the planner sends whole (answers.REQUIRED); returns `body`.

    check_answer judges the top level; this goes into the groups, where a missing `kbps` or a
    `time-unit` of null would otherwise surface as a crash in the model or the planner.
    """
    if not isinstance(body, dict):
        return body
    problems = list(_shape_problems(body, _SHAPES.get(method, {})))
    for group, fields in answers.REQUIRED.get(method, {}).items():
        if isinstance(body.get(group), dict):
            problems += [f"'{group}': '{f}' is missing" for f in fields if f not in body[group]]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise MalformedAnswer(f"{where or 'the device'}'s answer to {method} is malformed: {problems[0]}{more}")
    return body


def _checked(method, body, where):
    return check_fields(method, check_answer(method, body, where), where)


def read_snapshot(client):
    """Read everything the model needs from a connected client.

    get-edid-config is not asked on an SDI unit, and errDevice (-4) to it, the
    answer of a unit without an EDID, gives edid=None. The cloud API lives on
    its own port (8070) and is often firewalled; when it does not answer at all
    (refused, timed out) the snapshot says so with cloud=None. Any other error
    (errBusy after the client's retries, a lost session, ...) is raised: taking
    it for "no EDID" or "cloud unknown" would plan against a state that is not there.
    """
    where = getattr(client, "base", "")
    info = _checked("get-info", client.get_info(), where)
    status = _checked("get-status", client.get_status(), where)
    settings = _checked("get-settings", client.get_settings(), where)
    users = check_answer("get-users", client.get_users(), where)
    snap = Snapshot(info=info, status=status, settings=settings, users=users)
    snap.edid = _read_edid(client, snap, where)
    snap.cloud = _read_cloud(client, where)
    return snap


# The parts of a Snapshot reread() can read again; info never changes under a plan's calls.
PARTS = ("status", "settings", "users", "edid", "cloud")


def reread(client, snapshot, parts):
    """A copy of `snapshot` with `parts` (names from PARTS) read again, each with one request.

    Apply uses it to check freshness and to verify without reading what its calls
    cannot have changed; the errors are read_snapshot's.
    """
    where = getattr(client, "base", "")
    snap = Snapshot(info=snapshot.info, status=snapshot.status, settings=snapshot.settings,
                    users=snapshot.users, edid=snapshot.edid, cloud=snapshot.cloud)
    if "status" in parts:
        snap.status = _checked("get-status", client.get_status(), where)
    if "settings" in parts:
        snap.settings = _checked("get-settings", client.get_settings(), where)
    if "users" in parts:
        snap.users = list(check_answer("get-users", client.get_users(), where).get("users", []))
    if "edid" in parts:
        snap.edid = _read_edid(client, snap, where)
    if "cloud" in parts:
        snap.cloud = _read_cloud(client, where)
    return snap


def _read_edid(client, snap, where):
    if snap.is_sdi:
        return None
    try:
        return _checked("get-edid-config", client.get_edid_config(), where)
    except DeviceError as exc:
        if exc.code != _ERR_DEVICE:
            raise
        return None               # errDevice: this unit has no EDID to manage


def _read_cloud(client, where):
    # Here, not at the top: the model is also the offline loader's, which needs no HTTP stack.
    from usconf.client.transport import NoAnswer, Unreachable

    try:
        return _checked("cloud-status", client.cloud_status(), where)
    except (Unreachable, NoAnswer):
        return None               # port 8070 closed, firewalled or silent: cloud state unknown
