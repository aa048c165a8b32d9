"""Command bodies that run without typer: what `status` does, given plain
values. The typer command and the fast path (cli/fast.py) both call these,
so the two can never answer differently.
"""

from datetime import date

from cpdlog.cli.output import State, echo, emit_json, exit_on_problems


def dates(st: State, as_of: str | None, since: str | None) -> tuple[date, date | None]:
    """The period's last day (default today) and its first, if --since."""
    from cpdlog.core.dates import parse_date

    today = st.today()
    end = parse_date(as_of, today, "--as-of") if as_of else today
    return end, parse_date(since, today, "--since") if since else None


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
        from cpdlog.render import ui
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
