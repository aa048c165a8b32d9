"""History and sync on git, with the real git: a bare remote and two homes.

Each test gets its own user home (HOME) with a git config that names the
author and nothing else, so the machine's own git config is never read.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cpdlog
from cpdlog.errors import DataError, UsageError
from cpdlog.store import git as gitmod
from cpdlog.store.git import (
    GITIGNORE_LINES,
    commit_paths,
    ensure_gitignore,
    is_git_home,
    run_git,
)
from cpdlog.store.git_merge import rescue
from cpdlog.store.git_sync import SyncResult, sync
from tests.conftest import git

SRC = str(Path(cpdlog.__file__).resolve().parents[1])
MARKERS = re.compile(rb"^(<<<<<<<|=======|>>>>>>>)", re.MULTILINE)


pytestmark = pytest.mark.usefixtures("git_user")


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def activity(
    home: Path,
    aid: str,
    title: str,
    *,
    day: str = "2026-05-04",
    hours: float = 1.0,
    updated: str = "2026-05-04T10:00:00Z",
    description: str = "What I did there, in a few words.",
) -> Path:
    """Write an activity file as cpdlog names it; returns its path."""
    path = home / "activities" / day[:4] / f"{day}-{slug(title)}-{aid}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'id = "{aid}"\ntitle = "{title}"\ndate = {day}\nhours = {hours}\n'
        f'type = "conference"\ndescription = """\n{description}\n"""\n'
        f"created = 2026-05-04T10:00:00Z\nupdated = {updated}\n"
    )
    return path


def files_of(home: Path, aid: str) -> list[Path]:
    return sorted(home.glob(f"activities/*/*-{aid}.toml"))


def damaged(home: Path) -> list[Path]:
    """A small stand-in for cpdlog check: the TOML files that do not parse."""
    bad = []
    for path in [*home.glob("activities/*/*.toml"), *home.glob("*.toml")]:
        try:
            tomllib.loads(path.read_text())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            bad.append(path)
    return bad


def run_sync(home: Path) -> SyncResult:
    return sync(home, lambda: damaged(home))


def assert_no_markers(home: Path) -> None:
    """No file cpdlog reads (anything outside .git and rescue/) holds markers."""
    for path in home.rglob("*"):
        parts = path.relative_to(home).parts
        if path.is_file() and parts[0] not in (".git", "rescue"):
            assert not MARKERS.search(path.read_bytes()), path


def settled(home: Path) -> None:
    """The repository is clean: nothing in progress, nothing unmerged."""
    folder = home / ".git"
    for marker in ("MERGE_HEAD", "rebase-merge", "rebase-apply", "index.lock"):
        assert not (folder / marker).exists(), marker
    assert git(home, "ls-files", "-u") == ""
    assert_no_markers(home)


@pytest.fixture
def devices(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(remote, laptop, desktop): a bare remote and two homes cloned from it,
    both holding the profile and one activity, k3f9."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    laptop, desktop = tmp_path / "laptop", tmp_path / "desktop"
    git(tmp_path, "clone", "-q", str(remote), str(laptop))
    (laptop / "cpdlog.toml").write_text('[profile]\nname = "Sam"\n')
    (laptop / "statement.md").write_text("# Statement\n\nFirst words.\n")
    activity(laptop, "k3f9", "Umbrella conference")
    assert run_sync(laptop).pushed
    git(tmp_path, "clone", "-q", str(remote), str(desktop))
    return remote, laptop, desktop


# --- commit_paths ---------------------------------------------------------


def test_is_git_home_only_at_the_top_of_a_work_tree(tmp_path: Path) -> None:
    """A folder inside a repository is not a git home; the top is."""
    git(tmp_path, "init", "-q")
    (tmp_path / "inner").mkdir()
    assert is_git_home(tmp_path)
    assert not is_git_home(tmp_path / "inner")


def test_commit_paths_commits_only_the_given_files(devices) -> None:
    """Another changed file, and another staged one, stay as they were."""
    _, laptop, _ = devices
    new = activity(laptop, "n3w1", "Reading group")
    (laptop / "statement.md").write_text("# Statement\n\nChanged, not committed.\n")
    (laptop / "cpdlog.toml").write_text('[profile]\nname = "Sam B"\n')
    git(laptop, "add", "cpdlog.toml")
    assert commit_paths(laptop, [new], "add n3w1: Reading group") is None
    shown = git(laptop, "show", "--name-only", "--format=%s", "HEAD").split()
    assert shown == ["add", "n3w1:", "Reading", "group", str(new.relative_to(laptop))]
    status = git(laptop, "status", "--porcelain")
    assert " M statement.md" in status
    assert "M  cpdlog.toml" in status


def test_a_rename_and_a_removal_are_committed(devices) -> None:
    """An edit that renames (old path gone, new path written) is one commit;
    so is a removal to the trash."""
    _, laptop, _ = devices
    old = files_of(laptop, "k3f9")[0]
    new = activity(laptop, "k3f9", "Umbrella summit")
    old.unlink()
    assert commit_paths(laptop, [old, new], "edit k3f9: Umbrella summit") is None
    assert git(laptop, "status", "--porcelain") == ""
    trash = laptop / ".trash" / new.name
    trash.parent.mkdir()
    new.rename(trash)
    assert commit_paths(laptop, [new, trash], "rm k3f9") is None
    assert git(laptop, "ls-files", "activities") == ""
    assert git(laptop, "ls-files", ".trash") == f".trash/{new.name}\n"


def test_paths_git_cannot_take_are_left_out(devices) -> None:
    """A path gone and never committed, a rescue/ file and a file the user's
    .gitignore ignores are skipped; the rest is committed."""
    _, laptop, _ = devices
    (laptop / ".gitignore").write_text("evidence/\n")
    git(laptop, "commit", "-qam", "ignore evidence")
    kept = activity(laptop, "kept", "Kept one")
    ignored = laptop / "evidence" / "2026" / "kept-cert.pdf"
    ignored.parent.mkdir(parents=True)
    ignored.write_bytes(b"%PDF")
    local = laptop / "rescue" / "x.toml.txt"
    local.parent.mkdir()
    local.write_text("x")
    gone = laptop / "activities" / "2026" / "2026-05-04-gone-gone.toml"
    paths = [kept, ignored, local, gone]
    assert commit_paths(laptop, paths, "add kept") is None
    assert git(laptop, "show", "--name-only", "--format=", "HEAD").split() == [
        str(kept.relative_to(laptop))
    ]
    assert commit_paths(laptop, [ignored, gone], "nothing") is None


def test_a_path_outside_the_home_is_a_bug(devices) -> None:
    _, laptop, _ = devices
    with pytest.raises(ValueError, match="not inside the home"):
        commit_paths(laptop, [laptop.parent / "elsewhere.toml"], "x")


def test_nothing_to_commit_is_not_a_warning(devices) -> None:
    _, laptop, _ = devices
    assert commit_paths(laptop, files_of(laptop, "k3f9"), "edit k3f9") is None


def _no_git(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = home.parent / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def _failing_hook(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hook = home / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'the hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)


def _no_author(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (Path(os.environ["HOME"]) / ".gitconfig").write_text("")
    git(home, "config", "user.useConfigOnly", "true")


@pytest.mark.parametrize(
    ("breaks", "says"),
    [
        (_no_git, "git is not on PATH"),
        (_failing_hook, "git said: the hook says no"),
        (_no_author, "git config user.email you@example.org"),
    ],
)
def test_a_commit_that_cannot_be_made_warns_and_keeps_the_change(
    devices, monkeypatch: pytest.MonkeyPatch, breaks, says: str
) -> None:
    """One sentence says why; the file stays on disk, HEAD does not move."""
    _, laptop, _ = devices
    head = git(laptop, "rev-parse", "HEAD")
    new = activity(laptop, "n3w1", "Reading group")
    breaks(laptop, monkeypatch)
    warning = commit_paths(laptop, [new], "add n3w1")
    monkeypatch.undo()
    assert warning is not None
    assert says in warning
    assert warning.startswith("Saved, but not committed to git: ")
    assert warning.endswith("then cpdlog sync commits it.")
    assert "\n" not in warning
    assert new.read_text().startswith('id = "n3w1"')
    assert git(laptop, "rev-parse", "HEAD") == head


def test_a_held_lock_is_waited_for(devices, monkeypatch: pytest.MonkeyPatch) -> None:
    """While another git holds index.lock, the commit retries; once it is
    released the commit lands. A lock never released gives a warning."""
    _, laptop, _ = devices
    lock = laptop / ".git" / "index.lock"
    lock.write_text("")
    threading.Timer(0.4, lock.unlink).start()
    assert commit_paths(laptop, [activity(laptop, "aaaa", "One")], "add aaaa") is None
    lock.write_text("")
    monkeypatch.setattr(gitmod, "LOCK_WAIT_SECONDS", 0.2)
    warning = commit_paths(laptop, [activity(laptop, "bbbb", "Two")], "add bbbb")
    assert warning is not None
    assert str(lock) in warning
    assert "another git command holds its lock" in warning


_WRITER = """
import sys
from pathlib import Path
from cpdlog.store.git import commit_paths
home, number = Path(sys.argv[1]), sys.argv[2]
path = home / "activities" / "2026" / f"2026-06-01-run-{number}-w{number}.toml"
path.write_text(f'id = "w{number}"\\n')
warning = commit_paths(home, [path], f"add w{number}")
sys.exit(warning)
"""


def test_sixteen_processes_make_sixteen_commits(devices) -> None:
    """16 writers at once, one file each, no cpdlog lock: git's index.lock
    is met and waited for, and every file lands in a commit of its own."""
    _, laptop, _ = devices
    before = int(git(laptop, "rev-list", "--count", "HEAD"))
    env = {**os.environ, "PYTHONPATH": SRC}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(laptop), str(n)],
            env=env,
            stderr=subprocess.PIPE,
        )
        for n in range(16)
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0] * 16, errors
    assert int(git(laptop, "rev-list", "--count", "HEAD")) == before + 16
    assert git(laptop, "status", "--porcelain") == ""
    for n in range(16):
        log = git(laptop, "log", "--format=%s", "--name-only", "--", f"*-w{n}.toml")
        assert log.split() == [
            "add",
            f"w{n}",
            f"activities/2026/2026-06-01-run-{n}-w{n}.toml",
        ]


# --- .gitignore and cpdlog git --------------------------------------------


def test_gitignore_is_written_once_and_keeps_the_users_lines(tmp_path: Path) -> None:
    path = tmp_path / ".gitignore"
    path.write_text("notes/")
    assert ensure_gitignore(tmp_path) == path
    lines = path.read_text().splitlines()
    assert lines[0] == "notes/"
    assert lines[-len(GITIGNORE_LINES) :] == list(GITIGNORE_LINES)
    assert ensure_gitignore(tmp_path) is None


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("rescue/k3f9-20260504T101010Z.toml.txt", True),
        ("activities/2026/.2026-05-04-a-k3f9.toml.1a2b3c4d.tmp", True),
        ("statement.md~", True),
        (".statement.md.swp", True),
        ("activities/2026/2026-05-04-a-k3f9.toml", False),
        (".trash/2026-05-04-a-k3f9.toml", False),
        ("inbox/draft.toml", False),
        ("evidence/2026/k3f9-cert.pdf", False),
        ("pksb.toml", False),
    ],
)
def test_what_stays_on_this_device(tmp_path: Path, name: str, ignored: bool) -> None:
    git(tmp_path, "init", "-q")
    ensure_gitignore(tmp_path)
    result = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", name], cwd=tmp_path, check=False
    )
    assert (result.returncode == 0) is ignored


def test_cpdlog_git_runs_git_in_the_home(tmp_path: Path) -> None:
    """`git init` makes the home and its .gitignore; git's exit code comes
    back; another command in a missing home is a usage error."""
    home = tmp_path / "home"
    with pytest.raises(UsageError, match="no home here yet"):
        run_git(home, ["log"])
    assert run_git(home, ["init", "-q"]) == 0
    assert is_git_home(home)
    assert (home / ".gitignore").read_text().splitlines() == list(GITIGNORE_LINES)
    assert run_git(home, ["rev-parse", "--verify", "-q", "HEAD"]) == 1


def test_cpdlog_git_without_git_is_a_data_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DataError, match="git is not on PATH"):
        run_git(tmp_path, ["status"])


# --- sync -----------------------------------------------------------------


def test_adds_on_both_devices_meet(devices) -> None:
    """Each device's new activity reaches the other; counts are by activity."""
    _, laptop, desktop = devices
    one = activity(laptop, "one1", "Laptop course")
    two = activity(desktop, "two2", "Desktop webinar")
    assert commit_paths(laptop, [one], "add one1") is None
    assert commit_paths(desktop, [two], "add two2") is None
    first = run_sync(laptop)
    assert (first.came_in, first.went_out, first.pushed) == (0, 1, True)
    second = run_sync(desktop)
    assert (second.came_in, second.went_out, second.pushed) == (1, 1, True)
    assert second.exit_code == 0
    third = run_sync(laptop)
    assert (third.came_in, third.went_out, third.pushed) == (1, 0, False)
    for home in (laptop, desktop):
        assert [p.name for p in files_of(home, "one1")] == [one.name]
        assert [p.name for p in files_of(home, "two2")] == [two.name]
        settled(home)


