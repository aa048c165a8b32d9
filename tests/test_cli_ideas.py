"""`cpdlog ideas` and the idea in `status`, one test per line of the SPEC's
"Ideas" section: a home per built-in scheme with a rule not yet met, areas
with no activity in the period or its last 3 months, the largest PKSB gaps,
the JSON shape, determinism, and status's next step."""

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from cpdlog.core import ideas
from cpdlog.core.catalogue import TYPE_NAMES, TYPES
from tests.conftest import cli, fails_cleanly, snapshot
from tests.handmade import activity_text, write_activity

ALL = ["personal", "organisational", "wider"]
IDEAS = {item.name: item.ideas for item in TYPES}


def log(home: Path, aid: str, day: str, hours: float, **fields: object) -> None:
    """Activities of `hours` in all from day on, at most 10 hours a day."""
    fields.setdefault("areas", ALL)
    start = date.fromisoformat(day)
    number = 0
    while hours > 0:
        part, hours = min(hours, 10), hours - min(hours, 10)
        when = (start + timedelta(days=number)).isoformat()
        name = aid if number == 0 else f"{aid}-{number}"
        write_activity(home, f"{when}-x-{name}.toml",
                       activity_text(id=name, date=when, hours=part, **fields),
                       when[:4])  # fmt: skip
        number += 1


def profile(home: Path, scheme: str, extra: str = "") -> None:
    home.mkdir(exist_ok=True)
    (home / "cpdlog.toml").write_text(
        f'schema_version = 1\n[profile]\nname = "A"\n{extra}'
        f'[scheme]\nname = "{scheme}"\n'
    )


def found(*args: str, code: int = 0) -> list[dict]:
    return json.loads(cli("ideas", "--json", *args, code=code).stdout)


def types_of(idea: dict) -> list[str]:
    return [suggestion["type"] for suggestion in idea["suggestions"]]


