"""cpdlog share and cpdlog team: summaries with no free text, and the team view.

`share` writes the SPEC's keys and nothing a person wrote; `team` reads
summaries from files and folders, marks each person at the SPEC's
boundaries, names what it cannot read and shows the rest.
"""

import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cpdlog.core.team import SUMMARY_KEYS
from tests.conftest import EXAMPLE, ROOT, add, cli, fails_cleanly, snapshot
from tests.handmade import write_activity

TEAM = ROOT / "examples" / "team"
ROW_KEYS = [
    "name",
    "hours",
    "target_hours",
    "met",
    "statement_words",
    "last_activity",
    "mark",
]


def share(*args: str, code: int = 0) -> dict[str, Any]:
    result = cli("share", *args, code=code)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def team(*paths: Path | str, code: int = 0) -> list[dict[str, Any]]:
    result = cli("team", *map(str, paths), "--json", code=code)
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def write(folder: Path, name: str, data: dict[str, Any] | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())
    return path


def sam() -> dict[str, Any]:
    """The example librarian's summary, as a dict to change."""
    data: dict[str, Any] = json.loads((TEAM / "sam-okafor.json").read_bytes())
    return data


# --- share -----------------------------------------------------------------


def test_share_writes_the_spec_keys_from_status() -> None:
    """The summary holds exactly the SPEC's keys, each as status --json
    reports it, plus name, as_of and last_activity."""
    args = ("--home", str(EXAMPLE))
    result = cli(*args, "share", "--as-of", "2026-11-23")
    data = json.loads(result.stdout)
    status = json.loads(cli(*args, "status", "--json", "--as-of", "2026-11-23").stdout)
    assert list(data) == list(SUMMARY_KEYS)
    for key in SUMMARY_KEYS[:-3]:
        expected = status[key]
        if key == "statement":
            expected = {k: status[key][k] for k in ("exists", "words", "limit")}
        assert data[key] == expected, key
    assert data["name"] == "Sam Okafor"
    assert data["as_of"] == "2026-11-23"
    assert data["last_activity"] == "2026-11-18"
    assert result.stderr == ""


def test_the_example_summary_is_what_share_writes_today() -> None:
    """examples/team/sam-okafor.json is the example log's summary, current."""
    text = cli("--home", str(EXAMPLE), "share", "--as-of", "2026-11-23").stdout
    assert text == (TEAM / "sam-okafor.json").read_text()


def test_share_on_a_home_without_a_name_or_activities() -> None:
    data = share()
    assert data["name"] is None
    assert data["last_activity"] is None
    assert data["hours"] == 0
    assert data["as_of"] == "2026-11-23"


