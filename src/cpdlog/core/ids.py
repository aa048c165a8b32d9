"""Activity IDs and file names: how a new ID is chosen and a file is named.

An ID is short and lowercase, unique within the home and never reused (the
store passes every ID ever seen, trash and damaged files included). A file
is named `<date>-<slug of the title>-<id>.toml`, so the ID can be read back
from a name even when the file inside is damaged.
"""

import os
import re
from datetime import date

ID_PATTERN = re.compile(r"\A[a-z0-9][a-z0-9_-]{0,31}\Z")
# Generated IDs avoid 0/o and 1/l, which are easy to misread.
ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"
ID_LENGTH = 4


def check_id(value: str) -> str:
    """An ID as a file may hold it. Raises ValueError."""
    if not ID_PATTERN.match(value):
        raise ValueError(
            "an ID is 1 to 32 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return value


def new_id(taken: set[str]) -> str:
    """A short random ID not in taken (which holds every ID ever seen)."""
    # CPDLOG_TEST_ID_FIRST makes every process try the same ID first, so the
    # concurrency tests can show the lock keeps IDs distinct (issue #8).
    first = os.environ.get("CPDLOG_TEST_ID_FIRST")
    if first and first not in taken:
        return first
    length = ID_LENGTH
    while True:
        for _ in range(64):
            candidate = _random_letters(length)
            if candidate not in taken:
                return candidate
        length += 1


def _random_letters(length: int) -> str:
    # 256 is a multiple of the alphabet's 32 letters, so `% 32` is unbiased;
    # os.urandom spares the start-up cost of the secrets module.
    return "".join(ID_ALPHABET[byte % 32] for byte in os.urandom(length))


def slugify(title: str, limit: int = 40) -> str:
    """A file-name-safe slug of the title: lowercase ASCII words joined by '-'."""
    import unicodedata

    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:limit].rstrip("-") or "activity"


def file_name(day: date, title: str, activity_id: str) -> str:
    """`2026-03-14-umbrella-conference-k3f9.toml`."""
    return f"{day.isoformat()}-{slugify(title)}-{activity_id}.toml"


def id_of_name(name: str) -> str:
    """The ID a file name ends with (`...-k3f9.toml` -> `k3f9`)."""
    stem = name[:-5] if name.endswith(".toml") else name
    return stem.rsplit("-", 1)[-1]
