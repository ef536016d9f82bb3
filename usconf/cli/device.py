"""`usconf call`, `usconf status`, `usconf info`: talk to one device directly."""
import contextlib
import json

import click

from usconf import escape
from usconf.cli import cli
from usconf.cli.fleet import fleet_mode
from usconf.cli.options import connection_options
from usconf.client import methods
from usconf.errors import DeviceError, UsconfError
from usconf.output.device import info_lines, status_lines
from usconf.secrets import Secret
from usconf.spec import codes

RET_LIVING_NOTSET = codes.BY_NAME["retLivingNotset"]       # 29: start-live with no server enabled

# Methods whose answer is a file (the device names it, but never where it is written).
FILE_ANSWERS = ("export-edid", "export-loop-through-edid", "export-report")


def _print_json(body):
    # json.dumps escapes C0 controls; escape.json_text the C1 and format characters it leaves
    click.echo(escape.json_text(json.dumps(methods.mask_answer(body), indent=2, ensure_ascii=False)))


def _why_not_started(dev, method, code):
    """For a refused or unstarted start-rec / start-live: the cause a read of the device shows
    (the same words `usconf rec start` and `usconf live start` use)."""
    from usconf.ops import causes
    try:
        status, settings = dev.get_status(), dev.get_settings()
    except UsconfError:
        return []
    cause = (causes.rec_cause if method == "start-rec" else causes.live_cause)(code, status, settings)
    return [cause] if cause else []


def _parse_params(pairs, as_json):
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsconfError(f"bad parameter {pair!r}: expected key=value")
        if as_json:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        elif name in methods.SENSITIVE_PARAMS:
            value = Secret(value)
        params[name] = value
    return params


@cli.command("call")
@click.argument("method")
@click.argument("params", nargs=-1, metavar="[KEY=VALUE]...")
@click.option("--cloud", is_flag=True, help="Call the cloud API (/cloud-api on the cloud port).")
@click.option("--upload", "upload_path", type=click.Path(exists=True, dir_okay=False),
              help="POST this file (add-nosignal-file, import-edid, upload-update-file).")
@click.option("--output", "output_path", type=click.Path(dir_okay=False, writable=True),
              help="Where to save a file the device sends back (export-edid, export-report).")
@connection_options
@click.pass_context
def call_command(ctx, method, params, cloud, upload_path, output_path, connection):
    """Call any device METHOD and print its JSON answer (secret values masked).

    Methods that take a JSON body (del-media-files, send-file-add, send-file-del) get
    KEY=VALUE pairs as that body, values read as JSON: media-files='["VID_1.mp4"]'.
    """
    from usconf.apply.once import send
    from usconf.plan.records import Call
    as_json = method in methods.JSON_POST
    values = _parse_params(params, as_json)
    if (method in FILE_ANSWERS or method in methods.HTML_ANSWERS) and not output_path:
        # the device's answer is a file; writing where the device says would let it choose the path
        raise UsconfError(f"{method} answers with a file: give --output PATH to say where to save it")
    if method in methods.HTML_ANSWERS:
        # The report holds every stream key and password: only ever written masked.
        from usconf.ops import report
        with connection.client() as dev:
            _print_json(report.save(dev, output_path, export=method == "export-report"))
        return
    causes = []
    client = connection.client()
    # ping (and login itself) need no session: logging in first would fail on a wrong password, and
    # would use up one of the device's few sessions just to ask whether it is there.
    session = contextlib.closing(client) if method in methods.NO_AUTH and not cloud else client
    try:
        with session as dev:
            try:
                if as_json:
                    body = dev.call_json(method, values)
                else:
                    # the same exactly-once path apply uses: a lost answer to add-server is never doubled
                    body = send(dev, Call(method, values, "", upload=upload_path, api="cloud" if cloud else "usapi"))
            except DeviceError as exc:
                if method in ("start-rec", "start-live"):
                    causes = _why_not_started(dev, method, exc.code)
                raise
            if method == "start-live" and body.get("result") == RET_LIVING_NOTSET:
                causes = _why_not_started(dev, method, RET_LIVING_NOTSET) or ["live stream address is not set"]
    except DeviceError as exc:
        click.echo(escape.text(f"error: {exc.code} {exc.name}: {exc.description}"
                               + (f"; cannot start: {'; '.join(causes)}" if causes else "")), err=True)
        ctx.exit(1)
    if causes:
        _print_json(body)
        click.echo(escape.text(f"error: {method} did not start: cannot start: {'; '.join(causes)}"), err=True)
        ctx.exit(1)
    if isinstance(body.get("data"), bytes):
        data = body.pop("data")
        body.pop("filename", None)
        if not output_path:
            raise UsconfError(f"{method} answered with a file: give --output PATH to say where to save it")
        target = output_path
        try:
            with open(target, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise UsconfError(f"cannot write {target}: {exc.strerror}") from None
        body["saved"] = {"path": target, "bytes": len(data)}
    _print_json(body)


def _reading_command(name, summary, json_help, read, describe, fleet=False):
    """A command that reads one body and prints it as JSON or as lines of text.

    `describe(body, dev)` gives the lines; it runs while the session is still
    open, so it may read what else it needs.
    """
    @click.option("--json", "as_json", is_flag=True, help=json_help)
    @connection_options
    def command(as_json, connection):
        with connection.client() as dev:
            body = read(dev)
            text = None if as_json else "\n".join(describe(body, dev))
        if as_json:
            _print_json(body)
        else:
            click.echo(text)
    command.__doc__ = summary
    if fleet:
        command = fleet_mode(name)(command)
    return cli.command(name)(command)


status_command = _reading_command(
    "status", "Summarise what the device is doing: recording, live, input, storage, network, firmware.",
    "Print get-status as JSON.", lambda dev: dev.get_status(),
    lambda status, dev: status_lines(status, dev.get_settings()), fleet=True)

info_command = _reading_command(
    "info", "Show model, serial, firmware, MAC addresses and the device's capability ranges.",
    "Print get-info as JSON.", lambda dev: dev.get_info(), lambda info, dev: info_lines(info))
