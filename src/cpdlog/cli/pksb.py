"""The commands of the plan behind the log: pksb (rate, areas) and ideas."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpdlog.cli.common import emit_json, exit_on_problems, say, state
from cpdlog.cli.report import AsOf, Json, Since, _dates
from cpdlog.errors import UsageError

if TYPE_CHECKING:
    pass

pksb_app = typer.Typer(
    help="Your PKSB self-assessment: ratings, targets, gaps and hours by area.\n\n"
    "With no command: each area rated or mapped by activities, the largest gaps "
    "first. `rate` adds a rating; `areas` lists the areas.",
    invoke_without_command=True,
)


def _print(lines: Any) -> None:
    from cpdlog.render import ui

    ui.print_lines(lines)


def _width() -> int:
    from cpdlog.render import ui

    return ui.width()


def _problems(report: Any) -> None:
    exit_on_problems(
        report.problems,
        "{count} file(s) could not be read, so the figures may be incomplete; "
        "`cpdlog check` explains each.",
    )


@pksb_app.callback()
def show(
    ctx: typer.Context,
    as_of: AsOf = None,
    since: Since = None,
    json_output: Json = False,
) -> None:
    """Each area rated or mapped: first and latest rating, target, gap, and
    the period's hours and activities; the largest gaps first."""
    if ctx.invoked_subcommand is not None:
        return
    from cpdlog.core.pksb import row_json
    from cpdlog.store import pksb_file, reporting

    home = state(ctx).home()
    end, start = _dates(ctx, as_of, since)
    data = pksb_file.read(home)
    gathered = reporting.gather(home, end, start, full=True)
    report = gathered.report
    rows = data.assess(reporting.whole(gathered), end)
    if json_output:
        window = {"start": str(report.period.start), "end": str(report.period.end)}
        emit_json({"window": window, "areas": [row_json(row) for row in rows]})
    elif rows:
        from cpdlog.render.pksb_text import assessment_lines

        _print(assessment_lines(rows, report.period, _width()))
    else:
        say(
            "No PKSB ratings yet: rate an area with cpdlog pksb rate AREA LEVEL "
            "--target LEVEL (levels 0 to 4); `cpdlog pksb areas` lists the areas."
        )
    _problems(report)


@pksb_app.command("rate")
def rate(
    ctx: typer.Context,
    area: Annotated[
        str,
        typer.Argument(
            help="The area: its name or code, or their first letters "
            "(`cpdlog pksb areas` lists them).",
            metavar="AREA",
            show_default=False,
        ),
    ],
    level: Annotated[
        str,
        typer.Argument(
            help="Where you are now, 0 to 4.", metavar="LEVEL", show_default=False
        ),
    ],
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            metavar="LEVEL",
            help="Where you aim to be, 0 to 4; it holds until a later rating "
            "changes it.",
        ),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="The day you rated it: YYYY-MM-DD, today, yesterday, 3d or "
            "'3 days ago'. Default: today.",
            show_default=False,
        ),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="A note kept with the rating."),
    ] = None,
) -> None:
    """Rate yourself on one area; earlier ratings are kept as history."""
    from cpdlog.core.pksb import check_level
    from cpdlog.store import pksb_file

    st = state(ctx)
    today = st.today()
    number = check_level(level, "LEVEL")
    goal = None if target is None else check_level(target, "--target")
    when = _rating_day(day, today)
    if note is not None and "\x00" in note:
        raise UsageError("--note cannot hold a NUL character.")
    rated = pksb_file.add_rating(st.home(), area, number, goal, when, note)
    say(_rated_sentence(rated))


def _rating_day(day: str | None, today: Any) -> Any:
    """--date as a date, never in the future. Raises UsageError."""
    from cpdlog.core.dates import parse_date

    when = today if day is None else parse_date(day, today, "--date")
    if when > today:
        raise UsageError(
            f"--date {when} is in the future (today is {today}); rate an area "
            "on the day you assess it."
        )
    return when


def _rated_sentence(rated: Any) -> str:
    """The area's state after the rating: latest, target, gap, first."""
    row = rated.row
    text = f"Rated {row.area}: now {row.latest.level} ({row.latest.date})"
    if row.target is not None:
        text += f", target {row.target}, gap {row.gap}"
    if row.first != row.latest:
        text += f"; first {row.first.level} ({row.first.date})"
    return f"{text}. Kept in {rated.path}"


@pksb_app.command("areas")
def areas(ctx: typer.Context, json_output: Json = False) -> None:
    """List the PKSB areas: CILIP's (names only) and your own from pksb.toml."""
    from cpdlog.store import pksb_file

    framework = pksb_file.read(state(ctx).home()).framework
    if json_output:
        emit_json(
            [
                {"code": area.code, "name": area.name, "group": area.group}
                for area in framework
            ]
        )
    else:
        from cpdlog.render.pksb_text import areas_lines

        _print(areas_lines(framework, _width()))


def ideas(ctx: typer.Context, as_of: AsOf = None, json_output: Json = False) -> None:
    """What to do next: each gap of the period with low-cost activities that fit it."""
    from cpdlog.store import reporting

    home = state(ctx).home()
    end, _start = _dates(ctx, as_of, None)
    report = reporting.gather(home, end).report
    from cpdlog.store.ideas import find_ideas

    found, damage = find_ideas(home, report)
    if json_output:
        emit_json([idea.as_json() for idea in found])
    elif found:
        from cpdlog.render.pksb_text import ideas_lines

        _print(ideas_lines(found, _width()))
    else:
        say(
            "No gaps: every rule of your scheme is met, each area has recent "
            "activity and no PKSB target is open. `cpdlog types` has more ideas."
        )
    report.problems.extend(damage)
    _problems(report)


# The commands of this module by name (a Typer is a group of commands).
COMMANDS = {"pksb": pksb_app, "ideas": ideas}
