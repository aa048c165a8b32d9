"""The fast path answers exactly as the typer app does (issue #14).

`status --json` and `status --short` run without typer (cli/fast.py). The
typer app stays the one definition of the CLI: its options are the fast
path's tables, and for every combination of flags, on homes good and bad,
both give the same stdout, stderr and exit code; anything the fast path
does not read goes to typer.
"""

import io
import itertools
import shutil
import sys
from pathlib import Path

import pytest
import typer

from cpdlog.cli import fast
from cpdlog.cli.app import build_app
from tests.conftest import EXAMPLE, cli
from tests.handmade import activity_text, write_activity


def _options(command: str) -> tuple[dict[str, str], dict[str, str]]:
    """The typer command's value options and flags: option -> parameter."""
    click_command = typer.main.get_command(build_app(command))
    sub = click_command.commands[command]  # type: ignore[attr-defined]
    values, flags = {}, {}
    for param in sub.params:
        if param.name == "help" or not param.opts[0].startswith("-"):
            continue
        for opt in param.opts:
            (flags if param.is_flag else values)[opt] = param.name
    return values, flags


def test_the_status_tables_are_the_typer_commands_options() -> None:
    values, flags = _options("status")
    assert values == fast.STATUS_VALUES
    assert flags == fast.STATUS_FLAGS


def test_the_global_table_is_the_apps_options() -> None:
    root = typer.main.get_command(build_app("status"))
    values = {
        opt: param.name
        for param in root.params
        if not param.is_flag  # type: ignore[attr-defined]
        for opt in param.opts
    }
    assert values == fast.GLOBAL_VALUES


def _fast(argv: list[str]) -> tuple[int | None, str, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = fast.run_fast(argv)
    finally:
        sys.stdout, sys.stderr = old
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8"), err.getvalue()  # type: ignore[attr-defined]


@pytest.fixture(params=["example", "empty", "damaged"])
def some_home(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    home = tmp_path / "some"
    if request.param == "example":
        shutil.copytree(EXAMPLE, home)
    elif request.param == "damaged":
        shutil.copytree(EXAMPLE, home)
        write_activity(home, "2026-05-04-bad-bbbb.toml", activity_text(type="x"))
    return home


FLAGS = [["--json"], ["--short"], ["--json", "--short"], ["--short", "--json"]]
DATES = [[], ["--as-of", "2026-06-01"], ["--as-of=2026-06-01", "--since", "2026-01-01"],
         ["--since", "2027-01-01", "--as-of", "2026-06-01"], ["--as-of", "nonsense"],
         ["--as-of", "2026-01-01", "--as-of", "2026-06-01"]]  # fmt: skip
SCHEMES = [[], ["--scheme", "rics"], ["--scheme=all"], ["--scheme", "no-such"]]


@pytest.mark.parametrize(
    ("flags", "dates", "scheme"), list(itertools.product(FLAGS, DATES, SCHEMES))
)
def test_fast_and_typer_answer_alike(
    some_home: Path, flags: list[str], dates: list[str], scheme: list[str]
) -> None:
    argv = ["--home", str(some_home), "status", *flags, *dates, *scheme]
    code, out, err = _fast(argv)
    assert code is not None, "the fast path declined a form it reads"
    typer_result = cli(*argv, code=None)
    assert (code, out, err) == (
        typer_result.exit_code,
        typer_result.stdout,
        typer_result.stderr,
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],  # human output: typer (rich) answers
        ["status", "--json", "--help"],
        ["status", "-h", "--short"],
        ["status", "--json", "--bogus"],
        ["status", "--short", "extra"],
        ["status", "--json", "--as-of"],
        ["status", "--json=yes"],
        ["status", "--json", "--", "--short"],
        ["--home"],
        ["--homes", "x", "status", "--json"],
        ["list", "--json"],
        [],
    ],
)
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert fast.run_fast(argv) is None
