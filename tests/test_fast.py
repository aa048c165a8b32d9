"""The fast path answers exactly as the typer app does (issue #14).

`status`, `list` and a plain `add` run without typer (cli/fast.py). The
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


def _answer_alike(argv: list[str]) -> None:
    """The fast path reads argv and answers as the typer app does."""
    code, out, err = _fast(argv)
    assert code is not None, "the fast path declined a form it reads"
    typer_result = cli(*argv, code=None)
    assert (code, out, err) == (
        typer_result.exit_code,
        typer_result.stdout,
        typer_result.stderr,
    )


@pytest.fixture(params=["example", "empty", "damaged"])
def some_home(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    home = tmp_path / "some"
    if request.param == "example":
        shutil.copytree(EXAMPLE, home)
    elif request.param == "damaged":
        shutil.copytree(EXAMPLE, home)
        write_activity(home, "2026-05-04-bad-bbbb.toml", activity_text(type="x"))
    return home


FLAGS = [[], ["--json"], ["--short"], ["--json", "--short"], ["--short", "--json"]]
DATES = [[], ["--as-of", "2026-06-01"], ["--as-of=2026-06-01", "--since", "2026-01-01"],
         ["--since", "2027-01-01", "--as-of", "2026-06-01"], ["--as-of", "nonsense"],
         ["--as-of", "2026-01-01", "--as-of", "2026-06-01"]]  # fmt: skip
SCHEMES = [[], ["--scheme", "rics"], ["--scheme=all"], ["--scheme", "no-such"]]


def _covering(*axes: list[list[str]]) -> list:
    """Every pair of the first two axes' values, the last axis taken in
    turn (the default run), then the rest of the whole product, marked
    slow (`pytest --slow` compares every combination)."""
    *pairs, turns = axes
    some = [
        (*pair, turns[n % len(turns)])
        for n, pair in enumerate(itertools.product(*pairs))
    ]
    rest = [
        pytest.param(*form, marks=pytest.mark.slow)
        for form in itertools.product(*axes)
        if form not in some
    ]
    return some + rest


@pytest.mark.parametrize(("flags", "dates", "scheme"), _covering(FLAGS, DATES, SCHEMES))
def test_fast_and_typer_answer_alike(
    some_home: Path, flags: list[str], dates: list[str], scheme: list[str]
) -> None:
    _answer_alike(["--home", str(some_home), "status", *flags, *dates, *scheme])


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--json", "--help"],
        ["status", "-h", "--short"],
        ["status", "--json", "--bogus"],
        ["status", "--short", "extra"],
        ["status", "--json", "--as-of"],
        ["status", "--json=yes"],
        ["status", "--json", "--", "--short"],
        ["--home"],
        ["--homes", "x", "status", "--json"],
        ["show", "--json"],
        ["status", "--json", "-h=1"],
        # click splits `--opt=value` only: `-H=1` is -H with the value "=1"
        ["add", "Talk", "-H=1", "-t=reading"],
        ["add", "Talk", "-H", "1", "-t", "reading", "-r=Learned"],
        [],
    ],
)
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert fast.run_fast(argv) is None


def _all_options(command: str) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """The typer command's value options, flags and multiple options."""
    click_command = typer.main.get_command(build_app(command))
    sub = click_command.commands[command]  # type: ignore[attr-defined]
    values, flags, multiple = {}, {}, set()
    for param in sub.params:
        if param.name == "help" or not param.opts[0].startswith("-"):
            continue
        for opt in [*param.opts, *param.secondary_opts]:
            (flags if param.is_flag else values)[opt] = param.name
            if param.multiple:
                multiple.add(opt)
    return values, flags, multiple


def test_the_add_tables_are_the_typer_commands_options() -> None:
    """Every option of typer's add is read by the fast path or declined."""
    values, flags, multiple = _all_options("add")
    declined = {opt for opt in [*values, *flags] if opt in fast.ADD_DECLINED}
    assert {k: v for k, v in values.items() if k not in declined and k not in
            multiple} == fast.ADD_VALUES  # fmt: skip
    assert {
        k: v for k, v in values.items() if k in multiple and k not in declined
    } == fast.ADD_MULTIPLE
    assert {k: v for k, v in flags.items() if k not in declined} == fast.ADD_FLAGS
    assert declined == set(fast.ADD_DECLINED)


