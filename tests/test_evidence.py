"""SPEC "Evidence": attach, add --attach, detach, rm/restore with files, check,
list --evidence."""

import hashlib
import json
import os
import stat
import tomllib
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, files, snapshot


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def cert(tmp_path: Path) -> Path:
    path = tmp_path / "files" / "Certificate.pdf"
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 certificate of attendance\n" + os.urandom(2000))
    return path


@pytest.fixture
def course(home: Path) -> str:
    return add("Cataloguing course", "--hours", "3", "-t", "course",
               "--date", "2026-03-14")  # fmt: skip


def _table(home: Path, aid: str) -> dict:
    (path,) = [p for p in files(home) if p.stem.endswith(aid)]
    return tomllib.loads(path.read_text())


def test_attach_copies_the_file_privately_and_records_path_and_hash(
    home: Path, course: str, cert: Path
) -> None:
    result = cli("attach", course, str(cert))
    entry = f"evidence/2026/{course}-certificate.pdf"
    assert result.stdout == entry + "\n"
    assert f"Attached Certificate.pdf to {course} as {entry}" in result.stderr
    copy = home / entry
    assert copy.read_bytes() == cert.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "evidence").stat().st_mode) == 0o700
    table = _table(home, course)
    assert table["evidence"] == [entry]
    assert table["evidence_sha256"] == {entry: _sha(cert)}
    shown = json.loads(cli("show", course, "--json").stdout)
    assert shown["evidence"] == [entry]
    assert shown["evidence_sha256"] == {entry: _sha(cert)}
    assert cli("check").exit_code == 0


def test_the_folder_is_the_year_of_the_activity(home: Path, cert: Path) -> None:
    aid = add("Old webinar", "--hours", "1", "-t", "webinar", "--date", "2025-12-01")
    assert cli("attach", aid, str(cert)).stdout.startswith("evidence/2025/")


@pytest.mark.parametrize(
    ("name", "stored"),
    [("My Certificate (final).PDF", "my-certificate-final.PDF"),
     ("Zertifikat für Café.pdf", "zertifikat-fur-cafe.pdf"),
     ("slides.tar.gz", "slides.tar.gz"),
     ("README", "readme"),
     ("证书.png", "file.png"),
     (".hidden", "hidden")],
)  # fmt: skip
def test_the_copy_has_a_readable_name_and_keeps_the_extension(
    home: Path, course: str, tmp_path: Path, name: str, stored: str
) -> None:
    source = tmp_path / name
    source.write_bytes(b"x")
    assert cli("attach", course, str(source)).stdout == (
        f"evidence/2026/{course}-{stored}\n"
    )


def test_several_files_at_once_and_the_same_file_twice_is_stored_once(
    home: Path, course: str, cert: Path, tmp_path: Path
) -> None:
    slides = tmp_path / "slides.pptx"
    slides.write_bytes(b"slides")
    result = cli("attach", course, str(cert), str(slides), str(cert))
    first = f"evidence/2026/{course}-certificate.pdf"
    second = f"evidence/2026/{course}-slides.pptx"
    assert result.stdout.splitlines() == [first, second, first]
    assert _table(home, course)["evidence"] == [first, second]
    assert len(list((home / "evidence" / "2026").iterdir())) == 2


def test_attaching_the_same_file_again_writes_nothing(
    home: Path, course: str, cert: Path, tmp_path: Path
) -> None:
    cli("attach", course, str(cert))
    copy = tmp_path / "renamed copy.pdf"
    copy.write_bytes(cert.read_bytes())
    before = snapshot(home)
    result = cli("attach", course, str(copy))
    assert "already attached" in result.stderr
    assert result.stdout == f"evidence/2026/{course}-certificate.pdf\n"
    assert snapshot(home) == before


def test_a_name_taken_by_a_different_file_gets_a_suffix(
    home: Path, course: str, cert: Path
) -> None:
    taken = home / "evidence" / "2026" / f"{course}-certificate.pdf"
    taken.parent.mkdir(parents=True)
    taken.write_bytes(b"something else")
    result = cli("attach", course, str(cert))
    assert result.stdout == f"evidence/2026/{course}-certificate-2.pdf\n"
    assert taken.read_bytes() == b"something else"


def test_a_complete_copy_left_by_a_killed_attach_is_adopted(
    home: Path, course: str, cert: Path, wide: None
) -> None:
    """The copy is named before the activity points at it; a kill between
    leaves the copy, which the next attach takes instead of a second one."""
    left = home / "evidence" / "2026" / f"{course}-certificate.pdf"
    left.parent.mkdir(parents=True)
    left.write_bytes(cert.read_bytes())
    assert "no activity refers" in cli("check").stdout
    cli("attach", course, str(cert))
    assert sorted(p.name for p in left.parent.iterdir()) == [left.name]
    assert cli("check").stdout.count("warning:") == 0


