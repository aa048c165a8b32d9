"""Hypothesis over every flag of `add` and `edit`: exit 0 with a valid stored
file, or exit 2 with a sentence and nothing written.

Each generated value carries a verdict from the SPEC: OK (must be accepted),
BAD (must be refused with exit 2) or EITHER (the SPEC leaves it open, such as
`--type Reading` or `--duration 1.5h`). A command whose values are all OK must
exit 0 and store exactly what was given; one with a BAD value must exit 2
and leave the home byte for byte as it was; otherwise either outcome is
fine, but an exit 0 must still store a valid file.
"""

import json
import re
import shutil
import stat
import tempfile
import tomllib
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from cpdlog.core import pksb, pksb_format
from cpdlog.core.catalogue import AREA_NAMES, TYPE_NAMES
from cpdlog.errors import UsageError
from cpdlog.store.activity_file import read_stored
from tests.conftest import cli, files, snapshot
from tests.handmade import activity_text, write_activity

EXAMPLES = 150  # per property in the default run; docs cite these
EXAMPLES_SLOW = 1_500  # per property with --slow
DEFAULT = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
SLOW = settings(DEFAULT, max_examples=EXAMPLES_SLOW)

TODAY = date(2026, 11, 23)  # conftest's CPDLOG_TEST_NOW
DAY = timedelta(days=1)
# The fields `--clear` takes, as the SPEC lists them.
CLEARABLE = (
    "end_date",
    "provider",
    "description",
    "reflection",
    "areas",
    "tags",
    "pksb",
    "evidence",
)
LISTS = ("areas", "tags", "pksb", "evidence")

OK, BAD, EITHER = "ok", "bad", "either"


class Arg(NamedTuple):
    """A command-line value, the SPEC's verdict on it, and what it means."""

    text: str
    verdict: str
    value: Any = None


def worst(verdicts: Sequence[str]) -> str:
    if BAD in verdicts:
        return BAD
    return EITHER if EITHER in verdicts else OK


# --- values ----------------------------------------------------------------
# Each kind of value has ACCEPTED (what the SPEC accepts: verdict OK) and
# ANY (accepted, refused and unspecified values mixed).

ANY_CHAR = st.characters(exclude_categories=("Cs",))  # NUL included
NO_NUL = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # str.splitlines's
ONE_LINE = st.characters(
    exclude_categories=("Cs",), exclude_characters="\x00" + LINE_BREAKS
)
AWKWARD = [
    '"""',
    'a """ b """',
    "'''",
    "back\\slash \\n \\u0041 \\",
    "crlf\r\nlines\r\n",
    "lone\rcr",
    "\ttab\tand trailing  ",
    "\n\nleading newlines",
    "\x1b[31mred\x1b[0m \x07 \x7f",
    "[bold]markup[/bold]",
    "emoji 📚, RTL שלום, combining e\u0301",
    "\u2028\u2029\x85",
    "-starts-with-dash",
    "--",
    "--help",
    'key = "value"\n[table]',
]
WITH_NUL = ["nul\x00inside", "\x00", "\x00\x00\n"]
BLANK = ["", " ", "\t\n", "\u3000"]


