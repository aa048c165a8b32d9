"""Interactive add and the other questions, driven through the test runner
(the real terminal is in test_pty.py): each bad answer says why, in the
option's own words, and asks again; values given as options are not asked
for; the end of the input writes nothing (issue 18)."""

import json
import shlex
import sys
from pathlib import Path

import pytest

from cpdlog.cli import prompts
from cpdlog.core.catalogue import TYPE_NAMES
from cpdlog.errors import UsageError
from tests.conftest import add, cli, fails_cleanly, files, snapshot

FAKE_EDITOR = Path(__file__).resolve().parent / "fake_editor.py"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """stdin counts as a terminal for the commands that ask."""
    for module in ("add", "log", "inbox", "home"):
        monkeypatch.setattr(f"cpdlog.cli.{module}.interactive", lambda: True)


def answers(*lines: str) -> str:
    return "".join(line + "\n" for line in lines)


def shown(aid: str) -> dict:
    return json.loads(cli("show", aid, "--json").stdout)


# A whole session


def test_add_asks_for_every_value_in_order(home: Path, terminal: None) -> None:
    result = cli("add", input=answers(
        "Umbrella conference", "2026-03-14", "6h30m", "conference", "p, W",
        "Discovery systems are converging.",
    ))  # fmt: skip
    order = ["Title", "Date [today]", "Duration (1.5, 90m, 1h30m or 1:30)",
             "Type (a number or a name)", "Areas (Enter: none)",
             "Reflection (Enter: none)"]  # fmt: skip
    positions = [result.stderr.index(question + ": ") for question in order]
    assert positions == sorted(positions)
    data = shown(result.stdout.strip())
    assert (data["title"], data["date"], data["hours"], data["type"]) == (
        "Umbrella conference", "2026-03-14", 6.5, "conference"
    )  # fmt: skip
    assert data["areas"] == ["personal", "wider"]
    assert data["reflection"] == "Discovery systems are converging."


def test_enter_takes_today_no_areas_and_no_reflection(
    home: Path, terminal: None
) -> None:
    result = cli("add", input=answers("Reading", "", "1.5", "reading", "", ""))
    data = shown(result.stdout.strip())
    assert data["date"] == "2026-11-23"
    assert data["areas"] == []
    assert data["reflection"] is None


@pytest.mark.parametrize(
    ("bad", "good", "sentence"),
    [
        ("", "Reading", "TITLE: the title is empty."),
        ("   ", "Reading", "TITLE: the title is empty."),
    ],
)
def test_a_bad_title_is_asked_again(
    home: Path, terminal: None, bad: str, good: str, sentence: str
) -> None:
    result = cli("add", "--hours", "1", "-t", "reading",
                 input=answers(bad, good, "", "", ""))  # fmt: skip
    assert sentence in result.stderr
    assert result.stderr.count("Title: ") == 2
    assert shown(result.stdout.strip())["title"] == good


@pytest.mark.parametrize(
    ("bad", "sentence"),
    [
        ("ninety minutes", "--duration 'ninety minutes' is not a duration: use e.g."),
        ("0", "--hours '0': the hours must be more than zero."),
        ("25h", "--hours: 25 hours is more than 1 day(s) hold (24 hours)"),
        ("", "Type the time spent, e.g. 1.5 (hours), 90m or 1:30."),
        ("1,5", "--duration '1,5' is not a duration"),
    ],
)
def test_a_bad_duration_is_asked_again(
    home: Path, terminal: None, bad: str, sentence: str
) -> None:
    result = cli("add", "Reading", "-t", "reading",
                 input=answers("", bad, "90m", "", ""))  # fmt: skip
    assert sentence in " ".join(result.stderr.split())
    assert shown(result.stdout.strip())["hours"] == 1.5


def test_the_duration_fits_the_days_given(home: Path, terminal: None) -> None:
    """30 hours are refused on one day, accepted over two."""
    result = cli("add", "Residential", "-t", "course", "--end-date", "2026-11-02",
                 input=answers("2026-11-01", "30", "", ""))  # fmt: skip
    assert shown(result.stdout.strip())["hours"] == 30


@pytest.mark.parametrize(
    ("bad", "sentence"),
    [
        ("someday", "--date 'someday' is not a date"),
        ("2027-01-01", "--date: the date 2027-01-01 is in the future"),
    ],
)
def test_a_bad_date_is_asked_again(
    home: Path, terminal: None, bad: str, sentence: str
) -> None:
    result = cli("add", "Reading", "-t", "reading",
                 input=answers(bad, "yesterday", "1", "", ""))  # fmt: skip
    assert sentence in " ".join(result.stderr.split())
    assert shown(result.stdout.strip())["date"] == "2026-11-22"


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("3", "webinar"), ("Webinar", "webinar"), ("web", "webinar"),
     ("podc", "podcast-video"), ("23", "other")],
)  # fmt: skip
def test_a_type_by_number_name_or_first_letters(
    home: Path, terminal: None, typed: str, kind: str
) -> None:
    result = cli("add", "X", "--hours", "1", input=answers("", typed, "", ""))
    assert " 3 webinar" in result.stderr  # the numbered list was shown
    assert shown(result.stdout.strip())["type"] == kind


