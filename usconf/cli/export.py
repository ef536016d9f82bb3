"""`usconf export`: the device's current state as a desired-state file."""
import os

import click

from usconf.cli import cli
from usconf.cli.options import connection_options
from usconf.errors import UsconfError
from usconf.language.export import export
from usconf.model import read_snapshot


@cli.command("export")
@connection_options
@click.option("-o", "--output", metavar="FILE", help="Write the file here instead of to standard output.")
def export_command(connection, output):
    """Write the device's current state in the desired-state language.

    Secrets appear as {{ env.NAME }} placeholders (a comment names each one);
    write-only and read-only values appear as comments. Running `usconf plan`
    on the result against the same device shows no changes.
    """
    with connection.client() as client:
        result = export(read_snapshot(client))
    if not output or output == "-":
        click.echo(result.text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(result.text)
    except OSError as exc:
        raise UsconfError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"wrote {os.path.abspath(output)}", err=True)
    if result.env:
        click.echo("set these environment variables before using it: " + ", ".join(result.env), err=True)
