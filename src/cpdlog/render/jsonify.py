"""Activities and TOML values as JSON, one function for every command.

An activity is an object with its file's keys in the SPEC's order (absent
optional keys as null, or [] for lists), unknown keys as stored, no
`schema_version`, and `path`, the file's absolute path.
"""

from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpdlog.core.activity import EXTENSION_FIELDS, FIELD_ORDER, LIST_FIELDS
from cpdlog.core.tomlfile import utc_stamp
from cpdlog.errors import shown

if TYPE_CHECKING:
    from cpdlog.core.activity import Record

_HIDDEN = ("schema_version",)


def json_value(value: Any) -> Any:
    """TOML values as JSON: dates as YYYY-MM-DD, times in RFC 3339 UTC."""
    if isinstance(value, datetime):
        return utc_stamp(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


def activity_json(table: dict[str, Any], path: Path) -> dict[str, Any]:
    """The JSON object of an activity's (validated) table."""
    result: dict[str, Any] = {}
    for key in FIELD_ORDER:
        if key in _HIDDEN or (key in EXTENSION_FIELDS and not table.get(key)):
            continue
        default: Any = [] if key in LIST_FIELDS else None
        result[key] = json_value(table.get(key, default))
    for key, value in table.items():
        if key not in result and key not in _HIDDEN and key not in EXTENSION_FIELDS:
            result[key] = json_value(value)
    result["path"] = shown(path)
    return result


def activity_text(activity: "Record", path: Path) -> str:
    """The JSON text of an activity, as `list --json` prints each item. The
    records cache keeps this text: bump store.cache.FORMAT when its shape
    changes."""
    return json_text(activity_json(activity.table(), path))


def json_text(value: Any) -> str:
    """value as indented JSON that encodes to UTF-8 whatever it holds."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a stray surrogate: \u-escape everything
        text = json.dumps(value, ensure_ascii=True, indent=2)
    return text