def _long(chars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Text of 100 to 5,000 characters: a random piece repeated."""
    return st.builds(
        lambda piece, times: (piece * times)[:5000],
        st.text(chars, min_size=1, max_size=12),
        st.integers(100, 5000),
    )


def _text_arg(text: str) -> Arg:
    """Provider, description, reflection: any Unicode but NUL."""
    return Arg(text, BAD if "\x00" in text else OK, text)


def _item_arg(text: str) -> Arg:
    """A --tag or --evidence: any Unicode but NUL; the SPEC does not
    say whether an empty item may be stored."""
    if "\x00" in text:
        return Arg(text, BAD)
    return Arg(text, OK if text.strip() else EITHER, text)


def _title_arg(text: str) -> Arg:
    """One line, not empty after stripping, no NUL; stored as given."""
    one_line = text.splitlines() == [text]
    good = one_line and text.strip() and "\x00" not in text
    return Arg(text, OK if good else BAD, text)


ACCEPTED_TEXTS = st.one_of(
    st.text(NO_NUL, max_size=30),
    st.sampled_from([*AWKWARD, *BLANK]),
    _long(NO_NUL),
).map(_text_arg)
TEXTS = st.one_of(
    ACCEPTED_TEXTS,
    st.text(ANY_CHAR, max_size=30).map(_text_arg),
    _long(ANY_CHAR).map(_text_arg),
    st.sampled_from(WITH_NUL).map(_text_arg),
)
ACCEPTED_ITEMS = st.one_of(
    st.text(NO_NUL, min_size=1, max_size=30).filter(str.strip),
    st.sampled_from(AWKWARD),
    _long(NO_NUL).filter(str.strip),
).map(_item_arg)
ITEMS = st.one_of(
    ACCEPTED_ITEMS,
    st.text(ANY_CHAR, max_size=20).map(_item_arg),
    st.sampled_from([*WITH_NUL, *BLANK]).map(_item_arg),
)
FRAMEWORK = pksb_format.load_framework(pksb_format.shipped_text(), None)
PKSB_NAMES = [area.name for area in FRAMEWORK]


def _pksb_arg(text: str) -> Arg:
    """A --pksb: a PKSB area's name or code (any case) or a unique prefix,
    stored as the full name (its value); anything else is refused."""
    try:
        return Arg(text, OK, pksb.match_area(FRAMEWORK, text))
    except UsageError:
        return Arg(text, BAD)


ACCEPTED_PKSB = st.one_of(
    st.sampled_from(PKSB_NAMES),
    st.sampled_from(PKSB_NAMES).map(str.upper),
    st.sampled_from(["data", "rec", "research", "ETHICS", "wider o", " knowledge  m "]),
).map(_pksb_arg)
PKSB = st.one_of(
    ACCEPTED_PKSB,
    st.text(ANY_CHAR, max_size=20).map(_pksb_arg),
    st.sampled_from(
        ["info", "", " ", "Underwater basket weaving", "\x00", "Research skills"]
    ).map(_pksb_arg),
)
ACCEPTED_TITLES = st.one_of(
    st.text(ONE_LINE, min_size=1, max_size=80).filter(str.strip),
    st.sampled_from(["Webinar", "  padded  ", '"""', "\\", "-dash", "--", "[b]x[/b]"]),
    _long(ONE_LINE).filter(str.strip),
).map(_title_arg)
TITLES = st.one_of(
    ACCEPTED_TITLES,
    st.text(ANY_CHAR, max_size=40).map(_title_arg),
    st.sampled_from(
        ["a\nb", "a\rb", "a\u2028b", "a\x85b", "end\n", *BLANK, *WITH_NUL]
    ).map(_title_arg),
    _long(ANY_CHAR).map(_title_arg),
)


def _days_ago(number: int, words: bool) -> Arg:
    text = (
        ("1 day ago" if number == 1 else f"{number} days ago")
        if words
        else f"{number}d"
    )
    if number < TODAY.toordinal():  # date.min is ordinal 1
        return Arg(text, OK, TODAY - timedelta(days=number))
    return Arg(text, BAD)  # before the year 1


def _iso(day: date) -> Arg:
    return Arg(day.isoformat(), OK, day)


BAD_DATES = [
    "", " ", "2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "26-01-01",
    "2026/01/01", "2026-1-1", "tomorrow", "-1d", "1e3d", "2026-01-01T10:00",
    "banana", "1000000d", "99999999 days ago", "d", "days ago", "today yesterday",
    "\x00", "today\x00",
]  # fmt: skip
ODD_DATES = [
    "TODAY", " today ", "Yesterday", "3D", "2  days  ago", "3 day ago",
    "1 days ago", "\uff13d", "\uff12\uff10\uff12\uff16-01-01", "\ttoday\n",
    "20260101",
]  # fmt: skip
ACCEPTED_DATES = st.one_of(
    st.dates(date.min, TODAY).map(_iso),
    st.dates(TODAY - 60 * DAY, TODAY).map(_iso),
    st.sampled_from(
        [
            Arg("today", OK, TODAY),
            Arg("yesterday", OK, TODAY - DAY),
            Arg("0d", OK, TODAY),
            Arg("1 day ago", OK, TODAY - DAY),
        ]
    ),
    st.builds(_days_ago, st.integers(0, TODAY.toordinal() - 1), st.booleans()),
    st.builds(_days_ago, st.integers(0, 60), st.booleans()),
)
DATES = st.one_of(
    ACCEPTED_DATES,
    st.builds(_days_ago, st.integers(TODAY.toordinal() - 3, 10**7), st.booleans()),
    st.dates(TODAY + DAY, date.max).map(lambda day: Arg(day.isoformat(), BAD)),
    st.sampled_from(BAD_DATES).map(lambda text: Arg(text, BAD)),
    st.sampled_from(ODD_DATES).map(lambda text: Arg(text, EITHER)),
    st.text(ANY_CHAR, max_size=12).map(lambda text: Arg(text, EITHER)),
)