# One home per built-in scheme (`cpdlog schemes`): the first idea is the rule
# not yet met, with activity types that fit it.
SCHEMES = [
    (
        "cilip-revalidation", "",
        [("a1", "2026-10-01", 5, {})],
        "CILIP revalidation asks for at least 20 h; 5 h so far, 15 h to go.",
        ["webinar", "reading", "podcast-video"],
    ),
    (
        "nmc-revalidation", "last_revalidated = 2024-04-01\n",
        [("a1", "2026-10-01", 36, {}),
         *((f"r{i}", "2026-10-02", 0.5, {"attributes": ["reflective-account"]})
           for i in range(5))],
        "NMC revalidation asks for at least 20 h marked participatory; 0 h so "
        "far, 20 h to go.",
        ["peer-discussion", "action-learning-set", "workshop"],
    ),
    (
        "rics", "",
        [("a1", "2026-10-01", 16, {}),
         ("f1", "2026-10-02", 4, {"attributes": ["formal"]})],
        "RICS CPD asks for at least 10 h marked formal; 4 h so far, 6 h to go.",
        ["course", "elearning", "conference"],
    ),
    (
        "rcvs-vet", "",
        [("a1", "2026-10-01", 40, {"reflection": None}),
         ("b1", "2026-10-02", 10, {"reflection": "What I learned."})],
        "RCVS CPD for veterinary surgeons asks for at least 35 h; 10 h so far, "
        "25 h to go.",
        ["webinar", "reading", "podcast-video"],
    ),
    (
        "rcvs-vn", "",
        [("b1", "2026-10-02", 10, {"reflection": "What I learned."})],
        "RCVS CPD for veterinary nurses asks for at least 15 h; 10 h so far, "
        "5 h to go.",
        ["webinar", "reading", "podcast-video"],
    ),
    (
        "acca-unit-route", "",
        [("a1", "2026-10-01", 40, {}),
         ("v1", "2026-10-02", 1, {"attributes": ["verifiable"]})],
        "ACCA CPD, unit route asks for at least 21 units marked verifiable; "
        "1 units so far, 20 units to go.",
        ["elearning", "course", "webinar"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("scheme", "extra", "activities", "gap", "types"),
    SCHEMES,
    ids=[row[0] for row in SCHEMES],
)
def test_ideas_name_the_rule_of_each_scheme_not_yet_met(
    home: Path, scheme: str, extra: str, activities: list, gap: str, types: list[str]
) -> None:
    profile(home, scheme, extra)
    for aid, day, hours, fields in activities:
        log(home, aid, day, hours, **fields)
    first, *_rest = found()
    assert first["gap"] == gap
    assert types_of(first) == types
    assert [s["idea"] for s in first["suggestions"]] == [IDEAS[t] for t in types]


def test_ideas_for_cilip_chartership_start_with_the_areas(home: Path) -> None:
    """No hours rule to miss: the areas without activity come first."""
    profile(home, "cilip-chartership")
    log(home, "a1", "2026-10-01", 5, areas=["personal"])
    assert [idea["gap"] for idea in found()] == [
        "No activity in the organisational area (organisational performance) in "
        "the period 2023-11-24 to 2026-11-23.",
        "No activity in the wider area (knowledge of the wider profession) in the "
        "period 2023-11-24 to 2026-11-23.",
    ]


def test_every_built_in_scheme_is_covered() -> None:
    listed = [item["name"] for item in json.loads(cli("schemes", "--json").stdout)]
    assert sorted(listed) == sorted([row[0] for row in SCHEMES] + ["cilip-chartership"])


def test_an_area_with_nothing_in_the_last_3_months(home: Path) -> None:
    log(home, "a1", "2026-05-01", 25)
    log(home, "a2", "2026-10-01", 1, areas=["personal", "wider"])
    assert [idea["gap"] for idea in found()] == [
        "No activity in the organisational area (organisational performance) in "
        "the last 3 months of the period; the latest was on 2026-05-03."
    ]
    assert types_of(found()[0]) == ["work-project", "shadowing-visit",
                                    "action-learning-set"]  # fmt: skip
    # 2026-08-24 is the first day of the last 3 months: enough.
    log(home, "a3", "2026-08-24", 1, areas=["organisational"])
    assert found() == []


def test_pksb_gaps_come_last_largest_first_at_most_three(home: Path) -> None:
    log(home, "a1", "2026-10-01", 25)
    for area, level, target in [
        ("ethics", "3", "4"),
        ("strategy", "0", "4"),
        ("data", "1", "3"),
        ("research", "2", "3"),
        ("literacies", "4", "4"),
        ("records", "3", "1"),
    ]:
        cli("pksb", "rate", area, level, "--target", target, "--date", "2026-02-01")
    got = found()
    assert [idea["gap"] for idea in got] == [
        "PKSB: Strategy, planning and management is at level 0 (rated "
        "2026-02-01) of your target 4, a gap of 4.",
        "PKSB: Data management is at level 1 (rated 2026-02-01) of your target 3, "
        "a gap of 2.",
        "PKSB: Ethics and values is at level 3 (rated 2026-02-01) of your target "
        "4, a gap of 1.",
    ]  # fmt: skip
    assert types_of(got[2]) == ["reading", "peer-discussion", "action-learning-set"]


def test_ideas_come_most_useful_first(home: Path) -> None:
    """A rule not met, then an area with nothing, then one with nothing
    lately, then the PKSB gaps."""
    log(home, "a1", "2026-05-01", 2, areas=["personal", "organisational"])
    log(home, "a2", "2026-10-01", 1, areas=["personal"])
    cli("pksb", "rate", "data", "1", "--target", "2")
    assert [idea["gap"].split(" ")[:4] for idea in found()] == [
        ["CILIP", "revalidation", "asks", "for"],
        ["No", "activity", "in", "the"],
        ["No", "activity", "in", "the"],
        ["PKSB:", "Data", "management", "is"],
    ]
    gaps = [idea["gap"] for idea in found()]
    assert "wider area" in gaps[1]
    assert "in the period" in gaps[1]
    assert "organisational area" in gaps[2]
    assert "last 3 months" in gaps[2]


def test_ideas_json_shape_and_determinism(home: Path) -> None:
    log(home, "a1", "2026-05-01", 2, areas=["personal"])
    cli("pksb", "rate", "data", "1", "--target", "2")
    first = cli("ideas", "--json").stdout
    assert cli("ideas", "--json").stdout == first
    data = json.loads(first)
    assert data
    for idea in data:
        assert list(idea) == ["gap", "suggestions"]
        assert idea["gap"].endswith(".")
        assert 2 <= len(idea["suggestions"]) <= 3
        for suggestion in idea["suggestions"]:
            assert list(suggestion) == ["type", "idea"]
            assert suggestion["idea"] == IDEAS[suggestion["type"]]


def test_ideas_human_output_fits_40_columns(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    cli("pksb", "rate", "leadership", "1", "--target", "4")
    out = cli("ideas").stdout
    assert max(len(line) for line in out.splitlines()) <= 40
    flat = " ".join(out.split())
    assert flat.startswith("1. CILIP revalidation asks for at least 20 h")
    assert "- coaching Try peer coaching" in flat
    assert "PKSB: Leadership, advocacy, influencing and personal effectiveness" in flat


def test_ideas_as_of_moves_the_period(home: Path) -> None:
    log(home, "a1", "2026-01-10", 25)
    assert found("--as-of", "2026-03-01") == []
    assert "last 3 months" in found("--as-of", "2026-11-23")[0]["gap"]
    fails_cleanly(cli("ideas", "--as-of", "banana", code=2), 2)


def test_no_gaps_is_said_on_stderr(home: Path) -> None:
    log(home, "a1", "2026-10-01", 25)
    result = cli("ideas")
    assert result.stdout == ""
    assert "No gaps" in result.stderr
    assert found() == []


def test_ideas_on_a_missing_home_creates_nothing(home: Path) -> None:
    got = found()
    assert got[0]["gap"].startswith("CILIP revalidation asks for at least 20 h")
    assert len(got) == 4  # the hours, then the three areas
    assert not home.exists()


def test_a_damaged_pksb_toml_leaves_its_ideas_out_and_is_named(home: Path) -> None:
    log(home, "a1", "2026-10-01", 5)
    (home / "pksb.toml").write_text("[[rating]]\narea = 'Research'\nlevel = 5\n")
    before = snapshot(home)
    result = cli("ideas", "--json", code=1)
    assert [idea["gap"][:5] for idea in json.loads(result.stdout)] == ["CILIP"]
    assert f"{home / 'pksb.toml'}:3:1: [[rating]] 1, level" in result.stderr
    cli("status")  # status is about hours: still exit 0
    assert snapshot(home) == before


# ---------------------------------------------------------------- status


def test_status_shows_the_first_idea_in_its_next_steps(home: Path) -> None:
    log(home, "a1", "2026-10-01", 25, reflection="Learned.")
    cli("pksb", "rate", "strategy", "1", "--target", "3", "--date", "2026-02-01")
    out = " ".join(cli("status", "--as-of", "2026-11-23").stdout.split())
    assert (
        "then: PKSB: Strategy, planning and management is at level 1 (rated "
        "2026-02-01) of your target 3, a gap of 2. Try work-project: Volunteer for "
        "a project outside your usual role, such as a service review or user "
        "survey. More: cpdlog ideas"
    ) in out


def test_status_json_is_unchanged_by_ideas(home: Path) -> None:
    log(home, "a1", "2026-10-01", 5)
    before = cli("status", "--json").stdout
    cli("pksb", "rate", "data", "1", "--target", "3")
    assert cli("status", "--json").stdout == before
    assert "idea" not in json.loads(before)


def test_status_on_the_example_ends_with_its_first_idea(example: Path) -> None:
    out = " ".join(
        cli("--home", str(example), "status", "--as-of", "2026-11-23").stdout.split()
    )
    assert "then: PKSB: Strategy, planning and management is at level 1" in out


# ---------------------------------------------------------------- the mapping


def test_every_mapped_type_is_a_catalogue_type_and_gives_three() -> None:
    tables = [ideas.AREA_TYPES, ideas.ATTRIBUTE_TYPES, ideas.GROUP_TYPES,
              ideas.PKSB_AREA_TYPES]  # fmt: skip
    lists = [types for table in tables for types in table.values()]
    lists += [ideas.HOURS_TYPES, ideas.OTHER_TYPES]
    for types in lists:
        assert len(set(types)) == 3, types
        assert set(types) <= set(TYPE_NAMES), types
        assert len(ideas.suggest(types)) == 3


def test_shipped_groups_and_areas_all_have_types() -> None:
    from cpdlog.core import pksb_format

    shipped = pksb_format.load_framework(pksb_format.shipped_text(), None)
    assert {area.group for area in shipped} == set(ideas.GROUP_TYPES)
    assert set(ideas.PKSB_AREA_TYPES) <= {area.name for area in shipped}
