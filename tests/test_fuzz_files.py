"""Damaged activity files on disk: never a traceback, each bad file named, the
good ones still counted.

A seeded generator turns valid activity files into damaged variants
(truncated, random bytes, wrong types, huge values, dates out of range,
duplicate keys, BOMs, CRLF, Latin-1, merge-conflict markers, NUL bytes, ...)
and `check`, `status`, `list` and `export` read a home full of them. Some
mutations leave a file valid: the tests do not guess which, they hold the
commands to one partition: every file is either counted (its path is in
`list --json`) or named in `status --json`'s `problems`, never both, never
neither. A separate test damages the cache (stale, truncated, random bytes,
another home's) and checks that the hours stay exact.
"""

import csv
import io
import json
import marshal
import os
import random
import re
import shutil
import time
import tomllib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cpdlog.core.catalogue import AREA_NAMES, TYPE_NAMES
from tests.conftest import cli, snapshot
from tests.handmade import activity_text, write_activity

# Files the default run tries (plus the known-good ones); docs cite these.
FUZZ_FILES = 2_000
# The --slow run: SLOW_ROUNDS homes of FUZZ_FILES files, each with its own seed.
SLOW_ROUNDS = 10
FUZZ_FILES_SLOW = FUZZ_FILES * SLOW_ROUNDS
GOOD_FILES = 10

TODAY = date(2026, 11, 23)  # conftest's CPDLOG_TEST_NOW
FIRST_DAY = date(2025, 9, 1)  # some activities fall before the period

TITLES = [
    "Umbrella conference: discovery strand",
    "Cataloguing webinar",
    "Read 'The Library Book'",
    "Café des bibliothèques",
    "Mentoring session with Sam",
    "Podcast: Librarians with Lives",
    'Quotes " and \\ backslashes',
    "[bold]not markup[/bold]",
    "Emoji 📚 and RTL שלום",
]
REFLECTIONS = [
    None,
    "",
    "   ",
    "Learned a lot.\nWill try it at work.",
    'Triple quotes """ inside',
    "Tabs\tand\r\nCRLF",
]

# (key, the TOML text of a value of the wrong type)
WRONG_TYPES = [
    ("hours", '"2"'),
    ("hours", "true"),
    ("hours", "[1, 2]"),
    ("hours", "{ h = 1 }"),
    ("hours", "2026-01-01"),
    ("date", "5"),
    ("date", '"tomorrow"'),
    ("date", "true"),
    ("areas", '"personal"'),
    ("areas", "[1, 2]"),
    ("areas", '[["personal"]]'),
    ("tags", "[1, 2]"),
    ("tags", '"one"'),
    ("pksb", "[true]"),
    ("evidence", "{ url = 1 }"),
    ("title", "3"),
    ("title", "[]"),
    ("type", "7"),
    ("type", '["reading"]'),
    ("id", "12"),
    ("provider", "false"),
    ("description", '["a"]'),
    ("reflection", "1.5"),
    ("end_date", '"soon"'),
    ("schema_version", '"1"'),
    ("schema_version", "0"),
    ("schema_version", "1.0"),
    ("created", '"yesterday"'),
    ("updated", "12"),
]