@pytest.mark.parametrize(
    ("bad", "sentence"),
    [
        ("webnar", "--type: 'webnar' is not an activity type"),
        ("co", "--type 'co' could be course, conference, coaching, committee-work"),
        ("0", "--type: '0' is not an activity type"),
        ("24", "--type: '24' is not an activity type"),
        ("", "--type: '' is not an activity type"),
    ],
)
def test_a_bad_type_is_asked_again(
    home: Path, terminal: None, bad: str, sentence: str
) -> None:
    result = cli("add", "X", "--hours", "1", input=answers("", bad, "webinar", "", ""))
    assert sentence in " ".join(result.stderr.split())
    assert result.stderr.count("Type (a number or a name): ") == 2
    assert shown(result.stdout.strip())["type"] == "webinar"


def test_bad_areas_are_asked_again(home: Path, terminal: None) -> None:
    result = cli("add", "X", "-t", "reading",
                 input=answers("", "1", "P, X", "o w personal", ""))  # fmt: skip
    assert "--area: 'x' is not an area: use personal, organisational, wider." in (
        " ".join(result.stderr.split())
    )
    assert shown(result.stdout.strip())["areas"] == [
        "organisational", "wider", "personal"
    ]  # fmt: skip


def test_values_given_as_options_are_not_asked_for(home: Path, terminal: None) -> None:
    result = cli("add", "X", "--date", "yesterday", "--area", "wider", "-t", "reading",
                 "--reflection", "Mine", input=answers("45m"))  # fmt: skip
    assert "Duration" in result.stderr
    for question in ("Title", "Date", "Type", "Areas", "Reflection"):
        assert f"{question} (" not in result.stderr
        assert f"{question}: " not in result.stderr
    data = shown(result.stdout.strip())
    assert (data["date"], data["areas"], data["reflection"]) == (
        "2026-11-22", ["wider"], "Mine"
    )  # fmt: skip


def test_nothing_is_asked_when_the_required_values_are_given(
    home: Path, terminal: None
) -> None:
    """At a terminal, the quick add stays quick: no questions at all."""
    result = cli("add", "X", "--hours", "1", "-t", "reading", input="")
    assert result.stderr.startswith("Logged 1 h")


def test_without_a_terminal_nothing_is_asked(home: Path) -> None:
    result = cli("add", "X", "--hours", "1", input=answers("reading"), code=2)
    fails_cleanly(result, 2)
    assert "Missing --type" in result.stderr


def test_bad_options_fail_before_any_question(home: Path, terminal: None) -> None:
    result = cli("add", "--tag", "", input=answers("Title"), code=2)
    assert "--tag: an empty value cannot be stored." in result.stderr
    assert "Title" not in result.stderr


def test_the_end_of_the_input_is_exit_2_and_writes_nothing(
    home: Path, terminal: None
) -> None:
    result = cli("add", input=answers("Reading", "", "1"), code=2)
    said = " ".join(result.stderr.split())
    assert "The input ended at the question 'Type (a number or a name)'" in said
    assert "nothing was changed" in said
    assert result.stdout == ""
    assert not home.exists()


def test_a_day_over_24_hours_asks_for_the_duration_again(
    home: Path, terminal: None
) -> None:
    """The day's total is known only when writing: the answers are kept and
    the duration asked again."""
    add("Long day", "--hours", "23", "-t", "course")
    result = cli("add", "Evening reading", "-t", "reading",
                 input=answers("", "2h", "", "", "45m"))  # fmt: skip
    assert "already holds 23 hours" in " ".join(result.stderr.split())
    assert result.stderr.count("Duration (") == 2
    data = shown(result.stdout.strip())
    assert (data["title"], data["hours"]) == ("Evening reading", 0.75)


# The reflection question


def editor(*args: str) -> str:
    return shlex.join([sys.executable, str(FAKE_EDITOR), *args])


def test_a_model_name_opens_the_editor_on_its_template(
    home: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", editor("replace", "### Feelings\n", "### Feelings\nNervous.\n")
    )
    result = cli("add", "Talk", "-t", "presenting-teaching",
                 input=answers("", "1", "", "GIBBS"))  # fmt: skip
    assert shown(result.stdout.strip())["reflection"] == "### Feelings\nNervous.\n"


