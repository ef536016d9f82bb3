"""Send a plan's calls, verify by reading back, and roll back when the device refuses one.

- Calls run in the plan's order; the first refusal stops the run.
- A list item's id is the device's and may shift after an add or a delete: it is
  taken from the last read of get-settings, read again before a targeted call
  only when a call since that read can have moved ids.
- Each call is sent exactly once (apply/once.py): a lost answer is resolved by
  re-reading, so a dropped connection never leaves a duplicate or a gap.
- Before the calls, one read of get-settings checks the plan is still fresh (the
  plan's own read stands for the rest); afterwards the reads that show the calls'
  effects are repeated until the device matches (write lag) or `settle` seconds
  pass; fields it silently ignored are reported.
- On a refusal, what the applied calls changed is put back from their journal of
  before-values, and nothing else (see usconf.apply.rollback).
"""
import time
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

from usconf import model
from usconf.addresses import is_this_machine, same_address
from usconf.apply import rollback
from usconf.apply.once import send
from usconf.errors import ConnectionFailed, DeviceError, OnAirError, PlanError, UsconfError
from usconf.plan import firmware as plan_firmware
from usconf.plan import onair
from usconf.plan.diff import diff
from usconf.plan.make import canonical_of, fingerprint, make_plan, restrict, stale_sections
from usconf.secrets import Secret


@dataclass
class ApplyResult:
    """What apply did. `ok` is true only when every call landed and the device verified."""
    applied: list = field(default_factory=list)         # Calls the device accepted, in order
    failed: Optional[object] = None                      # the Call the device refused
    error: Optional[str] = None                          # why it failed
    failure: Optional[Exception] = None                  # the DeviceError (code, name) or ConnectionFailed
    verified: bool = False
    ignored: list = field(default_factory=list)          # Changes still different after the calls
    rolled_back: Optional[bool] = None                   # None: no rollback was needed or wanted
    rollback_calls: list = field(default_factory=list)
    rollback_error: Optional[str] = None
    rollback_refused: list = field(default_factory=list)  # {"call", "error"}: rollback calls the device refused
    not_restored: list = field(default_factory=list)      # {"path", "reason"}: values the rollback left different
    new_address: "str | None" = None                     # the address a set-net gave the device
    followed: "str | None" = None                        # the URL apply reconnected to, if it moved
    snapshot: Optional[object] = field(default=None, repr=False)   # the verifying read (model Snapshot)

    @property
    def ok(self):
        return self.failed is None and self.error is None and self.verified and not self.ignored

    @property
    def changed(self):
        return bool(self.applied)

    def to_dict(self):
        """The outcome as docs/plan-format.md describes it (`usconf apply --json`), secrets masked."""
        return {"ok": self.ok, "changed": self.changed, "applied": [c.to_dict() for c in self.applied],
                "failed": self._failed_dict(), "error": self.error,
                "verified": self.verified, "ignored": [c.to_dict() for c in self.ignored],
                "rollback": None if self.rolled_back is None else {
                    "ok": self.rolled_back, "calls": [c.to_dict() for c in self.rollback_calls],
                    "refused": [{"call": r["call"].to_dict(), "error": r["error"]} for r in self.rollback_refused],
                    "not_restored": [dict(n) for n in self.not_restored],
                    "error": self.rollback_error},
                # only after a set-net that moved the device: where it is, and whether apply followed
                **({"new_address": self.new_address, "followed": self.followed} if self.new_address else {})}

    def _failed_dict(self):
        if self.failed is None:
            return None
        exc = self.failure
        return {"index": len(self.applied) + 1, "call": self.failed.to_dict(),
                "code": getattr(exc, "code", None), "name": getattr(exc, "name", None),
                "description": getattr(exc, "description", None), "message": self.error}


# --- verifying -------------------------------------------------------------------------------

# Which read shows a call's effect, beyond get-settings (read after any call). get-info never
# changes under a plan's calls. Every other method the planner makes changes get-settings only.
_SHOWN_IN = {
    "users": frozenset({"add-user", "del-user", "set-password", "ch-password"}),
    "edid": frozenset({"import-edid", "set-edid-config", "set-default-edid"}),
    "cloud": frozenset({"cloud-reg-ex", "cloud-unreg-ex"}),
    "status": frozenset({"open-softap", "close-softap", "set-first-over", "set-net"}),
}