def test_first_push_sets_the_upstream(tmp_path: Path) -> None:
    """A home started alone, then given a remote: the first sync sends every
    activity and sets the branch's upstream."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    home = tmp_path / "home"
    run_git(home, ["init", "-q"])
    for aid in ("aaaa", "bbbb", "cccc"):
        activity(home, aid, f"Activity {aid}")
    git(home, "remote", "add", "origin", str(remote))
    result = run_sync(home)
    assert (result.went_out, result.pushed, result.exit_code) == (3, True, 0)
    assert git(home, "rev-parse", "--abbrev-ref", "@{u}") == "origin/main\n"
    assert not git(home, "ls-files", "rescue")


def test_two_homes_started_apart_are_joined(tmp_path: Path) -> None:
    """Two homes with their own history and profile, given one remote: the
    second sync joins the histories, keeps both devices' activities, and
    keeps the remote's profile with this device's in rescue/."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    homes = [tmp_path / "work", tmp_path / "laptop"]
    for home, aid in zip(homes, ("work", "lapt"), strict=True):
        run_git(home, ["init", "-q"])
        (home / "cpdlog.toml").write_text(f'[profile]\nname = "Sam at {aid}"\n')
        activity(home, aid, f"Logged at {aid}")
        git(home, "remote", "add", "origin", str(remote))
    run_sync(homes[0])
    result = run_sync(homes[1])
    assert (result.came_in, result.went_out, result.pushed) == (1, 1, True)
    [saved] = result.rescued
    assert saved.name.startswith("cpdlog-")
    assert "Sam at lapt" in saved.read_text()
    assert "Sam at work" in (homes[1] / "cpdlog.toml").read_text()
    assert [len(files_of(homes[1], aid)) for aid in ("work", "lapt")] == [1, 1]
    settled(homes[1])


