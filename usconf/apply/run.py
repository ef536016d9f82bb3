"""Send a plan's calls, verify by reading back, and roll back when the device refuses one.

- Calls run in the plan's order; the first refusal stops the run.
- A list item's id is looked up on the device right before the call (ids are the
  device's and may shift after a delete).
- A lost answer to a call that must not be repeated (add, delete, register)
  is resolved by re-reading: the call is sent again only if its effect is not
  on the device, so a dropped connection never leaves a duplicate or a gap.
- Afterwards the device is read back until it matches (write lag) or `settle`
  seconds pass; fields it silently ignored are reported.
- On a refusal, the applied calls are undone by planning from the device as it
  is now back to the pre-apply snapshot (the same planner), then verified.
"""
import time
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from typing import Optional

from usconf import model
from usconf.addresses import is_loopback
from usconf.plan.calls import image_key, plain, server_key, upload_key
from usconf.client import UncertainWrite
from usconf.plan.diff import diff
from usconf.errors import ConnectionFailed, DeviceError, PlanError, UsconfError
from usconf.plan.make import canonical_of, fingerprint, restrict, stale_sections
from usconf.plan.simulate import resolve_id
from usconf.secrets import Secret
from usconf.spec import status as status_bits


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
                    "error": self.rollback_error}}

    def _failed_dict(self):
        if self.failed is None:
            return None
        exc = self.failure
        return {"index": len(self.applied) + 1, "call": self.failed.to_dict(),
                "code": getattr(exc, "code", None), "name": getattr(exc, "name", None),
                "description": getattr(exc, "description", None), "message": self.error}


# --- did a call land? ------------------------------------------------------------------------

_KEYS = {"stream-server": server_key, "send-file-cloud": upload_key, "nosignal-files": image_key}
_ADDS = {"add-server": "stream-server", "send-file-add-server": "send-file-cloud",
         "add-nosignal-file": "nosignal-files"}


def _has_item(settings, lst, key):
    keyfn = _KEYS[lst]
    want = {k: str(v) for k, v in plain(key).items()}
    return any({k: str(v) for k, v in plain(keyfn(i)).items()} == want for i in settings.get(lst, []))


def _new_item_key(call):
    lst = _ADDS[call.method]
    if lst == "nosignal-files":
        return lst, image_key({"_file": call.upload})
    params = {k: plain(v) for k, v in call.params.items()}
    for k in ("type", "port"):
        if k in params and str(params[k]).lstrip("-").isdigit():
            params[k] = int(params[k])
    return lst, _KEYS[lst](params)


def landed(client, call):
    """True when the device shows the effect of a call whose answer was lost; None when it does not."""
    m = call.method
    if m in _ADDS:
        lst, key = _new_item_key(call)
        return True if _has_item(client.get_settings(), lst, key) else None
    if call.target is not None and m.endswith("del-server") or m == "del-nosignal-file":
        return None if _has_item(client.get_settings(), call.target["list"], call.target["key"]) else True
    if m in ("add-user", "del-user"):
        present = any(u.get("id") == call.params["id"] for u in client.get_users().get("users", []))
        return True if present == (m == "add-user") else None
    if m in ("cloud-reg-ex", "cloud-unreg-ex"):
        slots = {int(s.get("id")): s for s in client.cloud_status().get("status", [])}
        on = bool(slots.get(int(call.params["id"]), {}).get("is-cloud-set"))
        return True if on == (m == "cloud-reg-ex") else None
    if m == "set-app-passwd":
        return True if int(client.get_settings().get("passwd", -1)) == int(call.params["is-pass"]) else None
    if m == "set-first-over":
        return None if client.get_status().get("cur-status", 0) & status_bits.FIRST else True
    return None


def _settled(client, call, settle):
    deadline = time.monotonic() + settle
    while True:
        try:
            if landed(client, call):
                return True
        except ConnectionFailed:
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)


# --- sending ---------------------------------------------------------------------------------

def _params(call, client, settle=10.0):
    params = dict(call.params)
    if call.target is not None:
        # An item added a moment ago may not show yet (write lag): wait for it, within a bound.
        deadline = time.monotonic() + settle
        found = resolve_id(call, client.get_settings())
        while found is None and time.monotonic() < deadline:
            time.sleep(0.1)
            found = resolve_id(call, client.get_settings())
        if found is None:
            raise DeviceError(-10, method=call.method, description=f"the item it acts on ({call.reason}) is not "
                              "on the device")
        params = dict(id=str(found), **params)
    return params


def _send_raw(client, call, params):
    if call.upload:
        return client.upload(call.method, call.upload)
    if call.api == "cloud":
        return client.call_cloud(call.method, params)
    return client.call(call.method, params)


def send(client, call, settle=3.0):
    """One call, exactly once: a lost answer is resolved by reading what the device holds."""
    params = _params(call, client, settle=max(settle, 10.0))
    attempts = getattr(getattr(client, "retries", None), "attempts", 3)
    last = None
    for attempt in range(attempts):
        try:
            return _send_raw(client, call, params)
        except UncertainWrite as exc:
            last = exc
            if _settled(client, call, settle):
                return {"result": 0}
        except DeviceError:
            # A repeat refused as "already there" / "not found" means the first one landed.
            if attempt > 0 and _settled(client, call, 0):
                return {"result": 0}
            raise
    raise last


