"""cpdlog status: the period, exact totals, every JSON key, damaged files, views."""

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, cli, snapshot
from tests.handmade import activity_text, write_activity

KEYS = ["scheme", "window", "hours", "target_hours", "remaining_hours", "met",
        "entries", "by_area", "by_type", "missing_reflection", "areas_uncovered",
        "statement", "problems"]  # fmt: skip


def status(*args: str, code: int = 0) -> dict:
    return json.loads(cli("status", "--json", *args, code=code).stdout)


def log(home: Path, n: int, hours: float, **fields) -> list[str]:
    ids = []
    for i in range(n):
        aid = f"a{i:03d}{fields.get('suffix', '')}"
        extra = {k: v for k, v in fields.items() if k != "suffix"}
        write_activity(
            home,
            f"2026-05-04-a-{aid}.toml",
            activity_text(id=aid, hours=hours, **extra),
        )
        ids.append(aid)
    return ids


def test_status_json_has_exactly_the_spec_keys_and_types(home: Path) -> None:
    """The SPEC's keys, reflected_hours (SPEC, Reflection), then the two that
    issue #9 adds."""
    data = status()
    assert list(data) == [*KEYS, "reflected_hours", "schemes", "forecast"]
    assert data.pop("forecast") == {
        "reached": None,
        "drops_below": None,
        "hours_needed": 20.0,
        "by": None,
    }
    (verdict,) = data.pop("schemes")
    assert verdict["name"] == "cilip-revalidation"
    assert verdict["met"] is False
    assert data == {
        "scheme": "cilip-revalidation",
        "window": {"start": "2025-11-24", "end": "2026-11-23"},
        "hours": 0.0, "target_hours": 20, "remaining_hours": 20.0, "met": False,
        "entries": 0,
        "by_area": {"personal": 0.0, "organisational": 0.0, "wider": 0.0},
        "by_type": {}, "missing_reflection": [],
        "areas_uncovered": ["personal", "organisational", "wider"],
        "statement": {"exists": False, "words": 0, "limit": 250}, "problems": [],
        "reflected_hours": 0.0,
    }  # fmt: skip
    assert not home.exists()


def test_ten_tenths_total_one_hour(home: Path) -> None:
    log(home, 10, 0.1)
    data = status()
    assert data["hours"] == 1.0
    assert data["remaining_hours"] == 19.0
    assert data["by_type"] == {"reading": 1.0}


def test_seven_times_point_three_is_two_point_one(home: Path) -> None:
    log(home, 7, 0.3)
    assert status()["hours"] == 2.1


def test_by_area_counts_an_activity_in_each_of_its_areas(home: Path) -> None:
    log(home, 1, 2.5, areas=["personal", "wider"])
    log(home, 1, 1.0, areas=["organisational"], suffix="b")
    data = status()
    assert data["hours"] == 3.5
    assert data["by_area"] == {"personal": 2.5, "organisational": 1.0, "wider": 2.5}
    assert data["areas_uncovered"] == []


@pytest.mark.parametrize(
    ("day", "counted"),
    [
        ("2025-11-23", False),
        ("2025-11-24", True),
        ("2026-11-23", True),
        ("2026-05-04", True),
    ],
)
def test_window_boundaries(home: Path, day: str, counted: bool) -> None:
    write_activity(home, "edge.toml", activity_text(id="edge", date=day), day[:4])
    assert status()["entries"] == int(counted)


def test_as_of_and_since_move_the_window(home: Path) -> None:
    log(home, 1, 3.0)
    assert status("--as-of", "2028-02-29")["window"] == {
        "start": "2027-03-01",
        "end": "2028-02-29",
    }
    data = status("--as-of", "2026-06-30", "--since", "2026-05-04")
    assert data["window"] == {"start": "2026-05-04", "end": "2026-06-30"}
    assert data["hours"] == 3.0
    assert status("--since", "2026-05-05")["hours"] == 0.0
    result = cli("status", "--since", "2026-12-01", "--as-of", "2026-11-01", code=2)
    assert "after --as-of" in result.stderr


def test_met_at_exactly_the_target(home: Path) -> None:
    log(home, 8, 2.5)
    data = status()
    assert data["hours"] == 20.0
    assert data["met"] is True
    assert data["remaining_hours"] == 0


