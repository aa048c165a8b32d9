"""The commands that report on a period: status, statement, export."""

import typer


def register(app: typer.Typer) -> None:
    """Nothing yet."""
