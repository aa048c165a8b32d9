"""The PKSB on the command line, one test (or table) per line of the SPEC's
"PKSB" section: --pksb matching on add, edit and list, `pksb rate` and its
history, `cpdlog pksb` and its JSON, `pksb areas`, check's warnings, a
damaged pksb.toml, and the exports' table."""

import json
import subprocess
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import add, at_exit, cli, fails_cleanly, snapshot
from tests.handmade import activity_text, write_activity

OWN = """schema_version = 1

[[area]]
code = "5.6"
name = "Information risk management"
group = "Professional expertise"

[[area]]
code = "4"
name = "Research"
"""


def pksb_json(*args: str, code: int = 0) -> dict:
    return json.loads(cli("pksb", "--json", *args, code=code).stdout)


def stored_pksb(aid: str) -> list[str]:
    return json.loads(cli("show", aid, "--json").stdout)["pksb"]


def rate(*args: str, code: int = 0):
    return cli("pksb", "rate", *args, code=code)


# ---------------------------------------------------------------- --pksb


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Data management", "Data management"),
        ("DATA MANAGEMENT", "Data management"),
        ("data m", "Data management"),
        ("rec", "Records management and archiving"),
        ("  knowledge   man ", "Knowledge management"),
        ("Research", "Research"),  # exact beats "Records..." and longer names
        ("customer focus, service design & marketing", "Customer focus, service "
         "design and marketing"),
    ],
)  # fmt: skip
def test_add_pksb_takes_a_name_or_unique_prefix_and_stores_the_full_name(
    typed: str, stored: str
) -> None:
    aid = add("Course", "--hours", "1", "-t", "course", "--pksb", typed)
    assert stored_pksb(aid) == [stored]


def test_add_pksb_takes_an_own_code_from_pksb_toml(home: Path) -> None:
    home.mkdir()
    (home / "pksb.toml").write_text(OWN)
    aid = add("Risk", "--hours", "1", "-t", "course", "--pksb", "5.6", "--pksb", "4")
    assert stored_pksb(aid) == ["Information risk management", "Research"]
    other = add("Risk 2", "--hours", "1", "-t", "course", "--pksb", "5.6 info")
    assert stored_pksb(other) == ["Information risk management"]


def test_add_pksb_given_twice_is_stored_once() -> None:
    aid = add("Course", "--hours", "1", "-t", "course", "--pksb", "data",
              "--pksb", "Data management")  # fmt: skip
    assert stored_pksb(aid) == ["Data management"]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("info", ["could be any of 3 PKSB areas", "'Information management'",
                  "'Information exploitation and use'",
                  "'Information governance and compliance'", "type more"]),
        ("wider", ["could be any of 2", "'Wider organisational and environmental"]),
        ("Underwater basket weaving", ["is not a PKSB area", "closest: '",
                                       "`cpdlog pksb areas` lists them"]),
        ("Data managment", ["closest: 'Data management'"]),
        ("Research skills", ["2013-edition name", "has 'Research' instead"]),
        ("leadership and ethics", ["closest: '", "'Ethics and values'",
                                   "'Leadership, advocacy, influencing"]),
        ("", ["needs a PKSB area's name or code"]),
    ],
)  # fmt: skip
def test_add_pksb_unknown_or_ambiguous_is_exit_2_naming_the_closest(
    home: Path, typed: str, words: list[str]
) -> None:
    result = cli("add", "X", "--hours", "1", "-t", "course", "--pksb", typed, code=2)
    fails_cleanly(result, 2)
    for word in words:
        assert word in " ".join(result.stderr.split()), result.stderr
    assert not home.exists()


def test_edit_pksb_matches_and_replaces_the_list(home: Path) -> None:
    aid = add("Course", "--hours", "1", "-t", "course", "--pksb", "data")
    cli("edit", aid, "--pksb", "ethics", "--pksb", "TECH")
    assert stored_pksb(aid) == ["Ethics and values", "Technology and communication"]
    before = snapshot(home)
    fails_cleanly(cli("edit", aid, "--pksb", "info", code=2), 2)
    assert snapshot(home) == before