def reads_for(calls):
    """The Snapshot parts (model.PARTS names) whose bodies `calls` can have changed."""
    parts = {"settings"}
    for call in calls:
        parts.update(part for part, methods in _SHOWN_IN.items() if call.method in methods)
    return parts


def _moves_ids(call):
    """True when list items or their ids may differ after `call`: an add or a delete.

    The planner's other calls on an item (set-server, enable-server, set-nosignal-file,
    ...) change neither ids nor the fields items are matched by."""
    method = call.method
    return method.startswith(("add-", "del-")) or "-add-" in method or "-del-" in method


def remaining(client, wanted, base=None, calls=()):
    """Changes still between the device and the canonical desired state (write-only values skipped).

    With `base` (a Snapshot read before `calls`), only what the calls can have
    changed is read again; without it, everything.
    """
    snap = model.read_snapshot(client) if base is None else model.reread(client, base, reads_for(calls))
    return [c for c in diff(model.from_device(snap), wanted) if not _write_only_add(c)], snap


def _write_only_add(change):
    # A password of an existing user shows as a change only with update_password: always;
    # after apply it is still not readable, so it never verifies either way.
    return model.is_write_only(change.path)


def verify(client, wanted, settle, base=None, calls=()):
    """Read back until the device matches or `settle` seconds pass; returns what never matched."""
    deadline = time.monotonic() + settle
    while True:
        left, snap = remaining(client, wanted, base, calls)
        if not left or time.monotonic() >= deadline:
            return left, snap
        time.sleep(0.25)


# --- the run ---------------------------------------------------------------------------------

_INTERFACES = {"1": "ethernet", "0": "wifi"}     # set-net type -> network.<interface>


def interface_type(client, snapshot):
    """set-net's `type` of the interface the tool reaches the device through: 0 Wi-Fi, 1 Ethernet."""
    host = urlsplit(getattr(client, "base", "")).hostname
    wifi_ip = (((snapshot.status if snapshot is not None else None) or {}).get("wifi") or {}).get("ip")
    return "0" if host and wifi_ip and host == wifi_ip else "1"


def address_change(calls, wanted, kind=None):
    """The static address the last set-net gave the device, when the document itself set it; else None.

    The set-net of a plan also carries what the device reported for the fields the
    document leaves out: an address that came from the device is never one to follow.
    With `kind` (set-net's type) only a set-net of that interface counts: a static address
    given to the other interface does not move the tool's connection.
    """
    network = (wanted or {}).get("network") or {}
    for call in reversed(calls):
        if call.method != "set-net" or str(call.params.get("is-dhcp")) != "0":
            continue
        if kind is not None and str(call.params.get("type")) != kind:
            continue
        ip = str(call.params.get("ip", ""))
        written = (network.get(_INTERFACES.get(str(call.params.get("type")), "")) or {}).get("address")
        if ip and written is not None and same_address(ip, written):
            return ip
    return None


def new_address(client, calls, wanted=None, kind=None):
    """The URL to reach the device at after a set-net of the interface the tool uses (`kind`) moved it
    to an address the document set, else None.

    A tool connected to this machine (an emulator, a tunnel: 127.0.0.0/8, ::1, 0.0.0.0 in
    any spelling) never follows the device elsewhere: it could not reach it, and must not try.
    """
    parts = urlsplit(getattr(client, "base", ""))
    ip = address_change(calls, wanted, kind)
    if ip is None or same_address(ip, parts.hostname):
        return None
    if is_this_machine(parts.hostname) and not is_this_machine(ip):
        return None
    port = f":{parts.port}" if parts.port else ""
    host = f"[{ip}]" if ":" in ip else ip
    return f"{parts.scheme}://{host}{port}"


def _reconnect_after(client, calls, wanted, settle, snapshot=None):
    """A new session if a call moved the device's address or changed the tool's own password.

    Returns the URL followed, or None.
    """
    password = None
    if any(c.method == "ch-password" for c in calls):
        for user in wanted.get("users", []):
            if user.get("name") == client.username and user.get("password") is not None:
                password = Secret(user["password"]).reveal()
    url = new_address(client, calls, wanted, interface_type(client, snapshot))
    if url is None and password is None:
        return None
    try:
        client.reconnect(url=url, password=password)
    except ConnectionFailed:
        client.wait_until_ready(timeout=max(settle, 5.0))
    return url


