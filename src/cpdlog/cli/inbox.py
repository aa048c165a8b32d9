"""The commands that bring in what happened elsewhere: import, and the inbox
(list, accept, drop).

Only `import` imports the importers (and through them icalendar): every
other command, `status` included, stays as fast as it was.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpdlog.cli.common import emit_json, exit_on_problems, interactive, say, state
from cpdlog.cli.flags import (
    Areas,
    Attributes,
    Clear,
    Day,
    Description,
    Duration,
    EndDay,
    Evidence,
    Hours,
    Json,
    Kind,
    NewTitle,
    Pksb,
    Provider,
    Reflection,
    Tags,
)
from cpdlog.cli.log import (
    field_options,
)
from cpdlog.cli.output import stderr_is_terminal
from cpdlog.errors import UsageError

if TYPE_CHECKING:
    from cpdlog.core.options import Options
    from cpdlog.store.inbox import Draft

Step = Callable[[str], Callable[[int, int], None]]


def import_file(
    ctx: typer.Context,
    file: Annotated[
        str,
        typer.Argument(
            help="The calendar (.ics) or CSV log to read.", show_default=False
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="ics or csv (default: from the file's name).",
            autocompletion=lambda incomplete: [
                f for f in ("ics", "csv") if f.startswith(incomplete)
            ],
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only what happened on or after DATE."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only what happened on or before DATE."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", "-n", help="Write nothing; list what would be added."
        ),
    ] = False,
    json_output: Json = False,
) -> None:
    """Import a calendar or a CSV log as drafts in the inbox, to accept later."""
    from cpdlog import importer
    from cpdlog.core.dates import optional_date
    from cpdlog.store import inbox

    st = state(ctx)
    today = st.today()
    first = optional_date(since, today, "--since")
    last = optional_date(until, today, "--until")
    if first and last and first > last:
        raise UsageError(f"--since {first} is after --until {last}: swap them.")
    path = Path(file)
    data = _read(path)
    if fmt is not None and fmt.lower() not in importer.FORMATS:
        raise UsageError(f"--format {fmt!r}: use ics or csv.")
    kind = fmt.lower() if fmt else importer.file_format(path, data)
    home = st.home()
    with _progress() as step:
        reading = step(f"Reading {path.name}") if step else None
        found = importer.read_items(kind, data, today, first, last, reading)
        label = "Comparing with your log" if dry_run else "Writing drafts"
        writing = step(label) if step else None
        outcome = inbox.import_items(home, found.items, st.now(), dry_run, writing)
    if json_output:
        emit_json(
            {"dry_run": dry_run, "new": [_draft_json(table, where)
                                         for where, table in outcome.new],
             "known": outcome.known, "warnings": found.warnings}
        )  # fmt: skip
    elif dry_run and outcome.new:
        from cpdlog.render import ui

        ui.print_drafts([_row(table) for _where, table in outcome.new])
    for warning in found.warnings:
        say(f"warning: {warning}")
    say(_summary(path, len(outcome.new), outcome.known, dry_run))


def _read(path: Path) -> bytes:
    """The file's bytes. Raises UsageError (exit 2): the file is the input."""
    from cpdlog.errors import describe

    try:
        return path.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot be read: {describe(error)}.") from None


@contextmanager
def _progress() -> Iterator[Step | None]:
    """A progress bar on stderr when it is a terminal; None when piped."""
    if not stderr_is_terminal():
        yield None
        return
    from cpdlog.render import ui

    with ui.progress() as step:
        yield step


def _summary(path: Path, new: int, known: int, dry_run: bool) -> str:
    drafts = f"{new} new draft{'' if new == 1 else 's'}"
    seen = f"{known} already known"
    if dry_run:
        return f"Would import {drafts} from {path.name} ({seen}); nothing was written."
    if not new:
        return f"Nothing new in {path.name}: {seen}."
    return (
        f"Imported {drafts} from {path.name} ({seen}). `cpdlog inbox` lists "
        "them; `cpdlog inbox accept ID --type TYPE` adds one to your log."
    )


def _draft_json(table: dict[str, Any], path: Path | None) -> dict[str, Any]:
    """A draft as an activity object with `missing`, the keys it still needs
    (path null in a dry run, where nothing is written)."""
    from cpdlog.core.drafts import missing
    from cpdlog.render.jsonify import activity_json

    result = activity_json(table, path or Path())
    if path is None:
        result["path"] = None
    result["missing"] = missing(table)
    return result


def _row(table: dict[str, Any]) -> tuple[str, str, str, str, str]:
    """(ID, date, hours or ?, title, what it needs) of a draft, as text."""
    from cpdlog.core.drafts import missing
    from cpdlog.core.duration import hours_short

    hours = table.get("hours")
    minutes = round(hours * 60) if isinstance(hours, int | float) else 0
    needed = missing(table)
    return (
        table.get("id") or "-",
        str(table.get("date", "?")),
        hours_short(minutes) if minutes > 0 and "hours" not in needed else "?",
        str(table.get("title", "")),
        ", ".join(needed) or "ready",
    )


