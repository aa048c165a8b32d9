"""The command-line interface: the typer app, its edge and `main()`.

This is the one place where a CpdlogError becomes a sentence on stderr and
an exit code (2 for bad command-line input, 1 for stored data and the file
system), and where anything unexpected becomes a request for a bug report
instead of a traceback. The commands live in cli_log, cli_home and
cli_report; this module only assembles them. At module level it imports only
the standard library, typer and the light cpdlog modules, so `--version`
and `add` stay fast.
"""

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cpdlog.cli import evidence as cli_evidence
from cpdlog.cli import home as cli_home
from cpdlog.cli import log as cli_log
from cpdlog.cli import report as cli_report
from cpdlog.cli.common import State, fold
from cpdlog.errors import CpdlogError, printable


class _Group(TyperGroup):
    """Turns a CpdlogError from any command (or the callback) into its exit."""

    # typer.Context is the Context typer hands every command; the base
    # class names click's, which STYLE keeps out of cpdlog's imports.
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CpdlogError as error:
            typer.echo(fold(printable(str(error))), err=True)
            raise typer.Exit(error.exit_code) from None


def _version(value: bool) -> None:
    if value:
        from cpdlog._version import __version__

        typer.echo(f"cpdlog {__version__}")
        raise typer.Exit()


def _root(
    ctx: typer.Context,
    home: Annotated[
        str | None,
        typer.Option(
            "--home",
            metavar="PATH",
            help="The folder that holds your log (default: $CPDLOG_HOME, "
            "else your user data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show cpdlog's version and exit.",
        ),
    ] = False,
) -> None:
    """Log your CPD and see where you stand before you revalidate."""
    ctx.obj = State(home_flag=home)


COMMANDS: dict[str, Any] = {
    **cli_home.COMMANDS,
    **cli_log.COMMANDS,
    **cli_report.COMMANDS,
    **cli_evidence.COMMANDS,
}
# Global options that take a value, to find the command's name in argv.
_VALUED = ("--home",)


def build_app(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just the one named only.

    typer turns every registered function into a click command on each run
    (inspecting signatures and type hints): about 12 ms for all of them, so
    a run builds only the command it runs.
    """
    built = typer.Typer(
        cls=_Group,
        name="cpdlog",
        help="Log your continuing professional development (CPD) and see where "
        "you stand before you revalidate.",
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(_root)
    for name, command in COMMANDS.items():
        if only is None or only == name:
            if isinstance(command, typer.Typer):
                built.add_typer(command, name=name)
            else:
                built.command(name)(command)
    return built


app = build_app()


def command_name(argv: list[str]) -> str | None:
    """The command a command line runs, or None (help, completion, unknown)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main() -> None:
    """The console script: run the app; a bug becomes one sentence, exit 1."""
    only = None if "_CPDLOG_COMPLETE" in os.environ else command_name(sys.argv[1:])
    try:
        (app if only is None else build_app(only))(prog_name="cpdlog")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:
        if os.environ.get("CPDLOG_DEBUG"):
            raise
        sys.stderr.write(
            f"cpdlog stopped on an unexpected error ({type(error).__name__}: "
            f"{error}).\nThis is a bug: please report it with the command you "
            "ran. Set CPDLOG_DEBUG=1 to see the details.\n"
        )
        sys.exit(1)
