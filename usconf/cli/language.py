"""`usconf validate`: check desired-state files offline, or against a device's own capabilities."""
import click

from usconf.cli import cli
from usconf.cli.checking import check_files
from usconf.cli.connection import parse_vars
from usconf.cli.fleet import fleet_mode
from usconf.cli.options import connection_options


def variable_options(func):
    """Add --var KEY=VALUE, --vars-file FILE and --secrets-dir DIR (all repeatable); pass `var_pairs`,
    `vars_files` and `secrets_dirs` (None without the option: USCONF_SECRETS_DIR applies)."""
    func = click.option("--secrets-dir", "secrets_dirs", multiple=True, metavar="DIR",
                        callback=lambda ctx, param, value: list(value) or None,
                        help="A folder secret_file() may read besides the file's own (repeatable; "
                             "default: USCONF_SECRETS_DIR).")(func)
    func = click.option("--vars-file", "vars_files", multiple=True, metavar="FILE",
                        help="YAML file of variables for {{ vars.key }} (repeatable; later files win).")(func)
    func = click.option("--var", "var_pairs", multiple=True, metavar="KEY=VALUE",
                        help="A variable for {{ vars.key }} (repeatable; wins over --vars-file).")(func)
    return func


@cli.command()
@click.argument("files", nargs=-1, metavar="FILE...")
@fleet_mode("validate", positional="files")
@variable_options
@connection_options
@click.pass_context
def validate(ctx, files, var_pairs, vars_files, secrets_dirs, connection):
    """Check desired-state FILEs: schema, values and device rules.

    Offline the HDMI capabilities from the API reference are used; with --device
    the device's own get-info ranges, and a user it does not have needs a password,
    an image it does not have a file. Prints 'FILE: valid' or every problem;
    exits 1 when any file is invalid.
    """
    variables = parse_vars(var_pairs)
    facts = None
    if connection.device:
        with connection.client() as device:
            facts = (device.get_info(), device.get_users().get("users", []), device.get_settings())
    ctx.exit(check_files(files, variables, vars_files, secrets_dirs, facts))
