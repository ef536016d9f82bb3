"""Run validate, plan, apply and status over many devices: one process, a thread pool, one session each.

    fleet = Fleet(parallel=16, on_event=show)
    outcomes = fleet.plan(select(inventory, "studios"))      # one Outcome per device, inventory order

Each device is worked on by one thread from start to end with its own Client, closed
afterwards. A device that fails (unreachable, refused, invalid file, even a bug) gives an
Outcome with status `error` or `unreachable`; it never stops or touches the others.
`on_event(kind, device=..., outcome=...)` is called from the worker threads: "start"
when a device is begun, "done" with its Outcome.
"""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from usconf import model
from usconf.apply.run import apply_plan
from usconf.client import Client, RetryPolicy
from usconf.client.session import DEFAULT_CLOUD_PORT, DEFAULT_TIMEOUT
from usconf.errors import ConnectionFailed, PlanError, UsconfError, ValidationError
from usconf.fleet import DEFAULT_PARALLEL
from usconf.fleet.inventory import device_desired
from usconf.plan.make import check_saved, make_plan
from usconf.plan.records import Plan
from usconf.secrets import Secret
from usconf.spec.status import LIVING, RECORD

OK, CHANGES, ERROR, UNREACHABLE, SKIPPED = "ok", "changes", "error", "unreachable", "skipped"
FAILED = (ERROR, UNREACHABLE, SKIPPED)


@dataclass
class Outcome:
    """What one device gave. `plan` is the plan made (plan, apply, drift); `result` the ApplyResult;
    `problems` a validation's lines; `facts` what status read; `error` one line for a failure."""
    device: object
    status: str
    plan: object | None = None
    result: object | None = None
    error: str | None = None
    problems: list = field(default_factory=list)
    facts: dict | None = None
    seconds: float = 0.0

    @property
    def failed(self):
        return self.status in FAILED

    @property
    def changes(self):
        return len(self.plan.changes) if self.plan is not None else 0

    @property
    def calls(self):
        return len(self.plan.calls) if self.plan is not None else 0


def _first_line(exc):
    if isinstance(exc, ValidationError):
        extra = len(exc.problems) - 1
        return exc.problems[0] + (f" (and {extra} more problem{'s' if extra != 1 else ''})" if extra > 0 else "")
    return str(exc)


def _failure(device, exc):
    """The Outcome of a device whose work raised."""
    if isinstance(exc, ConnectionFailed):
        return Outcome(device, UNREACHABLE, error=str(exc))
    if isinstance(exc, UsconfError):
        return Outcome(device, ERROR, error=_first_line(exc),
                       problems=list(exc.problems) if isinstance(exc, ValidationError) else [])
    # A bug must not take the other devices down with it; the message names it as one.
    return Outcome(device, ERROR, error=f"internal error: {exc.__class__.__name__}: {exc}")


def apply_error(result):
    """One line saying why an apply did not end verified (secrets are already masked in it)."""
    if result.failed is not None:
        text = f"call {len(result.applied) + 1} ({result.failed.method}) failed: {result.error}"
        if result.rolled_back:
            return text + f"; rolled back with {len(result.rollback_calls)} call(s)"
        if result.rolled_back is False:
            return text + f"; rollback failed: {result.rollback_error}"
        return text
    if result.error:
        return result.error
    if result.ignored:
        return "the device did not take: " + ", ".join(c.path for c in result.ignored)
    return "not verified"


def _facts(snapshot, plan=None, drift_error=None):
    product = snapshot.info.get("product", {}) if snapshot.info else {}
    mask = snapshot.cur_status if hasattr(snapshot, "cur_status") else 0
    return {"model": product.get("module-name"), "serial": product.get("sn"),
            "firmware": product.get("firmware-ver-s"),
            "input": (snapshot.status or {}).get("input-signal") or {},
            "live": bool(mask & LIVING), "recording": bool(mask & RECORD),
            "drift": None if plan is None else not plan.empty, "drift_error": drift_error}


