"""The fast path: `status --json`, `status --short` without importing typer.

Shell prompts run `cpdlog status --short` on every prompt, and importing
typer costs about three times a bare `python -c pass` (issue #14). This
module reads exactly the command lines those forms accept, in the typer
app's own terms (the same options, the last of a repeated option winning,
`--opt=value` or `--opt value`), and runs the same body as the typer
command (cli/actions.py) through the same run(). Anything else (help, a
typo, an unknown or missing value, human output) returns None and the
typer app answers, so every error message stays typer's. The typer app
stays the one definition of the CLI: tests/test_fast.py checks that the
option tables below are the typer commands' options, and that both paths
give the same output and exit code for every combination of flags.
"""

from collections.abc import Callable

from cpdlog.cli import output

# The global options, then each command's: option -> parameter name.
GLOBAL_VALUES = {"--home": "home"}
STATUS_VALUES = {"--as-of": "as_of", "--since": "since", "--scheme": "scheme"}
STATUS_FLAGS = {"--short": "short", "--json": "json_output"}


def parse(
    argv: list[str], values: dict[str, str], flags: dict[str, str]
) -> dict[str, str | bool] | None:
    """The options of argv by parameter name (flags True when given; a
    repeated value option keeps its last value, as click does), or None
    when argv holds anything else."""
    found: dict[str, str | bool] = {}
    words = iter(argv)
    for word in words:
        name, equals, value = word.partition("=")
        if name in flags and not equals:
            found[flags[name]] = True
        elif name in values:
            if not equals:
                value = next(words, "")
                if not value or value.startswith("-"):
                    return None  # let typer say what is missing
            found[values[name]] = value
        else:
            return None
    return found


def split(argv: list[str]) -> tuple[str | None, str, list[str]] | None:
    """(--home's value, the command, its arguments), or None."""
    home = None
    rest = list(argv)
    while rest and rest[0].startswith("--home"):
        name, equals, value = rest[0].partition("=")
        if name != "--home":
            return None
        if equals:
            rest = rest[1:]
        elif len(rest) > 1 and not rest[1].startswith("-"):
            value, rest = rest[1], rest[2:]
        else:
            return None
        home = value
    if not rest:
        return None
    return home, rest[0], rest[1:]


def _status(st: output.State, args: list[str]) -> Callable[[], None] | None:
    options = parse(args, STATUS_VALUES, STATUS_FLAGS)
    if options is None or not (options.get("json_output") or options.get("short")):
        return None  # human output imports rich anyway: typer answers
    from cpdlog.cli import actions

    text = {k: v for k, v in options.items() if isinstance(v, str)}

    def body() -> None:
        actions.status(
            st, text.get("as_of"), text.get("since"), text.get("scheme"),
            options.get("short") is True, options.get("json_output") is True,
        )  # fmt: skip

    return body


COMMANDS = {"status": _status}


def run_fast(argv: list[str]) -> int | None:
    """Answer argv on the fast path and return the exit code, or None when
    the typer app must answer it."""
    parts = split(argv)
    if parts is None or parts[1] not in COMMANDS:
        return None
    home, name, args = parts
    state = output.State(home)
    body = COMMANDS[name](state, args)
    if body is None:
        return None
    return output.run(lambda: name, args, state, body)