def test_list_pksb_filters_with_the_same_matching(home: Path) -> None:
    data = add("Data", "--hours", "1", "-t", "course", "--pksb", "data")
    both = add("Both", "--hours", "1", "-t", "course", "--pksb", "data",
               "--pksb", "ethics")  # fmt: skip
    add("None", "--hours", "1", "-t", "course")
    write_activity(home, "2026-05-04-hand-hand.toml",
                   activity_text(pksb=["ETHICS AND VALUES"]))  # fmt: skip

    def listed(*args: str) -> list[str]:
        found = json.loads(cli("list", "--json", *args).stdout)
        return sorted(item["id"] for item in found)

    assert listed("--pksb", "DATA M") == sorted([data, both])
    assert listed("--pksb", "eth") == sorted([both, "hand"])  # a case variant joins
    assert listed("--pksb", "eth", "--pksb", "data") == sorted([data, both, "hand"])
    result = cli("list", "--pksb", "info", code=2)
    fails_cleanly(result, 2)
    assert "could be any of 3" in result.stderr


def test_add_without_pksb_never_reads_pksb_toml(home: Path) -> None:
    """A damaged pksb.toml does not stop a plain add; --pksb names it."""
    home.mkdir()
    (home / "pksb.toml").write_text("[[rating]]\narea = 'x'\nlevel = 9\n")
    add("Plain", "--hours", "1", "-t", "reading")
    result = cli("add", "X", "--hours", "1", "-t", "reading", "--pksb", "data", code=1)
    fails_cleanly(result, 1)
    assert f"{home / 'pksb.toml'}:3:1: [[rating]] 1, level" in result.stderr


def _imported(home: Path, *args: str) -> set[str]:
    return set(at_exit("'\\n'.join(sys.modules)", *args).split())


def test_add_and_status_without_pksb_do_not_import_it(home: Path) -> None:
    pksb_modules = {"cpdlog.core.pksb", "cpdlog.core.pksb_format",
                    "cpdlog.store.pksb_file"}  # fmt: skip
    assert not pksb_modules & _imported(home, "add", "A", "-H", "1", "-t", "reading")
    assert not pksb_modules & _imported(home, "status")
    assert "cpdlog.core.pksb" in _imported(
        home, "add", "B", "-H", "1", "-t", "reading", "--pksb", "data"
    )


# ---------------------------------------------------------------- pksb rate


def test_rate_creates_pksb_toml_and_keeps_every_earlier_rating(home: Path) -> None:
    rate("data", "1", "--target", "3", "--date", "2026-01-12")
    first = (home / "pksb.toml").read_bytes()
    assert (home / "pksb.toml").stat().st_mode & 0o777 == 0o600
    rate("Data management", "2", "--date", "2026-09-30", "--note", 'after "the" course')
    second = (home / "pksb.toml").read_bytes()
    assert second.startswith(first)
    rate("research", "0")
    assert (home / "pksb.toml").read_bytes().startswith(second)
    ratings = tomllib.loads((home / "pksb.toml").read_text())["rating"]
    assert ratings == [
        {"area": "Data management", "level": 1, "target": 3,
         "date": __import__("datetime").date(2026, 1, 12)},
        {"area": "Data management", "level": 2,
         "date": __import__("datetime").date(2026, 9, 30),
         "note": 'after "the" course'},
        {"area": "Research", "level": 0,
         "date": __import__("datetime").date(2026, 11, 23)},  # today by default
    ]  # fmt: skip


def test_rate_keeps_hand_comments_and_a_missing_final_newline(home: Path) -> None:
    home.mkdir()
    text = (
        "# my notes\n"
        + OWN
        + "\n# I rated these by hand\n[[rating]]\n"
        + ('area = "Research"\nlevel = 1\ndate = 2025-01-01  # no newline')
    )
    (home / "pksb.toml").write_text(text)
    rate("5.6", "2", "--target", "4")
    after = (home / "pksb.toml").read_text()
    assert after.startswith(text + "\n")
    assert after.endswith('area = "Information risk management"\nlevel = 2\n'
                          "target = 4\ndate = 2026-11-23\n")  # fmt: skip


