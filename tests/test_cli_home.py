"""cpdlog init, check and types: the home, its profile, and its health."""

import os
import stat
import tomllib
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, snapshot
from tests.handmade import activity_text, write_activity

SPEC_TYPES = (
    "course", "conference", "webinar", "workshop", "elearning", "reading",
    "podcast-video", "peer-discussion", "social-media", "mentoring", "coaching",
    "action-learning-set", "buddying", "shadowing-visit", "committee-work",
    "presenting-teaching", "writing-publishing", "qualification-study",
    "volunteering", "work-project", "award", "other",
)  # fmt: skip


def profile(home: Path) -> dict:
    return tomllib.loads((home / "cpdlog.toml").read_text(encoding="utf-8"))


# init


def test_init_without_flags_writes_only_the_schema_version(home: Path) -> None:
    old = os.umask(0)
    try:
        result = cli("init")
    finally:
        os.umask(old)
    assert result.stdout == ""
    assert str(home / "cpdlog.toml") in result.stderr
    assert profile(home) == {"schema_version": 1}
    for folder in (home, home / "activities"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "cpdlog.toml").stat().st_mode) == 0o600


def test_init_writes_only_the_keys_given(home: Path) -> None:
    cli(
        "init", "--registration", "Chartership", "--target-hours", "12.5",
        "--statement-words", "300", "--last-revalidated", "2025-11-01",
    )  # fmt: skip
    data = profile(home)
    assert data["profile"] == {
        "registration": "chartership",
        "last_revalidated": tomllib.loads("d = 2025-11-01")["d"],
    }
    assert data["scheme"] == {"target_hours": 12.5, "statement_words": 300}
    assert "name" not in data["profile"]


def test_init_with_a_name(home: Path) -> None:
    cli("init", "--name", 'Alex "Lex" Reader')
    assert profile(home)["profile"] == {"name": 'Alex "Lex" Reader'}


def test_second_init_needs_force(home: Path) -> None:
    cli("init", "--registration", "fellowship")
    before = snapshot(home)
    result = cli("init", "--registration", "certification", code=None)
    fails_cleanly(result, 1)
    assert "--force" in result.stderr
    assert snapshot(home) == before


def test_init_force_replaces_the_profile(home: Path) -> None:
    cli("init", "--registration", "fellowship")
    cli("init", "--registration", "CERTIFICATION", "--force")
    assert profile(home)["profile"] == {"registration": "certification"}


@pytest.mark.parametrize(
    "args",
    [
        ["--registration", "x"],
        ["--target-hours", "-3"],
        ["--target-hours", "lots"],
        ["--statement-words", "0"],
        ["--last-revalidated", "someday"],
    ],
)
def test_init_refuses_a_bad_value(home: Path, args: list[str]) -> None:
    result = cli("init", *args, code=None)
    fails_cleanly(result, 2)
    assert not home.exists()