def test_share_to_a_file_is_0600_and_says_so(tmp_path: Path) -> None:
    add("Reading", "--hours", "2", "-t", "reading")
    target = tmp_path / "ann.json"
    result = cli("share", "-o", str(target))
    assert result.stdout == ""
    assert str(target) in result.stderr.replace("\n", " ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() == cli("share").stdout
    assert json.loads(target.read_bytes())["hours"] == 2.0


def test_share_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = write(tmp_path, "ann.json", b"old")
    os.chmod(target, 0o644)
    result = cli("share", "-o", str(target), code=1)
    assert "--force" in result.stderr
    assert target.read_bytes() == b"old"
    cli("share", "-o", str(target), "--force")
    assert json.loads(target.read_bytes())["as_of"] == "2026-11-23"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_share_into_a_missing_folder_or_onto_a_folder_fails_cleanly(
    tmp_path: Path,
) -> None:
    fails_cleanly(cli("share", "-o", str(tmp_path / "no" / "a.json"), code=None), 1)
    fails_cleanly(cli("share", "-o", str(tmp_path), code=None), 2)
    assert list(tmp_path.iterdir()) == []


def test_share_with_a_damaged_file_still_writes_and_exits_1(
    home: Path, tmp_path: Path
) -> None:
    """The summary of the readable rest is written; the damaged file is
    named on stderr (never in the summary), exit 1, as status does."""
    add("Reading", "--hours", "2", "-t", "reading", "--date", "2026-11-01")
    bad = write_activity(home, "2026-05-04-secret-title-bad1.toml", 'id = "b"\nx = "\n')
    before = snapshot(home)
    result = cli("share", code=1)
    assert json.loads(result.stdout)["hours"] == 2.0
    assert "secret-title" not in result.stdout
    assert str(bad) in result.stderr
    assert "may be incomplete" in result.stderr
    target = tmp_path / "ann.json"
    written = cli("share", "-o", str(target), code=1)
    assert str(bad) in written.stderr
    assert json.loads(target.read_bytes())["hours"] == 2.0
    assert snapshot(home) == before


def test_share_creates_nothing_in_the_home(home: Path, tmp_path: Path) -> None:
    cli("share")
    cli("share", "-o", str(tmp_path / "out.json"))
    assert not home.exists()
    add("Reading", "--hours", "1", "-t", "reading")
    before = snapshot(home)
    cli("share")
    assert snapshot(home) == before


@pytest.mark.parametrize("as_of", ["yesterday-ish", "2026-13-01"])
def test_share_refuses_a_bad_as_of(as_of: str) -> None:
    fails_cleanly(cli("share", "--as-of", as_of, code=None), 2)


# --- no free text ------------------------------------------------------------

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
)
# Marked so that a secret cannot equal something a summary rightly holds
# (a date, a number, a key); ⟦ and ⟧ appear in no summary.
SECRET = TEXT.map(lambda text: f"⟦{text}⟧")
LINE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
        blacklist_characters="\x00\x85",
    )
).map(lambda text: f"⟦{text}⟧")
# What share writes for one 1.5-hour activity on 2026-11-01 in these areas,
# whatever its words: everything but the statement's word count.
FIGURES = {
    "scheme": "cilip-revalidation",
    "window": {"start": "2025-11-24", "end": "2026-11-23"},
    "hours": 1.5,
    "target_hours": 20,
    "remaining_hours": 18.5,
    "met": False,
    "entries": 1,
    "by_area": {"personal": 1.5, "organisational": 0.0, "wider": 1.5},
    "reflected_hours": 1.5,
    "forecast": {
        "reached": None,
        "drops_below": None,
        "hours_needed": 18.5,
        "by": None,
    },
    "name": None,
    "as_of": "2026-11-23",
    "last_activity": "2026-11-01",
}


def _leaks(secret: str, text: str) -> bool:
    """Whether secret appears in text as written, or JSON-escaped either way."""
    forms = {
        secret,
        json.dumps(secret, ensure_ascii=False)[1:-1],
        json.dumps(secret, ensure_ascii=True)[1:-1],
    }
    return any(form in text for form in forms) or "⟦" in text or "\\u27e6" in text


@SETTINGS
@given(
    title=LINE,
    description=SECRET,
    reflection=SECRET,
    provider=SECRET,
    tag=SECRET,
    evidence=SECRET,
    statement=SECRET,
)
@example(
    title="⟦Title⟧",
    description="⟦/home/ann/private.pdf⟧",
    reflection='⟦"""\r\n\\ [bold]x[/bold]⟧',
    provider="⟦Provider⟧",
    tag="⟦tag⟧",
    evidence="⟦evidence/2026/k3f9-certificate.pdf⟧",
    statement="⟦## Personal performance\n\nI learned a lot.⟧",
)
def test_no_words_reach_a_summary(
    monkeypatch: pytest.MonkeyPatch, **texts: str
) -> None:
    """Random text in every free-text field and in the statement: share
    writes the same figures as for any other words, and none of the text,
    as written or JSON-escaped."""
    root = Path(tempfile.mkdtemp(prefix="cpdlog-share-"))
    monkeypatch.setenv("CPDLOG_HOME", str(root / "home"))
    monkeypatch.setenv("CPDLOG_CACHE_DIR", str(root / "cache"))
    try:
        args = ["--hours", "1.5", "-t", "reading", "--date", "2026-11-01"]
        for flag in ("description", "reflection", "provider", "tag", "evidence"):
            args += [f"--{flag}", texts[flag]]
        add(*args, "--area", "personal", "--area", "wider", "--", texts["title"])
        (root / "home" / "statement.md").write_bytes(texts["statement"].encode())
        out = cli("share", "-o", str(root / "s.json")).stderr
        written = (root / "s.json").read_text(encoding="utf-8")
        printed = cli("share").stdout
        assert printed == written
        data = json.loads(written)
        words = json.loads(cli("statement", "check", "--json", code=None).stdout)
        statement = data.pop("statement")
        assert statement == {"exists": True, "words": words["words"], "limit": 250}
        assert data == FIGURES
        for secret in texts.values():
            assert not _leaks(secret, written)
            assert not _leaks(secret, out)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- marks at their boundaries, through share and team -----------------------


