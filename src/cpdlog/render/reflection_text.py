"""`cpdlog reflect --list` for a person: the models as plain lines.

Each model is a block: its name and title, then (indented) its one-line
summary, its headings and its source, folded to the terminal's width (down
to 40 columns). The models' text is cpdlog's own, so nothing here needs
escaping.
"""

import textwrap
from collections.abc import Iterable

from cpdlog.core.reflection import Model


def model_lines(
    models: Iterable[Model], default: Model | None, source: str, width: int
) -> list[str]:
    """The blocks of the models, then a line on the default model."""
    models = list(models)
    indent = " " * (max(len(model.name) for model in models) + 2)
    room = max(20, width - len(indent))
    lines: list[str] = []
    for model in models:
        if lines:
            lines.append("")
        parts = [
            model.title,
            model.summary,
            "Headings: " + "; ".join(prompt.heading for prompt in model.prompts),
            "Source: " + model.source,
        ]
        for number, part in enumerate(parts):
            for row, piece in enumerate(textwrap.wrap(part, room)):
                head = model.name.ljust(len(indent)) if number == row == 0 else indent
                lines.append(head + piece)
    lines.append("")
    if default is not None:
        about = f"Default: {default.name}, from {source}; --model NAME chooses another."
    else:
        about = (
            "No default model: an empty reflection opens as a plain page. Set one "
            "with: cpdlog profile set reflection_model driscoll"
        )
    lines += textwrap.wrap(about, max(20, width), break_long_words=False)
    return lines