ADD_FORMS = [
    ["Reading", "--hours", "1", "-t", "reading"],
    ["--type=course", "Course day", "-H", "2.5", "--area", "personal", "-a", "wider"],
    ["Talk", "--duration", "90m", "--type", "webinar", "--json", "--tag", "ai",
     "--tag", "ethics", "--provider", "CILIP", "-r", "Learned a lot."],
    ["Visit", "-H", "3", "-t", "shadowing-visit", "-d", "2026-11-01",
     "--end-date", "2026-11-02", "--description", "Two mornings."],
    ["Committee", "-H", "1", "-t", "committee-work", "--attribute", "formal",
     "--pksb", "research", "--evidence", "https://example.org/minutes"],
    ["Reading", "--hours", "1", "--hours", "2", "-t", "reading"],
    ["Missing type", "--hours", "1"],
    ["Bad", "--hours", "ninety", "-t", "reading"],
    ["Bad", "--hours", "1", "--duration", "1h", "-t", "reading"],
    ["Bad", "--hours", "1", "-t", "webnar"],
    ["Future", "--hours", "1", "-t", "reading", "--date", "2027-01-01"],
    ["Bad pksb", "--hours", "1", "-t", "reading", "--pksb", "basket weaving"],
    ["Too long", "--hours", "25", "-t", "reading"],
    ["--hours", "1", "-t", "reading"],
]  # fmt: skip


@pytest.mark.parametrize("args", ADD_FORMS)
def test_fast_and_typer_add_alike(
    tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same command line on two copies of one home: the same output,
    exit code and files (the new ID fixed by CPDLOG_TEST_ID_FIRST)."""
    monkeypatch.setenv("CPDLOG_TEST_ID_FIRST", "fst1")
    homes = [tmp_path / "fast", tmp_path / "typer"]
    for home in homes:
        shutil.copytree(EXAMPLE, home)
    code, out, err = _fast(["--home", str(homes[0]), "add", *args])
    assert code is not None, "the fast path declined a form it reads"
    result = cli("--home", str(homes[1]), "add", *args, code=None)
    assert (
        code,
        out.replace(str(homes[0]), "HOME"),
        err.replace(str(homes[0]), "HOME"),
    ) == (
        result.exit_code,
        result.stdout.replace(str(homes[1]), "HOME"),
        result.stderr.replace(str(homes[1]), "HOME"),
    )
    assert _files(homes[0]) == _files(homes[1])


def _files(home: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*.toml"))
    }


@pytest.mark.parametrize(
    "argv",
    [
        ["add", "T", "-H", "1", "-t", "reading", "--edit"],
        ["add", "T", "-H", "1", "-t", "reading", "--reflect", "driscoll"],
        ["add", "T", "-H", "1", "-t", "reading", "--attach", "x.pdf"],
        ["add", "T", "extra", "-H", "1", "-t", "reading"],
        ["add", "-H1", "T", "-t", "reading"],
        ["add", "T", "-H", "1", "-t", "reading", "--help"],
        ["add", "T", "--reflection", "-starts with a dash", "-H", "1", "-t", "x"],
    ],
)
def test_add_forms_the_fast_path_leaves_to_typer(argv: list[str]) -> None:
    assert fast.run_fast(argv) is None


def test_the_list_tables_are_the_typer_commands_options() -> None:
    """Every option of typer's list is read by the fast path or declined."""
    values, flags, multiple = _all_options("list")
    declined = {opt for opt in [*values, *flags] if opt in fast.LIST_DECLINED}
    assert {k: v for k, v in values.items() if k not in multiple} == fast.LIST_VALUES
    assert {k: v for k, v in values.items() if k in multiple} == fast.LIST_MULTIPLE
    assert {k: v for k, v in flags.items() if k not in declined} == fast.LIST_FLAGS
    assert declined == set(fast.LIST_DECLINED)


LIST_OUTPUT = [[], ["--json"], ["--reverse"], ["--json", "--reverse"]]
LIST_FILTERS = [
    [], ["--from", "2026-01-01"], ["--to=2026-03-31", "--from", "2025-12-01"],
    ["-t", "reading", "--type", "webinar"], ["--area", "wider", "-a", "personal"],
    ["--tag", "ai"], ["-s", "CILIP"], ["--search=digital", "--tag", "AI"],
    ["--pksb", "research"], ["--pksb", "basket weaving"], ["--from", "nonsense"],
    ["--type", "webnar"], ["--from", "2030-01-01"], ["--from", "last month"],
]  # fmt: skip
LIST_LIMITS = [[], ["-n", "3"], ["--limit=0"], ["--limit", "2", "-n", "007"]]


@pytest.mark.parametrize(
    ("output", "filters", "limit"), _covering(LIST_OUTPUT, LIST_FILTERS, LIST_LIMITS)
)
def test_fast_and_typer_list_alike(
    some_home: Path, output: list[str], filters: list[str], limit: list[str]
) -> None:
    _answer_alike(["--home", str(some_home), "list", *output, *filters, *limit])


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--evidence"],
        ["list", "--no-evidence", "--json"],
        ["list", "-n", "ten"],
        ["list", "-n", "-1"],
        ["list", "-n10"],
        ["list", "-n=1"],  # click reads the value "=1" (not a number)
        ["list", "-s=First"],  # click searches for "=First"
        ["list", "-t=reading"],
        ["list", "--limit="],
        ["list", "extra"],
        ["list", "--help"],
        ["list", "--type"],
    ],
)
def test_list_forms_the_fast_path_leaves_to_typer(argv: list[str]) -> None:
    assert fast.run_fast(argv) is None
