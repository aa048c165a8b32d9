"""The commands that report on a period: status and statement."""

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpdlog.cli.common import (
    emit_data,
    emit_json,
    exit_on_problems,
    output_file,
    say,
    state,
    tell_leftovers,
)
from cpdlog.errors import UsageError

if TYPE_CHECKING:
    from cpdlog.store.reporting import Gathered

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="The last day of the period (default: today)."),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Start the period on this day instead of 12 months before --as-of.",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead.")]


def _dates(
    ctx: typer.Context, as_of: str | None, since: str | None
) -> tuple[date, date | None]:
    from cpdlog.cli.actions import dates

    return dates(state(ctx), as_of, since)


def _gather(
    ctx: typer.Context,
    as_of: str | None,
    since: str | None,
    full: bool = False,
    wanted: str | None = None,
    pksb: bool = False,
) -> "Gathered":
    """The period's report (full: with whole activities, for drafts and
    exports; otherwise the cached summaries are enough; pksb: with the PKSB
    assessment, for exports)."""
    from cpdlog.store.reporting import gather

    end, start = _dates(ctx, as_of, since)
    return gather(state(ctx).home(), end, start, wanted, full, pksb)


def _problems(found: Any) -> None:
    """Name each damaged file on stderr and exit 1 (the rest was used)."""
    exit_on_problems(
        found.problems,
        "{count} file(s) could not be read, so the figures may be incomplete; "
        "`cpdlog check` explains each.",
    )


def status(
    ctx: typer.Context,
    as_of: AsOf = None,
    since: Since = None,
    scheme: Annotated[
        str | None,
        typer.Option(
            "--scheme",
            help="Judge by this scheme instead of the profile's, or by all of them "
            "(`all`); `cpdlog schemes` lists them.",
        ),
    ] = None,
    short: Annotated[
        bool, typer.Option("--short", help="One quiet line, for a prompt or cron.")
    ] = False,
    json_output: Json = False,
) -> None:
    """Where you stand in the period: hours against the target, and what is left."""
    from cpdlog.cli import actions

    actions.status(state(ctx), as_of, since, scheme, short, json_output)


def schemes(ctx: typer.Context, json_output: Json = False) -> None:
    """List the schemes cpdlog knows: built in, and yours in <home>/schemes/."""
    from cpdlog.core import scheme as schemes_

    home = state(ctx).home()
    found, problems = schemes_.all_schemes(home.root)
    if json_output:
        emit_json([schemes_.describe(item) for item in found])
    else:
        from cpdlog.render import ui

        ui.print_schemes(found)
    exit_on_problems(problems)


statement_app = typer.Typer(
    help="Draft and check your reflective statement.", no_args_is_help=True
)


@statement_app.command("draft")
def draft(
    ctx: typer.Context,
    as_of: AsOf = None,
    since: Since = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace statement.md (the old one goes to the trash)."
        ),
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Rewrite only cpdlog's material in statement.md and keep every "
            "word you wrote.",
        ),
    ] = False,
    stdout: Annotated[
        bool, typer.Option("--stdout", help="Print the draft instead of writing it.")
    ] = False,
) -> None:
    """Write a statement skeleton from your log to statement.md."""
    from cpdlog.store import reporting, statement_file

    if sum((force, refresh, stdout)) > 1:
        raise UsageError("Give one of --force, --refresh and --stdout.")
    st = state(ctx)
    gathered = _gather(ctx, as_of, since, full=True)
    home = st.home()
    if stdout:
        emit_data(reporting.draft_text(gathered))
    elif refresh:
        path = statement_file.refresh_draft(
            home, lambda text: reporting.refreshed_text(gathered, text)
        )
        say(f"Refreshed cpdlog's material in {path}; your words are as they were.")
    else:
        path, kept = statement_file.write_draft(
            home, reporting.draft_text(gathered), force, st.now()
        )
        if kept:
            say(f"Kept your previous statement in {kept}")
        say(
            f"Wrote a draft: {path}\nReplace the comments with your own words; "
            "`cpdlog statement check` counts them."
        )
    _problems(gathered.report)


@statement_app.command("check")
def check_statement(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(
            help="The statement to count (default: statement.md in the home).",
            show_default=False,
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """Count the statement's words, in all and per section, against the limit."""
    from cpdlog.core.statement import verdict
    from cpdlog.store import profile_file, statement_file

    home = state(ctx).home()
    scheme = profile_file.load_profile(home).scheme
    path, count = statement_file.count_file(
        home, file, scheme.statement_words, scheme.sections
    )
    if json_output:
        emit_json(
            {
                "words": count.words,
                "limit": count.limit,
                "sections": count.sections,
                "over": count.over,
                "empty": count.empty,
            }
        )
    else:
        from cpdlog.render import ui

        ui.print_count(count, path)
    problem = verdict(count)
    if problem:
        say(problem)
        raise typer.Exit(1)
    if count.limit is None:
        say(f"The statement has {count.words} words; your scheme sets no limit.")
    else:
        say(f"The statement is within the limit: {count.words} of {count.limit} words.")


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="md, html, csv or json.",
            autocompletion=lambda incomplete: [
                f for f in ("md", "html", "csv", "json") if f.startswith(incomplete)
            ],
        ),
    ] = "md",
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to FILE instead of printing."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists.")
    ] = False,
    as_of: AsOf = None,
    since: Since = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV with a UTF-8 byte-order mark, which Excel needs to read accents.",
        ),
    ] = False,
) -> None:
    """Export the submission draft for the period (Markdown, HTML, CSV or JSON)."""
    from cpdlog.render import export as exporters

    if fmt not in exporters.FORMATS:
        raise UsageError(f"--format {fmt!r}: use md, html, csv or json.")
    if excel and fmt != "csv":
        raise UsageError("--excel is for --format csv only.")
    target = output_file(output, force)
    gathered = _gather(ctx, as_of, since, full=True, pksb=fmt in ("md", "html"))
    text = exporters.render(fmt, exporters.build_submission(gathered))
    if excel:
        text = "\ufeff" + text
    if target is not None:
        from cpdlog.store.atomic import write_output

        path = write_output(target, text.encode("utf-8"), force)
        say(f"Wrote {path}")
        tell_leftovers(path)
    else:
        emit_data(text)  # the text as it is: UTF-8, control characters kept
    _problems(gathered.report)


# The commands of this module by name (a Typer is a group of commands).
COMMANDS = {
    "status": status,
    "statement": statement_app,
    "export": export,
    "schemes": schemes,
}