def test_rate_says_what_the_area_now_stands_at() -> None:
    rate("data", "1", "--target", "3", "--date", "2026-01-12")
    result = rate("data", "2")
    said = " ".join(result.stderr.split())
    assert said.startswith(
        "Rated Data management: now 2 (2026-11-23), target 3, gap 1; "
        "first 1 (2026-01-12). Kept in "
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["data", "5"], "LEVEL must be a whole number from 0 to 4, not '5'."),
        (["data", "--", "-1"], "LEVEL must be a whole number from 0 to 4"),
        (["data", "-1"], "No such option: -1"),
        (["data", "two"], "LEVEL must be a whole number from 0 to 4, not 'two'."),
        (["data", "1.5"], "LEVEL must be a whole number from 0 to 4"),
        (["data", "2", "--target", "7"], "--target must be a whole number from 0 to 4"),
        (["data", "2", "--target", ""], "--target must be a whole number"),
        (["data", "2", "--date", "2026-11-24"], "--date 2026-11-24 is in the future"),
        (["data", "2", "--date", "banana"], "--date 'banana' is not a date"),
        (["data", "2", "--date", "2026-02-30"], "is not a day of the calendar"),
        (["info", "2"], "AREA 'info' could be any of 3 PKSB areas"),
        (["Basket weaving", "2"], "AREA 'Basket weaving' is not a PKSB area"),
        (["", "2"], "AREA needs a PKSB area's name or code"),
        (["data", "2", "--note", "a\x00b"], "--note cannot hold a NUL character."),
    ],
)
def test_rate_refuses_bad_input_with_exit_2_and_writes_nothing(
    home: Path, args: list[str], message: str
) -> None:
    for existing in (False, True):
        if existing:
            rate("ethics", "1")
        before = snapshot(home)
        result = rate(*args, code=2)
        fails_cleanly(result, 2)
        assert message in " ".join(result.stderr.split()), result.stderr
        assert snapshot(home) == before
        assert existing or not home.exists()


@pytest.mark.parametrize(
    ("day", "expected"),
    [("yesterday", "2026-11-22"), ("3d", "2026-11-20"), ("2 days ago", "2026-11-21"),
     ("today", "2026-11-23"), ("2025-02-28", "2025-02-28")],
)  # fmt: skip
def test_rate_dates_are_parsed_like_other_dates(day: str, expected: str) -> None:
    rate("data", "1", "--date", day)
    [row] = pksb_json()["areas"]
    assert row["latest"] == {"level": 1, "date": expected}


DAMAGED = [
    ("[[rating]]\narea = 'Research'\nlevel = 7\ndate = 2026-01-01\n", 3, 1,
     "[[rating]] 1, level: must be a whole number from 0 to 4, not 7."),
    ("schema_version = 1\n[[rating]]\narea = 'Research'\nlevle = 2\n", 4, 1,
     "[[rating]] 1, levle: unknown key; did you mean `level`?"),
    ("[[rating]\narea = 'x'\n", 1, 9, "not valid TOML"),
    ("[[area]]\nname = 'A'\n[[area]]\nname = 'a'\n", 4, 1,
     "[[area]] 2, name: repeats the name of [[area]] 1."),
    ("schema_version = 9\n", 1, 1, "written by a newer cpdlog"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "line", "column", "message"), DAMAGED)
def test_a_damaged_pksb_toml_is_exit_1_with_path_line_col_and_untouched(
    home: Path, text: str, line: int, column: int, message: str
) -> None:
    home.mkdir()
    path = home / "pksb.toml"
    path.write_text(text)
    before = snapshot(home)
    for args in (["pksb", "rate", "data", "2"], ["pksb"], ["pksb", "--json"],
                 ["pksb", "areas"]):  # fmt: skip
        result = cli(*args, code=1)
        fails_cleanly(result, 1)
        assert result.stderr.startswith(f"{path}:{line}:{column}: "), result.stderr
        assert message in result.stderr
        assert snapshot(home) == before


def test_a_file_that_cannot_take_a_rating_is_refused(home: Path) -> None:
    """Ratings written inline would not read back after an appended block."""
    home.mkdir()
    (home / "pksb.toml").write_text("rating = []\n")
    before = snapshot(home)
    result = rate("data", "2", code=1)
    fails_cleanly(result, 1)
    assert "cannot be appended" in result.stderr or "read back" in result.stderr
    assert snapshot(home) == before


def test_a_file_changed_meanwhile_is_not_overwritten(home: Path) -> None:
    from cpdlog.errors import DataError
    from cpdlog.store import pksb_file

    home.mkdir()
    path = home / "pksb.toml"
    path.write_text("# changed by hand\n")
    with pytest.raises(DataError, match="changed while cpdlog read it"):
        pksb_file._write(path, b"new", b"# as read\n")
    with pytest.raises(DataError, match="changed while cpdlog read it"):
        pksb_file._write(path, b"new", None)  # created meanwhile
    assert path.read_text() == "# changed by hand\n"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(note=st.text(st.characters(codec="utf-8", exclude_characters="\x00")))