def test_hand_edits_travel(devices) -> None:
    """Changed, new and removed files are committed by sync and arrive."""
    _, laptop, desktop = devices
    (laptop / "statement.md").write_text("# Statement\n\nEdited by hand.\n")
    files_of(laptop, "k3f9")[0].unlink()
    new = activity(laptop, "hand", "Typed by hand")
    result = run_sync(laptop)
    assert sorted(p.name for p in result.committed) == sorted(
        ["statement.md", new.name, "2026-05-04-umbrella-conference-k3f9.toml"]
    )
    assert (result.went_out, result.exit_code) == (2, 0)
    arrived = run_sync(desktop)
    assert arrived.came_in == 2
    assert (desktop / "statement.md").read_text().endswith("Edited by hand.\n")
    assert files_of(desktop, "k3f9") == []
    assert [p.name for p in files_of(desktop, "hand")] == [new.name]


def test_a_damaged_hand_edit_is_named_and_not_committed(devices) -> None:
    """check's damaged files stay uncommitted and are named; exit 1."""
    _, laptop, desktop = devices
    broken = files_of(laptop, "k3f9")[0]
    broken.write_text('id = "k3f9"\ntitle = "Umbrella\n')
    fine = activity(laptop, "fine", "Fine one")
    result = run_sync(laptop)
    assert result.skipped_damaged == [broken]
    assert [p.name for p in result.committed] == [fine.name]
    assert result.exit_code == 1
    assert git(laptop, "status", "--porcelain").split() == [
        "M",
        str(broken.relative_to(laptop)),
    ]
    assert run_sync(desktop).came_in == 1
    assert tomllib.loads(files_of(desktop, "k3f9")[0].read_text())["hours"] == 1.0


