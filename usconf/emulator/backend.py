"""The emulated device: state and rules, no HTTP, no threads, no sleeping.

`handle(method, params, ...)` answers one API call exactly as the HTTP layer
passes it. Everything that changes over time (recording, formatting, tests,
firmware update, reboot) is stored as a start time and computed from
`self.clock()` when read, so a test or the planner can drive time by hand.
"""
import time
from collections import OrderedDict

from usconf import rules
from usconf.copies import plain_copy
from usconf.digests import md5_hex
from usconf.emulator import factory
from usconf.emulator.api import METHODS, Call, Refused, refuse_if
from usconf.emulator.background import TIMINGS, finish
from usconf.emulator.faults import Faults
from usconf.spec import codes
from usconf.spec import status as bits
from usconf.spec.params import problems as params_problems

MAX_SESSIONS = 8


class Backend:
    def __init__(self, model="hdmi", serial=None, name=None, password="Admin", clock=None, seed=0,
                 timings=None, faults=None, firmware_version=None, strict=False):
        self.model = model
        self.serial = serial or factory.serial_for(model, 0)
        self.factory_name = name
        self.factory_password = password
        self.clock = clock or time.monotonic
        self.timings = dict(TIMINGS, **(timings or {}))
        self.seed = seed
        self.random = None                 # the session-id generator: open_session() makes it
        self.info = factory.info(model, self.serial, firmware_version)
        self.faults = faults or Faults()   # hardware faults (disks, signal, firmware) are read here
        self.sessions = OrderedDict()      # sid -> user name, oldest first
        self.rebind_to = None              # set-net asked the HTTP layer to move to this address
        self.host = "127.0.0.1"            # where the HTTP layer listens; shown as the eth address
        self.booted = self.clock()
        self.down_until = None             # rebooting: gone from `down_from` until then
        self.down_from = None
        self.going = 0                     # statusReboot or statusReset while shutting down
        self.check_rules = True            # whole-state rules on every change (see change())
        self.strict = strict               # the strictest reading of the reference (usconf.spec.params)
        self.factory_reset()
        self.power_on()

    # --- state ------------------------------------------------------------------------------

    def factory_reset(self):
        self.settings = factory.device_settings(self.serial, self.factory_name)
        self.users = OrderedDict([("Admin", {"type": 1, "md5": md5_hex(self.factory_password)})])
        self.edid = factory.edid_config() if self.model == "hdmi" else None
        self.cloud = factory.cloud()
        self.app_md5 = None
        self.first_boot = True
        self.softap_on = False
        self.images = {}                   # uploaded no-signal image name -> JPEG bytes
        self.media = {0: [], 1: []}        # disk-type -> recorded files
        self.uploads = {"queue": [], "done": 0, "running": True, "since": None, "current": ""}
        self.rec = {"since": None, "result": 27}
        self.live = {"since": None, "result": 27, "servers": 0}
        self.jobs = {}                     # kind -> Job: format, disk-test, stream-test, send-test, update, check
        self.results = {"format": 27, "disk-test": 27, "stream-test": 27, "send-test": 27,
                        "update": 27, "check": 27}
        self.update_mode = "none"
        self.firmware = None               # uploaded .mwf: {"version", "size"}
        self.available = None              # what online-update-check found: {"ver", ...}
        self.manual_time = None            # (time text, clock when set) with is-auto=0

    @classmethod
    def from_snapshot(cls, snapshot, strict=False):
        """A device holding what a read of a real (or emulated) one returned.

        User passwords are unknown, so nobody can log in to it; that is fine for
        simulating a plan, which calls `handle` directly.
        """
        info = _body(snapshot.info) or factory.info("hdmi", factory.serial_for("hdmi", 0))
        model = "sdi" if "SDI" in info.get("product", {}).get("module-name", "") else "hdmi"
        self = cls.__new__(cls)
        self.model = model
        product = info.get("product", {})
        # serial_for copies the whole default get-info: only when the read has no serial
        self.serial = product["sn"] if "sn" in product else factory.serial_for(model, 0)
        self.factory_name = None
        self.factory_password = "Admin"
        self.clock = time.monotonic
        self.timings = dict(TIMINGS)
        self.seed = 0
        self.random = None
        self.sessions = OrderedDict()
        self.rebind_to = None
        self.host = "127.0.0.1"
        self.booted = self.clock()
        self.down_until = None
        self.check_rules = True            # whole-state rules on every change (see change())
        self.strict = strict
        self.factory_reset()
        self.info = info
        self.faults = Faults()
        self.down_from, self.going = None, 0
        self.settings = _body(snapshot.settings)
        rec = self.settings.get("rec-control") if isinstance(self.settings, dict) else None
        if isinstance(rec, dict) and "file-name-mode" not in rec:
            # get-settings shows files named after their time as an empty prefix (status.settings_view).
            rec["file-name-mode"] = 1 if rec.get("file-prefix") == "" else 0
        held_users = (_body(snapshot.users) or {}).get("users", [])
        self.users = OrderedDict((u["id"], {"type": u.get("type", 2), "md5": None}) for u in held_users)
        # No EDID body (not read, or the SDI model's errDevice): an HDMI unit keeps the default one.
        if _answered(snapshot.edid):
            self.edid = _body(snapshot.edid)
        if _answered(snapshot.cloud):
            self.cloud = plain_copy(snapshot.cloud.get("status", []))
        mask = (snapshot.status or {}).get("cur-status", 0)
        self.first_boot = bool(mask & bits.FIRST)
        self.softap_on = bool(mask & bits.SOFTAP)
        if mask & bits.RECORD:
            self.rec = {"since": self.booted, "result": 2}
        if mask & bits.LIVING:
            self.live = {"since": self.booted, "result": 22, "servers": 1}
        return self

    def change(self, mutate):
        """Apply `mutate` to a copy of the settings; commit only if no device rule is newly broken.

        With `check_rules` off (a planner's copy that words what a refused call
        would have changed) the whole-state rules are skipped; per-call checks stay.
        """
        new = plain_copy(self.settings)
        mutate(new)
        if self.check_rules:
            refuse_if(rules.new_violations(self.settings, new, self.info))
        self.settings = new
        return new

    # --- the API ----------------------------------------------------------------------------

    def handle(self, method, params=None, body=None, files=None, session=None):
        """One API call; returns the JSON body, always with `result` first.

        Keys starting with "_" are for the HTTP layer (cookie to set, raw file to
        send) and never reach the wire as JSON.
        """
        handler = METHODS.get(method)
        if handler is None:
            return {"result": codes.PARAM}
        self.tick()
        if self.strict and params_problems(method, params or {}):
            return {"result": codes.PARAM}
        try:
            out = handler(self, Call(method, params or {}, body, files, session))
        except Refused as refusal:
            return {"result": refusal.code}
        if out is None:
            return {"result": codes.SUCCEED}
        if "result" not in out:
            out = {"result": codes.SUCCEED, **out}
        return out

    # --- sessions ---------------------------------------------------------------------------

    def open_session(self, user):
        if self.random is None:
            # here, not at the top: random costs a plan about a millisecond, and the planner's
            # simulated devices never log in
            import random

            self.random = random.Random(self.seed)
        sid = "%032x" % self.random.getrandbits(128)
        self.sessions[sid] = user
        while len(self.sessions) > MAX_SESSIONS:
            self.sessions.popitem(last=False)
        return sid

    def session_user(self, sid):
        return self.sessions.get(sid) if sid else None

    def drop_sessions(self, user=None):
        for sid in [s for s, u in self.sessions.items() if user is None or u == user]:
            del self.sessions[sid]

    # --- time -------------------------------------------------------------------------------

    def reachable(self):
        """False while the device reboots (the HTTP layer then drops every connection)."""
        self.tick()
        return self.down_until is None or self.clock() < self.down_from

    def reboot(self, how="reboot"):
        """Shut down (still answering, statusReboot/statusReset set), be gone, then boot."""
        now = self.clock()
        self.going = bits.RESET if how == "reset" else bits.REBOOT
        self.down_from = now + self.timings["shutdown"]
        self.down_until = self.down_from + self.timings["reboot"]
        self.drop_sessions()
        if self.rec["since"] is not None:
            self.rec = {"since": None, "result": 0}
        if self.live["since"] is not None:
            self.live = {"since": None, "result": 0, "servers": 0}
        for kind in ("format", "disk-test", "stream-test", "send-test", "check"):
            if self.jobs.pop(kind, None) is not None:
                self.results[kind] = codes.CANCEL

    def tick(self):
        """Settle what time has finished: jobs done, firmware installed, reboot over."""
        now = self.clock()
        for kind, job in list(self.jobs.items()):
            if job.done(now):
                del self.jobs[kind]
                self.results[kind] = codes.SUCCEED
                finish(self, kind, job)
        if self.down_until is not None and now >= self.down_until:
            self.down_until = self.down_from = None
            self.going = 0
            self.booted = now
            self.power_on()
        uploads.progress(self, now)

    def power_on(self):
        """What the device does when it starts: record at power-on if set (is-startup-rec)."""
        usable = self.disk_usable("usb") or self.disk_usable("sd")
        if self.settings.get("is-startup-rec") and self.rec["since"] is None and usable:
            self.rec = {"since": self.clock(), "result": 2}

    def busy_with(self, *kinds):
        return any(k in self.jobs for k in kinds)

    # --- status -----------------------------------------------------------------------------

    def cur_status(self):
        mask = bits.RTMP_READY
        if self.disk_usable("usb") or self.disk_usable("sd"):
            mask |= bits.DISK_READY
        if self.down_until is not None:
            mask |= self.going
        if self.first_boot:
            mask |= bits.FIRST
        if self.rec["since"] is not None:
            mask |= bits.RECORD
        if self.live["since"] is not None:
            mask |= bits.LIVING
        if self.softap_on:
            mask |= bits.SOFTAP
        if self.settings.get("passwd"):
            mask |= bits.PASSWD
        for kind, bit in (("disk-test", bits.DISK_TEST), ("update", bits.UPGRADE),
                          ("stream-test", bits.NET_TEST), ("check", bits.CHECK_UPGRADE),
                          ("send-test", bits.SEND_TEST)):
            if kind in self.jobs:
                mask |= bit
        fmt = self.jobs.get("format")
        if fmt:
            mask |= bits.FORMAT_SD if fmt.info.get("disk") == "sd" else bits.FORMAT_DISK
        return mask


    def disk_usable(self, disk):
        """Can `disk` ("usb" / "sd") take a recording? Missing and full disks cannot."""
        return self.faults_of(disk) in ("ok", "slow")

    def faults_of(self, disk):
        return getattr(self.faults, disk)


def _answered(raw):
    return bool(raw) and raw.get("result", 0) in (0, "0")


def _body(raw):
    """A device answer without its result code."""
    if raw is None:
        return None
    out = plain_copy(dict(raw))
    out.pop("result", None)
    return out


# Importing the handler modules fills the method table (and binds `uploads` for tick()).
from usconf.emulator import cloud, edid, firmware, jobs, media, network, servers, settings, status, uploads, users  # noqa: E402,F401
