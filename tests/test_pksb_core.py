"""The PKSB core: shipped areas, matching, the assessment and check's
warnings (cpdlog.core.pksb), without the CLI."""

import datetime as dt
from typing import NamedTuple

import pytest

from cpdlog.core import pksb
from cpdlog.errors import UsageError
from tests.pksb_data import OWN_AREAS, framework

D = dt.date


class Act(NamedTuple):
    id: str
    date: dt.date
    minutes: int
    pksb: list[str]


# ---------------------------------------------------------------- shipped


def test_shipped_framework_is_the_2021_edition_names_only() -> None:
    """Sixteen areas, unique, each with a group; the two new 2021 sections."""
    shipped = framework()
    names = [area.name for area in shipped]
    assert len(names) == 16 == len({name.casefold() for name in names})
    assert {"Data management", "Knowledge management"} <= set(names)
    assert all(area.group and area.code is None for area in shipped)
    assert all(";" not in name and name == name.strip() for name in names)
    assert shipped.edition == "CILIP PKSB 2021"


def test_shipped_renames_point_at_shipped_areas() -> None:
    """Each 2013 name the 2021 edition changed names current areas, and is
    not itself a current area."""
    shipped = framework()
    names = {area.name for area in shipped}
    assert len(shipped.renamed) == 7
    for entry in shipped.renamed:
        assert entry.old not in names
        assert entry.new
        assert set(entry.new) <= names


# ---------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Data management", "Data management"),
        ("DATA MANAGEMENT", "Data management"),
        ("  data   management ", "Data management"),
        ("data", "Data management"),
        ("Research", "Research"),  # exact beats the longer 'Records...' prefix
        ("rec", "Records management and archiving"),
        ("strategy, planning & management", "Strategy, planning and management"),
        (
            "Customer focus, service design &",
            "Customer focus, service design and marketing",
        ),
        ("wider org", "Wider organisational and environmental context"),
        ("5.6", "Information risk management"),  # a code, exact
        ("5.60", "Information risk appetite"),  # not ambiguous with 5.6
        ("km1", "Knowledge harvesting"),  # codes ignore case too
        ("KM", "Knowledge harvesting"),  # a unique code prefix
        ("5.6 Information risk management", "Information risk management"),
        ("5.6 information risk", "Information risk management"),
        ("knowledge h", "Knowledge harvesting"),
    ],
)
def test_match_area_finds_one_full_name(typed: str, expected: str) -> None:
    assert pksb.match_area(framework(OWN_AREAS), typed) == expected


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Info", ["Information management", "Information exploitation and use"]),
        ("wider", ["Wider library, data", "Wider organisational"]),
        ("5.", ["Information risk management", "Information risk appetite"]),
        ("knowledge", ["Knowledge management", "Knowledge harvesting"]),
    ],
)
def test_match_area_refuses_an_ambiguous_prefix(typed: str, names: list[str]) -> None:
    with pytest.raises(UsageError) as raised:
        pksb.match_area(framework(OWN_AREAS), typed)
    message = str(raised.value)
    assert message.startswith(f"--pksb '{typed}' could be any of ")
    assert "type more of the name, or its code." in message
    assert all(name in message for name in names)
    assert raised.value.exit_code == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Underwater basket weaving",
            "--pksb 'Underwater basket weaving' is not a PKSB area; closest: "
            "'Literacies and learning', 'Records management and archiving', "
            "'Data management'; `cpdlog pksb areas` lists them.",
        ),
        (
            "Research skills",
            "--pksb 'Research skills' is a 2013-edition name; the current edition "
            "has 'Research' instead; `cpdlog pksb areas` lists them.",
        ),
        (
            "governance",
            "--pksb 'governance' is not a PKSB area; closest: "
            "'Information governance and compliance'; `cpdlog pksb areas` lists them.",
        ),
        (
            "Data managment",
            "--pksb 'Data managment' is not a PKSB area; closest: "
            "'Data management'; `cpdlog pksb areas` lists them.",
        ),
        (
            "   ",
            "--pksb needs a PKSB area's name or code; `cpdlog pksb areas` lists them.",
        ),
        (
            "tab\there",
            "--pksb 'tab\\x09here' is not a PKSB area; closest: 'Data management', "
            "'Literacies and learning', 'Research'; `cpdlog pksb areas` lists them.",
        ),
    ],
)
def test_match_area_names_the_closest_areas(typed: str, message: str) -> None:
    with pytest.raises(UsageError) as raised:
        pksb.match_area(framework(), typed)
    assert str(raised.value) == message


def test_match_area_names_the_option_it_was_given() -> None:
    with pytest.raises(UsageError, match=r"^AREA 'zzz' is not a PKSB area"):
        pksb.match_area(framework(), "zzz", option="AREA")


# ---------------------------------------------------------------- assessment


def rate(area: str, level: int, day: dt.date, target: int | None = None) -> pksb.Rating:
    return pksb.Rating(area, level, target, day, None)


def test_first_and_latest_go_by_date_then_file_order() -> None:
    ratings = [
        rate("Research", 2, D(2025, 3, 1)),
        rate("Research", 1, D(2025, 1, 1)),  # earlier date, later in the file
        rate("research", 3, D(2025, 6, 1)),
        rate("Research", 4, D(2025, 6, 1)),  # same day, later in the file: latest
    ]
    [row] = pksb.assessment(framework(), ratings, [])
    assert row.area == "Research"
    assert row.first == pksb.LevelOn(1, D(2025, 1, 1))
    assert row.latest == pksb.LevelOn(4, D(2025, 6, 1))
    assert (row.target, row.gap, row.minutes, row.activity_ids) == (None, None, 0, ())