inbox_app = typer.Typer(
    help="List the drafts waiting in the inbox; accept or drop them.",
    invoke_without_command=True,
)


@inbox_app.callback()
def inbox(ctx: typer.Context, json_output: Json = False) -> None:
    """List the drafts waiting in the inbox; accept or drop them."""
    if ctx.invoked_subcommand is not None:
        return
    from cpdlog.store import inbox as store

    found, problems = store.load_drafts(state(ctx).home())
    if json_output:
        emit_json([_draft_json(draft.data, draft.path) for draft in found])
    elif found:
        from cpdlog.render import ui

        ui.print_drafts([_row(draft.data) for draft in found])
        say(
            "Accept one with `cpdlog inbox accept ID` and what it needs "
            "(e.g. --type webinar --area personal), or drop it: `cpdlog inbox drop ID`."
        )
    else:
        say("The inbox is empty: `cpdlog import FILE` brings in a calendar or CSV log.")
    exit_on_problems(
        problems, "{count} draft file(s) could not be read; mend or remove them."
    )


@inbox_app.command("accept")
def accept(
    ctx: typer.Context,
    draft_id: Annotated[
        str | None,
        typer.Argument(
            help="The draft's ID, or its first letters.", show_default=False
        ),
    ] = None,
    every: Annotated[
        bool,
        typer.Option("--all", help="Accept every draft that needs nothing more."),
    ] = False,
    title: NewTitle = None,
    day: Day = None,
    end_date: EndDay = None,
    hours: Hours = None,
    duration: Duration = None,
    kind: Kind = None,
    area: Areas = None,
    attribute: Attributes = None,
    tag: Tags = None,
    provider: Provider = None,
    description: Description = None,
    reflection: Reflection = None,
    pksb: Pksb = None,
    evidence: Evidence = None,
    clear: Clear = None,
) -> None:
    """Move a draft into your log under its ID, with the fields it still needs."""
    from cpdlog.core import options as fields
    from cpdlog.store import inbox as store

    st = state(ctx)
    home = st.home()
    options = field_options(
        ctx, title=title, date=day, end_date=end_date, hours=hours,
        duration=duration, type=kind, areas=area, attributes=attribute, tags=tag,
        provider=provider, description=description, reflection=reflection,
        pksb=pksb, evidence=evidence,
    )  # fmt: skip
    if every:
        if draft_id is not None or options.given() or clear:
            raise UsageError(
                "--all accepts the drafts that are ready as they are; give an ID "
                "instead to accept one draft with field flags."
            )
        _accept_all(home, st.today(), st.now())
        return
    if draft_id is None:
        raise UsageError("Give the draft's ID (`cpdlog inbox` lists them), or --all.")
    draft = store.resolve_draft(home, draft_id)
    _prompt_missing(draft, options, st.today())
    changes = fields.changes_from_options(options, st.today())
    path, _table = store.accept_draft(
        home, draft, changes, clear or [], st.today(), st.now()
    )
    typer.echo(draft.id)
    say(f"Accepted {draft.id} into your log: {path}")


def _prompt_missing(draft: "Draft", options: "Options", today: date) -> None:
    """At a terminal, ask for the hours and type a draft lacks."""
    if not interactive():
        return
    from cpdlog.cli import prompts

    values = options.values
    if "hours" not in draft.data and values["hours"] is None and not values["duration"]:
        say(f"{draft.id}: {draft.title} ({draft.data.get('date')})")
        prompts.ask_duration(values, today, "Hours")
    if "type" not in draft.data and values["type"] is None:
        prompts.ask_type(values)


def _accept_all(home: Any, today: date, now: Any) -> None:
    from cpdlog.store import inbox as store

    accepted, left, problems = store.accept_ready(home, today, now)
    for _path, table in accepted:
        typer.echo(table["id"])
    still = (
        f"; {len(left)} still need something (`cpdlog inbox` says what)" if left else ""
    )
    say(f"Accepted {len(accepted)} draft{'' if len(accepted) == 1 else 's'}{still}.")
    exit_on_problems(
        problems, "{count} draft file(s) could not be read; mend or remove them."
    )


@inbox_app.command("drop")
def drop(
    ctx: typer.Context,
    draft_ids: Annotated[
        list[str],
        typer.Argument(
            help="The drafts' IDs, or their first letters.", show_default=False
        ),
    ],
) -> None:
    """Move drafts to the trash (`cpdlog restore ID` brings one back)."""
    from cpdlog.store import inbox as store

    home = state(ctx).home()
    found: list[Draft] = []
    for prefix in draft_ids:
        draft = store.resolve_draft(home, prefix)
        if draft not in found:
            found.append(draft)
    store.drop_drafts(home, found)
    for draft in found:
        say(f"Dropped {draft.id} ({draft.title}) to the trash.")
    say("`cpdlog restore ID` brings a dropped draft back to the inbox.")


# The commands of this module by name (a Typer is a group of commands).
COMMANDS = {"import": import_file, "inbox": inbox_app}