# (key, an odd or out-of-range value): some valid, most not.
ODD_VALUES = [
    ("hours", "1e308"),
    ("hours", "inf"),
    ("hours", "-inf"),
    ("hours", "nan"),
    ("hours", "-0.0"),
    ("hours", "0"),
    ("hours", "0.0"),
    ("hours", "-1"),
    ("hours", "1e-9"),
    ("hours", "0.008"),
    ("hours", "0.0083333"),
    ("hours", "9999999999"),
    ("hours", "24"),
    ("hours", "24.0001"),
    ("hours", "24.01"),
    ("hours", "25"),
    ("hours", "0x10"),
    ("hours", "1_000"),
    ("hours", "0.33333333333"),
    ("hours", "18446744073709551616"),
    ("date", "9999-12-31"),
    ("date", "0001-01-01"),
    ("date", "2026-01-01T10:00:00"),
    ("date", "2026-01-01T10:00:00Z"),
    ("date", "10:00:00"),
    ("date", "2026-02-30"),
    ("date", "2026-13-01"),
    ("date", '"2026-03-04"'),
    ("date", '" 2026-03-04 "'),
    ("date", '"2026-3-4"'),
    ("end_date", "0001-01-01"),
    ("end_date", "9999-12-31"),
    ("end_date", "2026-01-01T10:00:00"),
    ("id", '"UPPER"'),
    ("id", '"a b"'),
    ("id", '""'),
    ("id", '"-dash"'),
    ("id", '"' + "x" * 33 + '"'),
    ("id", '"../../etc"'),
    ("title", '"first\\nsecond"'),
    ("title", '"   "'),
    ("title", '""'),
    ("title", '"nul \\u0000 inside"'),
    ("title", '"bell \\u0007 inside"'),
    ("title", '"line\\u2028separator"'),
    ("type", '"banana"'),
    ("type", '"Reading"'),
    ("type", '""'),
    ("areas", '["personal", "galactic"]'),
    ("areas", '["personal", "personal"]'),
    ("areas", "[]"),
    ("tags", '["nul \\u0000"]'),
    ("reflection", '"nul \\u0000"'),
    ("schema_version", "99"),
    ("schema_version", "-1"),
    ("created", "2026-01-01T10:00:00Z"),
    ("created", "2026-01-01"),
]

# Lines added to a file: unknown keys and tables (valid), or trouble.
EXTRA_LINES = [
    'mood = "good"',
    "rating = 5",
    "[extra]\nnote = 1",
    "[extra.deeper]\nx = [1, { a = 2 }]",
    '[[sessions]]\nname = "one"\n[[sessions]]\nname = "two"',
    "hours = 1",
    'id = "again"',
    "[hours]\nvalue = 1",
    "# just a comment",
    "   ",
    "key with spaces = 1",
    '"quoted key" = 1',
    "= 1",
    "[",
    "x = '''unclosed",
    'x = """unclosed',
    'x = "raw \x1b escape"',
    'x = "raw \x7f delete"',
]


