"""The PKSB core: shipped areas, the user's pksb.toml, matching, ratings and
the assessment (cpdlog.core.pksb), without the CLI."""

import datetime as dt
import tomllib
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpdlog.core import pksb
from cpdlog.errors import DataError, UsageError

D = dt.date
SHIPPED = pksb.shipped_text()


def framework(user_text: str | None = None) -> pksb.Framework:
    table = None if user_text is None else tomllib.loads(user_text)
    return pksb.load_framework(SHIPPED, table)


OWN_AREAS = """
[[area]]
code = "5.6"
name = "Information risk management"

[[area]]
code = "KM1"
name = "Knowledge  harvesting"
group = "Mine"

[[area]]
code = "5.60"
name = "Information risk appetite"
"""


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
            "--pksb 'Underwater basket weaving' is not a PKSB area; "
            "`cpdlog pksb` lists them.",
        ),
        (
            "Research skills",
            "--pksb 'Research skills' is not a PKSB area; closest: 'Research'; "
            "`cpdlog pksb` lists them.",
        ),
        (
            "governance",
            "--pksb 'governance' is not a PKSB area; closest: "
            "'Information governance and compliance'; `cpdlog pksb` lists them.",
        ),
        (
            "Data managment",
            "--pksb 'Data managment' is not a PKSB area; closest: "
            "'Data management'; `cpdlog pksb` lists them.",
        ),
        ("   ", "--pksb needs a PKSB area's name or code; `cpdlog pksb` lists them."),
        (
            "tab\there",
            "--pksb 'tab\\x09here' is not a PKSB area; `cpdlog pksb` lists them.",
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


# ---------------------------------------------------------------- the user's areas


def test_own_areas_are_added_after_the_shipped_ones() -> None:
    """Added in file order, names tidied; the shipped 16 keep their place."""
    areas = list(framework(OWN_AREAS))
    assert len(areas) == 19
    assert areas[:16] == list(framework())
    assert areas[16:] == [
        pksb.Area("5.6", "Information risk management", None),
        pksb.Area("KM1", "Knowledge harvesting", "Mine"),
        pksb.Area("5.60", "Information risk appetite", None),
    ]


def test_replace_true_makes_the_own_areas_the_whole_list() -> None:
    areas = list(framework("replace = true\n" + OWN_AREAS))
    assert [area.code for area in areas] == ["5.6", "KM1", "5.60"]
    with pytest.raises(UsageError, match="'Data management' is not a PKSB area"):
        pksb.match_area(framework("replace = true\n" + OWN_AREAS), "Data management")


def test_an_own_area_named_like_a_shipped_one_gives_it_a_code() -> None:
    """No second 'Research': the shipped one takes the code, keeps its place."""
    shipped = framework(
        '[[area]]\ncode = "4"\nname = "research"\n'
        '[[area]]\ncode = "4.1"\nname = "Research design"\n'
    )
    assert len(shipped) == 17
    assert shipped.areas[5] == pksb.Area("4", "Research", "Professional expertise")
    assert pksb.match_area(shipped, "4") == "Research"


def test_an_empty_user_file_changes_nothing() -> None:
    assert framework("") == framework()
    assert pksb.parse_ratings({}) == []
    assert pksb.parse_ratings(None) == []


BAD_FILES = [
    ("schema_version = 2", ("schema_version",), "newer cpdlog (schema_version 2)"),
    ("schema_version = 0", ("schema_version",), "must be 1."),
    ("schema_version = true", ("schema_version",), "must be 1."),
    ('replace = "yes"', ("replace",), "must be true or false"),
    ("areas = []", ("areas",), "did you mean `area`?"),
    ("[area]\nname = 'x'", ("area",), "write each one as a [[area]] table."),
    ("area = [1]", ("area", 0), "write each one as a [[area]] table."),
    ("[[area]]\ncode = '1'", ("area", 0), 'needs a name = "..." line.'),
    ("[[area]]\nname = 3", ("area", 0, "name"), "must be text in quotes"),
    ("[[area]]\nname = '  '", ("area", 0, "name"), "must not be blank."),
    ("[[area]]\nname = 'a\tb'", ("area", 0, "name"), "must be one line"),
    ("[[area]]\nname = 'a; b'", ("area", 0, "name"), "must not hold ';'"),
    ("[[area]]\nname = 'x'\ncode = 5.6", ("area", 0, "code"), 'code = "5.6"'),
    ("[[area]]\nname = 'x'\ncode = '5 6'", ("area", 0, "code"), "no spaces"),
    ("[[area]]\nname = 'x'\ngroup = 1", ("area", 0, "group"), "text in quotes"),
    ("[[area]]\nname = 'x'\nnmae = 'y'", ("area", 0, "nmae"), "did you mean `name`?"),
    (
        "[[area]]\nname = 'x'\n[[area]]\nname = ' X '",
        ("area", 1, "name"),
        "repeats the name of [[area]] 1.",
    ),
    (
        "[[area]]\nname = 'x'\ncode = 'A'\n[[area]]\nname = 'y'\ncode = 'a'",
        ("area", 1, "code"),
        "repeats the code of [[area]] 1.",
    ),
]


@pytest.mark.parametrize(("text", "key", "reason"), BAD_FILES)
def test_a_bad_user_file_names_the_key(
    text: str, key: tuple[Any, ...], reason: str
) -> None:
    with pytest.raises(pksb.PksbFileError) as raised:
        framework(text)
    assert raised.value.key == key
    assert reason in raised.value.reason
    assert str(raised.value) == f"{pksb.describe_key(key)}: {raised.value.reason}"
    assert isinstance(raised.value, DataError)
    assert isinstance(raised.value, ValueError)


# ---------------------------------------------------------------- ratings


def test_parse_ratings_reads_each_rating_in_file_order() -> None:
    text = """
schema_version = 1
[[rating]]
area = "Data management"
level = 1
target = 3
date = 2025-01-10
note = "Start"

[[rating]]
area = "data  MANAGEMENT"
level = 2
date = 2025-06-01
"""
    assert pksb.parse_ratings(tomllib.loads(text)) == [
        pksb.Rating("Data management", 1, 3, D(2025, 1, 10), "Start"),
        pksb.Rating("data  MANAGEMENT", 2, None, D(2025, 6, 1), None),
    ]


GOOD = "[[rating]]\narea = 'Research'\nlevel = 1\ndate = 2025-01-10\n"
BAD_RATINGS = [
    (GOOD.replace("level = 1", "level = 5"), ("rating", 0, "level"), "not 5"),
    (GOOD.replace("level = 1", "level = -1"), ("rating", 0, "level"), "not -1"),
    (GOOD.replace("level = 1", "level = '3'"), ("rating", 0, "level"), "not '3'"),
    (GOOD.replace("level = 1", "level = 2.0"), ("rating", 0, "level"), "not 2.0"),
    (GOOD.replace("level = 1", "level = true"), ("rating", 0, "level"), "not True"),
    (GOOD.replace("level = 1\n", ""), ("rating", 0), "needs a level"),
    (GOOD + "target = 7\n", ("rating", 0, "target"), "from 0 to 4, not 7"),
    (GOOD + "target = 'high'\n", ("rating", 0, "target"), "not 'high'"),
    (
        GOOD.replace("2025-01-10", "'2025-01-10'"),
        ("rating", 0, "date"),
        "without quotes",
    ),
    (
        GOOD.replace("2025-01-10", "2025-01-10T09:00:00"),
        ("rating", 0, "date"),
        "a date alone",
    ),
    (GOOD.replace("date = 2025-01-10\n", ""), ("rating", 0), "needs a date"),
    (GOOD + "note = 3\n", ("rating", 0, "note"), "text in quotes"),
    (GOOD + "levle = 3\n", ("rating", 0, "levle"), "did you mean `level`?"),
    (GOOD.replace("'Research'", "''"), ("rating", 0, "area"), "must not be blank"),
    (GOOD.replace("area = 'Research'\n", ""), ("rating", 0), 'needs a area = "..."'),
    ("rating = 'x'", ("rating",), "[[rating]] table"),
]


@pytest.mark.parametrize(("text", "key", "reason"), BAD_RATINGS)
def test_a_bad_rating_names_the_key(
    text: str, key: tuple[Any, ...], reason: str
) -> None:
    with pytest.raises(pksb.PksbFileError) as raised:
        pksb.parse_ratings(tomllib.loads(text))
    assert raised.value.key == key
    assert reason in raised.value.reason


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (("replace",), "replace"),
        (("rating", 2), "[[rating]] 3"),
        (("area", 0, "code"), "[[area]] 1, code"),
    ],
)
def test_describe_key_counts_tables_from_one(key: pksb.Key, expected: str) -> None:
    assert pksb.describe_key(key) == expected


