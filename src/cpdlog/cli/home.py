"""The commands about the home itself: init, check, types."""

from typing import Annotated

import typer

from cpdlog.cli.common import interactive, say, state


def init(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", help="Your name.")] = None,
    registration: Annotated[
        str | None,
        typer.Option(
            "--registration", help="certification, chartership or fellowship."
        ),
    ] = None,
    last_revalidated: Annotated[
        str | None,
        typer.Option("--last-revalidated", help="The date you last revalidated."),
    ] = None,
    target_hours: Annotated[
        str | None, typer.Option("--target-hours", help="Hours to log (default 20).")
    ] = None,
    statement_words: Annotated[
        str | None,
        typer.Option("--statement-words", help="Word limit (default 250)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Change the keys given in an existing profile (the rest are kept).",
        ),
    ] = False,
) -> None:
    """Create the home and your profile."""
    from cpdlog.core.profiles import SETTINGS
    from cpdlog.store import profile_file

    st = state(ctx)
    if interactive() and name is None and registration is None:
        name = (
            typer.prompt("Your name", default="", show_default=False, err=True) or None
        )
        registration = typer.prompt(
            "Registration (certification, chartership, fellowship)",
            default="chartership",
            err=True,
        )
    given = {
        "name": (name, "--name"),
        "registration": (registration, "--registration"),
        "last_revalidated": (last_revalidated, "--last-revalidated"),
        "target_hours": (target_hours, "--target-hours"),
        "statement_words": (statement_words, "--statement-words"),
    }
    values = [
        (SETTINGS[key], SETTINGS[key].parse(text, st.today(), option))
        for key, (text, option) in given.items()
        if text is not None
    ]
    path = profile_file.write_settings(st.home(), values, create=True, force=force)
    say(f"Wrote your profile: {path}")


def check(ctx: typer.Context) -> None:
    """Check every file in the home; exit 1 when one has an error."""
    from cpdlog.render import ui
    from cpdlog.store import check as checks

    st = state(ctx)
    home = st.home()
    home.check_usable()
    count, findings = checks.check_home(home)
    ui.print_lines(
        (
            "bold red" if f.severity == "error" else "yellow",
            f"{f.severity}: {f.problem}",
        )
        for f in findings
    )
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    summary = f"Checked {count} activity file(s) in {home.root}: "
    summary += f"{errors} error(s), {warnings} warning(s)."
    ui.print_lines([("", summary)])
    if errors:
        raise typer.Exit(1)


def types(ctx: typer.Context) -> None:
    """List the activity types, with what counts and low-cost ideas."""
    from cpdlog.render import ui

    ui.print_types()


# The commands of this module by name (a Typer is a group of commands).
COMMANDS = {"init": init, "check": check, "types": types}
