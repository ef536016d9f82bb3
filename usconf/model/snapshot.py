"""What one read of the device holds: the raw bodies the model is computed from."""
import copy
from dataclasses import dataclass, field
from typing import Optional

from usconf.errors import DeviceError
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


def read_snapshot(client):
    """Read everything the model needs from a connected client.

    get-edid-config is not asked on an SDI unit, and errDevice (-4) to it, the
    answer of a unit without an EDID, gives edid=None. The cloud API lives on
    its own port (8070) and is often firewalled; when it does not answer at all
    (refused, timed out) the snapshot says so with cloud=None. Any other error
    (errBusy after the client's retries, a lost session, ...) is raised: taking
    it for "no EDID" or "cloud unknown" would plan against a state that is not there.
    """
    info = client.get_info()
    status = client.get_status()
    settings = client.get_settings()
    users = client.get_users()
    snap = Snapshot(info=info, status=status, settings=settings, users=users)
    snap.edid = _read_edid(client, snap)
    snap.cloud = _read_cloud(client)
    return snap


# The parts of a Snapshot reread() can read again; info never changes under a plan's calls.
PARTS = ("status", "settings", "users", "edid", "cloud")


def reread(client, snapshot, parts):
    """A copy of `snapshot` with `parts` (names from PARTS) read again, each with one request.

    Apply uses it to check freshness and to verify without reading what its calls
    cannot have changed; the errors are read_snapshot's.
    """
    snap = Snapshot(info=snapshot.info, status=snapshot.status, settings=snapshot.settings,
                    users=snapshot.users, edid=snapshot.edid, cloud=snapshot.cloud)
    if "status" in parts:
        snap.status = client.get_status()
    if "settings" in parts:
        snap.settings = client.get_settings()
    if "users" in parts:
        snap.users = list(client.get_users().get("users", []))
    if "edid" in parts:
        snap.edid = _read_edid(client, snap)
    if "cloud" in parts:
        snap.cloud = _read_cloud(client)
    return snap


def _read_edid(client, snap):
    if snap.is_sdi:
        return None
    try:
        return client.get_edid_config()
    except DeviceError as exc:
        if exc.code != _ERR_DEVICE:
            raise
        return None               # errDevice: this unit has no EDID to manage


def _read_cloud(client):
    # Here, not at the top: the model is also the offline loader's, which needs no HTTP stack.
    from usconf.client.transport import NoAnswer, Unreachable

    try:
        return client.cloud_status()
    except (Unreachable, NoAnswer):
        return None               # port 8070 closed, firewalled or silent: cloud state unknown
