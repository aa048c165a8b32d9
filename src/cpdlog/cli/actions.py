"""Command bodies that run without typer: what `status`, `list` and a plain
`add` do, given plain values. The typer commands and the fast path (cli/fast.py)
both call these, so the two can never answer differently.
"""

from datetime import date
from typing import TYPE_CHECKING, Any

from cpdlog.cli.output import (
    State,
    describe,
    echo,
    emit_json,
    emit_json_texts,
    exit_on_problems,
    say,
)

if TYPE_CHECKING:
    from pathlib import Path

    from cpdlog.core.options import Options
    from cpdlog.core.pksb import Framework


def dates(st: State, as_of: str | None, since: str | None) -> tuple[date, date | None]:
    """The period's last day (default today) and its first, if --since."""
    from cpdlog.core.dates import optional_date

    today = st.today()
    end = optional_date(as_of, today, "--as-of") or today
    return end, optional_date(since, today, "--since")


def status(
    st: State,
    as_of: str | None,
    since: str | None,
    scheme: str | None,
    short: bool,
    json_output: bool,
) -> None:
    """Where you stand in the period: hours against the target, and what is
    left. Raises CpdlogError; Exit(1) after naming damaged files."""
    from cpdlog.core import report as reports
    from cpdlog.store.reporting import gather

    end, start = dates(st, as_of, since)
    home = st.home()
    found = gather(home, end, start, scheme).report
    if json_output:
        emit_json(reports.status_json(found))
    elif short:
        echo(reports.short_line(found))
    else:
        from cpdlog.render import ui_status as ui
        from cpdlog.store.activities import draft_names
        from cpdlog.store.ideas import first_idea_step
        from cpdlog.store.rescue import waiting

        drafts = len(draft_names(home))
        steps = [
            *reports.next_steps(found, drafts, waiting(home)),
            *first_idea_step(home, found),
        ]
        ui.print_status(found, steps)
    exit_on_problems(
        found.problems,
        "{count} file(s) could not be read, so the figures may be incomplete; "
        "`cpdlog check` explains each.",
    )


def list_activities(
    st: State,
    *,
    since: str | None,
    until: str | None,
    kinds: list[str],
    areas: list[str],
    tags: list[str],
    search: str | None,
    pksb: list[str],
    evidence: bool | None,
    limit: int | None,
    reverse: bool,
    json_output: bool,
) -> None:
    """The activities that pass the filters, as a table or JSON. Raises
    CpdlogError; Exit(1) after naming damaged files."""
    from cpdlog.core import query
    from cpdlog.store.listing import list_activities as listing_of

    chosen = query.Filters.from_options(
        since, until, kinds, areas, tags, search, st.today(), pksb=pksb,
        pksb_framework=field_options(st, {}).pksb_framework,
    )._replace(evidence=evidence)  # fmt: skip
    if json_output:
        from cpdlog.render.jsonify import activity_text

        listing = listing_of(st.home(), chosen, limit, reverse, activity_text)
        emit_json_texts(item.json or "" for item in listing)
    else:
        from cpdlog.render import ui

        listing = listing_of(st.home(), chosen, limit, reverse)
        shown = ui.print_activities([item.activity for item in listing])
        if not shown:
            say(
                "No activities match."
                if listing.total
                else "No activities yet: log one with "
                "cpdlog add TITLE --hours 1 --type reading"
            )
    exit_on_problems(
        listing.problems,
        "{count} file(s) could not be used; `cpdlog check` explains each.",
    )


def field_options(st: State, values: dict[str, Any]) -> "Options":
    """The field options shared by add and edit, by TOML key (a list option
    not given is []); the schemes' attributes and the PKSB areas are read
    only when an option needs them."""
    from cpdlog.core.activity import LIST_FIELDS
    from cpdlog.core.options import Options

    for key in LIST_FIELDS:
        if key in values:
            values[key] = values[key] or []

    def known() -> set[str]:
        from cpdlog.core.scheme import known_attributes

        return known_attributes(st.home().root)

    def framework() -> "Framework":
        from cpdlog.store import pksb_file

        return pksb_file.read(st.home()).framework

    return Options(values, known, framework)


def add(st: State, options: "Options", json_output: bool) -> None:
    """Log an activity from complete options (no questions, no editor):
    prints its ID (or its JSON). Raises CpdlogError."""
    from cpdlog.core import options as fields
    from cpdlog.store import activities as store

    new = fields.new_activity(options, st.today())
    activity_id, path, table = store.add_activity(st.home(), new, st.now())
    announce_added(activity_id, path, table)
    print_added(activity_id, path, table, json_output)


def announce_added(activity_id: str, path: "Path", table: dict[str, Any]) -> None:
    """`Logged 1.5 h (90 min) on ... as k3f9: PATH` on stderr, and the
    history message of a git home."""
    from cpdlog.core.duration import hours_short

    minutes = round(table["hours"] * 60)
    say(
        f"Logged {hours_short(minutes)} h ({minutes} min) on {table['date']} "
        f"as {activity_id}: {path}"
    )
    describe(f"add {activity_id}: {table['title']}")


def print_added(
    activity_id: str, path: "Path", table: dict[str, Any], json_output: bool
) -> None:
    """The new activity's ID (or JSON) on stdout. When stdout cannot take it
    (a full disk), the activity is stored all the same: say so, with its ID,
    so that a script that retries does not log it twice (issue #12)."""
    from cpdlog.errors import DataError
    from cpdlog.errors import describe as reason_of

    try:
        if json_output:
            from cpdlog.render.jsonify import activity_json

            emit_json(activity_json(table, path))
        else:
            echo(activity_id)
    except OSError as error:
        raise DataError(
            f"The activity was stored as {activity_id} ({path}), but its ID "
            f"could not be printed: {reason_of(error)}. Do not add it again."
        ) from None