# check


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal wide enough that no message folds."""
    monkeypatch.setenv("COLUMNS", "1000")


def test_check_on_a_clean_home(home: Path, wide: None) -> None:
    add("Reading", "--hours", "1", "-t", "reading")
    add("Course", "--hours", "3", "-t", "course", "--date", "2025-12-01")
    cli("init")
    result = cli("check")
    assert result.stdout.strip().splitlines()[-1].startswith("Checked 2 activity")
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_check_on_a_missing_home_is_clean_and_creates_nothing(home: Path) -> None:
    result = cli("check")
    assert "0 error(s)" in result.stdout
    assert not home.exists()


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('id = "bad1"\ntitle = "Broken\n', ":2:16:"),
        ('id = "a"\ntitle = "x"\ndate = 2026-13-01\n', ":3:"),
        ('id = "a"\nhours = 1\nhours = 2\n', ":3:10:"),
        ('id = "a"\ntitle = x\n', ":2:9:"),
        ('id = "a"\n<<<<<<< HEAD\ntitle = "x"\n', ":2:1:"),
    ],
)
def test_check_reports_a_toml_error_with_line_and_column(
    home: Path, wide: None, text: str, where: str
) -> None:
    path = write_activity(home, "2026-05-04-bad.toml", text)
    before = snapshot(home)
    result = cli("check", code=1)
    assert f"error: {path}{where}" in result.stdout
    assert "1 error(s)" in result.stdout
    assert snapshot(home) == before


@pytest.mark.parametrize(
    ("fields", "field", "line"),
    [
        ({"type": "banana"}, "type", 5),
        ({"hours": -1}, "hours", 4),
        ({"hours": "one"}, "hours", 4),
        ({"title": "  "}, "title", 2),
        ({"areas": ["moon"]}, "areas", 6),
        ({"date": "2026-05-04T10:00:00"}, "date", 3),
    ],
)
def test_check_names_the_field_and_line_of_a_schema_error(
    home: Path, wide: None, fields: dict, field: str, line: int
) -> None:
    path = write_activity(home, "2026-05-04-bad.toml", activity_text(**fields))
    result = cli("check", code=1)
    (error,) = [row for row in result.stdout.splitlines() if row.startswith("error")]
    assert error.startswith(f"error: {path}:{line}")
    assert field in error


def test_check_names_a_missing_field(home: Path, wide: None) -> None:
    path = write_activity(home, "2026-05-04-x.toml", activity_text(hours=None))
    result = cli("check", code=1)
    assert f"error: {path}" in result.stdout
    assert "hours is missing" in result.stdout


def test_check_reports_duplicate_ids(home: Path, wide: None) -> None:
    write_activity(home, "2026-05-04-hand-dupe.toml", activity_text(id="dupe"))
    write_activity(home, "2026-05-04-hand-dupe-2.toml", activity_text(id="dupe"))
    result = cli("check", code=1)
    assert "duplicate ID 'dupe'" in result.stdout
    assert "1 error(s)" in result.stdout


@pytest.mark.parametrize("folder", ["2025", "misc", "2026/conferences"])
def test_check_fails_on_a_file_in_the_wrong_year_folder(
    home: Path, wide: None, folder: str
) -> None:
    """SPEC: check reports files in the wrong year folder (an error; only a
    misnamed file and loose permissions are warnings). status still counts it."""
    path = write_activity(home, "2026-05-04-hand-hand.toml", activity_text(), folder)
    result = cli("check", code=1)
    assert f"error: {path}" in result.stdout
    assert "move it to activities/2026/" in result.stdout
    assert cli("status", "--json").exit_code == 0


@pytest.mark.parametrize(
    ("year", "name", "fields", "words"),
    [
        ("2026", "hand-hand.toml", {}, "does not start with its date"),
        ("2026", "2026-05-05-hand-hand.toml", {}, "does not start with its date"),
        ("2026", "2026-05-04-hand-hand.toml", {"hours": 0.123456}, "4 decimals"),
        ("2026", "2026-05-04-hand-hand.toml", {"schema_version": 2}, "newer"),
    ],
)
def test_check_warns_without_failing(
    home: Path, wide: None, year: str, name: str, fields: dict, words: str
) -> None:
    path = write_activity(home, name, activity_text(**fields), year=year)
    result = cli("check")
    (warning,) = [row for row in result.stdout.splitlines() if row.startswith("warn")]
    assert warning.startswith(f"warning: {path}")
    assert words in warning
    assert "0 error(s), 1 warning(s)" in result.stdout


def test_check_warns_about_loose_permissions(home: Path, wide: None) -> None:
    path = write_activity(home, "2026-05-04-hand-hand.toml", activity_text())
    path.chmod(0o644)
    result = cli("check")
    assert "chmod 600" in result.stdout
    assert "1 warning(s)" in result.stdout


def test_check_accepts_unknown_keys_and_no_created(home: Path, wide: None) -> None:
    write_activity(home, "2026-05-04-hand-hand.toml", activity_text(mood="fine"))
    assert "0 error(s), 0 warning(s)" in cli("check").stdout


def test_check_reports_a_damaged_profile(home: Path, wide: None) -> None:
    home.mkdir()
    (home / "cpdlog.toml").write_text("[profile\n")
    result = cli("check", code=1)
    assert f"{home / 'cpdlog.toml'}:1:" in result.stdout


def test_check_problem_lines_are_never_folded(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #12 item 21 (SPEC, More details): a `grep '^error: .*:4:'` must
    find the line at any width; the other lines fit the terminal."""
    monkeypatch.setenv("COLUMNS", "40")
    bad = write_activity(home, "2026-05-04-bad.toml", activity_text(type="banana"))
    result = cli("check", code=1)
    lines = result.stdout.splitlines()
    (error,) = [line for line in lines if line.startswith("error: ")]
    assert error.startswith(f"error: {bad}:5: type: ")
    assert "banana" in error
    # The other lines fit, but for a path longer than a line, which stays
    # whole on its own line (SPEC: paths are never folded).
    assert all(
        len(line) <= 40 or line.rstrip(":") == str(home)
        for line in lines
        if not line.startswith("error")
    ), lines
    assert str(home) in lines or f"{home}:" in lines


def test_a_long_home_path_in_checks_summary_is_never_folded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path in the summary line was cut mid-word at the terminal's width
    (found at 40 and, with a longer path, at 80 columns)."""
    home = tmp_path / ("a-very-long-directory-name-" * 3) / "another-long-segment"
    monkeypatch.setenv("CPDLOG_HOME", str(home))
    cli("init", "--name", "Ann")
    for columns in ("40", "80"):
        monkeypatch.setenv("COLUMNS", columns)
        out = cli("check").stdout
        assert f"{home}:" in out.split(), out


# types


def test_types_lists_every_type_and_area() -> None:
    out = cli("types").stdout
    lines = {line.strip() for line in out.splitlines()}
    for name in SPEC_TYPES:
        assert name in lines, name
    for area in ("personal", "organisational", "wider"):
        assert f"  {area}: " in out


def test_types_fits_40_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = cli("types").stdout
    assert "presenting-teaching" in out
    assert all(len(line) <= 40 for line in out.splitlines())


def test_types_creates_nothing(home: Path) -> None:
    cli("types")
    assert not home.exists()