MOST_HOURS = 24 * 366 * 100  # beyond this the SPEC is silent (a tool's cap)
EVER = (TODAY - date.min).days + 1  # more hours than these days hold is BAD


def _nearest_minute(hours: Decimal) -> tuple[int, bool]:
    """(minutes, whether it is a tie between two minutes)."""
    exact = hours * 60
    minutes = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return minutes, exact - exact.to_integral_value(ROUND_FLOOR) == Decimal("0.5")


def _hours_arg(hours: Decimal) -> Arg:
    text = format(hours, "f")
    if hours <= 0 or hours > EVER * 24:
        return Arg(text, BAD)
    minutes, tie = _nearest_minute(hours)
    if tie or hours > MOST_HOURS:
        return Arg(text, EITHER)
    return Arg(text, OK, minutes) if minutes > 0 else Arg(text, BAD)


def _minutes_as_hours(minutes: int) -> Arg:
    text = f"{minutes / 60:.4f}".rstrip("0").rstrip(".")
    return Arg(text, OK, minutes)


BAD_HOURS = [
    "-1", "0", "0.0", "-0", "0.008", "nan", "NaN", "inf", "-inf", "Infinity",
    "sNaN", "abc", "", " ", "1,5", "1h", "90m", "0x10", "1e400", "1.5.5", "--1",
    "1:30", "\x00", "1\x00", "1e-400", "9" * 400, "0.00000001",
]  # fmt: skip
ODD_HOURS = ["1e1", " 1.5 ", "+1", "1_0", "\uff11.\uff15", ".5", "5.", "1E-1", "2E+0"]
ACCEPTED_HOURS = st.one_of(
    st.integers(1, 1440).map(_minutes_as_hours),
    st.integers(1, 24).map(lambda whole: Arg(str(whole), OK, whole * 60)),
)
HOURS = st.one_of(
    ACCEPTED_HOURS,
    st.integers(1, 6000).map(_minutes_as_hours),
    st.decimals(
        min_value=-10, max_value=10**8, places=4, allow_nan=False, allow_infinity=False
    ).map(_hours_arg),
    st.sampled_from(BAD_HOURS).map(lambda text: Arg(text, BAD)),
    st.sampled_from(ODD_HOURS).map(lambda text: Arg(text, EITHER)),
)


def _duration_arg(minutes: int, style: int) -> Arg:
    hours, rest = divmod(minutes, 60)
    if style == 1 and hours and not rest:
        return Arg(f"{hours}h", OK, minutes)
    if style == 2 and hours and rest:
        return Arg(f"{hours}h{rest}m", OK, minutes)
    if style == 3:
        return Arg(f"{hours}:{rest:02d}", OK, minutes)
    return Arg(f"{minutes}m", OK, minutes)


BAD_DURATIONS = [
    "0m", "0h", "0:00", "1:60", "1:5", "90", "abc", "", "-5m", "h", "m",
    "1h-5m", "nan", "1:30:00", "1.5", "0h0m", "m90", "\x00", "90m\x00",
    "99999999999999999999h", "99999999999999:00", "9" * 400 + "m",
]  # fmt: skip
ODD_DURATIONS = [
    "1.5h", "1h 30m", "90 min", "1H30M", "2 hours", "90mins", " 90m ", "1hr",
    "0.5h", "1h0m", "00:01", "90M",
]  # fmt: skip
ACCEPTED_DURATIONS = st.builds(_duration_arg, st.integers(1, 1440), st.integers(0, 3))
DURATIONS = st.one_of(
    ACCEPTED_DURATIONS,
    st.builds(_duration_arg, st.integers(1, 6000), st.integers(0, 3)),
    st.sampled_from(BAD_DURATIONS).map(lambda text: Arg(text, BAD)),
    st.sampled_from(ODD_DURATIONS).map(lambda text: Arg(text, EITHER)),
)

