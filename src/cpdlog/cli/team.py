"""Team summaries: `share` writes yours, `team` reads everyone's.

A summary holds figures only (core/team.py's allow-list), so a manager or
mentor sees who is on track without reading a word anyone wrote. `team`
must stay fast over a thousand summaries: its `--json` path imports neither
rich nor pydantic, and only the human view imports `render.ui`.
"""

from typing import Annotated, Any

import typer

from cpdlog.cli.common import emit_json, exit_on_problems, output_file, say, state
from cpdlog.cli.report import AsOf, Json


def share(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the summary to FILE (0600) instead of printing it.",
        ),
    ] = None,
    as_of: AsOf = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE if it exists.")
    ] = False,
) -> None:
    """Write a summary of your figures, with none of your words, to share."""
    from cpdlog.cli.actions import dates
    from cpdlog.cli.common import json_text
    from cpdlog.core.report import status_json
    from cpdlog.core.team import summary
    from cpdlog.store.reporting import gather

    target = output_file(output, force)
    st = state(ctx)
    end, _since = dates(st, as_of, None)
    report = gather(st.home(), end).report
    name = report.person.get("name")
    data = summary(
        status_json(report),
        name if isinstance(name, str) else None,
        end,
        report.last_activity,
    )
    if target is not None:
        from cpdlog.store.atomic import write_output

        path = write_output(target, (json_text(data) + "\n").encode(), force)
        say(f"Wrote {path}: your figures, and none of your words.")
        from cpdlog.cli.output import tell_leftovers

        tell_leftovers(path)
    else:
        emit_json(data)
    exit_on_problems(
        report.problems,
        "{count} file(s) could not be read, so the figures may be incomplete; "
        "`cpdlog check` explains each.",
    )


def team(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="Summary files, or folders of them (their *.json files).",
            show_default=False,
        ),
    ],
    json_output: Json = False,
) -> None:
    """See where each person stands, from the summaries they shared."""
    from cpdlog.core.team import row_json, sort_rows
    from cpdlog.store.summaries import read_summaries

    rows, problems = read_summaries(paths)
    rows = sort_rows(rows)
    if json_output:
        typer.echo(_rows_json([row_json(row) for row in rows]))
    elif rows:
        from cpdlog.render import ui_team as ui

        ui.print_team(rows)
    if not rows and not problems:
        say(
            "No summaries found: each person writes theirs with "
            "`cpdlog share -o NAME.json`."
        )
    exit_on_problems(
        problems,
        "{count} summary file(s) could not be read"
        + ("; the others are shown." if rows else "."),
    )


def _rows_json(rows: list[dict[str, Any]]) -> str:
    """A JSON list with one person a line: json's C encoder does not indent,
    and a thousand rows indented took 5 ms of the 10x budget (#20)."""
    import json

    if not rows:
        return "[]"
    try:
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        "".join(lines).encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8
        lines = [json.dumps(row) for row in rows]
    return "[\n  " + ",\n  ".join(lines) + "\n]"


COMMANDS = {"share": share, "team": team}
