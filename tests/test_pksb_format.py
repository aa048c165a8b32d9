"""The pksb.toml format (cpdlog.core.pksb_format): the user's areas and
ratings read with each problem's key, the [[rating]] block appended."""

import datetime as dt
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpdlog.core import pksb, pksb_format
from cpdlog.errors import DataError, UsageError
from tests.pksb_data import OWN_AREAS, framework

D = dt.date


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
    assert pksb_format.parse_ratings({}) == []
    assert pksb_format.parse_ratings(None) == []


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
    with pytest.raises(pksb_format.PksbFileError) as raised:
        framework(text)
    assert raised.value.key == key
    assert reason in raised.value.reason
    assert (
        str(raised.value) == f"{pksb_format.describe_key(key)}: {raised.value.reason}"
    )
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
    assert pksb_format.parse_ratings(tomllib.loads(text)) == [
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
    with pytest.raises(pksb_format.PksbFileError) as raised:
        pksb_format.parse_ratings(tomllib.loads(text))
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
def test_describe_key_counts_tables_from_one(
    key: pksb_format.Key, expected: str
) -> None:
    assert pksb_format.describe_key(key) == expected


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
    key: pksb_format.Key, where: tuple[int, int] | None
) -> None:
    assert pksb_format.locate(LOCATE_TEXT, key) == where


def test_locate_finds_the_error_that_parsing_raised() -> None:
    with pytest.raises(pksb_format.PksbFileError) as raised:
        pksb_format.parse_ratings(tomllib.loads(LOCATE_TEXT))
    assert pksb_format.locate(LOCATE_TEXT, raised.value.key) == (10, 1)


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
    block = pksb_format.rating_toml(
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
    short = pksb_format.rating_toml("Research", 0, None, D(2025, 1, 10), None)
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
        pksb_format.rating_toml(*args)


def test_append_rating_keeps_every_earlier_byte() -> None:
    """Hand comments and layout survive; a missing final newline is added."""
    text = (
        "# mine\nschema_version = 1 # v\n"
        "[[rating]]\narea='Research'\nlevel=1\ndate=2025-01-01"
    )
    block = pksb_format.rating_toml("Research", 2, None, D(2025, 2, 1), None)
    new_text = pksb_format.append_rating(text, block)
    assert new_text == text + "\n" + block
    assert pksb_format.append_rating("", block) == block
    assert (
        pksb_format.append_rating(pksb_format.NEW_FILE, block)
        == pksb_format.NEW_FILE + block
    )


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
    block = pksb_format.rating_toml("Research", 2, None, D(2025, 2, 1), None)
    with pytest.raises(DataError) as raised:
        pksb_format.append_rating(text, block)
    assert str(raised.value).startswith(message)


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
        ["", pksb_format.NEW_FILE, "replace = false\n[[area]]\nname = 'x'"]
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
        text = pksb_format.append_rating(text, pksb_format.rating_toml(*rating))
        for note in notes:
            text += note if text.endswith("\n") else "\n" + note
    for rating in later:
        before = text
        text = pksb_format.append_rating(text, pksb_format.rating_toml(*rating))
        assert text.startswith(before)
    parsed = pksb_format.parse_ratings(tomllib.loads(text))
    assert parsed == [rating for rating, _ in earlier] + later