def test_a_damaged_file_the_remote_changed_stops_sync_and_is_kept(devices) -> None:
    """The remote changed a file that is damaged here and not committed: git
    will not merge over it, so sync stops, names it, and changes nothing."""
    _, laptop, desktop = devices
    _edit_hours(laptop, 2.0, "2026-05-05T10:00:00Z")
    run_sync(laptop)
    broken = files_of(desktop, "k3f9")[0]
    broken.write_text('id = "k3f9"\ntitle = "Umbrella\n')
    with pytest.raises(DataError, match=re.escape(str(broken.relative_to(desktop)))):
        run_sync(desktop)
    assert broken.read_text() == 'id = "k3f9"\ntitle = "Umbrella\n'
    settled_but = git(desktop, "status", "--porcelain").split()
    assert settled_but == ["M", str(broken.relative_to(desktop))]
    assert not (desktop / ".git" / "MERGE_HEAD").exists()


def _edit_hours(home: Path, hours: float, updated: str) -> Path:
    """An in-place edit as cpdlog makes one: hours and the updated stamp."""
    path = files_of(home, "k3f9")[0]
    text = path.read_text()
    text = re.sub(r"hours = .*", f"hours = {hours}", text)
    path.write_text(re.sub(r"updated = .*", f"updated = {updated}", text))
    return path


