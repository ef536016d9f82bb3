"""`usconf plan` and `usconf apply`: thin wrappers over usconf.plan.make."""
import sys

import click

from usconf.apply.run import apply_plan
from usconf.plan.make import check_saved, make_plan

from usconf.output import text as render
from usconf.cli import cli
from usconf.cli.language import parse_vars, variable_options
from usconf.cli.options import Connection, connection_options
from usconf.errors import ApplyError, PlanError, UsconfError
from usconf.language.load import load
from usconf.apply.run import ApplyResult
from usconf.plan.records import Plan


def _connection_for(connection, desired):
    """CLI flags and USCONF_* win; the file's `connection:` section fills what they leave out."""
    section = (desired.doc or {}).get("connection") or {}
    if connection.device or not section.get("url"):
        return connection
    return Connection(section["url"], section.get("username", connection.username),
                      section.get("password", connection.password), connection.cloud_port, connection.timeout)


def _load(path, var_pairs, vars_files):
    return load(path, vars=parse_vars(var_pairs), vars_files=vars_files)


def _plan_text(p):
    return render.text(p, color=render.use_color(sys.stdout))


def _echo_plan(p, as_json=False):
    click.echo(render.as_json(p) if as_json else _plan_text(p), nl=False)


@cli.command("plan")
@click.argument("file", metavar="FILE")
@click.option("--out", "out", metavar="PLAN", help="Save the plan (no secrets in it) for `usconf apply PLAN`.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON (docs/plan-format.md).")
@click.option("--markdown", is_flag=True, help="Print the plan as Markdown (for a pull request).")
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0 for no changes, 1 for an error, 2 for changes.")
@click.option("--target", "targets", multiple=True, metavar="PATH",
              help="Plan only this section or path (repeatable), e.g. live.servers.")
@variable_options
@connection_options
@click.pass_context
def plan_command(ctx, file, out, as_json, markdown, detailed_exitcode, targets, var_pairs, vars_files, connection):
    """Show what `usconf apply FILE` would change on the device, and in which order."""
    desired = _load(file, var_pairs, vars_files)
    connection = _connection_for(connection, desired)
    with connection.client() as device:
        p = make_plan(desired, device, targets=targets or None)
    if markdown:
        click.echo(render.markdown(p), nl=False)
    else:
        _echo_plan(p, as_json)
    if out:
        p.save(out)
        if not as_json:
            click.echo(f"Saved the plan to {out}; run `usconf apply {out}` to apply exactly this.", err=True)
    ctx.exit(2 if detailed_exitcode and not p.empty else 0)


def _is_saved_plan(path):
    try:
        with open(path, "rb") as fh:
            head = fh.read(64).lstrip()
    except OSError as exc:
        raise UsconfError(f"{path}: cannot read: {exc.strerror}") from None
    # bytes, not text: a binary file is not a plan, and the loader says what it is instead
    return head.startswith(b"{")


def _load_saved_source(file, saved, var_pairs, vars_files):
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
    desired = _load(source, var_pairs, vars_files or [f["path"] for f in recorded])
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
        click.echo(f"Rolling back the {info['applied']} applied call(s) to the state before apply...", err=True)


@cli.command("apply")
@click.argument("file", metavar="FILE|PLAN")
@click.option("--yes", is_flag=True, help="Apply without asking (required without a terminal).")
@click.option("--no-rollback", is_flag=True, help="On a refused call, leave the applied calls in place.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: the plan and what apply did (docs/plan-format.md).")
@variable_options
@connection_options
@click.pass_context
def apply_command(ctx, file, yes, no_rollback, as_json, var_pairs, vars_files, connection):
    """Apply FILE (or a PLAN saved by `usconf plan --out`) to the device, then verify it."""
    saved = None
    if _is_saved_plan(file):
        saved = Plan.load(file)
        desired = _load_saved_source(file, saved, var_pairs, vars_files)
    else:
        desired = _load(file, var_pairs, vars_files)
    connection = _connection_for(connection, desired)
    with connection.client() as device:
        p = make_plan(desired, device, targets=saved.target if saved else None)
        if saved is not None:
            check_saved(saved, p, p.snapshot)     # the read the fresh plan was made from
        if p.empty:
            # Planned from a fresh read and nothing differs: the device already matches.
            click.echo(render.apply_json(p, ApplyResult(verified=True)) if as_json else _plan_text(p), nl=False)
            ctx.exit(0)
        if not as_json:
            click.echo(_plan_text(p), nl=False)
        if not yes:
            if not sys.stdin.isatty():
                raise UsconfError("not a terminal: rerun with --yes to apply without asking")
            click.confirm("Apply these calls to the device?", abort=True, err=True)
        result = apply_plan(p, device, desired, rollback=not no_rollback,
                              on_event=None if as_json else _progress)
    if as_json:
        click.echo(render.apply_json(p, result), nl=False)
    ctx.exit(_report(result, quiet=as_json))


def _report(result, quiet=False):
    """One line per outcome on stderr (stdout for success, unless it carries JSON); the exit status."""
    n = len(result.applied)
    if result.failed is not None:
        click.echo(f"Error: call {n + 1} refused: {result.error}", err=True)
        click.echo(f"Applied {n} call(s) before the refusal.", err=True)
        if result.rolled_back:
            click.echo(f"Rolled back with {len(result.rollback_calls)} call(s); the device is as it was before.",
                       err=True)
        elif result.rolled_back is False:
            click.echo(f"Rollback failed: {result.rollback_error}", err=True)
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
