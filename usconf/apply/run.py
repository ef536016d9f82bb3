"""Send a plan's calls, verify by reading back, and roll back when the device refuses one.

- Calls run in the plan's order; the first refusal stops the run.
- A list item's id is looked up on the device right before the call (ids are the
  device's and may shift after a delete).
- Each call is sent exactly once (apply/once.py): a lost answer is resolved by
  re-reading, so a dropped connection never leaves a duplicate or a gap.
- Afterwards the device is read back until it matches (write lag) or `settle`
  seconds pass; fields it silently ignored are reported.
- On a refusal, what the applied calls changed is put back from their journal of
  before-values, and nothing else (see usconf.apply.rollback).
"""
import time
from urllib.parse import urlsplit
from dataclasses import dataclass, field
from typing import Optional

from usconf import model
from usconf.apply import rollback
from usconf.addresses import is_loopback
from usconf.plan.diff import diff
from usconf.errors import ConnectionFailed, DeviceError, PlanError, UsconfError
from usconf.plan.make import canonical_of, fingerprint, restrict, stale_sections
from usconf.apply.once import send
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
                    "error": self.rollback_error}}

    def _failed_dict(self):
        if self.failed is None:
            return None
        exc = self.failure
        return {"index": len(self.applied) + 1, "call": self.failed.to_dict(),
                "code": getattr(exc, "code", None), "name": getattr(exc, "name", None),
                "description": getattr(exc, "description", None), "message": self.error}


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

def new_address(client, calls):
    """The URL the device answers at after a set-net that moved the interface the tool uses, else None.

    A tool connected over loopback (an emulator, a tunnel) never follows the device
    to a non-loopback address: it could not reach it, and must not try.
    """
    parts = urlsplit(getattr(client, "base", ""))
    for call in reversed(calls):
        if call.method != "set-net" or str(call.params.get("is-dhcp")) != "0":
            continue
        ip = str(call.params.get("ip", ""))
        if not ip or ip == parts.hostname or (is_loopback(parts.hostname) and not is_loopback(ip)):
            continue
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{ip}{port}"
    return None


def _reconnect_after(client, calls, wanted, settle):
    """A new session if a call moved the device's address or changed the tool's own password."""
    password = None
    if any(c.method == "ch-password" for c in calls):
        for user in wanted.get("users", []):
            if user.get("name") == client.username and user.get("password") is not None:
                password = Secret(user["password"]).reveal()
    url = new_address(client, calls)
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
            _reconnect_after(client, result.applied, wanted, settle)
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
    """Put back what this apply's calls changed (their journal of before-values), best effort."""
    return rollback.restore(client, snapshot, result, send, say, settle)


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