def _retitle(home: Path, title: str, updated: str, rewrite: bool = False) -> Path:
    """A title edit as cpdlog makes one: a new file name and text; rewrite
    also replaces the description, so git no longer sees a rename."""
    old = files_of(home, "k3f9")[0]
    old.unlink()
    words = "Rewritten entirely: other words, other lines, a new account." * 3
    kwargs = {"description": words} if rewrite else {}
    return activity(home, "k3f9", title, updated=updated, **kwargs)


def _commit_all(home: Path, message: str) -> None:
    git(home, "add", "-A")
    git(home, "commit", "-qm", message)


def test_a_conflicting_edit_keeps_the_remotes_and_rescues_ours(devices) -> None:
    """Both devices changed hours: the version pushed first stays in place,
    this device's goes to rescue/, nothing is lost, no markers, exit 1."""
    _, laptop, desktop = devices
    _edit_hours(laptop, 2.0, "2026-05-05T10:00:00Z")
    assert run_sync(laptop).went_out == 1
    ours = _edit_hours(desktop, 3.0, "2026-05-06T10:00:00Z").read_bytes()
    result = run_sync(desktop)
    assert result.exit_code == 1
    assert result.pushed
    [saved] = result.rescued
    assert saved.parent == desktop / "rescue"
    assert re.fullmatch(r"k3f9-\d{8}T\d{6}Z\.toml\.txt", saved.name)
    assert saved.read_bytes() == ours
    [kept] = files_of(desktop, "k3f9")
    assert tomllib.loads(kept.read_text())["hours"] == 2.0
    settled(desktop)
    again = run_sync(desktop)
    assert (again.exit_code, again.rescued, again.pushed) == (0, [], False)
    assert run_sync(laptop).rescued == []
    assert tomllib.loads(files_of(laptop, "k3f9")[0].read_text())["hours"] == 2.0
    assert not (laptop / "rescue").exists()


