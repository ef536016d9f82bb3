"""The fleet handlers behind `-i/--inventory` (see usconf/cli/fleet.py, which imports this module
only when an inventory is given): load, select, run over usconf.fleet, print the reports."""
import os
import sys
import threading
from pathlib import Path

import click

from usconf.cli.connection import DEFAULT_USERNAME, read_password
from usconf.cli.options import given
from usconf.errors import UsconfError, ValidationError
from usconf.fleet import detect, report
from usconf.fleet.inventory import load_inventory
from usconf.fleet.runner import Fleet, read_plans, save_plans
from usconf.fleet.select import select
from usconf.output import text as render

# --- shared plumbing ----------------------------------------------------------------------------

def _refuse(**flags):
    """Single-device options that mean nothing with an inventory."""
    used = [flag for flag, value in flags.items() if value]
    if used:
        raise click.UsageError(f"{', '.join(used)} cannot be used with -i/--inventory; "
                               "put addresses and variables in the inventory")


def _fleet(run, kwargs):
    """A Fleet with the connection options as defaults for what the inventory leaves out."""
    if given("device"):
        raise click.UsageError("give --device or -i/--inventory, not both")
    _refuse(**{"--var": kwargs.get("var_pairs"), "--vars-file": kwargs.get("vars_files"),
               "--target": kwargs.get("targets")})
    password = read_password(kwargs.get("password_file"))
    return Fleet(parallel=run.parallel, username=kwargs.get("username") or DEFAULT_USERNAME, password=password,
                 cloud_port=kwargs["cloud_port"], timeout=kwargs["timeout"],
                 settle=run.extra.get("settle", 10.0))


def _devices(run):
    inventory = load_inventory(run.inventory)
    devices = select(inventory, run.limit)
    if not devices:
        raise UsconfError(f"{run.inventory}: no device selected")
    return devices


class Display:
    """Progress on stderr: a rich bar on a terminal, else one plain line per device as it finishes."""

    def __init__(self, total, verb, quiet=False, stream=None):
        self.total, self.verb, self.quiet = total, verb, quiet
        self.stream = stream or sys.stderr
        self.lock = threading.Lock()
        self.done = self.failing = self.running = 0
        self.bar = self.task = None

    def __enter__(self):
        if not self.quiet and getattr(self.stream, "isatty", lambda: False)():
            # imported only on a terminal: a pipe or a CI log never pays for rich
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(file=self.stream), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self._description(), total=self.total)
        return self

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()

    def _description(self):
        return f"{self.verb}: {self.failing} failing, {self.running} running"

    def __call__(self, kind, device=None, outcome=None):
        with self.lock:
            if kind == "start":
                self.running += 1
            elif kind == "done":
                self.running -= 1 if outcome.status != "skipped" else 0
                self.done += 1
                self.failing += 1 if outcome.failed else 0
                if self.bar is None and not self.quiet:
                    click.echo(self._line(device, outcome), err=True)
            if self.bar is not None:
                self.bar.update(self.task, completed=self.done, description=self._description())

    def _line(self, device, outcome):
        what = f"{outcome.status}"
        if outcome.failed:
            what += f": {report._clean(outcome.error)}"
        elif outcome.plan is not None:
            what += f", {outcome.changes} changes, {outcome.calls} calls"
        return f"[{self.done}/{self.total}] {device.name}: {what}"


def _run(fleet, devices, verb, quiet, work):
    display = Display(len(devices), verb, quiet)
    fleet.on_event = display
    with display:
        return work(devices)


def _finish(outcomes, verb, code):
    """The totals, then the failing devices as the last lines (stderr), and the exit status."""
    click.echo(report.totals_line(outcomes, verb), err=True)
    for line in report.failing_lines(outcomes):
        click.echo(line, err=True)
    click.get_current_context().exit(code)


