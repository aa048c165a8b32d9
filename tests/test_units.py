"""Parsers of the command line and the period: table-driven."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpdlog.core.dates import parse_date
from cpdlog.core.duration import (
    format_duration,
    hours_number,
    parse_duration,
    parse_hours,
)
from cpdlog.core.period import months_before, period_ending
from cpdlog.errors import UsageError, cells, fold_to

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1.5", 90),
        ("0.1", 6),
        ("2", 120),
        (" 0.25 ", 15),
        ("0.0084", 1),  # 0.504 minutes round to 1
        ("24", 1440),
        ("1e1", 600),
    ],
)
def test_parse_hours(text: str, minutes: int) -> None:
    assert parse_hours(text) == minutes


@pytest.mark.parametrize(
    "text", ["-1", "0", "abc", "nan", "inf", "", "1,5", "0.004", "0.0083"]
)
def test_parse_hours_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="--hours"):
        parse_hours(text)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("1:30", 90),
        ("2h", 120),
        ("1.5h", 90),
        ("45min", 45),
        ("0:05", 5),
        ("2 hours", 120),
    ],
)
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", ["1:75", "0m", "h", "-5m", "1h-30m", "abc", "1:3"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="--duration"):
        parse_duration(text)


@pytest.mark.parametrize("minutes", [1, 6, 20, 59, 60, 61, 90, 1439, 10_000_001])
def test_hours_number_gives_the_minutes_back(minutes: int) -> None:
    assert round(hours_number(minutes) * 60) == minutes
    assert parse_duration(format_duration(minutes)) == minutes


def test_ten_tenths_make_one_hour() -> None:
    assert hours_number(sum(parse_hours("0.1") for _ in range(10))) == 1.0
    assert hours_number(sum(parse_hours("0.3") for _ in range(7))) == 2.1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-14", date(2026, 3, 14)),
        ("today", TODAY),
        ("TODAY", TODAY),
        ("yesterday", date(2026, 11, 22)),
        ("3d", date(2026, 11, 20)),
        ("0d", TODAY),
        ("1 day ago", date(2026, 11, 22)),
        ("10 days ago", date(2026, 11, 13)),
        ("  2 days  ago ", date(2026, 11, 21)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "tomorrow", "14/03/2026", "", "3 weeks ago", "2026-3-4", "9999999d"],
)
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="--date"):
        parse_date(text, TODAY)


@pytest.mark.parametrize(
    ("as_of", "start"),
    [
        (date(2026, 11, 22), date(2025, 11, 23)),
        (date(2028, 2, 29), date(2027, 3, 1)),
        (date(2028, 2, 28), date(2027, 3, 1)),
        (date(2027, 2, 28), date(2026, 3, 1)),
        (date(2026, 12, 31), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2025, 1, 2)),
        (date(2026, 3, 31), date(2025, 4, 1)),
    ],
)
def test_period_is_twelve_months_inclusive(as_of: date, start: date) -> None:
    period = period_ending(as_of)
    assert period == (start, as_of)
    assert start in period
    assert as_of in period
    assert date.fromordinal(start.toordinal() - 1) not in period


def test_months_before_clamps_to_month_end() -> None:
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)
    assert months_before(date(2026, 5, 31), 36) == date(2023, 5, 31)


def test_since_starts_the_period() -> None:
    assert period_ending(TODAY, since=date(2026, 1, 1)) == (date(2026, 1, 1), TODAY)
    with pytest.raises(UsageError, match="after --as-of"):
        period_ending(TODAY, since=date(2026, 11, 24))


@given(
    words=st.lists(
        st.text(
            st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc")), min_size=1
        ),
        max_size=30,
    ),
    hint=st.booleans(),
    width=st.integers(20, 90),
)
def test_fold_keeps_every_word_and_each_hint_and_path_whole(
    words: list[str], hint: bool, width: int
) -> None:
    """What fold_to folds reads the same with its line breaks undone, every
    line fits (in terminal cells: a wide character takes two) but one that
    is a single word, and a `backticked` command ends up on one line."""
    words = [word.replace("`", "'") for word in words]
    command = "`cpdlog statement draft --refresh`"
    text = " ".join([*words, command] if hint else words)
    folded = fold_to(text, width)
    assert folded.replace("\n", " ") == text
    for line in folded.split("\n"):
        assert cells(line) <= width or " " not in line.replace(command, "x")
    if hint:
        assert any(command in line for line in folded.split("\n"))


def test_cells_count_wide_characters_twice() -> None:
    assert cells("abc") == 3
    assert cells("図書館") == 6
    assert cells("cafe\u0301") == 4  # a combining accent takes no cell
    assert fold_to("図書館 " * 10, 20).split("\n")[0] == "図書館 図書館 図書館"