def test_edits_of_different_lines_merge_without_rescue(devices) -> None:
    """Hand edits of different fields of one activity meet in one file (git's
    own merge): nothing to rescue, exit 0."""
    _, laptop, desktop = devices
    path = files_of(laptop, "k3f9")[0]
    path.write_text(path.read_text().replace("hours = 1.0", "hours = 2.5"))
    run_sync(laptop)
    path = files_of(desktop, "k3f9")[0]
    path.write_text(path.read_text().replace("in a few words", "in more words"))
    result = run_sync(desktop)
    assert (result.rescued, result.exit_code, result.came_in) == ([], 0, 1)
    text = path.read_text()
    assert "hours = 2.5" in text
    assert "in more words" in text


@pytest.mark.parametrize("rewrite", [False, True], ids=["rename-seen", "rename-unseen"])
@pytest.mark.parametrize("renamer", ["remote", "local", "both"])
def test_a_title_edit_and_another_edit_leave_one_file(
    devices, renamer: str, rewrite: bool
) -> None:
    """A title edit renames the file; with another edit of the same activity
    on the other device, one file for the ID stays (the remote's version,
    at its path) and this device's version is in rescue/."""
    _, laptop, desktop = devices
    stamp_l, stamp_d = "2026-05-05T10:00:00Z", "2026-05-06T10:00:00Z"
    if renamer in ("remote", "both"):
        remote_file = _retitle(laptop, "Umbrella summit", stamp_l, rewrite)
    else:
        remote_file = _edit_hours(laptop, 2.0, stamp_l)
    _commit_all(laptop, "laptop edit")
    run_sync(laptop)
    remote_bytes = remote_file.read_bytes()
    if renamer in ("local", "both"):
        ours = _retitle(desktop, "Umbrella meeting", stamp_d, rewrite).read_bytes()
    else:
        ours = _edit_hours(desktop, 3.0, stamp_d).read_bytes()
    _commit_all(desktop, "desktop edit")
    result = run_sync(desktop)
    assert [p.name for p in files_of(desktop, "k3f9")] == [remote_file.name]
    assert files_of(desktop, "k3f9")[0].read_bytes() == remote_bytes
    assert [p.read_bytes() for p in result.rescued] == [ours]
    assert (result.exit_code, result.duplicates) == (1, [])
    settled(desktop)
    back = run_sync(laptop)
    assert (back.rescued, back.duplicates) == ([], [])
    assert [p.name for p in files_of(laptop, "k3f9")] == [remote_file.name]


def test_the_same_id_for_two_activities_is_reported(devices) -> None:
    """Two different activities that drew one ID on two devices both stay,
    and sync lists them (not merged, not rescued)."""
    _, laptop, desktop = devices
    one = activity(laptop, "same", "Laptop course")
    two = activity(desktop, "same", "Desktop webinar", day="2026-06-01")
    run_sync(laptop)
    result = run_sync(desktop)
    assert result.duplicates == [("same", [desktop / one.relative_to(laptop), two])]
    assert (result.rescued, result.exit_code, result.pushed) == ([], 1, True)


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("statement.md", r"statement-\d{8}T\d{6}Z\.md\.txt"),
        ("cpdlog.toml", r"cpdlog-\d{8}T\d{6}Z\.toml\.txt"),
        ("inbox/draft.toml", r"inbox-draft-\d{8}T\d{6}Z\.toml\.txt"),
    ],
)
def test_a_conflict_in_another_file_is_resolved_the_same_way(
    devices, name: str, pattern: str
) -> None:
    _, laptop, desktop = devices
    for home, words in ((laptop, "laptop"), (desktop, "desktop")):
        path = home / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(f'# written on the {words}\nname = "{words}"\n')
    run_sync(laptop)
    result = run_sync(desktop)
    [saved] = result.rescued
    assert re.fullmatch(pattern, saved.name)
    assert "desktop" in saved.read_text()
    assert "laptop" in (desktop / name).read_text()
    settled(desktop)