LOCATE_TEXT = """\
# my PKSB
schema_version = 1
  replace = false

[[area]]
name = "x"

[[rating]]
area = "x"
level = 9

  [[rating]]
area = "x"
    level = 2
"""


@pytest.mark.parametrize(
    ("key", "where"),
    [
        (("schema_version",), (2, 1)),
        (("replace",), (3, 3)),
        (("area", 0), (5, 1)),
        (("area", 0, "name"), (6, 1)),
        (("rating", 0, "level"), (10, 1)),
        (("rating", 1), (12, 3)),
        (("rating", 1, "level"), (14, 5)),
        (("rating", 1, "date"), (12, 1)),  # missing: the table's line
        (("rating", 2), None),
        (("nothing",), None),
    ],
)
def test_locate_gives_line_and_column(
    key: pksb.Key, where: tuple[int, int] | None
) -> None:
    assert pksb.locate(LOCATE_TEXT, key) == where


def test_locate_finds_the_error_that_parsing_raised() -> None:
    with pytest.raises(pksb.PksbFileError) as raised:
        pksb.parse_ratings(tomllib.loads(LOCATE_TEXT))
    assert pksb.locate(LOCATE_TEXT, raised.value.key) == (10, 1)


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 0), (4, 4), ("3", 3), (" 2 ", 2), ("04", 4)]
)
def test_check_level_takes_0_to_4(value: object, expected: int) -> None:
    assert pksb.check_level(value, "LEVEL") == expected


