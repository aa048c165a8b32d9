"""Team summaries: the allow-list, reading summaries, marks and their order."""

import copy
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpdlog.core.team import (
    SUMMARY_KEYS,
    Row,
    mark,
    read_summary,
    row_json,
    sort_rows,
    summary,
)
from cpdlog.errors import DataError

AS_OF = date(2026, 11, 22)

# A `status --json` dict with every free-text key status has or may have.
STATUS: dict[str, Any] = {
    "scheme": "cilip-revalidation",
    "window": {"start": "2025-11-23", "end": "2026-11-22"},
    "hours": 21.5,
    "target_hours": 20,
    "remaining_hours": 0,
    "met": True,
    "entries": 9,
    "by_area": {"personal": 12.0, "organisational": 6.5, "wider": 9.0},
    "by_type": {"conference": 6.5, "reading": 3.0},
    "reflected_hours": 14.0,
    "missing_reflection": ["k3f9"],
    "areas_uncovered": [],
    "statement": {"exists": True, "words": 243, "limit": 250, "path": "/h/s.md"},
    "problems": [{"path": "/h/a.toml", "line": 1, "column": 2, "message": "bad"}],
    "schemes": [{"name": "cilip-revalidation", "met": True, "rules": []}],
    "forecast": {
        "reached": "2026-06-01",
        "drops_below": None,
        "hours_needed": 0,
        "by": None,
    },
}


def _summary(**changes: Any) -> dict[str, Any]:
    """A valid summary with some keys changed (`table__key` reaches inside)."""
    data = summary(STATUS, "Ann", AS_OF, date(2026, 11, 1))
    for key, value in changes.items():
        table, _, sub = key.partition("__")
        if sub:
            data[table][sub] = value
        else:
            data[key] = value
    return data


def test_summary_has_exactly_the_spec_keys() -> None:
    """The summary holds the SPEC's keys, the allowed ones inside, as status
    gave them, plus name, as_of and last_activity."""
    assert summary(STATUS, "Ann", AS_OF, date(2026, 11, 1)) == {
        "scheme": "cilip-revalidation",
        "window": {"start": "2025-11-23", "end": "2026-11-22"},
        "hours": 21.5,
        "target_hours": 20,
        "remaining_hours": 0,
        "met": True,
        "entries": 9,
        "by_area": {"personal": 12.0, "organisational": 6.5, "wider": 9.0},
        "reflected_hours": 14.0,
        "forecast": {
            "reached": "2026-06-01",
            "drops_below": None,
            "hours_needed": 0,
            "by": None,
        },
        "statement": {"exists": True, "words": 243, "limit": 250},
        "name": "Ann",
        "as_of": "2026-11-22",
        "last_activity": "2026-11-01",
    }
    assert list(summary(STATUS, None, AS_OF, None)) == list(SUMMARY_KEYS)


def test_summary_without_name_or_activity_writes_null() -> None:
    data = summary(STATUS, None, AS_OF, None)
    assert data["name"] is None
    assert data["last_activity"] is None


@pytest.mark.parametrize(
    ("key", "value"),
    [("hours", "21.5"), ("met", 1), ("window", None), ("by_area", {"personal": 1})],
)
def test_summary_refuses_a_status_it_cannot_vouch_for(key: str, value: Any) -> None:
    """A status with the wrong type or without a key is a bug: ValueError."""
    status = copy.deepcopy(STATUS)
    status[key] = value
    with pytest.raises(ValueError, match=key):
        summary(status, None, AS_OF, None)


# Marked so that no secret can equal a key or value a summary rightly holds.
_SECRET = st.text().map(lambda text: f"<<{text}>>")


@given(secrets=st.lists(_SECRET, min_size=1, max_size=5))
def test_no_free_text_reaches_a_summary(secrets: list[str]) -> None:
    """Titles, descriptions, reflections, statement text and evidence paths
    salted anywhere in status, as extra keys or values, never reach the
    summary: the allow-list is the safety property."""
    status = copy.deepcopy(STATUS)
    for index, secret in enumerate(secrets):
        status[f"title_{index}"] = secret
        status[secret] = {"description": secret}
        status["statement"][secret] = secret
        status["statement"]["text"] = secret
        status["forecast"][f"note{index}"] = secret
        status["window"]["label"] = secret
        status["by_area"][secret] = 1.0
        status["by_type"][secret] = 1.0
        status["missing_reflection"].append(secret)
        status["activities"] = [{"title": secret, "reflection": secret}]
        status["evidence"] = [f"/home/ann/{secret}.pdf"]
    text = json.dumps(summary(status, "Ann", AS_OF, None))
    assert "<<" not in text
    for secret in secrets:
        assert json.dumps(secret)[1:-1] not in text


def _bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode()


def test_read_summary_gives_the_row() -> None:
    """A row names the person and carries the figures and the mark."""
    assert read_summary(_bytes(_summary()), "ann") == Row(
        "Ann", 21.5, 20, True, 243, date(2026, 11, 1), "green", AS_OF
    )


@pytest.mark.parametrize("name", [None, "", "  \t"])
def test_read_summary_names_an_unnamed_person_by_label(name: str | None) -> None:
    """A summary without a name (null, blank or absent) is named by label."""
    data = _summary(name=name)
    assert read_summary(_bytes(data), "bob").name == "bob"
    del data["name"]
    assert read_summary(_bytes(data), "bob").name == "bob"


