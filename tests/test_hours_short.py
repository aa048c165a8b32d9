"""SPEC "Hours in human output": at most 2 decimals, totals rounded once."""

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpdlog.core.duration import hours_short
from tests.conftest import add, cli


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0"), (1, "0.02"), (20, "0.33"), (40, "0.67"), (60, "1"), (90, "1.5"),
     (3435, "57.25"), (1200, "20"), (160, "2.67"), (59, "0.98"), (61, "1.02")],
)  # fmt: skip
def test_hours_short(minutes: int, text: str) -> None:
    assert hours_short(minutes) == text


@given(st.integers(0, 10**8))
def test_hours_short_is_the_hours_rounded_half_up_to_2_decimals(minutes: int) -> None:
    exact = (Decimal(minutes) / 60).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = hours_short(minutes)
    assert Decimal(text) == exact
    assert len(text.partition(".")[2]) <= 2
    assert not text.endswith(".")
    assert not (text.endswith("0") and "." in text)


def test_human_output_shows_2_decimals_and_the_minutes_where_they_matter(
    home: Path,
) -> None:
    """Three activities of 40 minutes: 2 hours in all, never 2.0001 or 1.99."""
    result = cli("add", "Reading one", "--duration", "40m", "-t", "reading")
    assert "Logged 0.67 h (40 min) on 2026-11-23" in result.stderr
    aid = result.stdout.strip()
    add("Reading two", "--duration", "40m", "-t", "reading")
    add("Reading three", "--duration", "40m", "-t", "reading")
    assert "0.67 h (40 min)" in cli("show", aid).stdout
    status = cli("status").stdout
    assert "2 of 20 h" in status
    assert "18 more hours" in status
    listing = cli("list").stdout
    assert "0.6667" not in listing
    assert "0.67" in listing
    short = cli("status", "--short").stdout
    assert short.startswith("2/20 h")