def test_a_note_reads_back_exactly(home: Path, note: str) -> None:
    """Any text but NUL: quotes, backslashes, CR/LF, tabs, any Unicode."""
    rate("data", "1", "--note", note)
    ratings = tomllib.loads((home / "pksb.toml").read_bytes().decode())["rating"]
    assert ratings[-1]["note"] == note


# ---------------------------------------------------------------- cpdlog pksb


def _log(home: Path, aid: str, day: str, hours: float, *areas: str) -> None:
    write_activity(home, f"{day}-x-{aid}.toml",
                   activity_text(id=aid, date=day, hours=hours, pksb=list(areas)),
                   day[:4])  # fmt: skip


def test_pksb_json_is_the_spec_object(home: Path) -> None:
    rate("data", "1", "--target", "3", "--date", "2026-01-12")
    rate("data", "2", "--date", "2026-09-30")  # no target: 3 holds
    rate("ethics", "3", "--target", "2", "--date", "2026-02-01")  # exceeded
    rate("research", "2", "--date", "2026-02-01")  # no target at all
    _log(home, "aaaa", "2026-03-01", 1.5, "Data management", "data management")
    _log(home, "bbbb", "2026-02-01", 0.25, "Data management", "Knowledge management")
    _log(home, "cccc", "2025-01-01", 9, "Data management")  # before the period
    data = pksb_json("--as-of", "2026-11-23")
    assert data["window"] == {"start": "2025-11-24", "end": "2026-11-23"}
    assert data["areas"] == [
        {"area": "Data management", "first": {"level": 1, "date": "2026-01-12"},
         "latest": {"level": 2, "date": "2026-09-30"}, "target": 3, "gap": 1,
         "hours": 1.75, "activities": ["bbbb", "aaaa"]},
        {"area": "Ethics and values", "first": {"level": 3, "date": "2026-02-01"},
         "latest": {"level": 3, "date": "2026-02-01"}, "target": 2, "gap": -1,
         "hours": 0.0, "activities": []},
        {"area": "Knowledge management", "first": None, "latest": None,
         "target": None, "gap": None, "hours": 0.25, "activities": ["bbbb"]},
        {"area": "Research", "first": {"level": 2, "date": "2026-02-01"},
         "latest": {"level": 2, "date": "2026-02-01"}, "target": None,
         "gap": None, "hours": 0.0, "activities": []},
    ]  # fmt: skip


def test_a_target_holds_until_a_later_rating_changes_it() -> None:
    rate("data", "0", "--target", "2", "--date", "2026-01-01")
    rate("data", "1", "--date", "2026-02-01")
    assert pksb_json()["areas"][0]["target"] == 2
    rate("data", "1", "--target", "4", "--date", "2026-03-01")
    rate("data", "2", "--date", "2026-04-01")
    [row] = pksb_json()["areas"]
    assert (row["target"], row["gap"]) == (4, 2)
    [row] = pksb_json("--as-of", "2026-02-15")["areas"]  # the view on that day
    assert (row["target"], row["gap"], row["latest"]["level"]) == (2, 1, 1)


def test_largest_gaps_first_then_framework_order() -> None:
    rate("technology", "2", "--target", "3")
    rate("ethics", "1", "--target", "2")
    rate("strategy", "0", "--target", "4")
    rate("data", "4", "--target", "4")
    assert [row["area"] for row in pksb_json()["areas"]] == [
        "Strategy, planning and management",
        "Ethics and values",
        "Technology and communication",
        "Data management",
    ]


def test_since_starts_the_period_for_hours_but_keeps_earlier_ratings(
    home: Path,
) -> None:
    rate("data", "1", "--target", "2", "--date", "2026-01-01")
    _log(home, "aaaa", "2026-03-01", 2, "Data management")
    _log(home, "bbbb", "2026-06-01", 1, "Data management")
    data = pksb_json("--since", "2026-05-01")
    assert data["window"] == {"start": "2026-05-01", "end": "2026-11-23"}
    assert data["areas"][0]["hours"] == 1.0
    assert data["areas"][0]["first"] == {"level": 1, "date": "2026-01-01"}
    fails_cleanly(cli("pksb", "--since", "2026-12-01", "--as-of", "2026-11-01",
                      code=2), 2)  # fmt: skip


def test_pksb_with_nothing_rated_says_how_to_start(home: Path) -> None:
    result = cli("pksb")
    assert result.stdout == ""
    assert "cpdlog pksb rate AREA LEVEL" in result.stderr
    assert pksb_json() == {"window": {"start": "2025-11-24", "end": "2026-11-23"},
                           "areas": []}  # fmt: skip
    assert not home.exists()


