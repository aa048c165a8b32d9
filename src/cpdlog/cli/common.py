"""What every typer command shares: the state from the context, and the
typer-free helpers of cli/output.py, re-exported here for the commands.

Only the modules of cli/ know typer.
"""

from pathlib import Path

import typer

from cpdlog.cli.output import (
    Exit,
    State,
    describe,
    echo,
    emit_data,
    emit_json,
    emit_json_items,
    emit_json_texts,
    exit_on_problems,
    fold,
    interactive,
    json_text,
    say,
    say_whole,
    tell_leftovers,
)

__all__ = [
    "Exit",
    "State",
    "describe",
    "echo",
    "emit_data",
    "emit_json",
    "emit_json_items",
    "emit_json_texts",
    "exit_on_problems",
    "fold",
    "interactive",
    "json_text",
    "output_file",
    "say",
    "say_whole",
    "state",
    "tell_leftovers",
]


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def output_file(output: str | None, force: bool) -> Path | None:
    """The -o FILE given (None when left out), refused early when it exists
    (see refuse_early). An empty value is a bad value, exit 2: it would
    otherwise be taken as left out, and the output go to stdout."""
    if output is None:
        return None
    if not output.strip():
        from cpdlog.errors import UsageError

        raise UsageError("-o: give a file name (the value is empty).")
    refuse_early(Path(output), force)
    return Path(output)


def refuse_early(output: Path, force: bool) -> None:
    """Refuse an existing -o FILE before the long work, not only after it
    (the write itself is exclusive too, so one created meanwhile is safe)."""
    import stat as stat_

    from cpdlog.errors import CpdlogError

    try:
        regular = stat_.S_ISREG(output.stat().st_mode)
    except OSError:
        return
    if regular and not force:
        raise CpdlogError(f"{output} already exists; add --force to replace it.")
