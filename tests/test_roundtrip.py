"""Round trips: text through add -> file -> show --json, and TOML dump -> load."""

import json
import shutil
import tempfile
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cpdlog.core.tomlfile import dump
from tests.conftest import cli

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"

# Any Unicode but NUL and lone surrogates (which UTF-8 cannot hold).
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
)
TAG = TEXT.filter(lambda text: text.strip() != "")
TITLE = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\x00" + LINE_BREAKS
    ),
    min_size=1,
).filter(lambda text: text.strip() != "")
AWKWARD = [
    '"""',
    'a """ b """',
    "back\\slash \\n \\u0041",
    "crlf\r\nlines\r\n",
    "lone\rcr",
    "\ttab\tand trailing  ",
    "\n\nleading newlines",
    'ends with a quote"',
    "''' single quotes '''",
    "emoji 🐍 and RTL שלום and combining e\u0301",
    "\x7f\x1b[31mescape\x1b[0m",
    "[bold]markup[/bold]",
    "",
]


def _fresh_home(monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new home (and cache) for one Hypothesis example."""
    root = Path(tempfile.mkdtemp(prefix="cpdlog-rt-"))
    monkeypatch.setenv("CPDLOG_HOME", str(root / "home"))
    monkeypatch.setenv("CPDLOG_CACHE_DIR", str(root / "cache"))
    return root


def _stored_table(home: Path) -> dict:
    (path,) = sorted((home / "activities").rglob("*.toml"))
    # read_bytes, not read_text: universal newlines would turn CR into LF.
    return tomllib.loads(path.read_bytes().decode("utf-8"))


def _add_and_read(
    monkeypatch: pytest.MonkeyPatch, title: str, *options: str
) -> tuple[dict, dict]:
    root = _fresh_home(monkeypatch)
    try:
        args = ["add", "--hours", "1", "-t", "reading", *options, "--", title]
        activity_id = cli(*args).stdout.strip()
        shown = json.loads(cli("show", activity_id, "--json").stdout)
        return shown, _stored_table(root / "home")
    finally:
        shutil.rmtree(root, ignore_errors=True)


@SETTINGS
@given(reflection=TEXT, description=TEXT, provider=TEXT, tag=TAG)
@example(
    reflection='"""\nsay """hi"""\n\\',
    description="a\r\nb\rc\n",
    provider="\t",
    tag='"',
)
@example(reflection="\r", description="\\", provider='"""', tag="a\r\nb")
def test_text_comes_back_exactly(
    monkeypatch: pytest.MonkeyPatch,
    reflection: str,
    description: str,
    provider: str,
    tag: str,
) -> None:
    shown, stored = _add_and_read(
        monkeypatch,
        "Round trip",
        f"--reflection={reflection}",
        f"--description={description}",
        f"--provider={provider}",
        f"--tag={tag}",
    )
    for data in (shown, stored):
        assert data["reflection"] == reflection
        assert data["description"] == description
        assert data["provider"] == provider
        assert data["tags"] == [tag]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_text_comes_back_exactly(
    monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    shown, stored = _add_and_read(monkeypatch, "Awkward", f"--reflection={text}")
    assert shown["reflection"] == text
    assert stored["reflection"] == text


@SETTINGS
@given(title=TITLE)
@example(title='"""')
@example(title="-looks like an option")
@example(title=" padded \t")
@example(title="back\\slash")
def test_title_comes_back_exactly(monkeypatch: pytest.MonkeyPatch, title: str) -> None:
    shown, stored = _add_and_read(monkeypatch, title)
    assert shown["title"] == title
    assert stored["title"] == title


@SETTINGS
@given(reflection=TEXT)
def test_edit_keeps_text_exactly(
    monkeypatch: pytest.MonkeyPatch, reflection: str
) -> None:
    root = _fresh_home(monkeypatch)
    try:
        activity_id = cli("add", "Edited", "-H", "1", "-t", "reading").stdout.strip()
        cli("edit", activity_id, f"--reflection={reflection}")
        shown = json.loads(cli("show", activity_id, "--json").stdout)
        assert shown["reflection"] == reflection
        assert _stored_table(root / "home")["reflection"] == reflection
    finally:
        shutil.rmtree(root, ignore_errors=True)


# tomlfile.dump -> tomllib.loads

KEY = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=12,
)
SCALAR = st.one_of(
    TEXT,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.booleans(),
)
VALUE = st.one_of(
    SCALAR,
    st.lists(TEXT, max_size=5),
    st.lists(st.integers(min_value=-1000, max_value=1000), max_size=5),
    st.dictionaries(KEY, SCALAR, max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(KEY, VALUE, max_size=8))
@example(data={"reflection": "a\r\nb", "tags": ['"""', "\\"], "n": 3})
@example(data={"extra": {"x": 1}, "title": "t"})
def test_dump_reads_back_exactly(data: dict) -> None:
    assert tomllib.loads(dump(data)) == data


@settings(max_examples=100, deadline=None)
@given(data=st.dictionaries(KEY, VALUE, max_size=8))
def test_dump_in_field_order_reads_back_exactly(data: dict) -> None:
    order = ("schema_version", "id", "title", "date", "tags", "reflection")
    assert tomllib.loads(dump(data, order)) == data
