"""`usconf plan` and `usconf apply`: thin wrappers over usconf.plan.make (plan's work is in usconf.cli.plan_device)."""
import os
import stat
import sys

import click

from usconf.cli import cli
from usconf.cli.connection import parse_vars
from usconf.cli.fleet import fleet_mode
from usconf.cli.language import variable_options
from usconf.cli.options import connection_options
from usconf.cli.plan_device import connection_for, load_desired, plan_device, plan_text
from usconf.cli.progress import PlainProgress
from usconf.errors import ApplyError, OnAirError, PlanError, UsconfError
from usconf.output import text as render
from usconf.plan import onair
from usconf.plan.make import check_saved, check_secrets, make_plan
from usconf.plan.records import Plan


@cli.command("plan")
@click.argument("file", metavar="FILE", required=False)
@click.option("--out", "out", metavar="PLAN", help="Save the plan (no secrets in it) for `usconf apply PLAN`; "
              "with -i a directory, one plan per device.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (docs/plan-format.md).")
@click.option("--markdown", is_flag=True, help="Print the plan as Markdown (for a pull request).")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0 for no changes, 1 for an error, 2 for changes.")
@click.option("--target", "targets", multiple=True, metavar="PATH",
              help="Plan only this section or path (repeatable), e.g. live.servers.")
@fleet_mode("plan", positional="file")
@variable_options
@connection_options
@click.pass_context
def plan_command(ctx, file, out, as_json, markdown, detailed_exitcode, targets, var_pairs, vars_files, secrets_dirs,
                 connection):
    """Show what `usconf apply FILE` would change on the device, and in which order."""
    ctx.exit(plan_device(file, connection, out=out, as_json=as_json, markdown=markdown,
                         detailed_exitcode=detailed_exitcode, targets=targets, var_pairs=var_pairs,
                         vars_files=vars_files, secrets_dirs=secrets_dirs))


def _is_saved_plan(path):
    try:
        # a FIFO or a device is refused by the loader, never opened here (open() would block)
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip()
    except OSError as exc:
        raise UsconfError(f"{path}: cannot read: {exc.strerror}") from None
    # bytes, not text: a binary file is not a plan, and the loader says what it is instead
    return head.startswith(b"{")


def _load_saved_source(file, saved, var_pairs, vars_files, secrets_dirs=None):
    """The desired state a saved plan was made from: its source with the vars files it records
    (unless --vars-file gives others), each checked against the sha256 the plan holds."""
    source = saved.source.get("path")
    if not source:
        raise PlanError(f"{file}: the saved plan names no source file")
    # --var values are not in the plan (they may be secrets): the user gives them again
    missing = [name for name in saved.source.get("vars") or [] if name not in parse_vars(var_pairs)]
    if missing:
        given = " ".join(f"--var {name}=..." for name in missing)
        raise UsconfError(f"{file} was planned with --var {', '.join(missing)}, whose values a saved plan "
                          f"does not keep; give them again: usconf apply {file} {given}")
    recorded = saved.source.get("vars_files") or []
    desired = load_desired(source, var_pairs, vars_files or [f["path"] for f in recorded], secrets_dirs)
    if desired.sha256 != saved.source.get("sha256"):
        raise PlanError(f"plan is stale: {source} changed since the plan was made; plan again")
    if not vars_files:
        for was, now in zip(recorded, desired.vars_files):
            if was.get("sha256") != now["sha256"]:
                raise PlanError(f"plan is stale: {was['path']} changed since the plan was made; plan again")
    return desired


def _progress(kind, **info):
    if kind == "call":
        click.echo(f"  [{info['n']}/{info['total']}] {info['call'].describe()}")
    elif kind == "refused":
        click.echo(f"  refused: {info['error']}", err=True)
    elif kind == "rollback":
        click.echo(f"Rolling back what the {info['applied']} applied call(s) changed...", err=True)
    elif kind == "rollback-refused":
        click.echo(f"  refused during rollback (going on): {info['error']}", err=True)
    elif kind == "firmware-start":
        click.echo(f"  {info['step']}")
        _FIRMWARE_PROGRESS[:] = [PlainProgress()]
    elif kind == "firmware":
        _FIRMWARE_PROGRESS[0](info["what"], info["done"], info["total"])
    elif kind == "firmware-done":
        click.echo(f"  firmware {info['version']} runs; planning the rest on it")