def _home_mark(tmp_path: Path, name: str, as_of: str, *adds: list[str]) -> dict:
    """Log adds in a fresh home, share it as of as_of, read it with team."""
    home = tmp_path / name
    for args in adds:
        cli("--home", str(home), "add", "Activity", "-t", "course", *args)
    folder = tmp_path / f"summaries-{name}"
    folder.mkdir()
    cli("--home", str(home), "share", "--as-of", as_of, "-o", str(folder / "x.json"))
    (row,) = team(folder)
    row["summary"] = json.loads((folder / "x.json").read_bytes())
    return row


@pytest.mark.parametrize(
    ("day", "drops", "mark"),
    [
        ("2025-12-23", "2026-12-23", "amber"),  # exactly 30 days after as-of
        ("2025-12-24", "2026-12-24", "green"),  # 31 days
        ("2025-11-24", "2026-11-24", "amber"),  # tomorrow
    ],
)
def test_met_and_dropping_within_30_days_is_amber(
    tmp_path: Path, day: str, drops: str, mark: str
) -> None:
    """A home whose forecast drops below 30 days after as-of is amber; 31
    days is green."""
    row = _home_mark(tmp_path, day, "2026-11-23", ["--hours", "20", "--date", day])
    assert row["summary"]["forecast"]["drops_below"] == drops
    assert (row["met"], row["mark"]) == (True, mark)


def test_met_on_the_last_day_before_it_drops_below(tmp_path: Path) -> None:
    """On the day before drops_below the target is still met (amber); on
    drops_below it is not (and 20 hours to go is red)."""
    hours = ["--hours", "20", "--date", "2025-12-23"]
    before = _home_mark(tmp_path, "before", "2026-12-22", hours)
    assert before["summary"]["forecast"]["drops_below"] == "2026-12-23"
    assert (before["met"], before["mark"]) == (True, "amber")
    on = _home_mark(tmp_path, "on", "2026-12-23", hours)
    assert (on["met"], on["hours"], on["mark"]) == (False, 0, "red")


@pytest.mark.parametrize(
    ("duration", "remaining", "mark"),
    [
        ("15h", 5, "amber"),  # exactly a quarter of the 20-hour target to go
        ("14h59m", 5.0167, "red"),  # a minute more
        ("19h59m", 0.0167, "amber"),
        ("4h", 16, "red"),
    ],
)
def test_not_met_with_a_quarter_to_go_is_amber(
    tmp_path: Path, duration: str, remaining: float, mark: str
) -> None:
    logged = ["--duration", duration, "--date", "2026-11-01"]
    row = _home_mark(tmp_path, duration, "2026-11-23", logged)
    assert row["summary"]["remaining_hours"] == remaining
    assert (row["met"], row["mark"]) == (False, mark)


# --- team --------------------------------------------------------------------


def test_team_on_the_examples_sorts_red_first() -> None:
    """One row per summary with the SPEC's keys, red, then amber, then green."""
    rows = team(TEAM)
    assert all(list(row) == ROW_KEYS for row in rows)
    assert [(row["mark"], row["name"]) for row in rows] == [
        ("red", "Jo Evans"),
        ("amber", "Alex Brown"),
        ("amber", "Priya Shah"),
        ("green", "Sam Okafor"),
    ]
    assert rows[3] == {
        "name": "Sam Okafor",
        "hours": 57.25,
        "target_hours": 20,
        "met": True,
        "statement_words": 236,
        "last_activity": "2026-11-18",
        "mark": "green",
    }