@pytest.mark.parametrize("bad", ["missing", "folder", "fifo"])
def test_a_bad_file_is_exit_2_and_nothing_is_copied(
    home: Path, course: str, cert: Path, tmp_path: Path, bad: str
) -> None:
    target = tmp_path / bad
    if bad == "folder":
        target.mkdir()
    elif bad == "fifo":
        os.mkfifo(target)
    before = snapshot(home)
    result = cli("attach", course, str(cert), str(target), code=2)
    fails_cleanly(result, 2)
    assert str(target) in result.stderr
    assert snapshot(home) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a 0000 file")
def test_an_unreadable_file_is_exit_2(home: Path, course: str, cert: Path) -> None:
    cert.chmod(0)
    before = snapshot(home)
    fails_cleanly(cli("attach", course, str(cert), code=2), 2)
    assert snapshot(home) == before


def test_an_unknown_or_trashed_id_is_exit_2(
    home: Path, course: str, cert: Path
) -> None:
    before = snapshot(home)
    fails_cleanly(cli("attach", "zzzz", str(cert), code=2), 2)
    cli("rm", course, "--yes")
    trashed = cli("attach", course, str(cert), code=2)
    assert f"cpdlog restore {course}" in trashed.stderr
    assert not (home / "evidence").exists()
    assert "activities" in before