_FIRMWARE_PROGRESS = [PlainProgress()]     # a fresh one per firmware step (see firmware-start)


@cli.command("apply")
@click.argument("file", metavar="FILE|PLAN", required=False)
@click.option("--yes", is_flag=True, help="Apply without asking (required without a terminal).")
@click.option("--no-rollback", is_flag=True, help="On a refused call, leave the applied calls in place.")
@click.option("--allow-interrupt", is_flag=True,
              help="Apply even while the device is live or recording, though calls marked on air interrupt it.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: the plan and what apply did (docs/plan-format.md).")
@fleet_mode("apply", positional="file")
@variable_options
@connection_options
@click.pass_context
def apply_command(ctx, file, yes, no_rollback, allow_interrupt, as_json, var_pairs, vars_files, secrets_dirs,
                  connection):
    """Apply FILE (or a PLAN saved by `usconf plan --out`) to the device, then verify it."""
    from usconf.apply.run import ApplyResult, apply_plan  # here, so `usconf plan` never loads the apply stage
    saved = None
    if _is_saved_plan(file):
        saved = Plan.load(file)
        desired = _load_saved_source(file, saved, var_pairs, vars_files, secrets_dirs)
        check_secrets(saved, desired)
    else:
        desired = load_desired(file, var_pairs, vars_files, secrets_dirs)
    connection = connection_for(connection, desired)
    with connection.client() as device:
        p = make_plan(desired, device, targets=saved.target if saved else None)
        if saved is not None:
            check_saved(saved, p, p.snapshot)     # the read the fresh plan was made from
        if p.empty:
            # Planned from a fresh read and nothing differs: the device already matches.
            click.echo(render.apply_json(p, ApplyResult(verified=True)) if as_json else plan_text(p), nl=False)
            ctx.exit(0)
        if not as_json:
            click.echo(plan_text(p), nl=False)
        blocked = None if allow_interrupt else onair.plan_refusal(p)
        if blocked:
            raise OnAirError(blocked)
        if not yes:
            if not sys.stdin.isatty():
                raise UsconfError("not a terminal: rerun with --yes to apply without asking")
            click.confirm("Apply these calls to the device?", abort=True, err=True)
        result = apply_plan(p, device, desired, rollback=not no_rollback,
                            on_event=None if as_json else _progress, allow_interrupt=allow_interrupt)
    if as_json:
        click.echo(render.apply_json(p, result), nl=False)
    ctx.exit(_report(result, quiet=as_json))


def _report_rollback(result):
    """Which values the rollback could not put back, one line each, and the rollback calls refused."""
    click.echo(f"Rollback incomplete: {len(result.rollback_calls)} call(s) sent; not restored:", err=True)
    for item in result.not_restored:
        click.echo(f"  {item['path']}: {item['reason']}", err=True)
    for item in result.rollback_refused:
        click.echo(f"  refused during rollback: {item['call'].describe()}: {item['error']}", err=True)


def _report(result, quiet=False):
    """One line per outcome on stderr (stdout for success, unless it carries JSON); the exit status."""
    n = len(result.applied)
    if result.new_address and not quiet:
        # the address the document set: the user must know where the device is now
        how = (f"reconnected at {result.followed}" if result.followed
               else "not followed from this machine; use it from now on")
        click.echo(f"The device's address is now {result.new_address} ({how}).", err=True)
    if result.failed is not None:
        click.echo(f"Error: call {n + 1} refused: {result.error}", err=True)
        click.echo(f"Applied {n} call(s) before the refusal.", err=True)
        if result.rolled_back:
            click.echo(f"Rolled back with {len(result.rollback_calls)} call(s); what apply changed is as it "
                       "was before.", err=True)
        elif result.rolled_back is False:
            _report_rollback(result)
        return 1
    if result.error:
        click.echo(f"Error: {result.error}", err=True)
        return 1
    if result.ignored:
        click.echo(f"Applied {n} call(s), but the device did not take:", err=True)
        for change in result.ignored:
            click.echo(f"  {render.change_line(change)}", err=True)
        return 1
    if not quiet:
        click.echo(f"Apply complete: {n} call(s) sent; the device matches the configuration.")
    return 0


__all__ = ["plan_command", "apply_command", "ApplyError"]