def test_team_reads_files_and_folders_together(tmp_path: Path) -> None:
    """Files and folders mix; a file named twice (or also in a folder) is one row."""
    rows = team(TEAM / "jo-evans.json", TEAM, TEAM / "jo-evans.json")
    assert [row["name"] for row in rows].count("Jo Evans") == 1
    assert len(rows) == 4


def test_team_reads_only_json_files_at_the_top_of_a_folder(tmp_path: Path) -> None:
    """`*.json` files only, not in folders inside, not hidden ones; a file
    given by name is read whatever its name."""
    write(tmp_path, "ann.json", sam() | {"name": "Ann"})
    write(tmp_path, "BEN.JSON", sam() | {"name": "Ben"})
    write(tmp_path, "notes.txt", b"not a summary")
    write(tmp_path, ".ann.json.swp", b"\x00")
    write(tmp_path, ".hidden.json", b"{")
    write(tmp_path / "old", "cy.json", sam() | {"name": "Cy"})
    (tmp_path / "folder.json").mkdir()
    assert [row["name"] for row in team(tmp_path)] == ["Ann", "Ben"]
    other = write(tmp_path / "else", "dee.summary", sam() | {"name": "Dee"})
    assert [row["name"] for row in team(other)] == ["Dee"]


def test_team_names_a_summary_without_a_name_by_its_file(tmp_path: Path) -> None:
    write(tmp_path, "r-patel.json", sam() | {"name": None})
    assert team(tmp_path)[0]["name"] == "r-patel"


def test_team_reads_summaries_with_unknown_keys(tmp_path: Path) -> None:
    """A newer cpdlog's keys, at the top and inside, are read and ignored."""
    newer = sam()
    newer["schema"] = 2
    newer["pksb"] = {"areas": ["Information governance"]}
    newer["forecast"]["confidence"] = "high"
    newer["statement"]["sections"] = [79, 79, 78]
    newer["by_area"]["digital"] = 3.5
    write(tmp_path, "sam.json", newer)
    assert team(tmp_path)[0]["mark"] == "green"
    assert "Sam Okafor" in cli("team", str(tmp_path)).stdout


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"{", "cannot be read as JSON"),
        (b"", "cannot be read as JSON"),
        (b"\xff\xfe\xfa", "cannot be read as JSON"),
        (b"[]", "it is not a JSON object"),
        (json.dumps(sam() | {"hours": "57.25"}).encode(), "'hours' should be a"),
        (json.dumps(sam() | {"met": 1}).encode(), "'met' should be true or false"),
        (json.dumps(sam() | {"as_of": "23/11/2026"}).encode(), "'as_of' should be"),
        (json.dumps(sam() | {"statement": {"words": 3}}).encode(), "statement.exists"),
        (json.dumps({"name": "Ann"}).encode(), "the key 'scheme' is missing"),
    ],
)
def test_team_names_a_bad_summary_and_shows_the_rest(
    tmp_path: Path, content: bytes, says: str
) -> None:
    """Bad JSON or wrong types: named on stderr, the others shown, exit 1."""
    shutil.copy(TEAM / "sam-okafor.json", tmp_path / "sam.json")
    bad = write(tmp_path, "bad.json", content)
    before = snapshot(tmp_path)
    result = cli("team", str(tmp_path), "--json", code=1)
    assert [row["name"] for row in json.loads(result.stdout)] == ["Sam Okafor"]
    assert f"error: {bad}: not a cpdlog summary" in result.stderr
    assert says in result.stderr
    assert "1 summary file(s) could not be read; the others are shown" in (
        result.stderr.replace("\n", " ")
    )
    human = cli("team", str(tmp_path), code=1)
    assert "Sam Okafor" in human.stdout
    assert str(bad) in human.stderr
    assert snapshot(tmp_path) == before


