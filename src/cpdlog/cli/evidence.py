"""The commands about evidence and the audit pack: attach, detach, pack."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cpdlog.cli.common import say, state

if TYPE_CHECKING:
    from cpdlog.store.evidence import Attached

Id = Annotated[str, typer.Argument(help="The activity's ID, or its first letters.")]


def attach(
    ctx: typer.Context,
    activity_id: Id,
    files: Annotated[
        list[str],
        typer.Argument(
            help="The files to copy into the home (a certificate, slides, notes).",
            metavar="FILE...",
            show_default=False,
        ),
    ],
) -> None:
    """Copy files into the home as an activity's evidence; prints where."""
    from cpdlog.store import activities as store
    from cpdlog.store import evidence

    st = state(ctx)
    home = st.home()
    path = store.resolve(home, activity_id)
    found = evidence.sources(files)
    results = evidence.attach(home, path, found, st.now())
    tell_attached(store.read_table_id(path), results, stdout=True)


def tell_attached(
    activity_id: str, results: Sequence["Attached"], stdout: bool
) -> None:
    """Say where each file went (and, for attach, print the paths on stdout,
    one a line, for scripts)."""
    for item in results:
        if stdout:
            typer.echo(item.entry)
        if item.new:
            say(
                f"Attached {item.source.name} to {activity_id} as {item.entry} "
                f"(SHA-256 {item.digest[:12]}...)."
            )
        else:
            say(
                f"{item.source.name} is already attached to {activity_id} as "
                f"{item.entry}; nothing was copied."
            )


def detach(
    ctx: typer.Context,
    activity_id: Id,
    path: Annotated[
        str,
        typer.Argument(
            help="The attached file, as the activity lists it, or the end of its "
            "path (its file name).",
            show_default=False,
        ),
    ],
) -> None:
    """Take an attached file off an activity and move it to the trash."""
    from cpdlog.store import activities as store
    from cpdlog.store import evidence

    st = state(ctx)
    home = st.home()
    found = store.resolve(home, activity_id)
    entry, trashed = evidence.detach(home, found, path, st.now())
    aid = store.read_table_id(found)
    if trashed is None:
        say(f"Took {entry} off {aid}; the file was already missing.")
    else:
        say(f"Took {entry} off {aid} and moved the file to the trash: {trashed}")


# The commands of this module by name.
COMMANDS = {"attach": attach, "detach": detach}