def _print_plans(outcomes, quiet, drift=False):
    click.echo(report.summary_table(outcomes), nl=False)
    if quiet:
        return
    color = render.use_color(sys.stdout)
    for o in outcomes:
        if o.status != "ok" or o.plan is None:
            click.echo("")
            click.echo(report.device_section(o, color=color, drift=drift), nl=False)


# --- the commands -------------------------------------------------------------------------------

def validate_fleet(run, files=(), **kwargs):
    _refuse(**{"--var": kwargs.get("var_pairs"), "--vars-file": kwargs.get("vars_files")})
    devices = _devices(run)
    fleet = Fleet(parallel=run.parallel)
    outcomes = _run(fleet, devices, "validated", True, fleet.validate)
    for o in outcomes:
        if o.failed:
            click.echo(f"{o.device.name}: invalid")
            for problem in o.problems or [o.error]:
                click.echo(f"  {problem}")
        elif not run.quiet:
            click.echo(f"{o.device.name}: valid ({o.device.file})")
    bad = [o for o in outcomes if o.failed]
    click.echo(f"{len(outcomes)} device(s) validated: {len(outcomes) - len(bad)} valid, {len(bad)} invalid.", err=True)
    click.get_current_context().exit(1 if bad else 0)


def plan_fleet(run, file=None, out=None, as_json=False, markdown=False, detailed_exitcode=False, **kwargs):
    fleet = _fleet(run, kwargs)
    devices = _devices(run)
    outcomes = _run(fleet, devices, "planning", run.quiet, fleet.plan)
    _emit(outcomes, as_json, markdown, run, title="usconf plan")
    if out:
        written = save_plans(outcomes, out)
        click.echo(f"Saved {len(written)} plan(s) to {out}; run `usconf apply -i {run.inventory} --plans {out}` "
                   "to apply exactly these.", err=True)
    _finish(outcomes, "planned", report.exit_code(outcomes, detailed=detailed_exitcode))


def _emit(outcomes, as_json, markdown, run, title, drift=False):
    if as_json:
        click.echo(report.as_json(outcomes, drift=drift), nl=False)
    elif markdown:
        click.echo(report.markdown(outcomes, title=title, drift=drift), nl=False)
    else:
        _print_plans(outcomes, run.quiet, drift=drift)
    junit = run.extra.get("junit_file")
    if junit:
        try:
            with open(junit, "w", encoding="utf-8") as fh:
                fh.write(report.junit(outcomes, suite=title, changes_fail=drift))
        except OSError as exc:
            raise UsconfError(f"cannot write {junit}: {exc.strerror or exc}") from None


def apply_fleet(run, file=None, yes=False, no_rollback=False, as_json=False, **kwargs):
    fleet = _fleet(run, kwargs)
    devices = _devices(run)
    plans_dir = run.extra.get("plans_dir")
    saved = read_plans(plans_dir, devices) if plans_dir else None
    planned = None
    if not yes:
        if not sys.stdin.isatty():
            raise UsconfError("not a terminal: rerun with --yes to apply without asking")
        shown = _run(fleet, devices, "planning", run.quiet, fleet.plan)
        _print_plans(shown, run.quiet)
        ready = [o for o in shown if o.status == "changes"]
        if not ready:
            _finish(shown, "planned", report.exit_code(shown))
        click.confirm(f"Apply these calls to {len(ready)} device(s)?", abort=True, err=True)
        planned = {o.device.name: o.plan for o in ready}
        devices = [o.device for o in ready]
    outcomes = _run(fleet, devices, "applying", run.quiet,
                    lambda ds: fleet.apply(ds, serial=run.extra.get("serial"),
                                           max_failures=run.extra.get("max_failures"), saved=saved,
                                           planned=planned, rollback=not no_rollback))
    if as_json:
        click.echo(report.as_json(outcomes), nl=False)
    else:
        click.echo(report.summary_table(outcomes), nl=False)
    _finish(outcomes, "applied", report.exit_code(outcomes))