def test_team_names_a_file_it_cannot_open(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    shutil.copy(TEAM / "sam-okafor.json", tmp_path / "sam.json")
    locked = write(tmp_path, "locked.json", json.dumps(sam()).encode())
    locked.chmod(0)
    result = cli("team", str(tmp_path), "--json", code=1)
    assert len(json.loads(result.stdout)) == 1
    assert f"{locked}: could not be read: permission denied" in result.stderr


def test_team_names_links_that_lead_nowhere(tmp_path: Path) -> None:
    """A link in the folder whose summary is gone, or that loops, is named
    (as is one given by name); the rest are shown."""
    shutil.copy(TEAM / "sam-okafor.json", tmp_path / "sam.json")
    (tmp_path / "gone.json").symlink_to(tmp_path / "moved-away.json")
    (tmp_path / "loop.json").symlink_to(tmp_path / "loop.json")
    result = cli("team", str(tmp_path), "--json", code=1)
    assert [row["name"] for row in json.loads(result.stdout)] == ["Sam Okafor"]
    assert f"{tmp_path / 'gone.json'}: could not be read: no such file" in (
        result.stderr
    )
    assert f"{tmp_path / 'loop.json'}: could not be read: a link that leads" in (
        result.stderr
    )
    assert "2 summary file(s) could not be read" in result.stderr
    alone = cli("team", str(tmp_path / "loop.json"), code=1)
    assert alone.stdout == ""
    assert "loop.json: could not be read: a link that leads round" in alone.stderr
    assert "1 summary file(s) could not be read." in alone.stderr


def test_team_names_a_folder_it_cannot_list(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root lists every folder")
    closed = tmp_path / "closed"
    closed.mkdir(mode=0)
    try:
        result = cli("team", str(closed), str(TEAM / "jo-evans.json"), code=1)
    finally:
        closed.chmod(0o700)
    assert "Jo Evans" in result.stdout
    assert f"{closed}: could not list the folder: permission denied" in result.stderr


def test_team_names_a_file_too_big_to_be_a_summary(tmp_path: Path) -> None:
    big = write(tmp_path, "big.json", b" " * 1_000_001 + b"{}")
    result = cli("team", str(big), "--json", code=1)
    assert json.loads(result.stdout) == []
    assert f"{big}: not a cpdlog summary: it is larger than" in result.stderr
    assert "could not be read." in result.stderr


def test_team_with_a_path_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    """Checked before anything is read or printed."""
    result = cli("team", str(TEAM), str(tmp_path / "nope"), code=None)
    fails_cleanly(result, 2)
    message = result.stderr.replace("\n", " ")
    assert f"{tmp_path / 'nope'}: no such file or folder" in message
    fails_cleanly(cli("team", code=None), 2)


def test_team_on_an_empty_folder_says_so(tmp_path: Path) -> None:
    result = cli("team", str(tmp_path), "--json")
    assert json.loads(result.stdout) == []
    assert "No summaries found" in result.stderr
    human = cli("team", str(tmp_path))
    assert human.stdout == ""
    assert "cpdlog share -o" in human.stderr


def test_team_is_read_only(tmp_path: Path, home: Path) -> None:
    before = snapshot(TEAM)
    cli("team", str(TEAM))
    assert snapshot(TEAM) == before
    assert not home.exists()


# --- the picture --------------------------------------------------------------


def test_team_picture_at_80_columns() -> None:
    """A table: a line a person, red first, a bar against the target."""
    lines = [line.rstrip() for line in cli("team", str(TEAM)).stdout.splitlines()]
    assert lines[:6] == [
        "Mark   Name              Hours                 Met      Statement  "
        "Last activity",
        "─" * 80,
        "red    Jo Evans        6 of 20  ████░░░░░░░░░  not met    0 words  2026-06-30",
        "amber  Alex Brown   16.5 of 20  ███████████░░  not met    0 words  2026-10-08",
        "amber  Priya Shah     21 of 20  █████████████  met      165 words  2026-09-14",
        "green  Sam Okafor  57.25 of 20  █████████████  met      236 words  2026-11-18",
    ]  # fmt: skip
    assert lines[7] == "4 summaries as of 2026-11-23"
    assert lines[8].startswith("green met, and still met 30 days after")


def test_team_picture_folds_a_long_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name longer than its column folds onto the next lines, whole."""
    long = "Dr Bartholomew Fitzgerald-Okonkwo-Montgomery-Smythe 中文名字"
    write(tmp_path, "a.json", sam() | {"name": long})
    lines = [line.rstrip() for line in cli("team", str(tmp_path)).stdout.splitlines()]
    assert lines[2:6] == [
        "green  Dr Bartholomew     57.25 of 20  ██████  met      236 words  2026-11-18",
        "       Fitzgerald-Okonkw",
        "       o-Montgomery-Smyt",
        "       he 中文名字",
    ]  # fmt: skip
    monkeypatch.setenv("COLUMNS", "40")
    lines = [line.rstrip() for line in cli("team", str(tmp_path)).stdout.splitlines()]
    assert lines[:4] == [
        "green Dr Bartholomew",
        "      Fitzgerald-Okonkwo-Montgomery-Smyt",
        "      he 中文名字",
        "      ██████████ 57.25 of 20 h, met",
    ]


@pytest.mark.parametrize("columns", ["40", "60", "79", "120"])
def test_team_picture_fits_narrow_terminals(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = cli("team", str(TEAM)).stdout
    assert all(len(line) <= int(columns) for line in out.splitlines()), out
    for name in ("Jo Evans", "Alex Brown", "Priya Shah", "Sam Okafor"):
        assert name in out


def test_team_picture_at_40_columns_gives_each_person_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    lines = [line.rstrip() for line in cli("team", str(TEAM)).stdout.splitlines()]
    assert lines[:4] == [
        "red   Jo Evans",
        "      ███░░░░░░░ 6 of 20 h, not met",
        "      statement 0 words",
        "      last activity 2026-06-30",
    ]


def test_team_shows_names_literally(tmp_path: Path) -> None:
    """A name is never markup, and its control characters are escaped."""
    write(tmp_path, "a.json", sam() | {"name": "[b]Ann[/b]"})
    write(tmp_path, "b.json", sam() | {"name": "Bo\x1b[31mb"})
    write(tmp_path, "c.json", sam() | {"name": "C\x9b\u202ey"})
    out = cli("team", str(tmp_path)).stdout
    assert "[b]Ann[/b]" in out
    assert "Bo\\x1b[31mb" in out
    assert "C\\u009b\\u202ey" in out
    assert not {"\x1b", "\x9b", "\u202e"} & set(out)
    rows = team(tmp_path)
    assert rows[1]["name"] == "Bo\x1b[31mb"


def test_team_colours_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = cli("team", str(TEAM)).stdout
    assert re.search("\x1b\\[[0-9;]*m", coloured)
    for colour in ("31", "32", "33"):  # red, green, yellow (amber) bars
        assert f"\x1b[{colour}m█" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    plain = cli("team", str(TEAM)).stdout
    assert not re.search("\x1b\\[[0-9;]*3[0-9]", plain)  # bold, but no colour


def test_team_says_when_summaries_have_different_dates(tmp_path: Path) -> None:
    write(tmp_path, "a.json", sam() | {"as_of": "2026-10-01"})
    write(tmp_path, "b.json", sam() | {"name": "Bo"})
    out = cli("team", str(tmp_path)).stdout
    assert "2 summaries dated 2026-10-01 to 2026-11-23, each marked on" in out


# --- the README ---------------------------------------------------------------


def _readme_block(command: str) -> list[str]:
    """The lines the README shows after `$ command`, up to the block's end."""
    text = (ROOT / "README.md").read_text()
    start = text.index(f"$ {command}\n") + len(command) + 3
    return text[start : text.index("```", start)].splitlines()


@pytest.mark.parametrize(
    "command",
    [
        "cpdlog --home examples/librarian share --as-of 2026-11-23",
        "cpdlog team examples/team",
        "cpdlog team examples/team --json",
    ],
)
def test_the_readme_shows_what_the_commands_print(
    monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(ROOT)
    out = cli(*command.split()[1:]).stdout
    assert [line.rstrip() for line in out.splitlines()] == _readme_block(command)
