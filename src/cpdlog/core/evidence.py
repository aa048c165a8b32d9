"""Evidence: which `evidence` entries are attached files, and how they are named.

An activity's `evidence` list holds links, free text and, since `cpdlog
attach`, paths of files copied into the home: `evidence/<YYYY>/<id>-<name>.<ext>`
(the year of the activity's date), relative to the home and always written
with `/`. Only entries of that shape are attached files; anything else (a
URL, "certificate in my drawer") stays as it is. The SHA-256 of each
attached file is kept in the activity's `evidence_sha256` table, keyed by
the same path, so `check` and the audit pack can tell an altered file.

Pure rules only: the files themselves are copied and moved by
`store/evidence.py`.
"""

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import PurePosixPath

from cpdlog.core.ids import slugify
from cpdlog.errors import UsageError

FOLDER = "evidence"
_URL = re.compile(r"\Ahttps?://[^\s<>\"]+\Z", re.IGNORECASE)
# Extensions made of two parts, kept whole (`notes.tar.gz`, not `notes-tar.gz`).
_DOUBLE = (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst")
_EXTENSION = re.compile(r"\A\.[A-Za-z0-9]{1,10}\Z")
_NOT_IN_PATHS = re.compile(r"[\x00-\x1f\x7f\\]")  # control characters, backslash


def is_attached(entry: str) -> bool:
    """Whether an evidence entry names a file kept in the home
    (`evidence/2026/k3f9-certificate.pdf`): relative, below `evidence/`,
    without `.`, `..`, empty parts, backslashes or control characters."""
    parts = entry.split("/")
    return (
        len(parts) >= 2
        and parts[0] == FOLDER
        and all(part not in ("", ".", "..") for part in parts[1:])
        and not _NOT_IN_PATHS.search(entry)
    )


def attached(entries: Iterable[str]) -> list[str]:
    """The entries that are attached files, in their order."""
    return [entry for entry in entries if is_attached(entry)]


def is_link(entry: str) -> bool:
    """Whether an evidence entry is a web link (http or https, no spaces)."""
    return bool(_URL.match(entry))


def folder_for(day: date) -> str:
    """The home-relative folder of an activity's attached files."""
    return f"{FOLDER}/{day.year:04d}"


def split_name(file_name: str) -> tuple[str, str]:
    """(stem, extension) of a file's name; the extension keeps its dot and
    case, and is empty when the name has none that looks like one."""
    lower = file_name.lower()
    for double in _DOUBLE:
        if lower.endswith(double) and len(file_name) > len(double):
            return file_name[: -len(double)], file_name[-len(double) :]
    suffix = PurePosixPath(file_name).suffix
    if suffix and _EXTENSION.match(suffix) and len(file_name) > len(suffix):
        return file_name[: -len(suffix)], suffix
    return file_name, ""


def stored_names(activity_id: str, file_name: str) -> Iterator[str]:
    """The names an attached copy may take, the first free one wins:
    `k3f9-certificate.pdf`, then `k3f9-certificate-2.pdf`, ..."""
    stem, extension = split_name(file_name)
    slug = slugify(stem, limit=60)
    if slug == "activity" and "activity" not in stem.lower():
        slug = "file"  # slugify's fallback for a name with no letters
    yield f"{activity_id}-{slug}{extension}"
    number = 2
    while True:
        yield f"{activity_id}-{slug}-{number}{extension}"
        number += 1


def display_name(entry: str) -> str:
    """What an evidence entry is called when shown: a file's name, else the
    entry itself."""
    return entry.rsplit("/", 1)[-1] if is_attached(entry) else entry


def find_entry(entries: Sequence[str], wanted: str, activity_id: str) -> str:
    """The attached file that wanted names: its path as listed, or a unique
    ending of it (its file name, or `cert.pdf` for `k3f9-cert.pdf`). Raises
    UsageError."""
    files = attached(entries)
    given = wanted.strip().replace("\\", "/")
    if given in files:
        return given
    hits = [entry for entry in files if given and entry.endswith(given)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise UsageError(
            f"{wanted!r} matches {len(hits)} files attached to {activity_id}: "
            f"{', '.join(hits)}. Give more of the path."
        )
    if not files:
        raise UsageError(f"No file is attached to {activity_id}.")
    raise UsageError(
        f"No file attached to {activity_id} is called {wanted!r}; attached: "
        f"{', '.join(files)}."
    )