# --- verifying -------------------------------------------------------------------------------

def remaining(client, wanted):
    """Changes still between the device and the canonical desired state (write-only values skipped)."""
    snap = model.read_snapshot(client)
    return [c for c in diff(model.from_device(snap), wanted) if not _write_only_add(c)], snap


def _write_only_add(change):
    # A password of an existing user shows as a change only with update_password: always;
    # after apply it is still not readable, so it never verifies either way.
    return model.is_write_only(change.path)


def verify(client, wanted, settle):
    """Read back until the device matches or `settle` seconds pass; returns what never matched."""
    deadline = time.monotonic() + settle
    while True:
        left, snap = remaining(client, wanted)
        if not left or time.monotonic() >= deadline:
            return left, snap
        time.sleep(0.25)


# --- the run ---------------------------------------------------------------------------------

def interface_type(client, snapshot):
    """set-net's `type` of the interface the tool reaches the device through: 0 Wi-Fi, 1 Ethernet."""
    host = urlsplit(getattr(client, "base", "")).hostname
    wifi_ip = (((snapshot.status if snapshot is not None else None) or {}).get("wifi") or {}).get("ip")
    return "0" if host and wifi_ip and host == wifi_ip else "1"


def new_address(client, calls, kind=None):
    """The URL the device answers at after a set-net that moved the interface the tool uses, else None.

    Only a set-net of that interface (`kind`, set-net's type) moves the tool's connection: a
    static address given to the other one does not. A tool connected over loopback (an
    emulator, a tunnel) never follows the device to a non-loopback address: it could not
    reach it, and must not try.
    """
    parts = urlsplit(getattr(client, "base", ""))
    for call in reversed(calls):
        if call.method != "set-net" or str(call.params.get("is-dhcp")) != "0":
            continue
        if kind is not None and str(call.params.get("type")) != kind:
            continue
        ip = str(call.params.get("ip", ""))
        if not ip or ip == parts.hostname or (is_loopback(parts.hostname) and not is_loopback(ip)):
            continue
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{ip}{port}"
    return None


def _reconnect_after(client, calls, wanted, settle, snapshot=None):
    """A new session if a call moved the device's address or changed the tool's own password."""
    password = None
    if any(c.method == "ch-password" for c in calls):
        for user in wanted.get("users", []):
            if user.get("name") == client.username and user.get("password") is not None:
                password = Secret(user["password"]).reveal()
    url = new_address(client, calls, interface_type(client, snapshot))
    if url is None and password is None:
        return
    try:
        client.reconnect(url=url, password=password)
    except ConnectionFailed:
        client.wait_until_ready(timeout=max(settle, 5.0))


def run(calls, client, snapshot, wanted, rollback=True, on_event=None, settle=10.0):
    """Send `calls` in order to a device last read as `snapshot`; verify against `wanted` (canonical)."""
    result = ApplyResult()
    say = on_event or (lambda kind, **info: None)
    for n, call in enumerate(calls, 1):
        say("call", n=n, total=len(calls), call=call)
        try:
            send(client, call)
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
    if result.failed is None:
        try:
            _reconnect_after(client, result.applied, wanted, settle, snapshot)
            left, _ = verify(client, wanted, settle if result.applied else 0)
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
    """Plan from the device as it is now back to `snapshot`, send it, verify it."""
    from usconf.plan.build import plan_calls
    say("rollback", applied=len(result.applied))
    try:
        try:
            client.reconnect()
        except UsconfError:
            client.wait_until_ready(timeout=settle)
        now = model.read_snapshot(client)
        goal = model.device_state(snapshot)
        goal.users = [dict(u) for u in goal.users]
        calls = plan_calls(goal, now, login_user=client.username, url=getattr(client, "base", None))
        for call in calls:
            send(client, call)
            result.rollback_calls.append(call)
        back = model.from_device(snapshot)
        left, _ = verify(client, back, settle)
        result.rolled_back = not left
        if left:
            result.rollback_error = "after rollback the device still differs: " + ", ".join(c.path for c in left)
    except (UsconfError, PlanError) as exc:
        result.rolled_back = False
        result.rollback_error = str(exc)


def apply_plan(plan_, client, desired, rollback=True, on_event=None, settle=10.0):
    """Send exactly the plan's calls in order, verify by read-back, roll back on a refusal.

    Re-reads the device first and refuses (PlanError) when it no longer matches
    the fingerprint the plan was computed from; the calls sent are then the
    plan's own, not a fresh plan's. Returns an ApplyResult; raises nothing for a
    refused call (the result says what happened) except PlanError for a stale plan.
    """
    snap = model.read_snapshot(client)
    if plan_.fingerprint and plan_.fingerprint != fingerprint(snap):
        names = stale_sections(plan_, snap)
        raise PlanError(f"plan is stale: {', '.join(names) or 'the device state'} changed on the device; plan again")
    return run(plan_.calls, client, snap, restrict(canonical_of(desired), plan_.target), rollback=rollback,
               on_event=on_event, settle=settle)