ACCEPTED_TYPES = st.sampled_from(TYPE_NAMES).map(lambda name: Arg(name, OK, name))
TYPES = st.one_of(
    ACCEPTED_TYPES,
    st.sampled_from(["banana", "", "reading2", "read ing", "conferences", "\x00"]).map(
        lambda text: Arg(text, BAD)
    ),
    st.sampled_from(["Reading", " webinar", "COURSE", "Podcast-Video"]).map(
        lambda text: Arg(text, EITHER)
    ),
    st.text(ANY_CHAR, max_size=10).map(
        lambda text: Arg(text, OK, text) if text in TYPE_NAMES else Arg(text, EITHER)
    ),
)
ACCEPTED_AREAS = st.sampled_from(AREA_NAMES).map(lambda name: Arg(name, OK, name))
AREAS = st.one_of(
    ACCEPTED_AREAS,
    st.sampled_from(["galactic", "", "personal,wider", "all", "wide", "\x00"]).map(
        lambda text: Arg(text, BAD)
    ),
    st.sampled_from(["Personal", "org", "organizational", " wider ", "WIDER"]).map(
        lambda text: Arg(text, EITHER)
    ),
)
ACCEPTED_CLEARS = st.sampled_from(CLEARABLE).map(lambda name: Arg(name, OK, name))
CLEARS = st.one_of(
    ACCEPTED_CLEARS,
    st.sampled_from(
        ["title", "hours", "id", "date", "type", "junk", "", "created", "\x00"]
    ).map(lambda text: Arg(text, BAD)),
    st.sampled_from(["Tags", " tags", "end-date", "attributes"]).map(
        lambda text: Arg(text, EITHER)
    ),
)


# --- calls -----------------------------------------------------------------


class Call(NamedTuple):
    """A generated command line and what the SPEC expects of it."""

    args: list[str]
    verdict: str
    given: dict[str, Any]  # field -> Arg (or list of Args)


Group = tuple[str, str, Arg]  # (field, flag, value)


# field -> (flag, values the SPEC accepts, any value)
FIELDS: dict[str, tuple[str, st.SearchStrategy[Arg], st.SearchStrategy[Arg]]] = {
    "title": ("--title", ACCEPTED_TITLES, TITLES),
    "date": ("--date", ACCEPTED_DATES, DATES),
    "end_date": ("--end-date", ACCEPTED_DATES, DATES),
    "hours": ("--hours", ACCEPTED_HOURS, HOURS),
    "duration": ("--duration", ACCEPTED_DURATIONS, DURATIONS),
    "type": ("--type", ACCEPTED_TYPES, TYPES),
    "provider": ("--provider", ACCEPTED_TEXTS, TEXTS),
    "description": ("--description", ACCEPTED_TEXTS, TEXTS),
    "reflection": ("--reflection", ACCEPTED_TEXTS, TEXTS),
    "areas": ("--area", ACCEPTED_AREAS, AREAS),
    "tags": ("--tag", ACCEPTED_ITEMS, ITEMS),
    "pksb": ("--pksb", ACCEPTED_PKSB, PKSB),
    "evidence": ("--evidence", ACCEPTED_ITEMS, ITEMS),
}


def _options(draw: Any, edit: bool) -> tuple[list[Group], dict]:
    """Option groups and the Args they hold by field.

    A call is clean (every value one the SPEC accepts), has one field that
    may hold anything, or is chaos (every field may hold anything), so that
    both the accepted and each refused value are tried often.
    """
    names = list(FIELDS)
    mode = draw(st.sampled_from(["clean", "clean", "one", "one", "chaos"]))
    dirty = set()
    if mode == "chaos":
        dirty = set(names)
    elif mode == "one":
        dirty = {draw(st.sampled_from(names))}
    times = ["hours", "duration"] + (["none"] if edit else [])
    if mode == "chaos":
        times += ["both", "none"]
    time = draw(st.sampled_from(times))
    present = set(dirty) if mode == "one" else set()
    for name in names:
        if name in ("hours", "duration"):
            wanted = time in (name, "both")
        elif name in ("title", "type") and not edit:  # required by add
            wanted = mode != "chaos" or draw(st.integers(0, 5)) > 0
        else:
            wanted = draw(st.integers(0, 2)) == 0
        if wanted:
            present.add(name)
    if {"hours", "duration"} <= present and mode != "chaos":
        present.discard("duration" if "hours" in dirty else "hours")
    given: dict[str, Any] = {}
    groups: list[Group] = []
    for name in names:
        if name not in present:
            continue
        flag, accepted, anything = FIELDS[name]
        if name == "end_date" and name not in dirty:
            arg = _end_after(draw, given.get("date"), edit)
        elif name in LISTS:
            count = draw(st.integers(1, 3))
            for arg in draw(st.lists(accepted, min_size=count, max_size=count)):
                groups.append((name, flag, arg))
            if name in dirty:
                groups.append((name, flag, draw(anything)))
            continue
        else:
            arg = draw(anything if name in dirty else accepted)
        given[name] = arg
        groups.append((name, flag, arg))
    return groups, given