def status_fleet(run, as_json=False, **kwargs):
    fleet = _fleet(run, kwargs)
    devices = _devices(run)
    outcomes = _run(fleet, devices, "reading", run.quiet, fleet.status)
    if as_json:
        click.echo(report.as_json(outcomes, drift=True), nl=False)
    else:
        click.echo(report.status_table(outcomes), nl=False)
    _finish(outcomes, "read", report.exit_code(outcomes))


def validate_detected(func, args, kwargs, positional):
    """`validate --detect FILE...`: inventories with every device, desired states through the inventory
    that uses them (found under the current folder), other desired states on their own (by `func`,
    the plain validate command)."""
    files = kwargs.get(positional) or ()
    kinds = {path: detect.kind_of(path) for path in files}
    inventories = sorted({os.path.normpath(p) for p, k in kinds.items() if k == detect.INVENTORY})
    desired = [p for p, k in kinds.items() if k == detect.DESIRED]
    others = [p for p, k in kinds.items() if k == detect.OTHER]
    found = {os.path.normpath(p) for p in detect.find_inventories(".")} if desired or others else set()
    users = detect.users_of(sorted(found | set(inventories)), load_inventory) if desired else {}
    # a vars file has no usconf: key; the inventories that name it are checked again
    inventories = sorted(set(inventories) | {i for i in found if detect.names_any(i, others)})
    alone = []
    for path in desired:
        found = users.get(str(Path(path).resolve()))
        if found:
            inventories = sorted(set(inventories) | found)
        else:
            alone.append(path)
    invalid = 0
    for path in inventories:
        try:
            outcomes = Fleet(parallel=1).validate(load_inventory(path).devices)
        except ValidationError as exc:
            outcomes, problems = [], exc.problems
            invalid += 1
            click.echo("\n".join(problems))
            click.echo(f"{path}: invalid", err=True)
        for o in outcomes:
            if o.failed:
                invalid += 1
                click.echo(f"{path}: {o.device.name}: invalid")
                for problem in o.problems or [o.error]:
                    click.echo(f"  {problem}")
        if outcomes and not any(o.failed for o in outcomes):
            click.echo(f"{path}: valid ({len(outcomes)} devices)")
    code = 0
    if alone:
        try:
            func(*args, **{**kwargs, positional: tuple(alone)})
        except click.exceptions.Exit as exc:
            code = exc.exit_code
    click.get_current_context().exit(1 if invalid or code else 0)


def drift_fleet(run, as_json=False, markdown=False, junit_file=None, **kwargs):
    run.extra["junit_file"] = junit_file
    fleet = _fleet(run, kwargs)
    devices = _devices(run)
    outcomes = _run(fleet, devices, "checking", run.quiet, fleet.plan)
    _emit(outcomes, as_json, markdown, run, title="usconf drift", drift=True)
    _finish(outcomes, "checked", report.exit_code(outcomes, detailed=True))


def operate_fleet(inventory, limit, parallel, quiet, connection, as_json, work, lines):
    """An operation command with -i: `work(client) -> dict` on every selected device; `lines(result)`
    words each device's result (the single-device command's own words)."""
    fleet = Fleet(parallel=parallel, username=connection.username, password=connection.password,
                  cloud_port=connection.cloud_port, timeout=connection.timeout)
    devices = select(load_inventory(inventory), limit)
    if not devices:
        raise UsconfError(f"{inventory}: no device selected")
    outcomes = _run(fleet, devices, "working", quiet, lambda chosen: fleet.operate(chosen, work))
    if as_json:
        click.echo(report.as_json(outcomes), nl=False)
    elif not quiet:
        for outcome in outcomes:
            if not outcome.failed:
                for line in lines(outcome.result):
                    click.echo(f"{outcome.device.name}: {line}")
    _finish(outcomes, "done", report.exit_code(outcomes))