@pytest.mark.parametrize(
    "value", [5, -1, "5", "-1", "2.5", "", "two", "²", True, 2.0, None]
)
def test_check_level_refuses_the_rest(value: object) -> None:
    with pytest.raises(UsageError) as raised:
        pksb.check_level(value, "--target")
    assert str(raised.value).startswith(
        "--target must be a whole number from 0 to 4, not "
    )


def test_rating_toml_writes_one_readable_block() -> None:
    block = pksb.rating_toml(
        "Data management", 1, 3, D(2025, 1, 10), 'A "quoted"\nnote'
    )
    assert block == (
        "\n[[rating]]\n"
        'area = "Data management"\n'
        "level = 1\n"
        "target = 3\n"
        "date = 2025-01-10\n"
        'note = "A \\"quoted\\"\\nnote"\n'
    )
    short = pksb.rating_toml("Research", 0, None, D(2025, 1, 10), None)
    assert short == '\n[[rating]]\narea = "Research"\nlevel = 0\ndate = 2025-01-10\n'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Research", 5, None, D(2025, 1, 1), None), "LEVEL must be"),
        (("Research", 1, 9, D(2025, 1, 1), None), "--target must be"),
        (("Research", 1, None, dt.datetime(2025, 1, 1), None), "must be a date"),
        (("a\nb", 1, None, D(2025, 1, 1), None), "one line of text"),
        ((" ", 1, None, D(2025, 1, 1), None), "one line of text"),
        (("Research", 1, None, D(2025, 1, 1), "bad \udce9"), "not text"),
    ],
)
def test_rating_toml_refuses_bad_values(args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        pksb.rating_toml(*args)


def test_append_rating_keeps_every_earlier_byte() -> None:
    """Hand comments and layout survive; a missing final newline is added."""
    text = (
        "# mine\nschema_version = 1 # v\n"
        "[[rating]]\narea='Research'\nlevel=1\ndate=2025-01-01"
    )
    block = pksb.rating_toml("Research", 2, None, D(2025, 2, 1), None)
    new_text = pksb.append_rating(text, block)
    assert new_text == text + "\n" + block
    assert pksb.append_rating("", block) == block
    assert pksb.append_rating(pksb.NEW_FILE, block) == pksb.NEW_FILE + block


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Valid, but an inline array cannot take a [[rating]] after it.
        (
            "rating = [{area = 'Research', level = 1, date = 2025-01-01}]\n",
            "A [[rating]] cannot be appended to this pksb.toml (",
        ),
        ("[[area]]\nname = \n", "A [[rating]] cannot be appended to this pksb.toml ("),
        # Already damaged: the key is named, for path:line:col.
        ("[rating]\narea = 'Research'\n", "rating: write each one as a [[rating]]"),
    ],
)
def test_append_rating_refuses_a_file_that_cannot_take_it(
    text: str, message: str
) -> None:
    block = pksb.rating_toml("Research", 2, None, D(2025, 2, 1), None)
    with pytest.raises(DataError) as raised:
        pksb.append_rating(text, block)
    assert str(raised.value).startswith(message)


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
        "`cpdlog pksb` lists them.",
        "PKSB area 'Informaton management' is not in the framework; closest: "
        "'Information management'; `cpdlog pksb` lists them.",
    ]


