"""The options of the activity's fields, as add, edit and inbox accept
declare them: one definition of each flag's names, help and completion."""

from typing import Annotated, Any

import typer

from cpdlog.core.catalogue import AREA_NAMES, ATTRIBUTE_NAMES, TYPE_NAMES


def _complete(names: tuple[str, ...]) -> Any:
    return lambda incomplete: [n for n in names if n.startswith(incomplete)]


Title = Annotated[
    str | None,
    typer.Argument(help="What you did, in one line.", show_default=False),
]
Day = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="The day it happened (or started): YYYY-MM-DD, today, yesterday, "
        "3d or '3 days ago'. Default: today.",
        show_default=False,
    ),
]
NewDay = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="A new day for it: YYYY-MM-DD, today, yesterday, 3d or '3 days ago'.",
        show_default=False,
    ),
]
EndDay = Annotated[
    str | None,
    typer.Option("--end-date", help="The last day, for an activity over several days."),
]
Hours = Annotated[
    str | None,
    typer.Option("--hours", "-H", help="Hours spent, e.g. 1.5 (kept to the minute)."),
]
Duration = Annotated[
    str | None,
    typer.Option("--duration", help="Time spent as 90m, 1h30m, 1:30 or 2h."),
]
Kind = Annotated[
    str | None,
    typer.Option(
        "--type",
        "-t",
        help="The activity type; `cpdlog types` lists them.",
        autocompletion=_complete(TYPE_NAMES),
    ),
]
Areas = Annotated[
    list[str] | None,
    typer.Option(
        "--area",
        "-a",
        help="personal, organisational or wider; repeat for several.",
        autocompletion=_complete(AREA_NAMES),
    ),
]
Tags = Annotated[list[str] | None, typer.Option("--tag", help="A tag; repeatable.")]
Attributes = Annotated[
    list[str] | None,
    typer.Option(
        "--attribute",
        help="A mark that a scheme's rules count (participatory, formal, "
        "verifiable, ethics, reflective-account); repeatable.",
        autocompletion=_complete(ATTRIBUTE_NAMES),
    ),
]
Provider = Annotated[str | None, typer.Option("--provider", help="Who ran it.")]
Description = Annotated[str | None, typer.Option("--description", help="What you did.")]
Reflection = Annotated[
    str | None,
    typer.Option("--reflection", "-r", help="What you learned and will do next."),
]
Pksb = Annotated[
    list[str] | None,
    typer.Option(
        "--pksb",
        help="A PKSB area it developed: its name or code, or their first "
        "letters (`cpdlog pksb areas` lists them); repeatable.",
    ),
]
Evidence = Annotated[
    list[str] | None,
    typer.Option("--evidence", help="A link or file that shows it; repeatable."),
]
Attach = Annotated[
    list[str] | None,
    typer.Option(
        "--attach",
        help="A file to copy into the home as evidence (a certificate, "
        "slides); repeatable.",
        metavar="FILE",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead.")]
NewTitle = Annotated[str | None, typer.Option("--title", help="A new title.")]
Clear = Annotated[
    list[str] | None,
    typer.Option(
        "--clear",
        help="Remove an optional field or empty a list "
        "(end_date, provider, description, reflection, areas, attributes, tags, "
        "pksb, evidence); repeatable.",
    ),
]
Id = Annotated[str, typer.Argument(help="The activity's ID, or its first letters.")]
