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
        from cpdlog.cli.prompts import answer, ask

        def check(text: str) -> str:
            SETTINGS["registration"].parse(text, st.today(), "--registration")
            return text

        name = answer("Your name") or None
        registration = ask(
            "Registration (certification, chartership, fellowship)",
            check,
            "chartership",
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
            (
                "bold red" if f.severity == "error" else "yellow",
                f"{f.severity}: {f.problem}",
            )
            for f in findings
        ),
        whole=True,
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


profile_app = typer.Typer(
    help="Show your profile, or change one key of it.", invoke_without_command=True
)


@profile_app.callback()
def profile(
    ctx: typer.Context,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show your profile: who you are and which scheme judges your log."""
    if ctx.invoked_subcommand is not None:
        return
    from cpdlog.render.jsonify import json_value
    from cpdlog.store.profile_file import read_table

    home = state(ctx).home()
    table, _raw = read_table(home)
    if json_output:
        from cpdlog.cli.common import emit_json

        emit_json(json_value({k: v for k, v in table.items() if k != "schema_version"}))
        return
    from cpdlog.render import ui

    ui.print_profile(table, home.profile)


@profile_app.command("set")
def profile_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The key, e.g. name or target_hours.")],
    value: Annotated[str, typer.Argument(help="Its new value.")],
) -> None:
    """Change one profile key and keep every other one."""
    from cpdlog.core.profiles import find_setting
    from cpdlog.store import profile_file

    st = state(ctx)
    setting = find_setting(key)
    parsed = setting.parse(value, st.today(), key)
    path = profile_file.write_settings(
        st.home(), [(setting, parsed)], create=not st.home().profile.exists(),
        force=False,
    )  # fmt: skip
    say(f"Set {setting.table} {setting.key} in {path}")
    from cpdlog.cli.common import describe

    describe(f"profile set {setting.key}")


COMMANDS["profile"] = profile_app