def _end_after(draw: Any, start: Arg | None, edit: bool) -> Arg:
    """An accepted end date on or after the date (the stored one for edit)."""
    if start is None:
        day = KNOWN["date"] if edit else TODAY
    elif start.verdict == OK:
        day = start.value
    else:
        return draw(ACCEPTED_DATES)
    end = min(TODAY, day + timedelta(days=draw(st.integers(0, 30))))
    return Arg(end.isoformat(), OK, end)


def _shuffled(draw: Any, groups: list[Group], given: dict[str, Any]) -> list[str]:
    """The groups' tokens in any order; given's lists follow that order."""
    shuffled = draw(st.permutations(groups))
    for name, _flag, arg in shuffled:
        if name in LISTS or name == "clear":
            given.setdefault(name, []).append(arg)
    return [token for _name, flag, arg in shuffled for token in (flag, arg.text)]


def _span(start: Any, end: Any, minutes: Any) -> str:
    """The SPEC's date <= end_date and at most 24 hours a day."""
    if None in (start, minutes):
        return EITHER
    if end is not None and end < start:
        return BAD
    days = ((end or start) - start).days + 1
    return BAD if minutes > days * 24 * 60 else OK


@st.composite
def add_calls(draw: Any) -> Call:
    groups, given = _options(draw, edit=False)
    title = given.get("title")
    groups = [group for group in groups if group[0] != "title"]
    tokens = _shuffled(draw, groups, given)
    if title is not None:
        tokens += ["--", title.text]
    verdicts = [arg.verdict for arg in _flat(given)]
    missing = (
        title is None
        or "type" not in given
        or ("hours" in given) == ("duration" in given)  # neither, or both
    )
    if missing:
        verdicts.append(BAD)
    else:
        verdicts.append(_add_span(given))
    return Call(tokens, worst(verdicts), given)


def _flat(given: dict[str, Any]) -> list[Arg]:
    found: list[Arg] = []
    for value in given.values():
        found += value if isinstance(value, list) else [value]
    return found


def _known(given: dict[str, Any], name: str, default: Any = None) -> Any:
    """The meaning of an OK value; default when absent; None when unknown."""
    arg = given.get(name)
    if arg is None:
        return default
    return arg.value if arg.verdict == OK else None


def _add_span(given: dict[str, Any]) -> str:
    start = _known(given, "date", TODAY)
    end = _known(given, "end_date")
    minutes = _known(given, "hours") or _known(given, "duration")
    if "end_date" in given and end is None:
        return EITHER
    return _span(start, end, minutes)


# --- the add property ------------------------------------------------------