def _set(text: str, key: str, value: str) -> str:
    """text with key set to value (the TOML text of a value), or added."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if line.startswith(f"{key} ="):
            lines[number] = f"{key} = {value}"
            return "\n".join(lines)
    # Before any [table], so the key stays at the top level.
    return f"{key} = {value}\n{text}"


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


# Each mutation: (rng, raw bytes of a file) -> damaged bytes.
Mutation = Callable[[random.Random, bytes], bytes]


def truncate(rng: random.Random, raw: bytes) -> bytes:
    return raw[: rng.randrange(len(raw) + 1)]


def flip_bytes(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def insert_bytes(rng: random.Random, raw: bytes) -> bytes:
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + rng.randbytes(rng.randint(1, 16)) + raw[at:]


def delete_span(rng: random.Random, raw: bytes) -> bytes:
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + raw[at + rng.randint(1, 40) :]


def random_file(rng: random.Random, raw: bytes) -> bytes:
    return rng.randbytes(rng.randint(1, 600))


def wrong_type(rng: random.Random, raw: bytes) -> bytes:
    return _bytes(_set(_text(raw), *rng.choice(WRONG_TYPES)))


def odd_value(rng: random.Random, raw: bytes) -> bytes:
    return _bytes(_set(_text(raw), *rng.choice(ODD_VALUES)))


def end_before_date(rng: random.Random, raw: bytes) -> bytes:
    text = _text(raw)
    found = re.search(r"^date = (\d{4}-\d\d-\d\d)$", text, re.MULTILINE)
    try:
        start = date.fromisoformat(found[1]) if found else TODAY
    except ValueError:  # 2026-13-01 from an earlier mutation
        start = TODAY
    end = start - timedelta(days=rng.randint(1, 400))
    return _bytes(_set(text, "end_date", end.isoformat()))


def drop_key(rng: random.Random, raw: bytes) -> bytes:
    lines = _lines(raw)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(rng: random.Random, raw: bytes) -> bytes:
    lines = _lines(raw)
    at = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[at])
    return b"\n".join(lines)


def extra_line(rng: random.Random, raw: bytes) -> bytes:
    return raw + _bytes(rng.choice(EXTRA_LINES)) + b"\n"


def bom(rng: random.Random, raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" * rng.choice((1, 1, 1, 2)) + raw


def crlf(rng: random.Random, raw: bytes) -> bytes:
    return raw.replace(b"\n", rng.choice((b"\r\n", b"\r\n", b"\r", b"\n\r")))


def latin1(rng: random.Random, raw: bytes) -> bytes:
    text = _set(_text(raw), "provider", '"Bibliothèque nationale"')
    return text.encode("latin-1", "replace")


def utf16(rng: random.Random, raw: bytes) -> bytes:
    text = raw.decode("utf-8", "replace")
    return text.encode(rng.choice(("utf-16", "utf-16-le", "utf-32")))


def merge_conflict(rng: random.Random, raw: bytes) -> bytes:
    lines = _lines(raw)
    at = rng.randrange(len(lines))
    theirs = lines[at].replace(b"1", b"2")
    lines[at : at + 1] = [
        b"<<<<<<< HEAD",
        lines[at],
        b"=======",
        theirs,
        b">>>>>>> branch",
    ]
    return b"\n".join(lines)


def empty(rng: random.Random, raw: bytes) -> bytes:
    return rng.choice((b"", b"\n", b"   \n\n", b"\xef\xbb\xbf"))


def nul_bytes(rng: random.Random, raw: bytes) -> bytes:
    if rng.random() < 0.5:
        return b"\x00" * rng.randint(1, 4096)
    at = rng.randrange(len(raw) + 1)
    return raw[:at] + b"\x00" + raw[at:]


# 200 KB of reflection, as a multi-line literal string (tomllib reads it fast).
BIG_REFLECTION = (
    "'''\n" + ("Learned, tried, will catalogue: ü 📚\n" * 6_000)[:200_000] + "'''"
)


def big_reflection(rng: random.Random, raw: bytes) -> bytes:
    return _bytes(_set(_text(raw), "reflection", BIG_REFLECTION))


def control_char(rng: random.Random, raw: bytes) -> bytes:
    """A raw control character inside a quoted string (TOML refuses most)."""
    lines = _lines(raw)
    quoted = [n for n, line in enumerate(lines) if line.endswith(b'"')]
    if not quoted:
        return raw
    at = rng.choice(quoted)
    lines[at] = lines[at][:-1] + bytes([rng.choice((0, 7, 8, 11, 12, 27, 127))]) + b'"'
    return b"\n".join(lines)


def indent_and_comment(rng: random.Random, raw: bytes) -> bytes:
    """Valid layout changes: indentation, trailing comments, blank lines."""
    out = []
    for line in _lines(raw):
        if line and not line.startswith((b"[", b"#")):
            line = b"  \t" + line + b"  # note"
        out.append(line)
        out.append(b"")
    return b"\n".join(out)


MUTATIONS: list[tuple[Mutation, float]] = [
    (truncate, 10),
    (flip_bytes, 10),
    (insert_bytes, 6),
    (delete_span, 5),
    (random_file, 2),
    (wrong_type, 12),
    (odd_value, 16),
    (end_before_date, 3),
    (drop_key, 5),
    (duplicate_line, 4),
    (extra_line, 6),
    (bom, 3),
    (crlf, 3),
    (latin1, 3),
    (utf16, 1),
    (merge_conflict, 3),
    (empty, 1),
    (nul_bytes, 2),
    (big_reflection, 0.1),
    (control_char, 3),
    (indent_and_comment, 2),
]


def valid_fields(rng: random.Random, activity_id: str) -> dict[str, object]:
    """The fields of a valid activity, varied, dated up to TODAY."""
    day = FIRST_DAY + timedelta(days=rng.randrange((TODAY - FIRST_DAY).days + 1))
    minutes = rng.randint(1, 12 * 60)
    fields: dict[str, object] = {
        "id": activity_id,
        "title": f"{rng.choice(TITLES)} {activity_id}",
        "date": day.isoformat(),
        "hours": round(minutes / 60, 4),
        "type": rng.choice(TYPE_NAMES),
        "areas": rng.sample(AREA_NAMES, rng.randint(0, 3)),
    }
    if rng.random() < 0.3:
        fields["end_date"] = (day + timedelta(days=rng.randint(0, 2))).isoformat()
        if fields["end_date"] > TODAY.isoformat():
            fields["end_date"] = None
    if rng.random() < 0.5:
        fields["tags"] = rng.sample(["metadata", "ai", "rda", "teams"], 2)
    if rng.random() < 0.3:
        fields["provider"] = "CILIP"
    if rng.random() < 0.7:
        fields["reflection"] = rng.choice(REFLECTIONS)
    return fields


def _parsed_id(raw: bytes) -> object:
    """The id a file holds if it is valid TOML, else None."""
    try:
        table = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return table.get("id")


def damaged_files(seed: int, count: int) -> list[tuple[str, bytes]]:
    """count (file name, bytes) pairs: valid activities put through one or
    two mutations each (some of which leave them valid).

    A mutation that leaves a file valid TOML with another file's ID is
    drawn again, so no two files share an ID (the duplicate rule is tested
    elsewhere); with unique IDs every file is counted or a problem.
    """
    rng = random.Random(seed)
    mutations = [m for m, _ in MUTATIONS]
    weights = [w for _, w in MUTATIONS]
    planned = {f"f{number:05d}" for number in range(count)}
    planned |= {f"good{number:02d}" for number in range(GOOD_FILES)}
    seen: set[str] = set()
    made = []
    for number in range(count):
        activity_id = f"f{number:05d}"
        fields = valid_fields(rng, activity_id)
        good = _bytes(activity_text(**fields))
        while True:
            raw = good
            for mutation in rng.choices(mutations, weights, k=rng.choice((1, 1, 1, 2))):
                raw = mutation(rng, raw)
            found = _parsed_id(raw)
            if not isinstance(found, str) or found == activity_id:
                break
            if found not in seen and found not in planned:
                seen.add(found)
                break
        made.append((f"{fields['date']}-{activity_id}.toml", raw))
    return made


def good_files(rng: random.Random) -> list[tuple[str, str, float, str]]:
    """(name, text, hours, date) of GOOD_FILES valid activities in the period."""
    made = []
    for number in range(GOOD_FILES):
        activity_id = f"good{number:02d}"
        day = (TODAY - timedelta(days=rng.randrange(300))).isoformat()
        hours = round(rng.randint(1, 600) / 60, 4)
        text = activity_text(
            id=activity_id,
            title=f"Known good {number}",
            date=day,
            hours=hours,
            type="reading",
            areas=["personal"],
        )
        made.append((f"{day}-{activity_id}.toml", text, hours, day))
    return made


def _minutes(hours: float) -> int:
    return round(hours * 60)


def _write_raw(home: Path, name: str, raw: bytes) -> Path:
    folder = home / "activities" / "2026"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / name
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    return path


def _error_paths(output: str) -> set[str]:
    """The paths named on `error: PATH[:line[:col]]: ...` lines."""
    found = set()
    for line in output.splitlines():
        if line.startswith("error: "):
            rest = line[len("error: ") :]
            found.add(
                rest[: rest.index(".toml") + len(".toml")] if ".toml" in rest else rest
            )
    return found


def fuzz_home(
    home: Path, monkeypatch: pytest.MonkeyPatch, seed: int, count: int
) -> None:
    """Write count generated files and the known-good ones into one home, then
    run the read-only commands and hold them to the partition."""
    rng = random.Random(seed * 7919 + 1)
    all_paths = []
    for name, raw in damaged_files(seed, count):
        all_paths.append(str(_write_raw(home, name, raw)))
    known: dict[str, tuple[float, str]] = {}
    for name, text, hours, day in good_files(rng):
        path = write_activity(home, name, text)
        all_paths.append(str(path))
        known[f"{path}"] = (hours, day)
    before = snapshot(home)

    status = cli("status", "--json", code=1)
    report = json.loads(status.stdout)
    problems = report["problems"]
    for problem in problems:
        assert set(problem) == {"path", "line", "column", "message"}, problem
        assert isinstance(problem["message"], str)
        assert problem["message"].strip()
        assert problem["line"] is None or problem["line"] >= 1, problem
        assert problem["column"] is None or problem["column"] >= 1, problem
        assert "duplicate ID" not in problem["message"], problem
        assert Path(problem["path"]).is_absolute()
    bad = [problem["path"] for problem in problems]
    assert len(bad) == len(set(bad)), "a file is named twice in problems"
    assert bad, "the generator made no damaged file"

    listed_result = cli("list", "--json", code=1)
    listed = json.loads(listed_result.stdout)
    counted = [activity["path"] for activity in listed]
    assert len(counted) == len(set(counted))
    assert set(counted).isdisjoint(bad), "a file is both counted and a problem"
    assert set(counted) | set(bad) == set(all_paths), "a file is neither"
    assert len(counted) + len(bad) == len(all_paths)

    # Each counted activity is its own file's: same ID, same minutes.
    by_path = {activity["path"]: activity for activity in listed}
    for path, (hours, day) in known.items():
        assert path in by_path, f"a good file is not counted: {path}"
        assert _minutes(by_path[path]["hours"]) == _minutes(hours)
        assert by_path[path]["date"] == day
    for activity in listed:
        table = tomllib.loads(Path(activity["path"]).read_bytes().decode("utf-8-sig"))
        assert activity["id"] == table["id"]
        assert isinstance(activity["hours"], int | float)
        assert activity["hours"] > 0

    # The total is exactly the listed hours of the period, to the minute.
    window = report["window"]
    in_period = [a for a in listed if window["start"] <= a["date"] <= window["end"]]
    assert report["entries"] == len(in_period)
    assert _minutes(report["hours"]) == sum(_minutes(a["hours"]) for a in in_period)
    known_minutes = sum(_minutes(hours) for hours, _day in known.values())
    assert _minutes(report["hours"]) >= known_minutes

    # Every command that reads the log names each bad file on stderr.
    assert _error_paths(status.stderr) == set(bad)
    assert _error_paths(listed_result.stderr) == set(bad)

    # check folds its lines to the terminal; a wide one keeps each on one line.
    monkeypatch.setenv("COLUMNS", "10000")
    checked = cli("check", code=1)
    monkeypatch.setenv("COLUMNS", "80")
    # check also fails counted files kept outside their year's folder (SPEC).
    misplaced = {
        a["path"] for a in listed if Path(a["path"]).parent.name != a["date"][:4]
    }
    # ...and names (by its first file) a day whose one-day activities hold
    # more than 24 hours together (issue #12).
    days: dict[str, list[Any]] = {}
    for a in listed:
        if a["end_date"] is None:
            days.setdefault(a["date"], []).append(a)
    full = {
        min(a["path"] for a in items)
        for items in days.values()
        if sum(_minutes(a["hours"]) for a in items) > 24 * 60
    }
    assert _error_paths(checked.stdout) == set(bad) | misplaced | full
    assert f"Checked {len(all_paths)} activity file(s)" in " ".join(
        checked.stdout.split()
    )

    exported = cli("export", "-f", "json", code=1)
    assert _error_paths(exported.stderr) == set(bad)
    submission = json.loads(exported.stdout)
    assert submission["status"] == report
    assert sorted(a["id"] for a in submission["activities"]) == sorted(
        a["id"] for a in in_period
    )

    table = cli("export", "-f", "csv", code=1)
    assert _error_paths(table.stderr) == set(bad)
    limit = csv.field_size_limit(1 << 24)  # the 200 KB reflections
    try:
        rows = list(csv.reader(io.StringIO(table.stdout, newline="")))
    finally:
        csv.field_size_limit(limit)
    assert rows[0][:2] == ["id", "date"]
    assert sorted(row[0] for row in rows[1:]) == sorted(a["id"] for a in in_period)

    page = cli("export", "-f", "html", code=1)
    assert _error_paths(page.stderr) == set(bad)
    assert page.stdout.lstrip().lower().startswith("<!doctype html")

    assert snapshot(home) == before, "a read-only command changed the home"


def test_damaged_files_are_named_and_the_rest_counted(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FUZZ_FILES generated files (most damaged) and 10 known-good ones in one
    home: status, list, check and every export name each bad file, count
    each good one, total the hours exactly and write nothing."""
    fuzz_home(home, monkeypatch, seed=20261123, count=FUZZ_FILES)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(1, SLOW_ROUNDS + 1))