def test_add_attach_copies_files_and_prints_only_the_id(
    home: Path, cert: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# notes\n")
    result = cli("add", "Umbrella conference", "--hours", "6", "-t", "conference",
                 "--date", "2026-07-01", "--evidence", "https://example.org/p",
                 "--attach", str(cert), "--attach", str(notes))  # fmt: skip
    aid = result.stdout.strip()
    assert result.stdout == aid + "\n"
    assert "Attached Certificate.pdf" in result.stderr
    table = _table(home, aid)
    assert table["evidence"] == [
        "https://example.org/p",
        f"evidence/2026/{aid}-certificate.pdf",
        f"evidence/2026/{aid}-notes.md",
    ]
    assert set(table["evidence_sha256"]) == set(table["evidence"][1:])
    assert cli("check").exit_code == 0


def test_add_attach_with_a_missing_file_writes_nothing(
    home: Path, tmp_path: Path
) -> None:
    result = cli("add", "Course", "--hours", "1", "-t", "course",
                 "--attach", str(tmp_path / "nope.pdf"), code=2)  # fmt: skip
    fails_cleanly(result, 2)
    assert not home.exists()


def test_add_attach_undoes_the_copies_when_the_activity_cannot_be_written(
    home: Path, cert: Path
) -> None:
    """The year folder of activities is a file: the add fails, and the copy
    it made is gone again."""
    add("First", "--hours", "1", "-t", "reading", "--date", "2025-01-01")
    (home / "activities" / "2026").write_text("in the way")
    before = snapshot(home)
    result = cli("add", "Course", "--hours", "1", "-t", "course",
                 "--attach", str(cert), code=1)  # fmt: skip
    assert result.stderr.strip()
    assert snapshot(home) == before


# --- detach, rm, restore -----------------------------------------------------


@pytest.mark.parametrize("given", ["full", "name", "suffix"])
def test_detach_takes_the_file_off_and_moves_it_to_the_trash(
    home: Path, course: str, cert: Path, given: str
) -> None:
    cli("attach", course, str(cert))
    entry = f"evidence/2026/{course}-certificate.pdf"
    cli("edit", course, "--evidence", entry, "--evidence", "https://example.org/cert")
    path = {"full": entry, "name": f"{course}-certificate.pdf",
            "suffix": "certificate.pdf"}[given]  # fmt: skip
    result = cli("detach", course, path)
    assert entry in result.stderr
    table = _table(home, course)
    assert table["evidence"] == ["https://example.org/cert"]
    assert "evidence_sha256" not in table
    assert not (home / entry).exists()
    assert (home / ".trash" / entry).read_bytes() == cert.read_bytes()
    assert cli("check").exit_code == 0


def test_detach_of_an_unknown_or_ambiguous_path_is_exit_2(
    home: Path, course: str, cert: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-certificate.pdf"
    other.write_bytes(b"other")
    cli("attach", course, str(cert), str(other))
    before = snapshot(home)
    ambiguous = cli("detach", course, "certificate.pdf", code=2)
    assert "matches 2 files" in ambiguous.stderr
    unknown = cli("detach", course, "slides.pptx", code=2)
    assert "certificate.pdf" in unknown.stderr
    fails_cleanly(cli("detach", "zzzz", "x", code=2), 2)
    assert snapshot(home) == before


def test_rm_carries_the_files_and_restore_brings_them_back(
    home: Path, course: str, cert: Path
) -> None:
    cli("attach", course, str(cert))
    entry = f"evidence/2026/{course}-certificate.pdf"
    before = snapshot(home)
    removed = cli("rm", course, "--yes")
    assert "with 1 attached file" in removed.stderr
    assert not (home / entry).exists()
    assert (home / ".trash" / entry).exists()
    assert cli("check").exit_code == 0
    restored = cli("restore", course)
    assert "with 1 attached file" in restored.stderr
    after = snapshot(home)
    assert {k: v for k, v in after.items() if v is not None} == {
        k: v for k, v in before.items() if v is not None
    }
    assert cli("check").exit_code == 0


def test_restore_finds_its_file_by_hash_after_a_name_clash_in_the_trash(
    home: Path, course: str, cert: Path, tmp_path: Path
) -> None:
    """An older file of the same name was detached earlier: the trash
    renames the second, and restore knows it by its SHA-256."""
    old = tmp_path / "files" / "old" / "Certificate.pdf"
    old.parent.mkdir()
    old.write_bytes(b"the first version")
    cli("attach", course, str(old))
    cli("detach", course, "certificate.pdf")
    cli("attach", course, str(cert))
    cli("rm", course, "--yes")
    trash = home / ".trash" / "evidence" / "2026"
    assert sorted(p.name for p in trash.iterdir()) == [
        f"{course}-certificate-2.pdf",
        f"{course}-certificate.pdf",
    ]
    cli("restore", course)
    entry = home / "evidence" / "2026" / f"{course}-certificate.pdf"
    assert entry.read_bytes() == cert.read_bytes()
    assert [p.name for p in trash.iterdir()] == [f"{course}-certificate.pdf"]
    assert cli("check").exit_code == 0


def test_restore_without_the_file_in_the_trash_warns(
    home: Path, course: str, cert: Path
) -> None:
    cli("attach", course, str(cert))
    cli("rm", course, "--yes")
    for path in (home / ".trash" / "evidence").rglob("*.pdf"):
        path.unlink()
    result = cli("restore", course)
    assert "was not in the trash" in result.stderr
    assert f"cpdlog detach {course}" in result.stderr
    assert cli("check", code=1).exit_code == 1


def test_an_attached_toml_file_in_the_trash_is_not_an_activity(
    home: Path, course: str, tmp_path: Path
) -> None:
    lookalike = tmp_path / "settings.toml"
    lookalike.write_text('id = "imposter"\ntitle = "Not an activity"\n')
    cli("attach", course, str(lookalike))
    cli("detach", course, "settings.toml")
    fails_cleanly(cli("restore", "imposter", code=2), 2)
    cli("rm", course, "--yes")
    cli("restore", course[:3])


# --- check and list ------------------------------------------------------------


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")


def test_check_names_a_missing_or_altered_file_and_warns_of_strays(
    home: Path, course: str, cert: Path, wide: None
) -> None:
    cli("attach", course, str(cert))
    entry = home / "evidence" / "2026" / f"{course}-certificate.pdf"
    entry.write_bytes(b"tampered")
    altered = cli("check", code=1)
    assert f"error: {entry}: has changed since it was attached" in altered.stdout
    entry.unlink()
    missing = cli("check", code=1)
    assert f"error: {entry}: attached to {course}" in missing.stdout
    assert f"cpdlog detach {course}" in missing.stdout
    cli("detach", course, "certificate.pdf")
    stray = home / "evidence" / "2025" / "found.txt"
    stray.parent.mkdir()
    stray.write_text("x")
    stray.chmod(0o600)
    leftover = home / "evidence" / "2025" / ".found.txt.0123abcd.tmp"
    leftover.write_text("half")
    result = cli("check")
    assert f"warning: {stray}: no activity refers to this file" in result.stdout
    assert f"warning: {leftover}: a temporary file" in result.stdout


def test_edit_evidence_keeps_the_hashes_of_the_files_it_keeps(
    home: Path, course: str, cert: Path, wide: None
) -> None:
    cli("attach", course, str(cert))
    entry = f"evidence/2026/{course}-certificate.pdf"
    cli("edit", course, "--evidence", entry, "--evidence", "on paper")
    assert cli("check").stdout.count("warning:") == 0
    cli("edit", course, "--evidence", "on paper")
    assert "evidence_sha256" not in _table(home, course)
    assert "no activity refers to this file" in cli("check").stdout


def test_check_warns_of_an_attached_file_with_no_hash(
    home: Path, course: str, cert: Path, wide: None
) -> None:
    cli("attach", course, str(cert))
    (path,) = files(home)
    text = path.read_text()
    path.write_text(text[: text.index("[evidence_sha256]")])
    result = cli("check")
    assert "no SHA-256 recorded" in result.stdout


def test_list_filters_on_evidence(home: Path, course: str, cert: Path) -> None:
    linked = add("Webinar", "--hours", "1", "-t", "webinar",
                 "--evidence", "https://example.org/w")  # fmt: skip
    bare = add("Reading", "--hours", "1", "-t", "reading")
    cli("attach", course, str(cert))

    def ids(*args: str) -> list[str]:
        return [a["id"] for a in json.loads(cli("list", "--json", *args).stdout)]

    assert sorted(ids("--evidence")) == sorted([course, linked])
    assert ids("--no-evidence") == [bare]
    assert len(ids()) == 3
