"""The audit pack: one zip that anyone can check with standard tools.

It holds the period's four exports (`index.html`, `record.md`,
`activities.csv`, `record.json`), `statement.md` when there is one, the
period's activity files and attached files byte for byte, and
`MANIFEST.sha256`, which lists every other file with its SHA-256 in
`sha256sum` format. The zip is written through `write_output` (a temporary
file beside the target, renamed once complete, 0600), and each attached
file is streamed into it in chunks while it is hashed, so neither a large
file nor the whole pack is ever held in memory. The home is read under its
shared lock throughout, so no attach or detach lands halfway through.

`verify` reads a pack back: every listed file must be there with its hash,
nothing unlisted may be, and each attached file must still match the
SHA-256 its activity file (inside the pack) recorded.
"""

import hashlib
import io
import os
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from cpdlog.core import ids, tomlfile
from cpdlog.core.audit import MANIFEST, Gap, gaps, manifest_text, parse_manifest
from cpdlog.core.evidence import attached
from cpdlog.errors import CpdlogError, Problem, UsageError, data_error
from cpdlog.store.atomic import write_output
from cpdlog.store.home import Home
from cpdlog.store.lock import reading

if TYPE_CHECKING:
    from cpdlog.render.export import Submission
    from cpdlog.store.reporting import Gathered

CHUNK = 1 << 20
FILE_ATTR = 0o100600 << 16  # a regular file, owner-only, as unzip restores it
# Formats that are compressed already: stored, since deflate gains nothing
# (other files are tried: see _compressed).
_STORED = frozenset(("7z", "avi", "bz2", "docx", "epub", "gif", "gz", "heic",
    "jpeg", "jpg", "m4a", "mkv", "mov", "mp3", "mp4", "odp", "ods", "odt", "ogg",
    "png", "pptx", "rar", "webm", "webp", "xlsx", "xz", "zip", "zst"))  # fmt: skip
EXPORTS = (("index.html", "html"), ("record.md", "md"),
           ("activities.csv", "csv"), ("record.json", "json"))  # fmt: skip


class Packed(NamedTuple):
    """What a pack holds, and what it could not hold as recorded."""

    path: Path
    files: int  # files listed in MANIFEST.sha256
    size: int  # bytes of the zip
    missing: list[tuple[str, str]]  # (attached file, activity ID) not packed
    altered: list[tuple[str, str]]  # packed, but not as its activity recorded
    gaps: list[Gap]
    problems: list[Problem]  # damaged activity files (left out)


def make_pack(
    home: Home, gathered: "Gathered", output: Path, force: bool, now: datetime
) -> Packed:
    """Write the pack of the gathered period to output. Raises CpdlogError
    (exit 1 when output exists and force is not set, 2 for a folder)."""
    contents = _Contents(home, gathered, now.timetuple()[:6])
    with reading(home):
        target = write_output(output, contents.write, force)
    report = gathered.report
    spans = [(a.date, a.end_date) for a in report.activities]
    found = gaps(report.period.start, report.period.end, spans)
    return Packed(target, len(contents.digests), _size(target), contents.missing,
                  contents.altered, found, list(report.problems))  # fmt: skip


