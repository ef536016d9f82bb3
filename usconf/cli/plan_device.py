"""`usconf plan FILE` for one device, without click: the work of the plan command.

usconf.cli.planning's click command runs this, and so does usconf.cli.main when
usconf.cli.quick could read the command line without click (a third of plan's
start-up). Output goes to sys.stdout and sys.stderr, which main() masks.
"""
import sys

from usconf.cli.connection import Connection, parse_vars
from usconf.language.load import load
from usconf.output import text as render
from usconf.plan.make import make_plan
from usconf.plan.records import check_writable


def connection_for(connection, desired):
    """CLI flags and USCONF_* win; the file's `connection:` section fills what they leave out."""
    section = (desired.doc or {}).get("connection") or {}
    if connection.device or not section.get("url"):
        return connection
    return Connection(section["url"], section.get("username", connection.username),
                      section.get("password", connection.password), connection.cloud_port, connection.timeout)


def load_desired(path, var_pairs, vars_files, secrets_dirs=None):
    return load(path, vars=parse_vars(var_pairs), vars_files=vars_files, secrets_dirs=secrets_dirs)


def plan_text(p):
    return render.text(p, color=render.use_color(sys.stdout))


def _write(stream, text):
    stream.write(text)
    stream.flush()


def plan_device(file, connection, out=None, as_json=False, markdown=False, detailed_exitcode=False, targets=(),
                var_pairs=(), vars_files=(), secrets_dirs=None):
    """Print the plan of `file` for the device of `connection` (and save it to `out`); the exit status."""
    desired = load_desired(file, var_pairs, vars_files, secrets_dirs)
    if out:
        # before the device is asked anything: a plan that cannot be saved is not worth making
        check_writable(out, [desired.source] + [f["path"] for f in desired.vars_files])
    connection = connection_for(connection, desired)
    with connection.client() as device:
        p = make_plan(desired, device, targets=targets or None)
    if markdown:
        _write(sys.stdout, render.markdown(p))
    else:
        _write(sys.stdout, render.as_json(p) if as_json else plan_text(p))
    if out:
        p.save(out)
        if not as_json:
            _write(sys.stderr, f"Saved the plan to {out}; run `usconf apply {out}` to apply exactly this.\n")
    return 2 if detailed_exitcode and not p.empty else 0