def test_an_edit_of_an_activity_trashed_elsewhere_follows_it(devices) -> None:
    """The remote moved it to the trash, this device edited it: git sees the
    move as a rename and carries the edit into the trashed copy, so the
    activity stays removed and `restore` brings back this device's edit."""
    _, laptop, desktop = devices
    old = files_of(laptop, "k3f9")[0]
    trash = laptop / ".trash" / old.name
    trash.parent.mkdir()
    old.rename(trash)
    run_sync(laptop)
    _edit_hours(desktop, 5.0, "2026-05-06T10:00:00Z")
    result = run_sync(desktop)
    assert files_of(desktop, "k3f9") == []
    trashed = desktop / ".trash" / old.name
    assert tomllib.loads(trashed.read_text())["hours"] == 5.0
    assert (result.rescued, result.exit_code) == ([], 0)
    settled(desktop)


_SYNC = """
import sys
from pathlib import Path
from cpdlog.store.git_sync import sync
sync(Path(sys.argv[1]), lambda: [])
"""


@pytest.mark.parametrize("point", ["merged", "resolved"])
def test_a_killed_sync_is_completed_by_the_next(devices, point: str) -> None:
    """SIGKILL mid-merge (markers in the work tree, or the resolution
    written but not staged): the next sync finishes, loses nothing and
    leaves one rescued copy, however many times it was started."""
    _, laptop, desktop = devices
    _edit_hours(laptop, 2.0, "2026-05-05T10:00:00Z")
    run_sync(laptop)
    ours = _edit_hours(desktop, 3.0, "2026-05-06T10:00:00Z").read_bytes()
    flag = desktop.parent / "paused"
    env = {**os.environ, "PYTHONPATH": SRC, "CPDLOG_TEST_GIT_PAUSE": f"{point}:{flag}"}
    process = subprocess.Popen([sys.executable, "-c", _SYNC, str(desktop)], env=env)
    deadline = time.monotonic() + 60
    while not flag.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert flag.exists()
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert (desktop / ".git" / "MERGE_HEAD").exists()
    if point == "merged":
        assert MARKERS.search(files_of(desktop, "k3f9")[0].read_bytes())
    result = run_sync(desktop)
    assert [p.read_bytes() for p in result.rescued] == [ours]
    assert len(list((desktop / "rescue").iterdir())) == 1
    assert (result.pushed, result.exit_code) == (True, 1)
    settled(desktop)
    assert tomllib.loads(files_of(desktop, "k3f9")[0].read_text())["hours"] == 2.0


def test_a_rebase_left_in_progress_is_undone_and_its_files_kept(devices) -> None:
    """A rebase the user started and left stopped at a conflict is aborted;
    the work tree's files are copied to rescue/ first."""
    _, laptop, desktop = devices
    _edit_hours(laptop, 2.0, "2026-05-05T10:00:00Z")
    run_sync(laptop)
    _edit_hours(desktop, 3.0, "2026-05-06T10:00:00Z")
    _commit_all(desktop, "desktop edit")
    git(desktop, "fetch", "-q")
    stopped = subprocess.run(
        ["git", "rebase", "origin/main"], cwd=desktop, capture_output=True, check=False
    )
    assert stopped.returncode != 0
    assert (desktop / ".git" / "rebase-merge").exists()
    result = run_sync(desktop)
    settled(desktop)
    assert result.pushed
    assert any(MARKERS.search(p.read_bytes()) for p in result.rescued)
    assert tomllib.loads(files_of(desktop, "k3f9")[0].read_text())["hours"] == 2.0