class _Contents:
    """What goes into the zip, written in one pass: the activity files, the
    attached files (streamed), the exports that link to them, the statement,
    then the manifest of all of them."""

    def __init__(
        self, home: Home, gathered: "Gathered", stamp: tuple[int, ...]
    ) -> None:
        from cpdlog.render.export import build_submission

        self.home, self.gathered, self.stamp = home, gathered, stamp
        self.records = _record_names(gathered)
        self.submission = build_submission(gathered)
        self.digests: dict[str, str] = {}
        self.missing: list[tuple[str, str]] = []
        self.altered: list[tuple[str, str]] = []

    def write(self, handle: IO[bytes]) -> None:
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
            for activity in self.submission.activities:
                # The activity file byte for byte, as the records were read
                # (pack holds the home's shared lock throughout).
                raw = self.gathered.stored[activity.id].path.read_bytes()
                self._put(archive, self.records[activity.id], raw)
            for entry, activity in _attached_files(self.submission):
                self._evidence(archive, entry, activity)
            self._exports(archive)
            statement = _statement_bytes(self.home, self.gathered.report)
            if statement is not None:
                self._put(archive, "statement.md", statement)
            text = manifest_text(self.digests).encode("utf-8")
            archive.writestr(_info(MANIFEST, self.stamp), text)

    def _put(self, archive: zipfile.ZipFile, name: str, data: bytes) -> None:
        archive.writestr(_info(name, self.stamp), data)
        self.digests[name] = hashlib.sha256(data).hexdigest()

    def _evidence(self, archive: zipfile.ZipFile, entry: str, activity: Any) -> None:
        digest = _stream(archive, self.home.root / entry, entry, self.stamp)
        if digest is None:
            self.missing.append((entry, activity.id))
            return
        self.digests[entry] = digest
        recorded = activity.evidence_sha256.get(entry)
        if recorded is not None and recorded != digest:
            self.altered.append((entry, activity.id))

    def _exports(self, archive: zipfile.ZipFile) -> None:
        """The four exports, linking to the files as they are in the pack
        (record.json's paths are the pack's too)."""
        from cpdlog.render.export import InPack

        stored = {
            aid: item.moved(self.records[aid])
            for aid, item in self.gathered.stored.items()
            if aid in self.records
        }
        packed = frozenset(e for e in self.digests if e.startswith("evidence/"))
        inside = self.submission._replace(
            stored=stored, pack=InPack(self.records, packed)
        )
        for name, fmt in EXPORTS:
            self._put(archive, name, _render(fmt, inside).encode("utf-8"))


def _render(fmt: str, submission: "Submission") -> str:
    from cpdlog.render import export

    return export.render(fmt, submission)


def _record_names(gathered: "Gathered") -> dict[str, str]:
    """Each activity's path in the pack: `activities/<YYYY>/<its name>`
    (the year of its date), or its usual name when its own cannot go into
    a manifest as it is."""
    from cpdlog.core.audit import safe_name

    names: dict[str, str] = {}
    taken: set[str] = set()
    for summary in gathered.report.activities:
        item = gathered.stored[summary.id]
        activity = item.activity
        own = item.path.name
        if not (safe_name(own) and own.endswith(".toml")):
            own = ids.file_name(activity.date, activity.title, activity.id)
        name = f"activities/{activity.date.year:04d}/{own}"
        if name in taken:
            name = name[:-5] + f"-{activity.id}.toml"
        taken.add(name)
        names[activity.id] = name
    return names


def _attached_files(submission: "Submission") -> list[tuple[str, Any]]:
    """(entry, its activity) for each attached file of the period, once."""
    seen: dict[str, Any] = {}
    for activity in submission.activities:
        for entry in attached(activity.evidence):
            seen.setdefault(entry, activity)
    return list(seen.items())


