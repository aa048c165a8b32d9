"""The quick check of the index never accepts what the pydantic model refuses."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpdlog.core import activity as rules
from cpdlog.core.model import validate_activity
from cpdlog.errors import ProblemError
from cpdlog.store import index

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**7), st.floats(allow_nan=True),
    st.text(max_size=8), st.dates(), st.datetimes(timezones=st.just(UTC)),
)  # fmt: skip
VALID = {
    "schema_version": st.integers(1, 3),
    "id": st.from_regex(r"[a-z0-9][a-z0-9_-]{0,5}", fullmatch=True),
    "title": st.text(min_size=1, max_size=12).filter(lambda t: t.strip()),
    "date": st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31)),
    "end_date": st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 1, 5)),
    "hours": st.one_of(st.floats(0, 60), st.integers(0, 60)),
    "type": st.sampled_from(["reading", "course", "conference"]),
    "areas": st.lists(st.sampled_from(["personal", "wider", "organisational"])),
    "tags": st.lists(st.text(max_size=5)),
    "reflection": st.text(max_size=10),
    "provider": st.text(max_size=10),
    "created": st.datetimes(timezones=st.just(UTC)),
    "extra": SCALARS,
}
REQUIRED = ("id", "title", "date", "hours", "type")


@st.composite
def tables(draw) -> dict:
    """Mostly valid tables, with a few fields dropped or replaced by anything."""
    table = {}
    for key, strategy in VALID.items():
        if key in REQUIRED or draw(st.booleans()):
            table[key] = draw(strategy)
    for key in draw(st.lists(st.sampled_from(list(VALID)), max_size=2)):
        value = draw(SCALARS)
        if value is None:
            table.pop(key, None)
        else:
            table[key] = value
    return table


@settings(max_examples=600, deadline=None)
@given(tables())
def test_quick_never_accepts_what_the_model_refuses(table: dict) -> None:
    quick = rules.quick_summary(table)
    if quick is None:
        return
    try:
        activity = validate_activity(dict(table))
    except ProblemError as error:
        raise AssertionError(f"quick accepted, model refused: {error}") from None
    assert index.Summary(*quick) == index.summary_of(activity)


def test_quick_accepts_what_cpdlog_writes() -> None:
    table = {
        "schema_version": 1,
        "id": "k3f9",
        "title": "Conference",
        "date": date(2026, 3, 14),
        "end_date": date(2026, 3, 15),
        "hours": 6.5,
        "type": "conference",
        "areas": ["personal", "wider", "personal"],
        "tags": ["a"],
        "reflection": "Learned.",
        "created": datetime(2026, 3, 14, tzinfo=UTC),
    }
    quick = rules.quick_summary(table)
    assert quick == (
        "k3f9",
        date(2026, 3, 14),
        date(2026, 3, 15),
        390,
        "conference",
        ("personal", "wider"),
        "Conference",
        True,
        (),
    )


def test_an_id_ending_in_a_newline_is_refused() -> None:
    """`$` matched before a final newline, so "k3f9\\n" passed as an ID."""
    table = {
        "id": "k3f9\n",
        "title": "T",
        "date": date(2026, 1, 1),
        "hours": 1,
        "type": "reading",
    }
    assert rules.quick_summary(table) is None
    with pytest.raises(ProblemError, match="id"):
        validate_activity(table)