class Fleet:
    """Runs one kind of work over devices. The connection values are the defaults for devices whose
    inventory entry does not give them (the CLI passes its --username, --password-file, ...)."""

    def __init__(self, parallel=DEFAULT_PARALLEL, env=None, username="Admin", password=None,
                 cloud_port=DEFAULT_CLOUD_PORT, timeout=DEFAULT_TIMEOUT, settle=10.0, on_event=None):
        self.parallel = max(1, int(parallel))
        self.env = env
        self.username = username
        self.password = Secret(password if password is not None else "Admin")
        self.cloud_port = cloud_port
        self.timeout = timeout
        self.settle = settle
        self.on_event = on_event or (lambda kind, **info: None)
        self._lock = threading.Lock()
        self._failures = 0

    # --- plumbing -----------------------------------------------------------------------------

    def client(self, device):
        """A Client (not yet logged in) for a device, its own values over the defaults."""
        return Client(device.url, device.username or self.username,
                      device.password if device.password is not None else self.password,
                      cloud_port=device.cloud_port or self.cloud_port, timeout=device.timeout or self.timeout,
                      retries=RetryPolicy())

    def desired(self, device):
        return device_desired(device, env=self.env)

    def _guarded(self, work, device, stop_after=None):
        if stop_after is not None and self._failures >= stop_after:
            outcome = Outcome(device, SKIPPED, error=f"not started: {self._failures} device(s) failed "
                                                     f"(--max-failures {stop_after})")
            self.on_event("done", device=device, outcome=outcome)
            return outcome
        self.on_event("start", device=device)
        started = time.monotonic()
        try:
            outcome = work(device)
        except Exception as exc:    # noqa: BLE001 -- one device's failure, of any kind, stays its own
            outcome = _failure(device, exc)
        outcome.seconds = time.monotonic() - started
        if outcome.failed:
            with self._lock:
                self._failures += 1
        self.on_event("done", device=device, outcome=outcome)
        return outcome

    def _map(self, work, devices, stop_after=None):
        devices = list(devices)
        if not devices:
            return []
        workers = min(self.parallel, len(devices))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="usconf-fleet") as pool:
            futures = [pool.submit(self._guarded, work, d, stop_after) for d in devices]
            return [f.result() for f in futures]

    # --- the commands ---------------------------------------------------------------------------

    def validate(self, devices, info=None):
        """Each device's document rendered and validated offline; nothing is contacted."""
        def work(device):
            device_desired(device, env=self.env, info=info)
            return Outcome(device, OK)
        return self._map(work, devices)

    def plan(self, devices):
        """A plan per device: what apply would do, nothing sent."""
        def work(device):
            desired = self.desired(device)
            with self.client(device) as dev:
                plan = make_plan(desired, dev)
            return Outcome(device, OK if plan.empty else CHANGES, plan=plan)
        return self._map(work, devices)

    def status(self, devices):
        """What each device is doing, and whether it drifted from its desired state."""
        def work(device):
            try:
                desired, problem = self.desired(device), None
            except UsconfError as exc:
                desired, problem = None, _first_line(exc)
            with self.client(device) as dev:
                snapshot = model.read_snapshot(dev)
                plan = None
                if desired is not None:
                    try:
                        plan = make_plan(desired, snapshot, url=dev.base, client=dev)
                    except UsconfError as exc:
                        problem = _first_line(exc)
            facts = _facts(snapshot, plan, problem)
            status = ERROR if problem else (CHANGES if plan is not None and not plan.empty else OK)
            return Outcome(device, status, plan=plan, facts=facts, error=problem)
        return self._map(work, devices)

    def operate(self, devices, work):
        """One named operation on each device: `work(client) -> dict` (a usconf.ops function with its
        arguments bound), kept as the device's `result`. A result that says `changed` counts as a
        change; a refusal fails that device only."""
        def run(device):
            with self.client(device) as dev:
                result = work(dev)
            return Outcome(device, CHANGES if result.get("changed") else OK, result=result)
        return self._map(run, devices)

    def apply(self, devices, serial=None, max_failures=None, saved=None, planned=None, rollback=True):
        """Plan, apply, verify (and on a refusal roll back) each device, in rolling batches.

        serial: devices per batch (None: one batch of all); max_failures: start no new batch
        (no new device without serial) once that many devices failed. saved: name -> Plan (or the
        error reading it) saved by `plan --out`: a device is applied only if a fresh plan matches
        its saved one, and a device without one fails; planned: name -> Plan
        just shown to the user, applied only if the device has not moved since.
        """
        planned = planned or {}

        def work(device):
            desired = self.desired(device)
            with self.client(device) as dev:
                plan = planned.get(device.name)
                if plan is None:
                    plan = make_plan(desired, dev)
                    if saved is not None:
                        _check_saved(device, saved.get(device.name), desired, plan, dev)
                if plan.empty:
                    return Outcome(device, OK, plan=plan)
                result = apply_plan(plan, dev, desired, rollback=rollback, settle=self.settle)
            if result.ok:
                return Outcome(device, CHANGES, plan=plan, result=result)
            status = UNREACHABLE if isinstance(result.failure, ConnectionFailed) else ERROR
            return Outcome(device, status, plan=plan, result=result, error=apply_error(result))

        devices = list(devices)
        self._failures = 0
        if not serial:
            return self._map(work, devices, stop_after=max_failures)
        out = []
        for start in range(0, len(devices), serial):
            batch = devices[start:start + serial]
            stop = max_failures is not None and self._failures >= max_failures
            out += self._map(work, batch, stop_after=max_failures if stop else None)
        return out


def _check_saved(device, saved, desired, fresh, client):
    if saved is None:
        raise PlanError(f"no saved plan for device {device.name}; plan it with `usconf plan -i ... --out DIR`")
    if isinstance(saved, Exception):
        raise saved
    if saved.source.get("sha256") and saved.source["sha256"] != desired.sha256:
        raise PlanError(f"plan is stale: {desired.source} changed since the plan was made; plan again")
    check_saved(saved, fresh, model.read_snapshot(client))


def plan_file(directory, device):
    """Where `plan --out DIR` saves a device's plan (device names are safe file names: see the schema)."""
    return os.path.join(str(directory), f"{device.name}.json")


def save_plans(outcomes, directory):
    """Save each planned device's plan under `directory`; returns the paths written."""
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as exc:
        raise UsconfError(f"cannot create {directory}: {exc.strerror or exc}") from None
    written = []
    for outcome in outcomes:
        if outcome.plan is not None:
            path = plan_file(directory, outcome.device)
            outcome.plan.save(path)
            written.append(path)
    return written


def read_plans(directory, devices):
    """name -> the Plan saved for each device, or the error that reading it gave."""
    out = {}
    for device in devices:
        path = plan_file(directory, device)
        if not os.path.exists(path):
            continue
        try:
            out[device.name] = Plan.load(path)
        except UsconfError as exc:
            out[device.name] = exc
        except OSError as exc:
            out[device.name] = PlanError(f"{path}: cannot read: {exc.strerror or exc}")
    return out
