"""History and sync on git through the CLI (issue #19), with the real git.

The engine (store/git*.py) has its own tests in test_git_engine.py; these
show that every writing command commits exactly what it changed, that a
commit that cannot be made leaves the change and warns, and that `cpdlog
sync` moves activities between two homes through a bare remote.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import add, cli, git

MARKERS = re.compile(r"^(<<<<<<<|=======|>>>>>>>)", re.MULTILINE)


pytestmark = pytest.mark.usefixtures("git_user")


def log(home: Path) -> list[str]:
    """The commit messages, newest first, after `cpdlog git init`'s first
    commit (the .gitignore of what stays on the device)."""
    messages = git(home, "log", "--format=%s").splitlines()
    assert messages[-1] == "Keep rescue/ and temporary files local"
    return messages[:-1]


def test_every_change_is_one_commit_of_exactly_its_files(home: Path) -> None:
    cli("git", "init", "-q")
    aid = add("Umbrella conference", "--hours", "6.5", "-t", "conference")
    assert log(home)[0] == f"add {aid}: Umbrella conference"
    (home / "notes.txt").write_text("mine, not cpdlog's")
    cli("edit", aid, "--title", "Umbrella conference day one")
    assert log(home)[0] == f"edit {aid}: Umbrella conference"
    status = git(home, "status", "--porcelain")
    assert "notes.txt" in status, "a file cpdlog did not write was committed"
    assert "activities" not in status, "the rename was not committed whole"
    cli("rm", aid, "--yes")
    cli("restore", aid)
    assert log(home)[:2] == [f"restore {aid}", f"rm {aid}: Umbrella conference day one"]
    assert git(home, "status", "--porcelain").strip() == "?? notes.txt"


def test_read_only_commands_commit_nothing(home: Path) -> None:
    cli("git", "init", "-q")
    add("Reading", "--hours", "1", "-t", "reading")
    before = log(home)
    cli("status")
    cli("list", "--json")
    cli("export", "-f", "md")
    assert log(home) == before


def test_a_failing_hook_leaves_the_change_and_warns(home: Path) -> None:
    cli("git", "init", "-q")
    add("First", "--hours", "1", "-t", "reading")
    hook = home / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'policy says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = cli("add", "Second", "--hours", "1", "-t", "reading")
    aid = result.stdout.strip()
    assert list(home.glob(f"activities/*/*-{aid}.toml"))
    assert "not committed" in result.stderr
    assert len(log(home)) == 1


def test_no_author_configured_warns_and_keeps_the_change(
    home: Path, git_user: Path
) -> None:
    cli("git", "init", "-q")
    (git_user / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    result = cli("add", "Reading", "--hours", "1", "-t", "reading")
    assert list(home.glob("activities/*/*.toml"))
    assert "git config" in result.stderr


def test_no_git_on_the_path_warns_and_keeps_the_change(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("git", "init", "-q")
    monkeypatch.setenv("PATH", "/nonexistent")
    result = cli("add", "Reading", "--hours", "1", "-t", "reading")
    assert list(home.glob("activities/*/*.toml"))
    assert "git" in result.stderr


def test_sync_without_a_remote_is_exit_2_with_the_hint(home: Path) -> None:
    cli("git", "init", "-q")
    add("Reading", "--hours", "1", "-t", "reading")
    result = cli("sync", code=2)
    assert "cpdlog git remote add" in result.stderr


def _two_devices(tmp_path: Path) -> tuple[Path, Path]:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    cli("--home", str(laptop), "git", "init", "-q")
    cli("--home", str(laptop), "git", "remote", "add", "origin", str(remote))
    cli("--home", str(laptop), "add", "First", "--hours", "1", "-t", "reading")
    cli("--home", str(laptop), "sync")
    cli("--home", str(desktop), "git", "clone", "-q", str(remote), ".")
    return laptop, desktop


def _titles(home: Path) -> list[str]:
    result = cli("--home", str(home), "list", "--json")
    import json

    return sorted(activity["title"] for activity in json.loads(result.stdout))


def test_adds_on_two_devices_meet(tmp_path: Path) -> None:
    laptop, desktop = _two_devices(tmp_path)
    cli("--home", str(laptop), "add", "On the laptop", "--hours", "1", "-t", "reading")
    # --home reaches the commit too: the add is committed, not a hand edit.
    assert git(laptop, "status", "--porcelain") == ""
    cli("--home", str(desktop), "add", "On the desktop", "--hours", "1", "-t", "course")
    cli("--home", str(desktop), "sync")
    result = cli("--home", str(laptop), "sync")
    assert "1 activity came in" in result.stderr
    cli("--home", str(desktop), "sync")
    expected = ["First", "On the desktop", "On the laptop"]
    assert _titles(laptop) == _titles(desktop) == expected


def test_a_conflicting_edit_loses_nothing_and_leaves_no_markers(
    tmp_path: Path,
) -> None:
    laptop, desktop = _two_devices(tmp_path)
    (aid,) = [p.stem.rsplit("-", 1)[-1] for p in laptop.glob("activities/*/*.toml")]
    cli("--home", str(laptop), "edit", aid, "--reflection", "Laptop words")
    cli("--home", str(desktop), "edit", aid, "--reflection", "Desktop words")
    cli("--home", str(laptop), "sync")
    result = cli("--home", str(desktop), "sync", code=1)
    rescued = list((desktop / "rescue").glob(f"{aid}-*"))
    assert rescued
    assert str(rescued[0]) in " ".join(result.stderr.split())
    texts = [p.read_text() for p in desktop.glob("activities/*/*.toml")]
    assert len(texts) == 1
    assert not MARKERS.search(texts[0])
    kept = texts[0] + rescued[0].read_text()
    assert "Laptop words" in kept
    assert "Desktop words" in kept
    assert not (desktop / ".git" / "MERGE_HEAD").exists()
    cli("--home", str(desktop), "check")


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_sixteen_concurrent_adds_make_sixteen_commits(home: Path) -> None:
    cli("git", "init", "-q")
    env = {**os.environ, "CPDLOG_HOME": str(home)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cpdlog",
                "add",
                f"Activity {n}",
                "--hours",
                "1",
                "-t",
                "reading",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(16)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "not committed" not in err, err
    assert len(list(home.glob("activities/*/*.toml"))) == 16
    assert len(log(home)) == 16
    assert git(home, "status", "--porcelain") == ""


def _modes(home: Path) -> dict[str, str]:
    """The permission bits of everything in the home but git's own folder."""
    found = {}
    for folder, names, files in os.walk(home):
        names[:] = [name for name in names if name != ".git"]
        for name in [*names, *files]:
            path = Path(folder, name)
            found[str(path.relative_to(home))] = oct(path.stat().st_mode & 0o777)
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_what_git_writes_into_a_home_is_private(tmp_path: Path) -> None:
    """SPEC: 0600 writes. A clone, a sync's merge and git init's .gitignore
    were written with the umask's 0644 (and folders 0755)."""
    old_umask = os.umask(0o022)
    try:
        laptop, desktop = _two_devices(tmp_path)
        (desktop / "statement.md").write_text("# Statement\n")  # a hand edit
        os.chmod(desktop / "statement.md", 0o600)
        cli("--home", str(desktop), "add", "Desk", "--hours", "1", "-t", "course")
        cli("--home", str(desktop), "sync")
        cli("--home", str(laptop), "sync")
    finally:
        os.umask(old_umask)
    for home in (laptop, desktop):
        modes = _modes(home)
        assert "statement.md" in modes
        wrong = {
            name: mode
            for name, mode in modes.items()
            if mode != ("0o700" if (home / name).is_dir() else "0o600")
        }
        assert wrong == {}, home


def test_output_beside_the_home_spelled_through_it_is_not_committed(
    home: Path,
) -> None:
    """`-o home/../x` is outside the home: it was taken for a file inside,
    and git's path check stopped the command as a bug after writing it."""
    cli("git", "init", "-q")
    add("Reading", "--hours", "1", "-t", "reading")
    before = log(home)
    for args in (["export", "-o"], ["share", "-o"]):
        target = home / ".." / f"out-{args[0]}.txt"
        cli(*args, str(target))
        assert target.exists()
    assert log(home) == before
    assert git(home, "status", "--porcelain") == ""


def test_cpdlog_git_exits_with_cpdlogs_codes(home: Path) -> None:
    """SPEC: every command exits 0, 1 or 2. git's own 128 (a log with no
    commit yet) and 129 (an option git does not know) passed through."""
    cli("git", "init", "-q")
    cli("git", "rev-parse", "--verify", "-q", "no-such-branch", code=1)
    cli("git", "commit", "--no-such-option", code=2)
    cli("git", "commit", "-h", code=0)  # git's usage, asked for (git: 129)
    (home / ".git" / "HEAD").write_text("ref: refs/heads/not-there\n")
    cli("git", "log", code=1)
