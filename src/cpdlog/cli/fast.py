"""The fast path: `status`, `list` and a plain `add`, without importing
typer.

Shell prompts run `cpdlog status --short` on every prompt, scripts run
`add` in a row, people run `list -n 10` to look back, and importing typer
costs about three times a bare `python -c pass` (issue #14). This module
reads exactly the command lines those forms accept, in the typer app's own
terms (the same options, the last of a repeated option winning, a
repeatable one gathering, `--opt=value` or `--opt value`), and runs the
same body as the typer command (cli/actions.py) through the same run().
Anything else (help, a typo, an unknown or missing value, questions at a
terminal, the editor, attachments) returns None and the typer app answers,
so every error message stays typer's. The typer app stays the one
definition of the CLI: tests/test_fast.py checks that the option tables
below are the typer commands' options, and that both paths give the same
output and exit code for every combination of flags.
"""

from collections.abc import Callable

from cpdlog.cli import output

# The global options, then each command's: option -> parameter name.
GLOBAL_VALUES = {"--home": "home"}
STATUS_VALUES = {"--as-of": "as_of", "--since": "since", "--scheme": "scheme"}
STATUS_FLAGS = {"--short": "short", "--json": "json_output"}
ADD_VALUES = {
    "--date": "day", "-d": "day", "--end-date": "end_date", "--hours": "hours",
    "-H": "hours", "--duration": "duration", "--type": "kind", "-t": "kind",
    "--provider": "provider", "--description": "description",
    "--reflection": "reflection", "-r": "reflection",
}  # fmt: skip
ADD_MULTIPLE = {
    "--area": "area", "-a": "area", "--attribute": "attribute", "--tag": "tag",
    "--pksb": "pksb", "--evidence": "evidence",
}  # fmt: skip
ADD_FLAGS = {"--json": "json_output"}
LIST_VALUES = {
    "--from": "since", "--to": "until", "--search": "search", "-s": "search",
    "--limit": "limit", "-n": "limit",
}  # fmt: skip
LIST_MULTIPLE = {
    "--type": "kind", "-t": "kind", "--area": "area", "-a": "area",
    "--tag": "tag", "--pksb": "pksb",
}  # fmt: skip
LIST_FLAGS = {"--reverse": "reverse", "--json": "json_output"}
# list's options the fast path leaves to typer (a flag pair is more than a
# flag; filtering on evidence reads every record anyway).
LIST_DECLINED = ("--evidence", "--no-evidence")
# add's options the fast path leaves to typer: the editor, the reflection
# model, attachments (they import more than typer costs anyway).
ADD_DECLINED = ("--edit", "--reflect", "--attach")


Found = dict[str, str | bool | list[str]]


def parse(
    argv: list[str],
    values: dict[str, str],
    flags: dict[str, str],
    multiple: dict[str, str] | None = None,
    positional: int = 0,
) -> Found | None:
    """The options of argv by parameter name (flags True when given; a
    repeated value option keeps its last value, as click does; a multiple
    one gathers them in order), and up to `positional` arguments under
    "args"; None when argv holds anything else."""
    found: Found = {}
    args: list[str] = []
    multiple = multiple or {}
    words = iter(argv)
    for word in words:
        # click splits `--opt=value` only: `-n=5` is -n with the value "=5",
        # and `-n5` is -n with "5"; both go to typer (declined below).
        name, equals, value = (
            word.partition("=") if word[:2] == "--" else (word, "", "")
        )
        if name in flags and not equals:
            found[flags[name]] = True
            continue
        if name not in values and name not in multiple:
            if word.startswith("-") or len(args) >= positional:
                return None  # an unknown option, a `--`, an extra argument
            args.append(word)
            continue
        if not equals:
            value = next(words, "")
            if not value or value.startswith("-"):
                return None  # let typer say what is missing
        if name in values:
            found[values[name]] = value
        else:
            gathered = found.get(multiple[name])
            if not isinstance(gathered, list):
                gathered = found[multiple[name]] = []
            gathered.append(value)
    if args:
        found["args"] = args
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
    if options is None:
        return None
    from cpdlog.cli import actions

    text = {k: v for k, v in options.items() if isinstance(v, str)}

    def body() -> None:
        actions.status(
            st, text.get("as_of"), text.get("since"), text.get("scheme"),
            options.get("short") is True, options.get("json_output") is True,
        )  # fmt: skip

    return body


def _add(st: output.State, args: list[str]) -> Callable[[], None] | None:
    options = parse(args, ADD_VALUES, ADD_FLAGS, ADD_MULTIPLE, positional=1)
    if options is None:
        return None
    text = {k: v for k, v in options.items() if isinstance(v, str)}
    lists = {k: v for k, v in options.items() if isinstance(v, list)}
    title = lists.pop("args", [None])[0]
    if output.interactive() and None in (
        title,
        text.get("kind"),
        text.get("hours") or text.get("duration"),
    ):
        return None  # typer asks for what is missing
    from cpdlog.cli import actions

    values: dict[str, object] = {
        "title": title, "date": text.get("day"), "end_date": text.get("end_date"),
        "hours": text.get("hours"), "duration": text.get("duration"),
        "type": text.get("kind"), "areas": lists.get("area"),
        "attributes": lists.get("attribute"), "tags": lists.get("tag"),
        "provider": text.get("provider"), "description": text.get("description"),
        "reflection": text.get("reflection"), "pksb": lists.get("pksb"),
        "evidence": lists.get("evidence"),
    }  # fmt: skip

    def body() -> None:
        fields = actions.field_options(st, dict(values))
        actions.add(st, fields, options.get("json_output") is True)

    return body


def _list(st: output.State, args: list[str]) -> Callable[[], None] | None:
    options = parse(args, LIST_VALUES, LIST_FLAGS, LIST_MULTIPLE)
    if options is None:
        return None
    text = {k: v for k, v in options.items() if isinstance(v, str)}
    lists = {k: v for k, v in options.items() if isinstance(v, list)}
    limit = text.get("limit")
    if limit is not None and not (limit.isascii() and limit.isdigit()):
        return None  # let typer say what a number is
    from cpdlog.cli import actions

    def body() -> None:
        actions.list_activities(
            st, since=text.get("since"), until=text.get("until"),
            kinds=lists.get("kind", []), areas=lists.get("area", []),
            tags=lists.get("tag", []), search=text.get("search"),
            pksb=lists.get("pksb", []), evidence=None,
            limit=None if limit is None else int(limit),
            reverse=options.get("reverse") is True,
            json_output=options.get("json_output") is True,
        )  # fmt: skip

    return body


COMMANDS = {"status": _status, "add": _add, "list": _list}


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