def test_edit_opens_the_default_model(
    home: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("profile", "set", "reflection_model", "acca")
    monkeypatch.setenv(
        "EDITOR", editor("replace", "### Why I chose it\n", "### Why I chose it\nA\n")
    )
    result = cli("add", "Course", "-t", "course",
                 input=answers("", "1", "", "edit"))  # fmt: skip
    assert shown(result.stdout.strip())["reflection"] == "### Why I chose it\nA\n"


def test_a_model_without_an_editor_says_so_and_asks_again(
    home: Path, terminal: None
) -> None:
    result = cli("add", "Course", "-t", "course",
                 input=answers("", "1", "", "driscoll", "Typed instead."))  # fmt: skip
    assert "No editor is set" in result.stderr
    assert result.stderr.count("Reflection (Enter: none): ") == 2
    assert shown(result.stdout.strip())["reflection"] == "Typed instead."


def test_a_question_mark_describes_the_models(home: Path, terminal: None) -> None:
    result = cli("add", "Course", "-t", "course",
                 input=answers("", "1", "", "?", ""))  # fmt: skip
    assert "driscoll: Three questions" in result.stderr
    assert result.stderr.count("Reflection (Enter: none): ") == 2
    assert shown(result.stdout.strip())["reflection"] is None


def test_add_reflect_skips_the_reflection_question(
    home: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", "### What?\n", "### What?\nX\n"))
    result = cli("add", "Course", "-t", "course", "--reflect", "driscoll",
                 input=answers("", "1", ""))  # fmt: skip
    assert "Reflection (" not in result.stderr
    assert shown(result.stdout.strip())["reflection"] == "### What?\nX\n"


# The other questions


def test_rm_at_the_end_of_the_input_removes_nothing(home: Path, terminal: None) -> None:
    aid = add("Reading", "--hours", "1", "-t", "reading")
    before = snapshot(home)
    result = cli("rm", aid, input="", code=2)
    assert "The input ended" in result.stderr
    assert snapshot(home) == before


def test_init_asks_the_registration_again(home: Path, terminal: None) -> None:
    result = cli("init", input=answers("Sam", "chartered", "Fellowship"))
    assert "--registration 'chartered': registration must be one of" in (
        " ".join(result.stderr.split())
    )
    assert 'registration = "fellowship"' in (home / "cpdlog.toml").read_text()


def test_inbox_accept_asks_again_for_hours_and_type(
    home: Path, terminal: None, tmp_path: Path
) -> None:
    calendar = tmp_path / "day.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:conf@example.org\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:"
        "20260708\r\nDTEND;VALUE=DATE:20260709\r\nSUMMARY:Conference\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    cli("import", str(calendar))
    (draft,) = json.loads(cli("inbox", "--json").stdout)
    result = cli("inbox", "accept", draft["id"],
                 input=answers("all day", "7", "confrence", "2"))  # fmt: skip
    assert "--duration 'all day' is not a duration" in " ".join(result.stderr.split())
    assert "'confrence' is not an activity type" in result.stderr
    (path,) = files(home)
    assert 'type = "conference"' in path.read_text()


# The parsers behind the questions


@pytest.mark.parametrize(
    ("text", "kind"),
    [("1", "course"), (" 23 ", "other"), ("WORKSHOP", "workshop"),
     ("work-", "work-project"), ("pod", "podcast-video"), ("other", "other")],
)  # fmt: skip
def test_find_type(text: str, kind: str) -> None:
    assert prompts.find_type(text) == kind


@pytest.mark.parametrize("text", ["", "0", "24", "-1", "c", "xyz", "1.5"])
def test_find_type_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="--type"):
        prompts.find_type(text)


@pytest.mark.parametrize(
    ("text", "areas"),
    [("", []), ("p", ["personal"]), ("P,O , w", ["personal", "organisational",
     "wider"]), ("wider personal", ["wider", "personal"]), ("org", ["organisational"]),
     ("p p", ["personal"])],
)  # fmt: skip
def test_parse_area_answer(text: str, areas: list[str]) -> None:
    assert prompts.parse_area_answer(text) == areas


@pytest.mark.parametrize("columns", [20, 40, 60, 80, 200])
def test_type_choices_fit_and_number_every_type(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = prompts.type_choices()
    assert max(len(line) for line in lines) <= max(columns, 24)
    numbered = " ".join(lines).split()
    for number, name in enumerate(TYPE_NAMES, 1):
        assert numbered[numbered.index(str(number)) + 1] == name


@pytest.mark.parametrize(
    ("text", "key"),
    [("1", "hours"), ("1.5", "hours"), (" 2 ", "hours"), ("90m", "duration"),
     ("1:30", "duration"), ("1.5h", "duration"), ("ninety", "duration")],
)  # fmt: skip
def test_duration_key(text: str, key: str) -> None:
    assert prompts.duration_key(text) == key