def test_unknown_values_with_a_replaced_list() -> None:
    own = framework("replace = true\n[[area]]\nname = 'Cataloguing'\n")
    assert pksb.unknown_values(own, ["cataloguing", "IT and communication"]) == [
        "PKSB area 'IT and communication' is a 2013-edition name; your list lacks it."
    ]


# ---------------------------------------------------------------- round trip

one_line = st.text(
    st.characters(codec="utf-8", exclude_characters="\x7f"),
    min_size=1,
).filter(lambda s: s.strip() and not any(ord(c) < 32 for c in s))
ratings_st = st.builds(
    pksb.Rating,
    area=one_line,
    level=st.integers(0, 4),
    target=st.none() | st.integers(0, 4),
    date=st.dates(),
    note=st.none() | st.text(st.characters(codec="utf-8")),
)
comments = st.lists(
    st.sampled_from(["# mine\n", "\n", "   # indented ä\n", "# no newline"]), max_size=3
)


@settings(max_examples=150, deadline=None)
@given(
    earlier=st.lists(st.tuples(ratings_st, comments), max_size=4),
    later=st.lists(ratings_st, min_size=1, max_size=4),
    header=st.sampled_from(
        ["", pksb.NEW_FILE, "replace = false\n[[area]]\nname = 'x'"]
    ),
)
def test_appending_blocks_keeps_earlier_ratings_and_reads_back(
    earlier: list[tuple[pksb.Rating, list[str]]],
    later: list[pksb.Rating],
    header: str,
) -> None:
    """Any valid file (comments, no final newline) plus appended blocks keeps
    its bytes as a prefix and parses back to the earlier ratings then the new."""
    text = header
    for rating, notes in earlier:
        text = pksb.append_rating(text, pksb.rating_toml(*rating))
        for note in notes:
            text += note if text.endswith("\n") else "\n" + note
    for rating in later:
        before = text
        text = pksb.append_rating(text, pksb.rating_toml(*rating))
        assert text.startswith(before)
    parsed = pksb.parse_ratings(tomllib.loads(text))
    assert parsed == [rating for rating, _ in earlier] + later
