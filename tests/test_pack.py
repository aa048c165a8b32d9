"""SPEC "The audit pack": cpdlog pack -o FILE.zip and pack --verify."""

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import add, cli, fails_cleanly, snapshot

AS_OF = "2026-11-23"


@pytest.fixture
def with_evidence(example: Path, tmp_path: Path) -> Path:
    """The example log (its RDA course has a certificate attached) with two
    more files attached to other activities."""
    cert = tmp_path / "LILAC certificate.pdf"
    cert.write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    slides = tmp_path / "slides.pptx"
    slides.write_bytes(os.urandom(500))
    cli("--home", str(example), "attach", "bz3p", str(cert))
    cli("--home", str(example), "attach", "2kcy", str(slides))
    return example


def _pack(home: Path, target: Path, *args: str, code: int = 0):
    return cli("--home", str(home), "pack", "-o", str(target), "--as-of", AS_OF,
               *args, code=code)  # fmt: skip


def _unzip(pack: Path, folder: Path) -> Path:
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(folder)
    return folder


def _sha256sum_c(folder: Path) -> subprocess.CompletedProcess:
    command = ["sha256sum", "-c", "--strict", "MANIFEST.sha256"]
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, check=False
    )


def test_the_pack_holds_the_spec_files_and_a_sorted_manifest(
    with_evidence: Path, tmp_path: Path
) -> None:
    target = tmp_path / "pack.zip"
    result = _pack(with_evidence, target)
    assert result.stdout == ""
    assert "Wrote" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        manifest = archive.read("MANIFEST.sha256").decode()
    home = with_evidence
    period = [p for p in sorted(home.glob("activities/*/*.toml"))
              if "2025-11-24" <= p.name[:10] <= AS_OF]  # fmt: skip
    expected = {"index.html", "record.md", "activities.csv", "record.json",
                "statement.md", "MANIFEST.sha256",
                *(f"activities/{p.parent.name}/{p.name}" for p in period),
                "evidence/2026/28jq-rda-course-certificate.pdf",
                "evidence/2026/bz3p-lilac-certificate.pdf",
                "evidence/2026/2kcy-slides.pptx"}  # fmt: skip
    assert set(names) == expected
    assert len(names) == len(expected)
    lines = manifest.splitlines()
    listed = [line.split("  ", 1)[1] for line in lines]
    assert listed == sorted(expected - {"MANIFEST.sha256"})
    assert all(re.fullmatch(r"[0-9a-f]{64}  [^/].*", line) for line in lines)