def test_damaged_files_many_seeds(
    home: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """The same, SLOW_ROUNDS homes of FUZZ_FILES files (FUZZ_FILES_SLOW in all)."""
    fuzz_home(home, monkeypatch, seed=seed, count=FUZZ_FILES)


def test_the_generator_is_deterministic_and_varied() -> None:
    """The same seed gives the same files, some of them TOML, some not."""
    first = damaged_files(7, 300)
    assert first == damaged_files(7, 300)
    assert first != damaged_files(8, 300)
    toml = sum(_parsed_id(raw) is not None for _name, raw in first)
    assert 30 < toml < 270


# --- a damaged cache never changes the hours -------------------------------


def _cache_file(cache: Path) -> Path:
    (found,) = sorted(cache.glob("index-*.marshal"))
    return found


def _status_minutes(code: int = 0) -> int:
    report = json.loads(cli("status", "--json", code=code).stdout)
    return _minutes(report["hours"])


def _settle() -> None:
    """Let fresh files age past the index's racy-time window, so they are cached."""
    time.sleep(0.12)


def _relabelled(raw: bytes, home: Path, other: Path) -> bytes | None:
    """A cache of (stamp, {path: row}) with home's name in the stamp replaced
    by other's and every number after a row's stat key multiplied by 100;
    None if the cache does not have that layout."""
    loaded = marshal.loads(raw)
    if not (isinstance(loaded, tuple) and len(loaded) == 2):
        return None
    stamp, entries = loaded
    if not (isinstance(stamp, tuple) and isinstance(entries, dict)):
        return None
    assert len(entries) == 4, "the settled files were not cached"
    labelled = tuple(str(other) if item == str(home) else item for item in stamp)
    if labelled == stamp:
        return None
    forged = {
        key: tuple(
            value * 100 if type(value) is int and n > 4 else value
            for n, value in enumerate(row)
        )
        for key, row in entries.items()
    }
    return marshal.dumps((labelled, forged))


def test_a_damaged_or_foreign_cache_never_changes_the_hours(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stale, truncated, random or foreign cache: the hours stay exact."""
    cache = tmp_path / "cache"
    paths = []
    for number, hours in enumerate((1.5, 2.25, 0.5, 3.0)):
        text = activity_text(id=f"c{number}", title=f"Cached {number}", hours=hours)
        paths.append(write_activity(home, f"2026-05-04-cached-c{number}.toml", text))
    _settle()
    assert _status_minutes() == 435
    cache_path = _cache_file(cache)
    assert cache_path.stat().st_size > 0

    # (a) an edit of the same size, mtime put back: only ctime tells.
    target = paths[0]
    old = target.stat()
    target.write_bytes(target.read_bytes().replace(b"hours = 1.5", b"hours = 2.5"))
    assert target.stat().st_size == old.st_size
    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert _status_minutes() == 495
    _settle()
    assert _status_minutes() == 495  # cached now

    # (a') the same again with a different mtime (set into the past, as a sync
    # tool restoring timestamps does; a future one would stay uncached).
    old = target.stat()
    target.write_bytes(target.read_bytes().replace(b"hours = 2.5", b"hours = 4.5"))
    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns - 5_000_000_000))
    assert _status_minutes() == 615
    _settle()
    assert _status_minutes() == 615

    # (a'') a file removed and a file added behind the cache's back.
    paths[1].unlink()
    write_activity(
        home,
        "2026-05-05-new-c9.toml",
        activity_text(id="c9", title="New", date="2026-05-05", hours=0.25),
    )
    assert _status_minutes() == 615 - 135 + 15
    _settle()
    expected = _status_minutes()
    assert expected == 495

    # (b) truncated to half.
    whole = _cache_file(cache).read_bytes()
    cache_path.write_bytes(whole[: len(whole) // 2])
    assert _status_minutes() == expected

    # (c) random bytes, of several sizes, and an empty file.
    rng = random.Random(5)
    for size in (0, 1, 7, len(whole), 100_000):
        cache_path.write_bytes(rng.randbytes(size))
        assert _status_minutes() == expected
    # valid marshal data of the wrong shape
    for value in (None, 1, (), ("x",), (1, 2, 3), {"a": 1}, [whole]):
        cache_path.write_bytes(marshal.dumps(value))
        assert _status_minutes() == expected

    # (d) a cache built for another home, under this home's cache name.
    other = tmp_path / "other"
    write_activity(
        other,
        "2026-05-04-cached-c0.toml",
        activity_text(id="c0", title="Cached 0", hours=20.0),
    )
    _settle()
    assert (
        json.loads(cli("--home", str(other), "status", "--json").stdout)["hours"] == 20
    )
    foreign = sorted(set(cache.glob("index-*.marshal")) - {cache_path})
    assert len(foreign) == 1
    shutil.copyfile(foreign[0], cache_path)
    assert _status_minutes() == expected

    # (d') this home's own cache with its numbers multiplied, labelled with
    # another home: the label alone must make it unusable.
    assert _status_minutes() == expected  # rebuilt
    forged = _relabelled(cache_path.read_bytes(), home, other)
    if forged is not None:  # the cache has the layout this was written for
        cache_path.write_bytes(forged)
        assert _status_minutes() == expected

    # (e) the cache folder is a file, or not writable: still exact.
    shutil.rmtree(cache)
    cache.write_bytes(b"not a folder")
    assert _status_minutes() == expected
    cache.unlink()
    monkeypatch.setenv("CPDLOG_CACHE_DIR", "")
    assert _status_minutes() == expected

    # A damaged file behind a warm cache is still a problem, and exit 1.
    monkeypatch.setenv("CPDLOG_CACHE_DIR", str(cache))
    assert _status_minutes() == expected
    _settle()
    old = paths[2].stat()
    paths[2].write_bytes(paths[2].read_bytes().replace(b"hours = 0.5", b"hours = 0.x"))
    os.utime(paths[2], ns=(old.st_atime_ns, old.st_mtime_ns))
    assert _status_minutes(code=1) == expected - 30


# --- files in odd places and odd names --------------------------------------


def _valid(activity_id: str, hours: float = 1.0) -> bytes:
    return activity_text(
        id=activity_id, title=f"Odd {activity_id}", hours=hours
    ).encode()


def test_files_in_odd_places_are_read_or_skipped_as_documented(
    home: Path, tmp_path: Path
) -> None:
    """Any *.toml below activities/ counts: at the top, deep in folders, in a
    folder whose name ends in .toml, through a symlink. Hidden names and
    other suffixes are not read (README), and are not problems either."""
    activities = home / "activities"
    counted = {
        activities / "loose-n1.toml": 1.0,
        activities / "2026" / "deep" / "er" / "nested-n2.toml": 0.5,
        activities / "2026" / "folder.toml" / "inside-n3.toml": 0.25,
    }
    for number, (path, hours) in enumerate(counted.items(), start=1):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_valid(f"n{number}", hours))
    outside = tmp_path / "elsewhere" / "target.toml"
    outside.parent.mkdir()
    outside.write_bytes(_valid("n4", 2.0))
    link = activities / "2026" / "link-n4.toml"
    link.symlink_to(outside)
    counted[link] = 2.0
    skipped = [
        activities / "2026" / ".hidden-n5.toml",
        activities / ".sync" / "n6.toml",
        activities / "2026" / "upper-n7.TOML",
        activities / "2026" / "n8.toml.txt",
    ]
    for number, path in enumerate(skipped, start=5):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_valid(f"n{number}"))
    before = snapshot(home)
    report = json.loads(cli("status", "--json").stdout)
    assert report["problems"] == []
    assert _minutes(report["hours"]) == sum(_minutes(h) for h in counted.values())
    listed = json.loads(cli("list", "--json").stdout)
    assert {activity["path"] for activity in listed} == {str(p) for p in counted}
    # They count, but check asks for each outside its year's folder to move.
    check = " ".join(cli("check", code=1).stdout.split())
    assert check.count("move it to activities/") == 3
    assert snapshot(home) == before


def test_a_dangling_symlink_is_named_by_every_reader(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A *.toml symlink whose target is gone (a sync tool's placeholder, a
    moved folder) cannot be read: every reader names it and exits 1."""
    write_activity(home, "2026-05-04-real-ok11.toml", activity_text(id="ok11"))
    folder = home / "activities" / "2026"
    gone = folder / "2026-01-01-gone-dd11.toml"
    gone.symlink_to(tmp_path / "nowhere" / "gone.toml")
    loop = folder / "2026-01-02-loop-dd12.toml"
    loop.symlink_to(loop)
    bad = {str(gone), str(loop)}
    monkeypatch.setenv("COLUMNS", "10000")  # one line per finding
    assert _error_paths(cli("check", code=1).stdout) == bad
    report = json.loads(cli("status", "--json", code=1).stdout)
    assert {problem["path"] for problem in report["problems"]} == bad
    assert _minutes(report["hours"]) == 60
    listed = cli("list", "--json", code=1)
    assert _error_paths(listed.stderr) == bad
    assert _error_paths(cli("export", "-f", "csv", code=1).stderr) == bad


def test_a_file_name_that_is_not_utf8_is_counted_or_named(home: Path) -> None:
    """A file whose name is not UTF-8 is still counted (or named when bad),
    and every --json output stays valid JSON."""
    folder = home / "activities" / "2026"
    folder.mkdir(parents=True, mode=0o700)
    good = os.path.join(os.fsencode(folder), b"2026-05-04-caf\xe9-ab12.toml")
    bad = os.path.join(os.fsencode(folder), b"2026-05-05-caf\xe9-cd34.toml")
    with open(good, "wb") as handle:
        handle.write(_valid("ab12", 1.5))
    with open(bad, "wb") as handle:
        handle.write(b'id = "cd34"\ntitle = "Bad"\ndate = 2026-05-05\nhours = x\n')
    report = json.loads(cli("status", "--json", code=1).stdout)
    assert len(report["problems"]) == 1
    assert _minutes(report["hours"]) == 90
    listed = json.loads(cli("list", "--json", code=1).stdout)
    assert [activity["id"] for activity in listed] == ["ab12"]
    json.loads(cli("show", "ab12", "--json").stdout)
    cli("check", code=1)
    json.loads(cli("export", "-f", "json", code=1).stdout)


@pytest.mark.parametrize(
    "depth",
    [100, 1000, 5000],
)
def test_deeply_nested_values_never_stop_a_reader(home: Path, depth: int) -> None:
    """However deep an unknown value nests, the file is either used (and an
    edit keeps it) or named as damaged; the other files still count."""
    write_activity(home, "2026-05-04-ok-ok12.toml", activity_text(id="ok12"))
    deep = activity_text(id="ab12", title="Deep", date="2026-05-05")
    deep += "x = " + "[" * depth + "]" * depth + "\n"
    deep += "y = " + "{ a = " * depth + "1" + " }" * depth + "\n"
    path = write_activity(home, "2026-05-05-deep-ab12.toml", deep)
    status = cli("status", "--json", code=None)
    assert status.exit_code in (0, 1)
    report = json.loads(status.stdout)
    named = [problem["path"] for problem in report["problems"]]
    assert named in ([], [str(path)])
    assert _minutes(report["hours"]) == (60 if named else 120)
    cli("list", "--json", code=1 if named else 0)
    cli("check", code=1 if named else 0)
    cli("export", "-f", "json", code=1 if named else 0)
    edited = cli("edit", "ab12", "--hours", "2", code=None)
    if named:
        assert edited.exit_code in (1, 2)
        assert edited.stderr.strip()
    else:
        assert edited.exit_code == 0, edited.stderr
        assert (
            tomllib.loads(path.read_text(encoding="utf-8"))["x"]
            == tomllib.loads(deep)["x"]
        )