def test_profile_target_and_words(home: Path) -> None:
    cli("init", "--target-hours", "12.5", "--statement-words", "300")
    log(home, 1, 2.0)
    data = status()
    assert data["target_hours"] == 12.5
    assert data["remaining_hours"] == 10.5
    assert data["statement"]["limit"] == 300
    text = cli("status").stdout
    assert "10.5 more hours to meet the 12.5-hour threshold" in text


def test_missing_reflection_lists_full_ids_by_date(home: Path) -> None:
    write_activity(home, "b.toml", activity_text(id="bbbb", date="2026-06-01"))
    write_activity(
        home, "a.toml", activity_text(id="aaaa", date="2026-07-01", reflection="  \n ")
    )
    write_activity(
        home,
        "c.toml",
        activity_text(id="cccc", date="2026-05-01", reflection="Learned."),
    )
    assert status()["missing_reflection"] == ["bbbb", "aaaa"]


def test_a_damaged_file_is_reported_and_the_rest_counted(home: Path) -> None:
    log(home, 2, 1.5)
    bad = write_activity(home, "bad.toml", 'id = "bad1"\ntitle = "x\n')
    invalid = write_activity(home, "nohours.toml", activity_text(id="noho", hours=None))
    before = snapshot(home)
    result = cli("status", "--json", code=1)
    data = json.loads(result.stdout)
    assert data["hours"] == 3.0
    paths = [problem["path"] for problem in data["problems"]]
    assert paths == [str(bad), str(invalid)]
    assert data["problems"][0]["line"] == 2
    assert "hours is missing" in data["problems"][1]["message"]
    assert str(bad) in result.stderr
    assert "incomplete" in result.stderr
    human = cli("status", code=1)
    assert "may be incomplete" in human.stdout
    assert snapshot(home) == before


def test_a_duplicate_id_counts_once(home: Path) -> None:
    text = activity_text(id="dupe", hours=2.0)
    write_activity(home, "2026-05-04-a-dupe.toml", text)
    copy = write_activity(home, "2026-05-04-a-dupe (conflicted copy).toml", text)
    data = status(code=1)
    assert data["hours"] == 2.0
    assert [p["path"] for p in data["problems"]] == [str(copy)]
    assert "duplicate ID" in data["problems"][0]["message"]


def test_status_on_the_example_log_reads_well() -> None:
    text = cli("--home", str(EXAMPLE), "status", "--as-of", "2026-11-23").stdout
    assert "57.25 of 20 h" in text
    assert "meets the 20-hour threshold" in text
    assert "compliant" not in text
    assert "approved" not in text
    assert "z9xk  CILIP East Member Network AGM planning" in text
    assert "236 of 250 words" in text
    assert "5 days ago (2026-11-18)" in text
    assert "Next: write a reflection for 2 activities: cpdlog reflect z9xk" in text


@pytest.mark.parametrize("columns", ["80", "40", "120"])
def test_status_fits_the_terminal(monkeypatch, columns: str) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    text = cli("--home", str(EXAMPLE), "status", "--as-of", "2026-11-23").stdout
    assert max(len(line) for line in text.splitlines()) <= int(columns)
    assert "\x1b[" not in text


def test_a_gap_of_months_shows_in_the_chart(home: Path) -> None:
    write_activity(home, "a.toml", activity_text(id="aaaa", date="2026-01-10"))
    write_activity(home, "b.toml", activity_text(id="bbbb", date="2026-06-10"))
    text = cli("status").stdout
    assert "█ · · · · █" in text


def test_next_steps(home: Path) -> None:
    assert (
        "Next: add 20 more hours to meet the 20-hour threshold" in cli("status").stdout
    )
    log(
        home, 1, 20.0, areas=["personal", "organisational", "wider"], reflection="Done."
    )
    assert "Next: draft your statement: cpdlog statement draft" in cli("status").stdout
    cli("statement", "draft")
    assert "write the statement's Personal performance section" in cli("status").stdout


def test_status_never_writes_to_the_home(home: Path) -> None:
    log(home, 3, 1.0)
    before = snapshot(home)
    cli("status")
    cli("status", "--json")
    assert snapshot(home) == before