@pytest.mark.parametrize("columns", ["40", "60", "80", "120"])
def test_pksb_table_and_picture_fit_the_terminal(
    home: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    rate("leadership", "1", "--target", "4", "--date", "2026-01-05")
    rate("leadership", "2", "--date", "2026-09-01")
    rate("wider library", "3")
    _log(home, "aaaa", "2026-03-01", 2.25, "Leadership, advocacy, influencing and "
         "personal effectiveness")  # fmt: skip
    _log(home, "bbbb", "2026-04-01", 1, "Research", "[bold]Not an area[/bold]")
    out = cli("pksb").stdout
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    flat = " ".join(out.split())
    for shown in ("2026-01-05", "2026-09-01", "2026-11-23", "2.25", "[bold]Not an",
                  "█", "▒", "░"):  # fmt: skip
        assert shown in flat, (shown, out)
    assert "gap 2" in flat if int(columns) < 75 else " 4 2 2.25 1" in flat


def test_picture_bars_show_latest_and_the_way_to_the_target() -> None:
    from cpdlog.render.pksb_text import bar

    assert bar(1, 3, 2) == "██▒▒▒▒░░"
    assert bar(3, 2, 1) == "███░"  # a target already passed
    assert bar(0, None, 1) == "░░░░"
    assert bar(4, 4, 1) == "████"


# ---------------------------------------------------------------- pksb areas


def test_pksb_areas_lists_the_framework_with_own_codes(home: Path) -> None:
    shipped = json.loads(cli("pksb", "areas", "--json").stdout)
    assert len(shipped) == 16
    assert shipped[0] == {"code": None, "name": "Ethics and values",
                          "group": "Core principles"}  # fmt: skip
    home.mkdir()
    (home / "pksb.toml").write_text(OWN)
    own = json.loads(cli("pksb", "areas", "--json").stdout)
    assert len(own) == 17
    assert own[5] == {
        "code": "4",
        "name": "Research",
        "group": "Professional expertise",
    }
    assert own[-1]["code"] == "5.6"
    text = cli("pksb", "areas").stdout
    assert "CILIP PKSB 2021: 17 areas" in text
    assert "  5.6 Information risk management" in text
    assert "Wider library, data, information and knowledge sector context" in text


def test_replace_makes_the_own_areas_the_whole_list(home: Path) -> None:
    home.mkdir()
    (home / "pksb.toml").write_text("replace = true\n" + OWN)
    names = [area["name"] for area in json.loads(cli("pksb", "areas", "--json").stdout)]
    assert names == ["Information risk management", "Research"]
    fails_cleanly(cli("add", "X", "-H", "1", "-t", "course", "--pksb", "data",
                      code=2), 2)  # fmt: skip


# ---------------------------------------------------------------- check


def test_check_warns_about_values_outside_the_framework(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # whole lines (check folds long ones)
    write_activity(home, "2026-05-04-x-hand.toml", activity_text(
        pksb=["Research skills", "Underwater basket weaving", "research"]))  # fmt: skip
    home.joinpath("pksb.toml").write_text(
        "[[rating]]\narea = 'Data management'\nlevel = 1\ndate = 2026-01-01\n"
        "[[rating]]\narea = 'Data managment'\nlevel = 1\ndate = 2026-01-01\n"
        "[[rating]]\narea = 'data managment'\nlevel = 2\ndate = 2026-02-01\n"
    )
    result = cli("check")  # warnings only: exit 0
    out = result.stdout
    assert "'Research skills' is a 2013-edition name; the current edition has " \
        "'Research' instead." in " ".join(out.split())  # fmt: skip
    assert "'Underwater basket weaving' is not in the framework" in out
    assert "'research'" not in out  # a case variant of an area is fine
    lines = [line for line in out.splitlines() if "pksb.toml" in line]
    assert lines == [
        f"warning: {home / 'pksb.toml'}:6:1: PKSB area 'Data managment' is not in "
        "the framework; closest: 'Data management'; `cpdlog pksb areas` lists them."
    ]


def test_check_names_a_damaged_pksb_toml_as_an_error(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    home.mkdir()
    (home / "pksb.toml").write_text("[[rating]]\narea = 'x'\nlevel = 9\n")
    result = cli("check", code=1)
    assert f"error: {home / 'pksb.toml'}:3:1: [[rating]] 1, level" in result.stdout


def test_check_is_clean_on_the_example(example: Path) -> None:
    out = cli("--home", str(example), "check").stdout
    assert "PKSB" not in out


# ---------------------------------------------------------------- exports


def test_exports_hold_the_pksb_table_only_when_a_rating_exists(home: Path) -> None:
    _log(home, "aaaa", "2026-03-01", 1.5, "Data management")
    for fmt in ("md", "html"):
        assert "PKSB self-assessment" not in cli("export", "-f", fmt).stdout
    rate("data", "1", "--target", "3", "--date", "2026-01-12")
    rate("data", "2", "--date", "2026-09-30")
    md = cli("export").stdout
    assert "## PKSB self-assessment" in md
    assert ("| Data management | 1 (2026-01-12) | 2 (2026-09-30) | 3 | 1.5 |"
            in md)  # fmt: skip
    html = cli("export", "-f", "html").stdout
    assert "<h2>PKSB self-assessment</h2>" in html
    assert 'aria-label="latest 2, target 3"' in html
    for fmt in ("csv", "json"):
        assert "PKSB self-assessment" not in cli("export", "-f", fmt).stdout


def test_export_escapes_area_names(home: Path) -> None:
    _log(home, "aaaa", "2026-03-01", 1, "<script>x</script> | *a*")
    rate("data", "1")
    assert "<script>x" not in cli("export", "-f", "html").stdout
    assert "\\<script\\>x\\</script\\> \\| \\*a\\*" in cli("export").stdout


def test_export_with_a_damaged_pksb_toml_names_it_and_exports_the_rest(
    home: Path, tmp_path: Path
) -> None:
    _log(home, "aaaa", "2026-03-01", 1, "Data management")
    (home / "pksb.toml").write_text("[[rating]]\nlevel = 1\n")
    result = cli("export", "-o", str(tmp_path / "out.md"), code=1)
    assert f"{home / 'pksb.toml'}:1:1: [[rating]] 1: needs a area" in result.stderr
    text = (tmp_path / "out.md").read_text()
    assert "Hand-written activity" in text
    assert "PKSB self-assessment" not in text
    cli("export", "-f", "csv")  # does not read pksb.toml


def test_rate_in_a_git_home_commits_pksb_toml(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC, History and sync on git: `pksb rate` commits the file it changed."""
    user = tmp_path / "user"
    user.mkdir()
    (user / ".gitconfig").write_text("[user]\n\tname = Sam\n\temail = s@example.org\n")
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    cli("git", "init", "-q")
    rate("data", "2", "--target", "3")

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=home, capture_output=True,
                              text=True, check=True).stdout  # fmt: skip

    assert git("log", "-1", "--format=%s") == "cpdlog pksb rate data 2 --target 3\n"
    assert git("show", "--name-only", "--format=", "HEAD") == "pksb.toml\n"


def test_pksb_uses_the_readable_rest_of_a_damaged_log(home: Path) -> None:
    rate("data", "1", "--target", "2")
    _log(home, "aaaa", "2026-03-01", 1, "Data management")
    write_activity(home, "2026-03-02-broken.toml", "title = ")
    result = cli("pksb", "--json", code=1)
    assert json.loads(result.stdout)["areas"][0]["hours"] == 1.0
    assert "2026-03-02-broken.toml" in result.stderr


def test_pksb_areas_fits_40_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    out = cli("pksb", "areas").stdout
    assert max(len(line) for line in out.splitlines()) <= 40
    assert "Wider library, data, information and" in out


def test_rate_appends_to_a_file_every_command_reads(home: Path) -> None:
    """One parser for every read: a pksb.toml that `pksb` reads (here with
    TOML 1.1's \\x escape, which tomli reads and Python 3.11's tomllib does
    not) takes a rating too; the append check used to parse it with tomllib
    and refused."""
    from cpdlog.core.tomlfile import loads

    try:
        loads('a = "\\xe9"')
    except ValueError:
        pytest.skip("this tomli reads TOML 1.0 only, as tomllib does")
    home.mkdir(parents=True, exist_ok=True)
    (home / "pksb.toml").write_text(
        '[[rating]]\narea = "Research"\nlevel = 1\ndate = 2026-01-05\n'
        'note = "Caf\\xe9 talk"\n'
    )
    assert "Research" in cli("pksb").stdout
    rate("research", "2", "--date", "2026-06-01")
    ratings = loads((home / "pksb.toml").read_text())["rating"]
    assert [(r["level"], r.get("note")) for r in ratings] == [
        (1, "Caf\u00e9 talk"),
        (2, None),
    ]