def _info(name: str, stamp: tuple[int, ...], stored: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)  # type: ignore[arg-type]
    info.external_attr = FILE_ATTR
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def _stream(
    archive: zipfile.ZipFile, source: Path, name: str, stamp: tuple[int, ...]
) -> str | None:
    """Copy a file into the archive in chunks; its SHA-256, or None when it
    cannot be opened (nothing is added then). Raises DataError when it
    fails halfway (the whole pack is then not written)."""
    try:
        reader = open(source, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return None
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    with reader:
        size = os.fstat(reader.fileno()).st_size
        count = _read(reader, buffer, source)
        info = _info(name, stamp, _compressed(name, view[:count]))
        with archive.open(info, "w", force_zip64=size > 1 << 31) as writer:
            while count:
                digest.update(view[:count])
                writer.write(view[:count])
                count = _read(reader, buffer, source)
    return digest.hexdigest()


def _read(reader: io.BufferedReader, buffer: bytearray, source: Path) -> int:
    try:
        return reader.readinto(buffer)
    except OSError as error:
        raise data_error(source, error, "read the file") from None


def _compressed(name: str, start: memoryview) -> bool:
    """Whether a file is compressed already, so deflating it gains nothing:
    known formats by their extension, the rest by how little its first
    64 KB shrink (a PDF's streams are usually deflated, its text is not)."""
    if Path(name).suffix.lower()[1:] in _STORED:
        return True
    sample = start[: 1 << 16]
    return len(sample) > 1024 and len(zlib.compress(sample, 1)) > 0.9 * len(sample)


def _statement_bytes(home: Home, report: Any) -> bytes | None:
    if not report.statement.exists:
        return None
    try:
        return home.statement.read_bytes()
    except OSError:
        return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- verify ----------------------------------------------------------------


class Verdict(NamedTuple):
    """What `pack --verify` found."""

    checked: int  # files the manifest lists
    findings: list[tuple[str, str]]  # ("altered" | "missing" | "extra", name)


def verify(path: Path) -> Verdict:
    """Check a pack against its manifest. Raises UsageError (exit 2) for a
    FILE that does not exist, CpdlogError (exit 1) for one that is not a
    zip or has no manifest."""
    if not path.exists():
        raise UsageError(f"{path}: no such file.")
    if path.is_dir():
        raise UsageError(f"{path}: is a folder; give the pack's zip file.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise CpdlogError(
            f"{path}: is not a zip file ({error}), so it is not a pack cpdlog made."
        ) from None
    with archive:
        return _verify(path, archive)


def _verify(path: Path, archive: zipfile.ZipFile) -> Verdict:
    members = [info for info in archive.infolist() if not info.is_dir()]
    names = [info.filename for info in members]
    if MANIFEST not in names:
        raise CpdlogError(
            f"{path}: has no {MANIFEST}, so there is nothing to verify it "
            "against; make the pack with cpdlog pack -o FILE.zip."
        )
    try:
        text = archive.read(MANIFEST).decode("utf-8")
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError) as error:
        raise CpdlogError(f"{path}: its {MANIFEST} cannot be read ({error}).") from None
    manifest = parse_manifest(text)
    findings: list[tuple[str, str]] = [
        ("altered", f"{MANIFEST} (line {number} is not `<SHA-256>  <path>`)")
        for number in manifest.bad_lines
    ]
    findings += [
        ("altered", f"{MANIFEST} (lists {name} twice)") for name in manifest.repeated
    ]
    present = set(names)
    actual: dict[str, str] = {}
    for name, digest in manifest.digests.items():
        if name not in present:
            findings.append(("missing", name))
            continue
        got = _hash_member(archive, name)
        if got != digest:
            findings.append(("altered", name))
        else:
            actual[name] = got
    seen: set[str] = set()
    for name in names:
        if name in seen:
            findings.append(("extra", f"{name} (a second file of this name)"))
        elif name != MANIFEST and name not in manifest.digests:
            findings.append(("extra", name))
        seen.add(name)
    findings += _against_records(archive, actual)
    return Verdict(len(manifest.digests), findings)


def _hash_member(archive: zipfile.ZipFile, name: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with archive.open(name) as reader:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return None  # a damaged member (its CRC fails): altered
    return digest.hexdigest()


def _against_records(
    archive: zipfile.ZipFile, actual: dict[str, str]
) -> list[tuple[str, str]]:
    """Attached files whose hash is not the one their activity file (in the
    pack, and matching the manifest) recorded."""
    found = []
    for name in sorted(actual):
        if not (name.startswith("activities/") and name.endswith(".toml")):
            continue
        try:
            table = tomlfile.loads(archive.read(name).decode("utf-8-sig"))
        except (ValueError, RecursionError):  # not UTF-8, not TOML
            continue
        recorded = table.get("evidence_sha256")
        if not isinstance(recorded, dict):
            continue
        for entry, digest in recorded.items():
            if entry in actual and actual[entry] != digest:
                found.append(("altered", f"{entry} (not the file {name} recorded)"))
    return found