def test_read_summary_ignores_unknown_keys() -> None:
    """A newer cpdlog may add keys, at the top and inside: they are read."""
    data = _summary()
    data["mood"] = {"today": [1, 2]}
    data["forecast"]["confidence"] = "high"
    data["statement"]["sections"] = 3
    data["by_area"]["digital"] = 2.0
    assert read_summary(_bytes(data), "ann").mark == "green"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hours": "21.5"}, "'hours' should be a number of hours, 0 or more"),
        ({"hours": -1}, "'hours' should be a number of hours, 0 or more"),
        ({"hours": True}, "'hours' should be a number of hours, 0 or more"),
        ({"target_hours": 1e308}, "'target_hours' should be a number of hours"),
        ({"met": "yes"}, "'met' should be true or false"),
        ({"entries": 2.0}, "'entries' should be a whole number, 0 or more"),
        ({"as_of": "22/11/2026"}, "'as_of' should be a date (YYYY-MM-DD)"),
        ({"as_of": "20261122"}, "'as_of' should be a date (YYYY-MM-DD)"),
        ({"last_activity": 3}, "'last_activity' should be a date (YYYY-MM-DD) or"),
        ({"name": 7}, "'name' should be a string or null"),
        ({"forecast": []}, "'forecast' should be an object"),
        ({"forecast__drops_below": "soon"}, "'forecast.drops_below' should be a"),
        ({"statement__words": None}, "'statement.words' should be a whole number"),
        ({"by_area": {"personal": "1"}}, "'by_area' should be an object of hours"),
        ({"window": {"start": "2025-11-23"}}, "the key 'window.end' is missing"),
    ],
)
def test_read_summary_names_the_wrong_key(change: dict, message: str) -> None:
    """A summary with a wrong type is a DataError naming the file and key."""
    with pytest.raises(DataError, match=r"^ann: not a cpdlog summary: ") as caught:
        read_summary(_bytes(_summary(**change)), "ann")
    assert message in str(caught.value)
    assert str(caught.value).endswith("write it again with `cpdlog share`.")


@pytest.mark.parametrize("key", [k for k in SUMMARY_KEYS if k != "name"])
def test_read_summary_names_a_missing_key(key: str) -> None:
    """Every key but name is required."""
    data = _summary()
    del data[key]
    with pytest.raises(DataError, match=f"^ann: .*the key '{key}' is missing"):
        read_summary(_bytes(data), "ann")


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"", "cannot be read as JSON"),
        (b"{", "cannot be read as JSON"),
        (b"\xff\xfe\x00", "cannot be read as JSON"),
        (b"[1]", "it is not a JSON object"),
        (b'{"hours": NaN}', "'scheme' is missing"),
        (b"null", "it is not a JSON object"),
    ],
)
def test_read_summary_names_what_is_not_a_summary(data: bytes, why: str) -> None:
    with pytest.raises(DataError, match=r"^x: not a cpdlog summary") as caught:
        read_summary(data, "x")
    assert why in str(caught.value)


def test_read_summary_names_where_the_summary_came_from() -> None:
    """Messages name `where` (a file's path) when given, not the label."""
    with pytest.raises(DataError, match=r"^/team/ann\.json: not a cpdlog summary"):
        read_summary(b"{", "ann", "/team/ann.json")


def test_read_summary_refuses_nan_hours() -> None:
    """NaN, which Python's json reads, is not a number of hours."""
    raw = _bytes(_summary()).replace(b'"hours": 21.5', b'"hours": NaN')
    with pytest.raises(DataError, match="'hours' should be a number"):
        read_summary(raw, "x")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"forecast__drops_below": None}, "green"),
        ({"forecast__drops_below": "2026-12-23"}, "green"),  # as_of + 31 days
        ({"forecast__drops_below": "2026-12-22"}, "amber"),  # as_of + 30 days
        ({"forecast__drops_below": "2026-11-23"}, "amber"),
        ({"met": False, "remaining_hours": 5}, "amber"),  # a quarter of 20 h
        ({"met": False, "remaining_hours": 5 + 1 / 60}, "red"),  # a minute more
        ({"met": False, "remaining_hours": 0.0833}, "amber"),  # 5 minutes
        ({"met": False, "remaining_hours": 20}, "red"),
        ({"met": False, "target_hours": 35, "remaining_hours": 8.75}, "amber"),
        ({"met": False, "target_hours": 35, "remaining_hours": 8.7667}, "red"),
        ({"met": False, "target_hours": 0, "remaining_hours": 0}, "amber"),
    ],
)
def test_mark_at_its_boundaries(changes: dict, expected: str) -> None:
    """green when still met 30 days on; amber when met but dropping below
    within 30 days, or a quarter of the target or less to go; red otherwise."""
    assert mark(_summary(**changes)) == expected


def test_rows_sort_red_first_then_by_name() -> None:
    """Red, amber, green; within a mark by name, ignoring case."""
    rows = [
        Row(name, 0, 20, False, 0, None, colour)
        for name, colour in [
            ("bob", "green"),
            ("Cy", "red"),
            ("Ann", "green"),
            ("al", "amber"),
            ("abe", "red"),
            ("Zed", "amber"),
        ]
    ]
    assert [(r.mark, r.name) for r in sort_rows(rows)] == [
        ("red", "abe"),
        ("red", "Cy"),
        ("amber", "al"),
        ("amber", "Zed"),
        ("green", "Ann"),
        ("green", "bob"),
    ]


def test_row_json_has_the_spec_keys() -> None:
    row = read_summary(_bytes(_summary(last_activity=None)), "ann")
    assert row_json(row) == {
        "name": "Ann",
        "hours": 21.5,
        "target_hours": 20,
        "met": True,
        "statement_words": 243,
        "last_activity": None,
        "mark": "green",
    }
    later = row._replace(last_activity=date(2026, 1, 2))
    assert row_json(later)["last_activity"] == "2026-01-02"
