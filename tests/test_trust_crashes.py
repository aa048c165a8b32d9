"""Issue #12, "Crashes that say this is a bug" (items 13 to 18): each input
gets a sentence and its exit code, never a traceback or a bug report. Each
test failed before its fix."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import cli, files, snapshot
from tests.trust_tools import run, without_root_powers

BUG = "This is a bug"


def _clean(result: subprocess.CompletedProcess[bytes], code: int) -> str:
    """A real process ended with code and a sentence, never a traceback or
    a bug report; returns its stderr."""
    error = result.stderr.decode("utf-8", "replace")
    assert result.returncode == code, error
    assert "Traceback" not in error, error
    assert BUG not in error, error
    return error


# --- 13. dates before the year 1000 ------------------------------------------


def test_item_13_a_year_before_1000_breaks_no_report(home: Path) -> None:
    aid = cli("add", "Reading Pliny", "--date", "0226-05-04", "--hours", "2",
              "-t", "reading", "-a", "wider", "-r", "Old.").stdout.strip()  # fmt: skip
    as_of = ("--as-of", "0226-12-01")
    assert json.loads(cli("status", "--json", *as_of).stdout)["hours"] == 2.0
    assert "2 of 20 h" in cli("status", *as_of).stdout
    for fmt in ("md", "html", "csv", "json"):
        assert "0226-05-04" in cli("export", "-f", fmt, *as_of).stdout, fmt
    assert "0226-05-04" in cli("statement", "draft", "--stdout", *as_of).stdout
    cli("statement", "draft", *as_of)
    assert "0226-05-04" in cli("show", aid).stdout
    assert "0226-05-04" in cli("list").stdout
    cli("check")


# --- 14. huge target or scheme hours ------------------------------------------


def test_item_14_a_huge_target_in_the_profile_is_named(home: Path) -> None:
    cli("add", "Course", "--hours", "2", "-t", "course")
    cli("init", "--target-hours", "1e30", code=2)
    (home / "cpdlog.toml").write_text(
        "schema_version = 1\n[scheme]\ntarget_hours = 1e30\n"
    )
    for args in (["status"], ["status", "--json"], ["export"], ["statement", "draft"]):
        result = cli(*args, code=1)
        assert "target_hours" in result.stderr, args
        assert BUG not in result.stderr, args
    assert "target_hours" in cli("check", code=1).stdout
    cli("list")  # commands that need no target still work


def test_item_14_huge_hours_in_a_scheme_are_named(home: Path) -> None:
    cli("add", "Course", "--hours", "2", "-t", "course")
    (home / "schemes").mkdir()
    (home / "schemes" / "huge.toml").write_text(
        'name = "huge"\ntitle = "Huge"\nunit = "hours"\n[period]\nkind = "rolling"\n'
        '[[rule]]\nkind = "min-hours"\nhours = 1e30\n'
    )
    for args in (
        ["status", "--scheme", "huge"],
        ["schemes"],
        ["status", "--scheme", "all"],
    ):
        result = cli(*args, code=1)
        assert "huge.toml" in result.stderr, args
        assert BUG not in result.stderr, args
    cli("status")  # the profile's own scheme is not the broken one


# --- 15. terminals that are not UTF-8 -----------------------------------------

TITLE = "Café — Łódź ☕ reading"


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
    ids=["ascii", "latin-1", "C-locale"],
)
def test_item_15_a_terminal_that_is_not_utf8_shows_what_it_can(
    home: Path, env: dict[str, str]
) -> None:
    aid = cli("add", TITLE, "--hours", "1", "-t", "reading", "-a", "wider",
              "-r", "Ça va — bien.").stdout.strip()  # fmt: skip
    for args in (["list"], ["show", aid], ["status"], ["export"], ["check"]):
        result = run(*args, env=env)
        _clean(result, 0)
        assert (b"Caf" in result.stdout and b"reading" in result.stdout) or args in (
            ["status"], ["check"]), args  # fmt: skip
    if env.get("PYTHONIOENCODING") == "latin-1":
        assert "Café".encode("latin-1") in run("list", env=env).stdout
    # Data is UTF-8 bytes whatever the terminal: never changed.
    for args in (["show", aid, "--json"], ["export", "-f", "json"], ["list", "--json"]):
        result = run(*args, env=env)
        _clean(result, 0)
        assert TITLE in result.stdout.decode("utf-8"), args
    exported = run("export", "-f", "csv", env=env)
    assert TITLE in exported.stdout.decode("utf-8")
    # Messages on stderr too (the C locale decodes the command line as
    # ASCII, so a title typed there is ASCII).
    title = "Plain title" if "LC_ALL" in env else "Ünïcode — ☕"
    result = run("add", title, "--hours", "1", "-t", "reading", env=env)
    _clean(result, 0)
    _clean(run("show", "nothing-like-it", env=env), 2)


# --- 16. a name that is not UTF-8 ------------------------------------------


def test_item_16_init_with_a_name_that_is_not_utf8_is_refused(home: Path) -> None:
    name = os.fsencode("Caf\udce9")  # the bytes b"Caf\xe9" (Latin-1), as argv
    assert name == b"Caf\xe9"
    error = _clean(run("init", "--name", name), 2)
    assert "--name" in error
    assert not (home / "cpdlog.toml").exists()
    cli("init", "--name", "Sam")
    before = snapshot(home)
    _clean(run("profile", "set", "name", name), 2)
    assert snapshot(home) == before
    _clean(run("add", name, "--hours", "1", "-t", "reading"), 2)


# --- 17. output that cannot be written --------------------------------------


def test_item_17_version_into_a_full_disk_is_a_sentence(home: Path) -> None:
    with open("/dev/full", "wb") as full:
        error = _clean(run("--version", stdout=full), 1)
    assert "could not write" in error


def test_item_17_add_into_a_full_disk_says_the_activity_was_stored(home: Path) -> None:
    """A script that retries an add whose output failed would log the
    activity twice: the sentence names the ID that was stored."""
    with open("/dev/full", "wb") as full:
        error = _clean(run("add", "Course", "--hours", "1", "-t", "course",
                           stdout=full), 1)  # fmt: skip
    (path,) = files(home)
    aid = path.stem.rsplit("-", 1)[1]
    assert aid in error, error
    assert "stored" in error, error
    assert str(path) in error.replace("\n", "")
    with open("/dev/full", "wb") as full:
        _clean(run("list", stdout=full), 1)


# --- 18. an editor, a home that cannot be used ---------------------------------


def _editor(folder: Path, code: str) -> str:
    """An $EDITOR running python code on its file (sys.argv[1])."""
    script = folder / "editor.py"
    script.write_text(f"import os, shutil, sys\npath = sys.argv[1]\n{code}\n")
    return f"'{sys.executable}' '{script}'"


@pytest.mark.parametrize(
    "code",
    ["os.unlink(path)", "os.unlink(path); os.mkdir(path)"],
    ids=["deletes-its-file", "puts-a-folder-there"],
)
def test_item_18_an_editor_that_removes_its_file_gets_a_sentence(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    aid = cli("add", "Course", "--hours", "1", "-t", "course").stdout.strip()
    before = snapshot(home)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    monkeypatch.setenv("EDITOR", _editor(tmp_path, code))
    for args in (["edit", aid], ["add", "--edit"], ["add", "Title", "--edit"]):
        result = cli(*args, code=1)
        assert "editor" in result.stderr, result.stderr
        assert BUG not in result.stderr
        assert snapshot(home) == before


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_item_18_a_home_that_is_a_broken_link_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """An unmounted drive leaves a link to nothing: every command says so
    (exit 1) instead of showing an empty log or failing later."""
    link = tmp_path / "cpd"
    if kind == "dangling":
        link.symlink_to(tmp_path / "unmounted-drive" / "cpd")
    else:
        link.symlink_to(tmp_path / "other")
        (tmp_path / "other").symlink_to(link)
    monkeypatch.setenv("CPDLOG_HOME", str(link))
    commands = [
        ["status"], ["status", "--json"], ["list"], ["check"], ["export"],
        ["add", "Course", "--hours", "1", "-t", "course"], ["init"],
    ]  # fmt: skip
    for args in commands:
        result = cli(*args, code=1)
        assert str(link) in result.stderr.replace("\n", ""), (args, result.stderr)
        assert BUG not in result.stderr
    assert not (tmp_path / "unmounted-drive").exists()


def test_item_18_a_home_without_read_permission_is_named(home: Path) -> None:
    """A home its owner cannot read (mode 000): every command says so."""
    prefix = without_root_powers()
    cli("add", "Course", "--hours", "1", "-t", "course")
    home.chmod(0)
    try:
        for args in (["status"], ["status", "--json"], ["list"], ["check"],
                     ["add", "Course", "--hours", "1", "-t", "course"]):  # fmt: skip
            error = _clean(run(*args, prefix=prefix), 1)
            assert str(home) in error.replace("\n", ""), (args, error)
            assert "permission denied" in error, (args, error)
    finally:
        home.chmod(0o700)
