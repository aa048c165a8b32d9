"""Hand-written activity files, as a user or a sync tool would leave them."""

import os
from pathlib import Path

import tomli_w


def activity_text(**fields: object) -> str:
    """The TOML of a valid activity, with fields overriding the defaults."""
    table: dict[str, object] = {
        "id": "hand",
        "title": "Hand-written activity",
        "date": "2026-05-04",
        "hours": 1.0,
        "type": "reading",
    }
    table.update(fields)
    lines = []
    for key, value in table.items():
        if value is None:
            continue
        if key in ("date", "end_date"):
            lines.append(f"{key} = {value}")
        else:
            lines.append(tomli_w.dumps({key: value}).rstrip("\n"))
    return "\n".join(lines) + "\n"


def write_activity(home: Path, name: str, text: str, year: str = "2026") -> Path:
    """Write text as activities/<year>/<name>, owner-only, as cpdlog would."""
    folder = home / "activities" / year
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o600)
    return path