def test_a_refused_push_keeps_everything_and_says_why(devices) -> None:
    """The remote refuses: the result carries the reason and exit 1; the
    commit is kept for the next sync."""
    remote, laptop, _ = devices
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'the server is read-only' >&2\nexit 1\n")
    hook.chmod(0o755)
    activity(laptop, "late", "Late one")
    result = run_sync(laptop)
    assert (result.pushed, result.went_out, result.exit_code) == (False, 0, 1)
    assert result.warning is not None
    assert "the server is read-only" in result.warning
    hook.unlink()
    assert run_sync(laptop).went_out == 1


def _not_git(home: Path) -> None:
    (home / ".git").rename(home / "old-git")


def _no_remote(home: Path) -> None:
    git(home, "remote", "remove", "origin")


def _detached(home: Path) -> None:
    git(home, "checkout", "-q", "--detach")


def _nobody(home: Path) -> None:
    (Path(os.environ["HOME"]) / ".gitconfig").write_text("")
    git(home, "config", "user.useConfigOnly", "true")


@pytest.mark.parametrize(
    ("breaks", "says"),
    [
        (_not_git, "cpdlog git init"),
        (_no_remote, "cpdlog git remote add origin URL"),
        (_detached, "cpdlog git switch main"),
        (_nobody, "cpdlog git config user.name"),
    ],
)
def test_sync_setup_problems_are_usage_errors(devices, breaks, says: str) -> None:
    _, laptop, _ = devices
    breaks(laptop)
    with pytest.raises(UsageError, match=re.escape(says)):
        run_sync(laptop)


def test_a_remote_that_cannot_be_reached_is_a_data_error(devices) -> None:
    _, laptop, _ = devices
    git(laptop, "remote", "set-url", "origin", str(laptop.parent / "gone.git"))
    with pytest.raises(DataError, match="could not fetch from origin"):
        run_sync(laptop)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(max_size=64),
    spec=st.sampled_from(
        [
            "activities/2026/2026-05-04-a-k3f9.toml",
            "statement.md",
            "cpdlog.toml",
            "inbox/new draft.toml",
            ".trash/2026-05-04-a-k3f9.toml",
            "evidence/2026/k3f9-cert.pdf",
            ".gitignore",
        ]
    ),
)
def test_a_rescued_copy_keeps_the_bytes_once(
    tmp_path: Path, data: bytes, spec: str
) -> None:
    """rescue() keeps the exact bytes in rescue/, never under a name cpdlog
    reads (.toml or .md), and saving the same bytes again reuses the copy."""
    first = rescue(tmp_path, spec, data, "20260504T101010Z")
    assert first.parent == tmp_path / "rescue"
    assert first.read_bytes() == data
    assert not first.name.endswith((".toml", ".md"))
    assert rescue(tmp_path, spec, data, "20260505T101010Z") == first


@pytest.mark.slow
def test_a_commit_costs_at_most_half_an_add(tmp_path: Path) -> None:
    """In a home of 500 activities, committing one new file (what `add` pays
    on top in a git home) takes at most half of a whole `cpdlog add`, so
    `add` in a git home stays within 1.5x of a plain one (measured: 13 ms
    against 87 ms)."""
    import shutil
    import statistics

    plain, repo = tmp_path / "plain", tmp_path / "repo"
    for n in range(500):
        activity(plain, f"a{n:03d}", f"Generated {n}", day=f"2026-{n % 12 + 1:02d}-01")
    shutil.copytree(plain, repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "all")
    env = {**os.environ, "PYTHONPATH": SRC, "CPDLOG_HOME": str(plain)}
    adds, commits = [], []
    for run in range(9):
        argv = [sys.executable, "-m", "cpdlog", "add", f"Run {run}", "--hours", "1"]
        start = time.perf_counter()
        subprocess.run(
            [*argv, "--type", "reading"], env=env, check=True, capture_output=True
        )
        adds.append(time.perf_counter() - start)
        path = activity(repo, f"c{run}", f"Committed {run}", day="2026-11-01")
        start = time.perf_counter()
        assert commit_paths(repo, [path], f"add c{run}") is None
        commits.append(time.perf_counter() - start)
    assert statistics.median(commits) <= 0.5 * statistics.median(adds)