def run(calls, client, snapshot, wanted, rollback=True, on_event=None, settle=10.0):
    """Send `calls` in order to a device last read as `snapshot`; verify against `wanted` (canonical)."""
    result = ApplyResult()
    say = on_event or (lambda kind, **info: None)
    known = snapshot.settings       # list ids as the device held them at that read
    for n, call in enumerate(calls, 1):
        say("call", n=n, total=len(calls), call=call)
        try:
            if call.target is not None and known is None:
                known = client.get_settings()   # ids after the adds and deletes since the last read
            send(client, call, known=known)
        except (DeviceError, ConnectionFailed) as exc:
            result.failed, result.error, result.failure = call, str(exc), exc
            say("refused", n=n, call=call, error=str(exc))
            break
        except KeyboardInterrupt:
            # Ctrl-C must not leave a half-applied device behind: treat it as a refusal, so the
            # device goes back to the snapshot (rollback re-reads, so it copes with this call
            # having landed or not). A second Ctrl-C during the rollback stops everything.
            result.failed, result.error = call, "interrupted (Ctrl-C) before this call was confirmed"
            say("refused", n=n, call=call, error=result.error)
            break
        result.applied.append(call)
        if _moves_ids(call):
            known = None
    if result.failed is None:
        try:
            result.new_address = address_change(result.applied, wanted)
            result.followed = _reconnect_after(client, result.applied, wanted, settle, snapshot)
            left, result.snapshot = verify(client, wanted, settle if result.applied else 0,
                                           base=snapshot, calls=result.applied)
        except UsconfError as exc:
            result.error = f"could not read the device back: {exc}"
            return result
        result.verified = not left
        result.ignored = left
        return result
    if rollback and result.applied:
        roll_back(client, snapshot, result, say, settle)
    return result


def roll_back(client, snapshot, result, say=lambda kind, **info: None, settle=10.0):
    """Put back what this apply's calls changed (their journal of before-values), best effort."""
    return rollback.restore(client, snapshot, result, send, say, settle)


def apply_plan(plan_, client, desired, rollback=True, on_event=None, settle=10.0, allow_interrupt=False):
    """Send exactly the plan's calls in order, verify by read-back, roll back on a refusal.

    Checks first that the device still matches the fingerprint the plan was
    computed from, and refuses (PlanError) when it does not; the calls sent are
    then the plan's own, not a fresh plan's. A plan made in this process carries
    its read: the check then reads get-settings alone (where other writers change
    things) and takes the rest from that read; a plan loaded from a file re-reads
    everything. Returns an ApplyResult; raises nothing for a refused call (the
    result says what happened) except PlanError for a stale plan, and OnAirError
    when the device is live or recording and a call would interrupt it (unless
    `allow_interrupt`); then nothing is sent.
    """
    if plan_.snapshot is not None:
        snap = model.reread(client, plan_.snapshot, ("settings",))
    else:
        snap = model.read_snapshot(client)
    if plan_.fingerprint and plan_.fingerprint != fingerprint(snap):
        names = stale_sections(plan_, snap)
        raise PlanError(f"plan is stale: {', '.join(names) or 'the device state'} changed on the device; plan again")
    blocked = None if allow_interrupt else onair.refusal(plan_.calls, snap)
    if blocked:
        raise OnAirError(blocked)
    if plan_.firmware and not allow_interrupt and onair.on_air(onair.air_state(snap)):
        raise OnAirError(f"the device is on air ({onair.state_text(onair.air_state(snap))}) and the plan "
                         f"installs firmware, which restarts it; give --allow-interrupt to go ahead")
    wanted, _ = plan_firmware.split(restrict(canonical_of(desired), plan_.target))
    calls = plan_.calls
    if plan_.firmware:
        calls, snap = _install_firmware(plan_, client, desired, on_event)
    return run(calls, client, snap, wanted, rollback=rollback, on_event=on_event, settle=settle)


def _install_firmware(plan_, client, desired, on_event):
    """The firmware step: upload, update, wait for the restart, check the version (a failure raises,
    the old firmware stays). Then the rest is planned again on what the new firmware reads back."""
    from usconf.ops import firmware as ops_firmware

    fw = plan_.firmware

    def progress(what, done, total):
        if on_event:
            on_event("firmware", what=what, done=done, total=total)
    if on_event:
        on_event("firmware-start", step=plan_firmware.describe(fw))
    ops_firmware.install(client, fw["file"], fw["to"], wait=True, interval=0.5, progress=progress)
    if on_event:
        on_event("firmware-done", version=fw["to"])
    rest = make_plan(desired, client, targets=plan_.target)
    return rest.calls, model.read_snapshot(client)
