"""The commands about evidence and the audit pack: attach, detach, pack."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from cpdlog.cli.common import say, state
from cpdlog.cli.report import AsOf, Since

if TYPE_CHECKING:
    from pathlib import Path

    from cpdlog.store.evidence import Attached
    from cpdlog.store.pack import Packed

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


def pack(
    ctx: typer.Context,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE.zip", help="Write the pack to FILE.zip."
        ),
    ] = None,
    verify: Annotated[
        str | None,
        typer.Option(
            "--verify",
            metavar="FILE.zip",
            help="Check a pack: every file against MANIFEST.sha256, nothing extra.",
        ),
    ] = None,
    as_of: AsOf = None,
    since: Since = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace FILE.zip if it exists.")
    ] = False,
) -> None:
    """Make one zip for an assessor or auditor, or check one (--verify)."""
    from pathlib import Path

    from cpdlog.cli.common import output_file
    from cpdlog.cli.report import _gather
    from cpdlog.errors import UsageError

    if verify is not None:
        if output is not None or as_of is not None or since is not None or force:
            raise UsageError("--verify FILE.zip takes no other option.")
        _verify(Path(verify))
        return
    target = output_file(output, force)
    if target is None:
        raise UsageError("Give the pack's file: cpdlog pack -o FILE.zip")
    if target.is_dir():
        raise UsageError(f"{output}: is a folder; give a file name to -o.")
    from cpdlog.store import pack as packs

    gathered = _gather(ctx, as_of, since, full=True, pksb=True)
    st = state(ctx)
    packed = packs.make_pack(st.home(), gathered, target, force, st.now())
    from cpdlog.cli.output import tell_leftovers

    tell_leftovers(packed.path)
    _tell_packed(packed, str(target))


def _tell_packed(packed: "Packed", output: str) -> None:
    """The pack's gaps, its missing or changed files, where it went; exit 1
    when it could not hold everything as recorded."""
    from cpdlog.cli.common import exit_on_problems

    for gap in packed.gaps:
        say(
            f"warning: {gap}; auditors ask about gaps of 3 months or more, so "
            "be ready to explain it."
        )
    problems = [
        f"error: {entry}: attached to {aid} but missing; it is not in the pack."
        for entry, aid in packed.missing
    ] + [
        f"error: {entry}: has changed since it was attached to {aid}; the pack "
        "holds it as it is now."
        for entry, aid in packed.altered
    ]
    for line in problems:
        typer.echo(line, err=True)
    say(
        f"Wrote {packed.path} ({_megabytes(packed.size)}): {packed.files} files, "
        "each with its SHA-256 in MANIFEST.sha256. Check it with: "
        f"cpdlog pack --verify {output}"
    )
    exit_on_problems(
        packed.problems,
        "{count} activity file(s) could not be read and are not in the pack; "
        "`cpdlog check` explains each.",
    )
    if problems:
        say("Put the files back (`cpdlog check` names them), then pack again.")
        raise typer.Exit(1)


def _megabytes(size: int) -> str:
    if size < 1 << 20:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1 << 20):.1f} MB"


def _verify(path: "Path") -> None:
    from cpdlog.render import ui
    from cpdlog.store import pack as packs

    verdict = packs.verify(path)
    listed = f"the {verdict.checked} files MANIFEST.sha256 lists"
    ui.print_lines(("bold red", f"{kind}: {name}") for kind, name in verdict.findings)
    if verdict.findings:
        count = len(verdict.findings)
        ui.print_lines([("", f"{path}: {count} problem(s) with {listed}.")])
        raise typer.Exit(1)
    ui.print_lines([("", f"{path}: all of {listed} match, and nothing else is in it.")])


# The commands of this module by name.
COMMANDS = {"attach": attach, "detach": detach, "pack": pack}