def test_a_target_holds_until_a_later_rating_changes_it() -> None:
    ratings = [
        rate("Data management", 0, D(2025, 1, 1), target=3),
        rate("Data management", 1, D(2025, 4, 1)),  # no target: 3 holds
    ]
    [row] = pksb.assessment(framework(), ratings, [])
    assert (row.target, row.gap) == (3, 2)
    changed = [*ratings, rate("Data management", 2, D(2025, 5, 1), target=4)]
    [row] = pksb.assessment(framework(), changed, [])
    assert (row.target, row.gap) == (4, 2)
    # A target given on an earlier date, later in the file, is not the latest.
    older = [*changed, rate("Data management", 1, D(2025, 2, 1), target=1)]
    [row] = pksb.assessment(framework(), older, [])
    assert (row.target, row.gap) == (4, 2)


def test_a_rating_after_as_of_is_not_yet_history() -> None:
    ratings = [
        rate("Research", 1, D(2025, 1, 1), target=2),
        rate("Research", 3, D(2025, 9, 1), target=4),
    ]
    [row] = pksb.assessment(framework(), ratings, [], as_of=D(2025, 8, 31))
    assert (row.latest, row.target, row.gap) == (pksb.LevelOn(1, D(2025, 1, 1)), 2, 1)
    assert pksb.assessment(framework(), ratings, [], as_of=D(2024, 12, 31)) == []


def test_rows_go_largest_gap_first_then_framework_order() -> None:
    ratings = [
        rate("Wider organisational", 1, D(2025, 1, 1), target=2),  # outside: by name
        rate("Research", 0, D(2025, 1, 1), target=3),  # gap 3
        rate("Data management", 1, D(2025, 1, 1), target=2),  # gap 1
        rate("Ethics and values", 2, D(2025, 1, 1), target=3),  # gap 1, first
        rate("Literacies and learning", 4, D(2025, 1, 1), target=2),  # gap -2
        rate("Knowledge management", 2, D(2025, 1, 1)),  # no target
    ]
    activities = [Act("a1", D(2025, 2, 1), 30, ["Technology and communication"])]
    rows = pksb.assessment(framework(), ratings, activities)
    assert [(row.area, row.gap) for row in rows] == [
        ("Research", 3),
        ("Ethics and values", 1),
        ("Data management", 1),
        ("Wider organisational", 1),
        ("Literacies and learning", -2),
        ("Knowledge management", None),
        ("Technology and communication", None),
    ]


def test_activities_map_their_minutes_and_ids_to_areas() -> None:
    """Case-insensitive, one count per activity, IDs by date; hand-written
    areas outside the framework still get a row, after the framework's."""
    activities = [
        Act("k3f9", D(2025, 3, 1), 90, ["Data management", "data management"]),
        Act("a1b2", D(2025, 2, 1), 40, ["DATA MANAGEMENT", "Basket weaving"]),
        Act("zz99", D(2025, 2, 1), 15, []),
    ]
    rows = pksb.assessment(framework(), [], activities)
    assert [(r.area, r.minutes, r.activity_ids) for r in rows] == [
        ("Data management", 130, ("a1b2", "k3f9")),
        ("Basket weaving", 40, ("a1b2",)),
    ]
    assert rows[0].first is None
    assert rows[0].target is None


def test_row_json_is_the_spec_object() -> None:
    ratings = [rate("Research", 1, D(2025, 1, 10), target=3)]
    activities = [Act("a1b2", D(2025, 2, 1), 40, ["Research"])]
    [row] = pksb.assessment(framework(), ratings, activities)
    assert pksb.row_json(row) == {
        "area": "Research",
        "first": {"level": 1, "date": "2025-01-10"},
        "latest": {"level": 1, "date": "2025-01-10"},
        "target": 3,
        "gap": 2,
        "hours": 0.6667,
        "activities": ["a1b2"],
    }
    [bare] = pksb.assessment(framework(), [], activities)
    assert pksb.row_json(bare)["first"] is None
    assert list(pksb.row_json(bare)) == [
        "area", "first", "latest", "target", "gap", "hours", "activities"
    ]  # fmt: skip


# ---------------------------------------------------------------- check


def test_unknown_values_warn_once_with_a_hint_for_2013_names() -> None:
    values = [
        "Data management",
        "ethics AND values",  # any case is the area
        "Research skills",
        "Research skills",
        "Knowledge and information management",
        "Underwater basket weaving",
        "Informaton management",
    ]
    assert pksb.unknown_values(framework(), values) == [
        "PKSB area 'Research skills' is a 2013-edition name; the current edition "
        "has 'Research' instead.",
        "PKSB area 'Knowledge and information management' is a 2013-edition name; "
        "the current edition has 'Information management', 'Knowledge management' "
        "instead.",
        "PKSB area 'Underwater basket weaving' is not in the framework; "
        "`cpdlog pksb areas` lists them.",
        "PKSB area 'Informaton management' is not in the framework; closest: "
        "'Information management'; `cpdlog pksb areas` lists them.",
    ]


def test_unknown_values_with_a_replaced_list() -> None:
    own = framework("replace = true\n[[area]]\nname = 'Cataloguing'\n")
    assert pksb.unknown_values(own, ["cataloguing", "IT and communication"]) == [
        "PKSB area 'IT and communication' is a 2013-edition name; your list lacks it."
    ]
