"""What one read of the device holds: the raw bodies the model is computed from."""
import copy
from dataclasses import dataclass, field
from typing import Optional

from usconf.errors import DeviceError, MalformedAnswer
from usconf.spec import codes

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
            self.users = list(self.users.get("users", []))

    def copy(self):
        return copy.deepcopy(self)

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
    from usconf.model import lists, sections      # they import the section modules, which import this one
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

    where = getattr(client, "base", "")
    info = check_answer("get-info", client.get_info(), where)
    status = check_answer("get-status", client.get_status(), where)
    settings = check_answer("get-settings", client.get_settings(), where)
    users = check_answer("get-users", client.get_users(), where)
    snap = Snapshot(info=info, status=status, settings=settings, users=users)
    if not snap.is_sdi:
        try:
            snap.edid = check_answer("get-edid-config", client.get_edid_config(), where)
        except DeviceError as exc:
            if exc.code != _ERR_DEVICE:
                raise
            snap.edid = None      # errDevice: this unit has no EDID to manage
    try:
        snap.cloud = check_answer("cloud-status", client.cloud_status(), where)
    except (Unreachable, NoAnswer):
        snap.cloud = None         # port 8070 closed, firewalled or silent: cloud state unknown
    return snap
