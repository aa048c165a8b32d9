"""What an importer returns: draft dicts in the activity file's key order.

Both importers build their drafts through `draft()`, so the keys, their order
and the text clean-up (one-line titles, no NUL characters) are the same
whichever file they came from. Values are only shaped here; whether a draft
is a valid activity is decided when it is accepted.
"""

import hashlib
import re
from typing import Any, NamedTuple

# The order of keys in a draft file (a subset of the activity's FIELD_ORDER,
# with `source` last); `draft()` drops unknown and empty values.
KEYS = (
    "title",
    "date",
    "end_date",
    "hours",
    "type",
    "areas",
    "tags",
    "provider",
    "pksb",
    "evidence",
    "description",
    "reflection",
    "source",
)
# The characters a title may not hold (the same set as rules._LINE_BREAKS).
_BREAKS = re.compile(r"[ \t]*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")


class Imported(NamedTuple):
    """The drafts read from a file, and what the user should know about it."""

    items: list[dict[str, Any]]
    warnings: list[str]


def draft(values: dict[str, Any]) -> dict[str, Any]:
    """The values as a draft: keys in file order, None/""/[] left out."""
    return {key: values[key] for key in KEYS if values.get(key) not in (None, "", [])}


def one_line(text: str) -> str:
    """A title: line breaks (with the blanks around them) become one space."""
    return _BREAKS.sub(" ", text.replace("\x00", "")).strip()


def clean_text(text: str) -> str:
    """Free text as cpdlog stores it: LF line ends, no NUL, no outer blanks."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def short_hash(*parts: str) -> str:
    """The first 16 hex digits of the SHA-256 of the parts (unit-separated)."""
    joined = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(joined).hexdigest()[:16]


def sort_key(item: dict[str, Any]) -> tuple[Any, str, str]:
    """Drafts in date order, then by title and source (a stable order)."""
    return (item["date"], item.get("title", ""), item["source"])