def test_sha256sum_verifies_the_unzipped_pack(
    with_evidence: Path, tmp_path: Path
) -> None:
    if shutil.which("sha256sum") is None:
        pytest.skip("LOUD SKIP: sha256sum (coreutils) is not installed")
    target = tmp_path / "pack.zip"
    _pack(with_evidence, target)
    folder = _unzip(target, tmp_path / "x")
    result = _sha256sum_c(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(
        (folder / "MANIFEST.sha256").read_text().splitlines()
    )
    if shutil.which("unzip"):
        other = tmp_path / "y"
        subprocess.run(["unzip", "-q", str(target), "-d", str(other)], check=True)
        assert _sha256sum_c(other).returncode == 0
        # unzip restores the owner-only mode the pack records.
        assert stat.S_IMODE((other / "statement.md").stat().st_mode) == 0o600


def test_files_are_packed_byte_for_byte_and_linked_relatively(
    with_evidence: Path, tmp_path: Path
) -> None:
    target = tmp_path / "pack.zip"
    _pack(with_evidence, target)
    folder = _unzip(target, tmp_path / "x")
    home = with_evidence
    for packed in folder.rglob("*.toml"):
        original = home / packed.relative_to(folder)
        assert packed.read_bytes() == original.read_bytes()
    for packed in (folder / "evidence").rglob("*"):
        if packed.is_file():
            assert (
                packed.read_bytes() == (home / packed.relative_to(folder)).read_bytes()
            )
    assert (folder / "statement.md").read_bytes() == (
        home / "statement.md"
    ).read_bytes()
    page = (folder / "index.html").read_text()
    links = re.findall(r'href="([^"]+)"', page)
    local = [link for link in links if not link.startswith("http")]
    assert "evidence/2026/28jq-rda-course-certificate.pdf" in local
    assert any(link.startswith("activities/2026/") for link in local)
    for link in local:
        assert (folder / link).is_file(), link
    assert "MANIFEST.sha256" in page
    record = (folder / "record.json").read_text()
    assert str(home) not in record
    assert '"path": "activities/2026/' in record


def test_the_exports_in_the_pack_are_the_exports(
    with_evidence: Path, tmp_path: Path
) -> None:
    target = tmp_path / "pack.zip"
    _pack(with_evidence, target)
    with zipfile.ZipFile(target) as archive:
        md = archive.read("record.md").decode()
        table = archive.read("activities.csv")
    assert md == cli("--home", str(with_evidence), "export", "--as-of", AS_OF).stdout
    csv_file = tmp_path / "export.csv"
    cli("--home", str(with_evidence), "export", "-f", "csv", "--as-of", AS_OF,
        "-o", str(csv_file))  # fmt: skip
    assert table == csv_file.read_bytes()


def test_the_period_decides_what_is_packed(with_evidence: Path, tmp_path: Path) -> None:
    target = tmp_path / "pack.zip"
    _pack(with_evidence, target, "--since", "2026-07-01")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert "evidence/2026/2kcy-slides.pptx" in names  # 2026-09-23
    assert "evidence/2026/28jq-rda-course-certificate.pdf" not in names  # June
    assert "evidence/2026/bz3p-lilac-certificate.pdf" not in names  # April
    assert not [n for n in names if n.startswith("activities/2025/")]


def test_pack_refuses_to_overwrite_without_force(
    with_evidence: Path, tmp_path: Path
) -> None:
    target = tmp_path / "pack.zip"
    target.write_bytes(b"mine")
    refused = _pack(with_evidence, target, code=1)
    fails_cleanly(refused, 1)
    assert "--force" in refused.stderr
    assert target.read_bytes() == b"mine"
    _pack(with_evidence, target, "--force")
    assert zipfile.is_zipfile(target)


def test_a_folder_or_a_missing_folder_for_o(
    with_evidence: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(out), snapshot(with_evidence)
    fails_cleanly(_pack(with_evidence, out, code=2), 2)
    fails_cleanly(_pack(with_evidence, out / "no" / "pack.zip", code=1), 1)
    assert (snapshot(out), snapshot(with_evidence)) == before
    fails_cleanly(cli("pack", code=2), 2)


def test_pack_changes_nothing_in_the_home(with_evidence: Path, tmp_path: Path) -> None:
    before = snapshot(with_evidence)
    _pack(with_evidence, tmp_path / "pack.zip")
    cli("pack", "--verify", str(tmp_path / "pack.zip"))
    assert snapshot(with_evidence) == before


def test_pack_of_a_home_that_does_not_exist_creates_no_home(
    home: Path, tmp_path: Path
) -> None:
    cli("pack", "-o", str(tmp_path / "empty.zip"))
    assert not home.exists()
    assert cli("pack", "--verify", str(tmp_path / "empty.zip")).exit_code == 0


def test_a_missing_attached_file_is_named_and_the_rest_packed(
    with_evidence: Path, tmp_path: Path
) -> None:
    gone = with_evidence / "evidence" / "2026" / "2kcy-slides.pptx"
    gone.unlink()
    target = tmp_path / "pack.zip"
    result = _pack(with_evidence, target, code=1)
    assert "error: evidence/2026/2kcy-slides.pptx: attached to 2kcy" in result.stderr
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        page = archive.read("index.html").decode()
    assert "evidence/2026/2kcy-slides.pptx" not in names
    assert "evidence/2026/28jq-rda-course-certificate.pdf" in names
    assert '2kcy-slides.pptx <span class="missing">' in page
    assert cli("pack", "--verify", str(target)).exit_code == 0


def test_an_altered_attached_file_is_named(with_evidence: Path, tmp_path: Path) -> None:
    changed = with_evidence / "evidence" / "2026" / "2kcy-slides.pptx"
    changed.write_bytes(b"not the slides")
    result = _pack(with_evidence, tmp_path / "pack.zip", code=1)
    assert "error: evidence/2026/2kcy-slides.pptx: has changed" in result.stderr


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")


def test_pack_warns_about_gaps_of_three_months(
    home: Path, tmp_path: Path, wide: None
) -> None:
    add("Winter course", "--hours", "2", "-t", "course", "--date", "2026-01-10",
        "--end-date", "2026-01-12")  # fmt: skip
    add("Summer reading", "--hours", "1", "-t", "reading", "--date", "2026-04-13")
    add("Autumn webinar", "--hours", "1", "-t", "webinar", "--date", "2026-10-01")
    result = cli("pack", "-o", str(tmp_path / "p.zip"), "--as-of", "2026-11-23")
    warnings = [line for line in result.stderr.splitlines() if "no activity" in line]
    assert warnings == [
        # 2025-11-24 to 2026-01-09 is 1 month and 17 days: not a gap to explain;
        # 2026-01-13 to 2026-04-12 is exactly 3 months.
        "warning: no activity from 2026-01-13 to 2026-04-12 (3 months); auditors "
        "ask about gaps of 3 months or more, so be ready to explain it.",
        "warning: no activity from 2026-04-14 to 2026-09-30 (5 months and 17 "
        "days); auditors ask about gaps of 3 months or more, so be ready to "
        "explain it.",
    ]


def test_the_example_log_has_no_gap(with_evidence: Path, tmp_path: Path) -> None:
    assert "no activity" not in _pack(with_evidence, tmp_path / "p.zip").stderr


# --- verify ------------------------------------------------------------------


def _rewrite(source: Path, target: Path, change) -> None:
    """A copy of a zip with its members changed by change(dict)."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.fixture
def packed(with_evidence: Path, tmp_path: Path) -> Path:
    target = tmp_path / "pack.zip"
    _pack(with_evidence, target)
    return target


def test_verify_passes_an_untouched_pack(packed: Path) -> None:
    result = cli("pack", "--verify", str(packed))
    assert "match" in result.stdout


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        ("altered", lambda m: m.update({"record.md": m["record.md"] + b"x"})),
        ("missing", lambda m: m.pop("evidence/2026/2kcy-slides.pptx")),
        ("extra", lambda m: m.update({"evidence/2026/more.pdf": b"more"})),
    ],
)
def test_verify_names_each_altered_missing_or_extra_file(
    packed: Path, tmp_path: Path, kind: str, change
) -> None:
    tampered = tmp_path / "tampered.zip"
    _rewrite(packed, tampered, change)
    before = snapshot(tmp_path)
    result = cli("pack", "--verify", str(tampered), code=1)
    name = {"altered": "record.md", "missing": "evidence/2026/2kcy-slides.pptx",
            "extra": "evidence/2026/more.pdf"}[kind]  # fmt: skip
    assert f"{kind}: {name}" in result.stdout
    assert snapshot(tmp_path) == before
    if shutil.which("sha256sum") and kind == "altered":
        assert _sha256sum_c(_unzip(tampered, tmp_path / "t")).returncode != 0


def test_verify_catches_evidence_swapped_with_a_new_manifest(
    packed: Path, tmp_path: Path
) -> None:
    """A forger who also rewrites MANIFEST.sha256 is still caught: the
    activity file recorded the attached file's SHA-256."""
    import hashlib

    def swap(members: dict) -> None:
        members["evidence/2026/2kcy-slides.pptx"] = b"forged slides"
        members["MANIFEST.sha256"] = "".join(
            f"{hashlib.sha256(data).hexdigest()}  {name}\n"
            for name, data in sorted(members.items())
            if name != "MANIFEST.sha256"
        ).encode()

    forged = tmp_path / "forged.zip"
    _rewrite(packed, forged, swap)
    result = cli("pack", "--verify", str(forged), code=1)
    assert "altered: evidence/2026/2kcy-slides.pptx (not the file" in result.stdout


def test_verify_refuses_what_is_not_a_pack(tmp_path: Path, wide: None) -> None:
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("just text")
    result = cli("pack", "--verify", str(not_zip), code=1)
    fails_cleanly(result, 1)
    assert "not a zip" in result.stderr
    bare = tmp_path / "bare.zip"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("index.html", "<p>hi</p>")
    result = cli("pack", "--verify", str(bare), code=1)
    fails_cleanly(result, 1)
    assert "has no MANIFEST.sha256" in result.stderr
    fails_cleanly(cli("pack", "--verify", str(tmp_path / "none.zip"), code=2), 2)
    fails_cleanly(
        cli("pack", "--verify", str(bare), "-o", str(tmp_path / "x.zip"), code=2), 2
    )


# --- a real kill ------------------------------------------------------------------


def test_a_killed_pack_leaves_no_file(with_evidence: Path, tmp_path: Path) -> None:
    """SIGKILL while the finished zip waits to be renamed (CPDLOG_TEST_PAUSE):
    the target never appears, partial or whole."""
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "cpdlog", "--home", str(with_evidence), "pack",
         "-o", str(out / "pack.zip"), "--as-of", AS_OF],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "CPDLOG_TEST_PAUSE": "0.5"},
    )  # fmt: skip
    deadline = time.monotonic() + 60
    seen = False
    while time.monotonic() < deadline and process.poll() is None and not seen:
        seen = any(name.endswith(".tmp") for name in os.listdir(out))
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert seen, "the pack never reached its temporary file"
    assert not (out / "pack.zip").exists()
    assert all(name.startswith(".") for name in os.listdir(out))


def test_what_is_compressed_already_is_stored_not_deflated(
    home: Path, tmp_path: Path
) -> None:
    """Deflating random-looking bytes only costs time (a scanned PDF, a
    photo); text is deflated."""
    files = {"scan.pdf": os.urandom(200_000), "photo.jpg": b"x" * 50_000,
             "notes.txt": b"What I learned today. " * 5_000}  # fmt: skip
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    aid = add("Course", "--hours", "1", "-t", "course")
    cli("attach", aid, *paths)
    cli("pack", "-o", str(tmp_path / "p.zip"))
    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        kinds = {Path(i.filename).suffix: i.compress_type for i in archive.infolist()
                 if i.filename.startswith("evidence/")}  # fmt: skip
    assert kinds == {".pdf": zipfile.ZIP_STORED, ".jpg": zipfile.ZIP_STORED,
                     ".txt": zipfile.ZIP_DEFLATED}  # fmt: skip
    assert cli("pack", "--verify", str(tmp_path / "p.zip")).exit_code == 0
