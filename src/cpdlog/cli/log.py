"""The commands that manage activities: list, show, edit, rm, restore (add
lives in cli/add.py)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cpdlog.cli.common import (
    describe,
    emit_json,
    interactive,
    say,
    state,
)
from cpdlog.cli.flags import (
    Areas,
    Attributes,
    Clear,
    Description,
    Duration,
    EndDay,
    Evidence,
    Hours,
    Id,
    Json,
    Kind,
    NewDay,
    NewTitle,
    Pksb,
    Provider,
    Reflection,
    Tags,
    _complete,
)
from cpdlog.core.catalogue import AREA_NAMES, TYPE_NAMES
from cpdlog.errors import UsageError

if TYPE_CHECKING:
    from cpdlog.core.options import Options


def field_options(ctx: typer.Context, **values: Any) -> "Options":
    """The field options shared by add and edit, by TOML key."""
    from cpdlog.cli import actions

    return actions.field_options(state(ctx), values)


def list_activities(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--from", help="Only activities on or after DATE.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Only activities on or before DATE.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            "-t",
            help="Only this type; repeat for several.",
            autocompletion=_complete(TYPE_NAMES),
        ),
    ] = None,
    area: Annotated[
        list[str] | None,
        typer.Option(
            "--area",
            "-a",
            help="Only this area; repeat for several.",
            autocompletion=_complete(AREA_NAMES),
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only with this tag; repeatable.")
    ] = None,
    pksb: Annotated[
        list[str] | None,
        typer.Option(
            "--pksb", help="Only those mapped to this PKSB area (as add takes it)."
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Text in the title, description, "
            "reflection, provider or tags (any case).",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, help="Show at most N.")
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Newest first.")] = False,
    evidence: Annotated[
        bool | None,
        typer.Option(
            "--evidence/--no-evidence",
            help="Only activities with (or without) evidence: a file, link or note.",
            show_default=False,
        ),
    ] = None,
    json_output: Json = False,
) -> None:
    """List activities, oldest first."""
    from cpdlog.cli import actions

    actions.list_activities(
        state(ctx), since=since, until=until, kinds=kind or [], areas=area or [],
        tags=tag or [], search=search, pksb=pksb or [], evidence=evidence,
        limit=limit, reverse=reverse, json_output=json_output,
    )  # fmt: skip


def show(ctx: typer.Context, activity_id: Id, json_output: Json = False) -> None:
    """Show one activity in full."""
    from cpdlog.store import activities as store

    st = state(ctx)
    stored = store.read_activity(store.resolve(st.home(), activity_id))
    if json_output:
        from cpdlog.render.jsonify import activity_json

        emit_json(activity_json(stored.activity.table(), stored.path))
    else:
        from cpdlog.render import ui

        ui.print_activity(stored.activity, stored.path)


def edit(
    ctx: typer.Context,
    activity_id: Id,
    title: NewTitle = None,
    day: NewDay = None,
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
    json_output: Json = False,
) -> None:
    """Change an activity with field flags, or in $EDITOR without them."""
    import os

    from cpdlog.store import activities as store
    from cpdlog.store import editing

    st = state(ctx)
    home = st.home()
    options = field_options(
        ctx, title=title, date=day, end_date=end_date, hours=hours,
        duration=duration, type=kind, areas=area, attributes=attribute, tags=tag,
        provider=provider, description=description, reflection=reflection,
        pksb=pksb, evidence=evidence,
    )  # fmt: skip
    stored = store.read_activity(store.resolve(home, activity_id))
    path: Path | None
    if options.given() or clear:
        path = editing.edit_fields(
            home, stored, options, clear or [], st.today(), st.now()
        )
    else:
        path = editing.edit_in_editor(home, stored, st.today(), st.now(), os.environ)
    if path is None:
        say("No changes.")
        return
    if json_output:
        from cpdlog.render.jsonify import activity_json

        emit_json(activity_json(store.read_activity(path).activity.table(), path))
    say(f"Updated {stored.activity.id}: {path}")
    describe(f"edit {stored.activity.id}: {stored.activity.title}")


def remove(
    ctx: typer.Context,
    activity_id: Id,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Move an activity to the trash (`cpdlog restore` brings it back)."""
    from cpdlog.store import activities as store

    st = state(ctx)
    home = st.home()
    path = store.resolve(home, activity_id)
    stored = store.read_activity(path)
    aid = stored.activity.id
    if not yes:
        if not interactive():
            raise UsageError(
                f"Removing {aid} needs --yes when there is no terminal to ask on."
            )
        from cpdlog.cli.prompts import confirm

        if not confirm(f"Move {aid} ({stored.activity.title}) to the trash?"):
            say("Nothing removed.")
            return
    from cpdlog.store import evidence as files

    _target, moved = files.remove_with_files(home, stored)
    describe(f"rm {aid}: {stored.activity.title}")
    carried = f" with {_files(len(moved))}" if moved else ""
    say(f"Moved {aid} to the trash{carried}; `cpdlog restore {aid}` brings it back.")


def _files(count: int) -> str:
    return f"{count} attached file" + ("" if count == 1 else "s")


def restore(
    ctx: typer.Context,
    activity_id: Annotated[
        str,
        typer.Argument(
            help="The removed activity's ID, its first letters, or the name of "
            "its file in the trash (when the trash holds two copies of one ID).",
        ),
    ],
) -> None:
    """Bring a removed activity back from the trash."""
    from cpdlog.store import activities as store

    st = state(ctx)
    home = st.home()
    from cpdlog.store import evidence as files

    path = store.resolve_trash(home, activity_id)
    target, back, missing = files.restore_with_files(home, path)
    aid = store.read_table_id(target)
    carried = f" with {_files(len(back))}" if back else ""
    say(f"Restored {aid}{carried}: {target}")
    describe(f"restore {aid}")
    for entry in missing:
        say(
            f"warning: {entry} was not in the trash, so it is still missing; "
            f"put it back, or take it off with: cpdlog detach {aid} {entry}"
        )


# The commands of this module by name (a Typer is a group of commands).
COMMANDS = {
    "list": list_activities,
    "show": show,
    "edit": edit,
    "rm": remove,
    "restore": restore,
}
