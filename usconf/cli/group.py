"""The click group behind `usconf`: commands load with their module the first time they are looked up."""
import importlib
import sys

import click

import usconf.cli as package
from usconf import __version__
from usconf.cli.failures import guarded


def _import_command_module(name):
    """Import usconf.cli.NAME (which registers its commands); False when it is not installed."""
    try:
        importlib.import_module(f"usconf.cli.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"usconf.cli.{name}":
            raise
        return False
    return True


class LazyGroup(click.Group):
    """A click group that imports a command's module the first time the command is looked up."""

    def _load_unlisted(self):
        # Modules COMMANDS says nothing about: their command names are only known by importing them.
        listed = {module for module, _ in package.COMMANDS.values()}
        for module in package.COMMAND_MODULES:
            if module not in listed:
                _import_command_module(module)

    def list_commands(self, ctx):
        self._load_unlisted()
        listed = {name for name, (module, _) in package.COMMANDS.items() if module in package.COMMAND_MODULES}
        return sorted(set(self.commands) | listed)

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands:
            entry = package.COMMANDS.get(cmd_name)
            if entry is not None and entry[0] in package.COMMAND_MODULES:
                _import_command_module(entry[0])
            else:
                self._load_unlisted()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx, formatter):
        """The command list with COMMANDS' lines, without importing a single command module."""
        commands = []
        for name in self.list_commands(ctx):
            cmd = self.commands.get(name)
            if name in package.COMMANDS:
                # a stand-in carrying the listed line (shortened by click only on a narrow terminal)
                cmd = click.Command(name, help=package.COMMANDS[name][1], hidden=bool(cmd and cmd.hidden))
            if not cmd.hidden:
                commands.append((name, cmd))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="usconf")
@click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")
@click.pass_context
def cli(ctx, debug):
    """Configuration as code for Magewell Ultra Stream encoders."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _register():
    """Import every command module now (tests and tools that walk `cli.commands` want them all)."""
    for name in package.COMMAND_MODULES:
        _import_command_module(name)


def run(argv):
    """Run the command line `argv`; exits with the command's status."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])

    def work():
        try:
            # Commands report their exit status with ctx.exit(N); click hands it back here.
            return cli.main(args=argv, prog_name="usconf", standalone_mode=False)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            return 1
        except click.ClickException as exc:
            exc.show()
            return exc.exit_code
    guarded(work, debug)