def _fresh_home(monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new home (and cache) for one Hypothesis example."""
    root = Path(tempfile.mkdtemp(prefix="cpdlog-fuzz-"))
    monkeypatch.setenv("CPDLOG_HOME", str(root / "home"))
    monkeypatch.setenv("CPDLOG_CACHE_DIR", str(root / "cache"))
    return root


def refused_cleanly(result: Any, before: dict, home: Path) -> None:
    """Exit 2: a sentence on stderr, nothing on stdout, nothing written."""
    assert result.stderr.strip(), "exit 2 without a sentence"
    assert re.search(r"[A-Za-z]", result.stderr), result.stderr
    assert result.stdout == "", result.stdout
    assert snapshot(home) == before, "a refused command changed the home"


def _loads(path: Path) -> dict[str, Any]:
    # read_bytes, not read_text: universal newlines would turn CR into LF.
    return tomllib.loads(path.read_bytes().decode("utf-8"))


def _check_stored(shown: dict[str, Any], table: dict[str, Any], call: Call) -> None:
    """An accepted add stored exactly the given values (the OK ones)."""
    given = call.given
    for data in (shown, table):
        assert data["title"] == given["title"].text
        for name in ("provider", "description", "reflection"):
            arg = given.get(name)
            if arg is None:
                assert data.get(name) is None, name
            else:
                assert data[name] == arg.text, name
        for name in ("tags", "evidence"):
            args = given.get(name, [])
            if all(arg.verdict == OK for arg in args):
                assert data.get(name, []) == [arg.text for arg in args], name
        areas_given = given.get("pksb", [])
        if all(arg.verdict == OK for arg in areas_given):
            expected = list(dict.fromkeys(arg.value for arg in areas_given))
            assert data.get("pksb", []) == expected
        areas = given.get("areas", [])
        assert set(data.get("areas", [])) <= set(AREA_NAMES)
        if all(arg.verdict == OK for arg in areas):
            assert set(data.get("areas", [])) == {arg.value for arg in areas}
        assert data["type"] in TYPE_NAMES
        if given["type"].verdict == OK:
            assert data["type"] == given["type"].value
    day = _known(given, "date", TODAY)
    if day is not None:
        assert shown["date"] == day.isoformat()
        assert table["date"] == day
    if "end_date" not in given:
        assert shown["end_date"] is None
    elif given["end_date"].verdict == OK:
        assert shown["end_date"] == given["end_date"].value.isoformat()
    minutes = _known(given, "hours") or _known(given, "duration")
    for hours in (shown["hours"], table["hours"]):
        assert isinstance(hours, int | float)
        assert hours > 0
        assert len(repr(float(hours)).partition(".")[2]) <= 4, hours
        if minutes is not None:
            assert round(hours * 60) == minutes


HOMES = st.sampled_from(["new", "used", "damaged"])


def check_add(monkeypatch: pytest.MonkeyPatch, call: Call, existing: str) -> None:
    """existing: a home that is new, holds an activity, or also a damaged file
    (whose damage is elsewhere: add still works)."""
    root = _fresh_home(monkeypatch)
    home = root / "home"
    try:
        if existing != "new":
            write_activity(
                home, "2026-01-02-old-old1.toml", activity_text(id="old1", title="Old")
            )
        if existing == "damaged":
            write_activity(
                home, "2026-01-03-bad-br01.toml", 'id = "br01"\nhours = "x"\n'
            )
        before = snapshot(home)
        old_files = files(home)
        result = cli("add", *call.args, code=None)
        event(f"verdict {call.verdict}, exit {result.exit_code}")
        assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
        if call.verdict == OK:
            assert result.exit_code == 0, result.stderr
        elif call.verdict == BAD:
            assert result.exit_code == 2, result.stdout
        if result.exit_code == 2:
            refused_cleanly(result, before, home)
            return
        assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*\n", result.stdout), result.stdout
        activity_id = result.stdout.strip()
        (new,) = set(files(home)) - set(old_files)
        assert len(files(home)) == len(old_files) + 1
        assert stat.S_IMODE(new.stat().st_mode) == 0o600
        table = _loads(new)
        assert table["id"] == activity_id
        shown = json.loads(cli("show", activity_id, "--json").stdout)
        _check_stored(shown, table, call)
        cli("check", code=1 if existing == "damaged" else 0)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@DEFAULT
@given(call=add_calls(), existing=HOMES)
@example(
    call=Call(
        ["--hours", "1", "--type", "reading", "--reflection", "a\x00b", "--", "T"],
        BAD,
        {},
    ),
    existing="new",
)
@example(
    call=Call(["--hours", "1", "--type", "reading", "--", "a\nb"], BAD, {}),
    existing="damaged",
)
@example(
    call=Call(
        ["--hours", "1", "--duration", "1h", "--type", "reading", "--", "T"], BAD, {}
    ),
    existing="new",
)
@example(
    call=Call(["--hours", "0", "--type", "reading", "--", "T"], BAD, {}), existing="new"
)
def test_add_accepts_or_refuses_cleanly(
    monkeypatch: pytest.MonkeyPatch, call: Call, existing: str
) -> None:
    """add: exit 0 with one new valid file holding the given values, or exit 2
    with a sentence and nothing written; the SPEC's verdict decides which."""
    check_add(monkeypatch, call, existing)


@pytest.mark.slow
@SLOW
@given(call=add_calls(), existing=HOMES)
def test_add_accepts_or_refuses_cleanly_long(
    monkeypatch: pytest.MonkeyPatch, call: Call, existing: str
) -> None:
    """The same with EXAMPLES_SLOW examples."""
    check_add(monkeypatch, call, existing)


# --- the edit property -----------------------------------------------------

KNOWN = {
    "id": "k3f9",
    "title": "Known activity",
    "date": date(2026, 3, 14),
    "end_date": date(2026, 3, 15),
    "minutes": 90,
    "type": "reading",
    "areas": ["personal"],
    "provider": "CILIP",
    "tags": ["metadata"],
    "pksb": [],
    "evidence": [],
    "description": "What I did.",
    "reflection": "What I learned.",
}
UNKNOWN_KEYS = 'mood = "kept"\nrating = 5\n\n[extra]\nnote = "kept too"\n'
IDS = st.one_of(
    st.sampled_from(["k3f9", "k3f", "k3f9"]).map(lambda text: Arg(text, OK)),
    st.sampled_from(
        ["k3", "k", "zzzz", "../..", "", "k3f9x", "k3ab1", "\x00", "-"]
    ).map(lambda text: Arg(text, BAD)),
    st.sampled_from(["K3F9", " k3f9", "k3f9 "]).map(lambda text: Arg(text, EITHER)),
)


LAYOUTS = ["plain", "bom-crlf", "quoted-dates", "comments"]


def _known_text(layout: str) -> str:
    """The known activity as cpdlog writes it, or as a person might: with a
    byte-order mark and CRLF, quoted dates and 5 decimals, comments."""
    text = (
        activity_text(
            id="k3f9",
            title=KNOWN["title"],
            date="2026-03-14",
            end_date="2026-03-15",
            hours=1.5,
            type="reading",
            areas=["personal"],
            provider="CILIP",
            tags=["metadata"],
            description=KNOWN["description"],
            reflection=KNOWN["reflection"],
        )
        + UNKNOWN_KEYS
    )
    if layout == "bom-crlf":
        return "\ufeff" + text.replace("\n", "\r\n")
    if layout == "quoted-dates":
        text = text.replace("date = 2026-03-14", 'date = "2026-03-14"')
        text = text.replace("end_date = 2026-03-15", 'end_date = " 2026-03-15 "')
        return text.replace("hours = 1.5\n", "hours = 1.50001\n")
    if layout == "comments":
        lines = [
            f"{line}  # note" if " = " in line else line for line in text.split("\n")
        ]
        return "# my own notes\n\n" + "\n".join(lines)
    return text


def _day(value: Any) -> Any:
    """A stored date, quoted or not."""
    return date.fromisoformat(value.strip()) if isinstance(value, str) else value


@st.composite
def edit_calls(draw: Any) -> Call:
    groups, given = _options(draw, edit=True)
    groups += [("clear", "--clear", arg) for arg in draw(st.lists(CLEARS, max_size=3))]
    ident = draw(IDS)
    tokens = [*_shuffled(draw, groups, given), "--", ident.text]
    clears = given.pop("clear", [])
    verdicts = [arg.verdict for arg in [*_flat(given), *clears, ident]]
    if not groups:
        verdicts.append(BAD)  # no field flags: $EDITOR, which is unset
    if "hours" in given and "duration" in given:
        verdicts.append(BAD)
    cleared = {arg.value for arg in clears if arg.verdict == OK}
    if cleared & set(given) or ("duration" in given and "hours" in cleared):
        verdicts.append(EITHER)  # clear and set one field: the SPEC is silent
    verdicts.append(_edit_span(given, cleared))
    given["clear"] = clears
    return Call(tokens, worst(verdicts), given)


def _edit_span(given: dict[str, Any], cleared: set[str]) -> str:
    start = _known(given, "date", KNOWN["date"])
    end = _known(given, "end_date", KNOWN["end_date"])
    if "end_date" in cleared and "end_date" not in given:
        end = None
    elif "end_date" in given and given["end_date"].verdict != OK:
        return EITHER
    minutes = _known(given, "hours") or _known(given, "duration")
    if "hours" not in given and "duration" not in given:
        minutes = KNOWN["minutes"]
    return _span(start, end, minutes)


def check_edit(monkeypatch: pytest.MonkeyPatch, call: Call, layout: str) -> None:
    root = _fresh_home(monkeypatch)
    home = root / "home"
    try:
        write_activity(home, "2026-03-14-known-activity-k3f9.toml", _known_text(layout))
        other = write_activity(
            home,
            "2026-04-01-other-k3ab.toml",
            activity_text(id="k3ab", title="Other", date="2026-04-01"),
        )
        other_bytes = other.read_bytes()
        before = snapshot(home)
        result = cli("edit", *call.args, code=None)
        event(f"verdict {call.verdict}, exit {result.exit_code}")
        if result.exit_code == 1:
            assert "changed" in result.stderr, result.stderr
            return
        assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
        if call.verdict == OK:
            assert result.exit_code == 0, result.stderr
        elif call.verdict == BAD:
            assert result.exit_code == 2, result.stderr
        if result.exit_code == 2:
            refused_cleanly(result, before, home)
            return
        assert other.read_bytes() == other_bytes
        assert not (home / "rescue").exists()
        (path,) = [p for p in files(home) if p != other]
        _path, activity, table, _raw = read_stored(path)
        assert activity.id == "k3f9"
        assert table["mood"] == "kept"
        assert table["rating"] == 5
        assert table["extra"] == {"note": "kept too"}
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        _check_edited(table, call)
        cli("check")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _check_edited(table: dict[str, Any], call: Call) -> None:
    """Given fields changed to the given values, cleared ones gone, the rest
    as they were."""
    given = call.given
    cleared = {arg.value for arg in given["clear"] if arg.verdict == OK}
    for name in ("title", "provider", "description", "reflection"):
        if name in given:
            assert table[name] == given[name].text, name
        elif name in cleared:
            assert table.get(name) is None, name
        else:
            assert table.get(name) == KNOWN[name], name
    for name in LISTS:
        args = given.get(name, [])
        if args and all(arg.verdict == OK for arg in args):
            expected = [arg.value for arg in args]
            if name == "pksb":  # the full names, each once
                expected = list(dict.fromkeys(expected))
            if name == "areas":
                assert set(table[name]) == set(expected)
            else:
                assert table[name] == expected, name
        elif name in cleared and not args:
            assert table.get(name, []) == [], name
        elif not args:
            assert table.get(name, []) == KNOWN[name], name
    if "type" not in given:
        assert table["type"] == KNOWN["type"]
    elif given["type"].verdict == OK:
        assert table["type"] == given["type"].value
    day = _known(given, "date", KNOWN["date"])
    if day is not None:
        assert _day(table["date"]) == day
    if "end_date" in given:
        if given["end_date"].verdict == OK:
            assert _day(table["end_date"]) == given["end_date"].value
    elif "end_date" in cleared:
        assert "end_date" not in table
    else:
        assert _day(table["end_date"]) == KNOWN["end_date"]
    minutes = _known(given, "hours") or _known(given, "duration")
    if "hours" not in given and "duration" not in given:
        minutes = KNOWN["minutes"]
    if minutes is not None:
        assert round(table["hours"] * 60) == minutes


NO_GIVEN: dict[str, Any] = {"clear": []}


@DEFAULT
@given(call=edit_calls(), layout=st.sampled_from(LAYOUTS))
@example(call=Call(["--", "k3f9"], BAD, NO_GIVEN), layout="plain")
@example(
    call=Call(["--reflection", "a\x00b", "--", "k3f9"], BAD, NO_GIVEN), layout="plain"
)
@example(
    call=Call(["--clear", "title", "--", "k3f9"], BAD, NO_GIVEN), layout="bom-crlf"
)
@example(call=Call(["--title", "x", "--", "k3"], BAD, NO_GIVEN), layout="plain")
@example(
    call=Call(["--date", "2026-03-16", "--", "k3f9"], BAD, NO_GIVEN), layout="comments"
)
@example(
    call=Call(["--hours", "0", "--", "k3f9"], BAD, NO_GIVEN), layout="quoted-dates"
)
def test_edit_accepts_or_refuses_cleanly(
    monkeypatch: pytest.MonkeyPatch, call: Call, layout: str
) -> None:
    """edit: exit 0 with a valid file that keeps its unknown keys, or exit 2
    with the home unchanged byte for byte."""
    check_edit(monkeypatch, call, layout)


@pytest.mark.slow
@SLOW
@given(call=edit_calls(), layout=st.sampled_from(LAYOUTS))
def test_edit_accepts_or_refuses_cleanly_long(
    monkeypatch: pytest.MonkeyPatch, call: Call, layout: str
) -> None:
    """The same with EXAMPLES_SLOW examples."""
    check_edit(monkeypatch, call, layout)
