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

from cpdlog.cli import add as cli_add
from cpdlog.cli import evidence as cli_evidence
from cpdlog.cli import home as cli_home
from cpdlog.cli import inbox as cli_inbox
from cpdlog.cli import log as cli_log
from cpdlog.cli import pksb as cli_pksb
from cpdlog.cli import reflect as cli_reflect
from cpdlog.cli import report as cli_report
from cpdlog.cli import sync as cli_sync
from cpdlog.cli import team as cli_team
from cpdlog.cli.common import state


class _Group(TyperGroup):
    """Runs every command through output.run: a CpdlogError from any command
    (or the callback) becomes its sentence and exit code, and a git home
    commits what the command changed."""

    # typer.Context is the Context typer hands every command; the base
    # class names click's, which STYLE keeps out of cpdlog's imports.
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        from cpdlog.cli.output import run

        words = list(ctx.args)  # the command line after the command's name
        result: list[Any] = []
        code = run(
            lambda: ctx.invoked_subcommand or "",
            words,
            state(ctx),
            lambda: result.append(_invoke(self, ctx)),
        )
        if code:
            raise typer.Exit(code)
        return result[0] if result else None


def _invoke(group: TyperGroup, ctx: typer.Context) -> Any:
    """The group's own invoke, with typer's exits turned into ours."""
    from cpdlog.cli.output import Exit

    try:
        return TyperGroup.invoke(group, ctx)
    except typer.Exit as done:
        if done.exit_code:
            raise Exit(done.exit_code) from None
        return None
    except typer.Abort as abort:
        # Ctrl-C at a prompt: click turns it into Abort (exit 1); it is 130
        # like every other Ctrl-C (SPEC), on a fresh line. Ctrl-D stays Abort.
        if isinstance(abort.__context__, KeyboardInterrupt):
            from cpdlog.cli.output import say

            say("")
            raise Exit(130) from None
        raise


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
    state(ctx).home_flag = home  # the State run() was given


COMMANDS: dict[str, Any] = {
    **cli_add.COMMANDS,
    **cli_home.COMMANDS,
    **cli_evidence.COMMANDS,
    **cli_inbox.COMMANDS,
    **cli_log.COMMANDS,
    **cli_reflect.COMMANDS,
    **cli_report.COMMANDS,
    **cli_sync.COMMANDS,
    **cli_team.COMMANDS,
    **cli_pksb.COMMANDS,
}
# Typer settings of the commands that need more than the defaults.
SETTINGS: dict[str, dict[str, Any]] = {**cli_sync.SETTINGS}
# Global options that take a value, to find the command's name in argv.
_VALUED = ("--home",)


def _help_width() -> int | None:
    """The help's width on a terminal narrower than 52 columns (SPEC: down
    to 40); None, click's own choice, above that. click never folds help
    narrower than 50 unless given a width."""
    import shutil

    columns = shutil.get_terminal_size().columns
    return max(20, columns - 1) if columns < 52 else None


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
        context_settings={
            "help_option_names": ["-h", "--help"],
            "terminal_width": _help_width(),
        },
    )
    built.callback()(_root)
    for name, command in COMMANDS.items():
        if only is None or only == name:
            if isinstance(command, typer.Typer):
                built.add_typer(command, name=name)
            else:
                built.command(name, **SETTINGS.get(name, {}))(command)
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
    """The console script's typer app: a bug becomes one sentence, exit 1."""
    from cpdlog.cli.guard import guarded

    only = None if "_CPDLOG_COMPLETE" in os.environ else command_name(sys.argv[1:])
    sys.exit(
        guarded(lambda: (app if only is None else build_app(only))(prog_name="cpdlog"))
    )
