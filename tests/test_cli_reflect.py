"""cpdlog reflect and add --reflect: the reflection alone, as Markdown, in
$EDITOR, guided by a model; what is stored, and what is kept when it cannot
be (issue 18)."""

import json
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpdlog.core.reflection import MODELS, plain_template, saved_text, template
from tests.conftest import add, cli, fails_cleanly, files, snapshot

FAKE_EDITOR = Path(__file__).resolve().parent / "fake_editor.py"
RESCUE = re.compile(
    r"(/\S+/rescue/([a-z0-9]+)-\d{8}T\d{6}Z(?:-\d+)?\.toml\.txt)$", re.M
)


def editor(*args: str) -> str:
    """An EDITOR value running tests/fake_editor.py with args."""
    return shlex.join([sys.executable, str(FAKE_EDITOR), *args])


def reflection_of(aid: str) -> str | None:
    return json.loads(cli("show", aid, "--json").stdout)["reflection"]


def rescued(stderr: str, home: Path) -> Path:
    match = RESCUE.search(stderr)
    assert match, stderr
    path = Path(match[1])
    assert path.parent == home / "rescue"
    return path


@pytest.fixture
def agm(home: Path) -> str:
    return add("AGM planning", "--hours", "1.5", "-t", "committee-work")


@pytest.fixture
def opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the editor leaves a copy of what it was opened with."""
    copy = tmp_path / "opened.md"
    monkeypatch.setenv("EDITOR", editor("keep", str(copy)))
    return copy


# What the editor opens


@pytest.mark.parametrize("name", list(MODELS))
def test_an_empty_reflection_opens_as_the_models_template(
    agm: str, opened: Path, name: str
) -> None:
    result = cli("reflect", agm, "--model", name)
    assert opened.read_text() == template(MODELS[name], "AGM planning")
    assert result.stderr == "No changes.\n"
    assert result.stdout == ""


def test_without_a_model_an_empty_reflection_opens_as_a_plain_page(
    agm: str, opened: Path
) -> None:
    cli("reflect", agm)
    assert opened.read_text() == plain_template("AGM planning")
    assert "cpdlog reflect --list" in opened.read_text()


def test_the_editor_gets_a_markdown_file(agm: str, tmp_path: Path, monkeypatch) -> None:
    names = tmp_path / "names"
    script = "import sys; open(sys.argv[1], 'w').write(sys.argv[2])"
    monkeypatch.setenv("EDITOR", shlex.join([sys.executable, "-c", script, str(names)]))
    cli("reflect", agm)
    assert names.read_text().endswith(".md")


def test_a_written_reflection_opens_as_it_is(home: Path, opened: Path) -> None:
    text = 'Line one.\n\n\n  "quoted" \\ and <!-- a note -->\n'
    aid = add("Reading", "--hours", "1", "-t", "reading", "--reflection", text)
    cli("reflect", aid, "--model", "none")
    assert opened.read_text() == text


# What is stored


def test_the_filled_template_is_stored_without_comments_and_empty_headings(
    agm: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR",
        editor("replace", "### So what?\n", "### So what?\nOnline was quicker.\n"),
    )
    before = files(home)[0].read_bytes()
    result = cli("reflect", agm, "--model", "driscoll")
    assert reflection_of(agm) == "### So what?\nOnline was quicker.\n"
    assert f"Saved the reflection of {agm}:" in result.stderr
    after = tomllib.loads(files(home)[0].read_text())
    assert after["updated"] == tomllib.loads(before.decode())["created"]  # fixed clock
    assert after["reflection"] == "### So what?\nOnline was quicker.\n"
    assert 'reflection = """\n### So what?\nOnline was quicker.\n"""' in (
        files(home)[0].read_text()
    )


@pytest.mark.parametrize(
    "edit",
    [
        ("keep", "/dev/null"),  # saved as opened
        ("replace", "-->\n\n###", "-->\n\n\n   \n###"),  # only blank lines added
        ("replace", "Notes in comments", "My notes in comments"),  # a comment
    ],
)
def test_an_unchanged_template_changes_nothing(
    agm: str, home: Path, monkeypatch: pytest.MonkeyPatch, edit: tuple[str, ...]
) -> None:
    monkeypatch.setenv("EDITOR", editor(*edit))
    before = snapshot(home)
    result = cli("reflect", agm, "--model", "gibbs")
    assert result.stderr == "No changes.\n"
    assert snapshot(home) == before


def test_an_unchanged_reflection_changes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor that adds a final newline (most do) is no change."""
    aid = add("Reading", "--hours", "1", "-t", "reading", "--reflection", "As typed")
    monkeypatch.setenv("EDITOR", editor("replace", "As typed", "As typed\n"))
    before = snapshot(home)
    assert cli("reflect", aid).stderr == "No changes.\n"
    assert snapshot(home) == before


def test_a_changed_reflection_is_stored(home: Path, monkeypatch) -> None:
    aid = add("Reading", "--hours", "1", "-t", "reading", "--reflection", "As typed")
    monkeypatch.setenv("EDITOR", editor("replace", "As typed", "As typed, and more"))
    cli("reflect", aid)
    assert reflection_of(aid) == "As typed, and more\n"


def test_a_model_with_a_written_reflection_adds_the_prompts_it_lacks(
    home: Path, opened: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = add("Reading", "--hours", "1", "-t", "reading", "--reflection", "Mine.\n")
    result = cli("reflect", aid, "--model", "driscoll")
    text = opened.read_text()
    assert text.startswith("Mine.\n\n<!-- Reflection on")
    assert text.count("### ") == 3
    assert "The prompts of driscoll follow your reflection" in result.stderr
    assert result.stderr.endswith("No changes.\n")  # prompts left empty: dropped
    assert reflection_of(aid) == "Mine.\n"
    monkeypatch.setenv(
        "EDITOR", editor("replace", "### Now what?\n", "### Now what?\nRead more.\n")
    )
    cli("reflect", aid, "--model", "driscoll")
    assert reflection_of(aid) == "Mine.\n\n### Now what?\nRead more.\n"
    monkeypatch.setenv("EDITOR", editor("keep", str(opened)))
    cli("reflect", aid, "--model", "driscoll")
    assert opened.read_text().count("### Now what?") == 1  # not offered twice


def test_a_reflection_with_every_heading_opens_as_it_is(
    home: Path, opened: Path
) -> None:
    text = "### What?\nA.\n\n### So what?\nB.\n\n### Now what?\nC.\n"
    aid = add("Reading", "--hours", "1", "-t", "reading", "--reflection", text)
    result = cli("reflect", aid, "--model", "driscoll")
    assert opened.read_text() == text
    assert "already has every heading of driscoll" in result.stderr


def test_a_default_model_never_changes_a_written_reflection(
    home: Path, opened: Path
) -> None:
    cli("profile", "set", "reflection_model", "gibbs")
    aid = add("Reading", "--hours", "1", "-t", "reading", "--reflection", "Mine.")
    cli("reflect", aid)
    assert opened.read_text() == "Mine."


def test_removing_every_word_removes_the_reflection(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = add("Reading", "--hours", "1", "-t", "reading", "--reflection", "Mine.")
    empty = tmp_path / "empty.md"
    empty.write_text("<!-- nothing -->\n")
    monkeypatch.setenv("EDITOR", editor("write", str(empty)))
    result = cli("reflect", aid)
    assert f"Removed the reflection of {aid}" in result.stderr
    assert reflection_of(aid) is None
    assert "reflection" not in files(home)[0].read_text()
    assert aid in json.loads(cli("status", "--json").stdout)["missing_reflection"]


def test_the_reflection_counts_in_status(agm: str, monkeypatch) -> None:
    assert json.loads(cli("status", "--json").stdout)["reflected_hours"] == 0
    monkeypatch.setenv(
        "EDITOR", editor("replace", "### What?\n", "### What?\nWe planned.\n")
    )
    cli("reflect", agm, "--model", "driscoll")
    status = json.loads(cli("status", "--json").stdout)
    assert status["reflected_hours"] == 1.5
    assert status["missing_reflection"] == []


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=60,
    )
)
def test_what_is_saved_comes_back_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    """Any text (quotes, backslashes, `\"\"\"`, CR, Unicode) typed in the
    editor is stored as saved_text makes it, and `show --json` gives it back."""
    import uuid

    monkeypatch.setenv("CPDLOG_HOME", str(tmp_path / uuid.uuid4().hex))
    aid = add("Round trip", "--hours", "1", "-t", "reading")
    page = tmp_path / "page.md"
    page.write_bytes(typed.encode("utf-8"))
    monkeypatch.setenv("EDITOR", editor("write", str(page)))
    cli("reflect", aid, "--model", "none")
    expected = saved_text(typed, plain_template("Round trip")) or None
    assert reflection_of(aid) == expected


# What is kept when it cannot be stored


def test_an_editor_that_fails_after_changing_the_text_keeps_it(
    agm: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", editor("fail-after", "### What?\n", "### What?\nMy words.\n")
    )
    before = snapshot(home / "activities")
    result = cli("reflect", agm, "--model", "driscoll", code=1)
    fails_cleanly(result, 1)
    assert "exited with status 3" in result.stderr
    kept = rescued(result.stderr, home)
    assert "### What?\nMy words.\n" in kept.read_text()
    assert kept.name.startswith(f"{agm}-")
    assert snapshot(home / "activities") == before


def test_an_editor_that_fails_without_a_change_keeps_nothing(
    agm: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("fail"))
    before = snapshot(home)
    fails_cleanly(cli("reflect", agm, code=1), 1)
    assert snapshot(home) == before


def test_a_file_changed_meanwhile_is_not_overwritten(
    agm: str, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = files(home)
    monkeypatch.setenv("EDITOR", editor("touch-other", str(path), "# synced\n"))
    result = cli("reflect", agm, code=1)
    fails_cleanly(result, 1)
    assert "changed (or was removed) since it was read" in result.stderr
    assert path.read_text().endswith("# synced\n")
    assert "# edited" in rescued(result.stderr, home).read_text()
    assert reflection_of(agm) is None


def test_a_nul_is_refused_and_the_text_kept(
    agm: str, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"Before\x00after\n")
    monkeypatch.setenv("EDITOR", editor("write", str(page)))
    before = snapshot(home / "activities")
    result = cli("reflect", agm, code=1)
    assert "NUL" in result.stderr
    assert rescued(result.stderr, home).read_bytes() == b"Before\x00after\n"
    assert snapshot(home / "activities") == before


def test_text_that_is_not_utf8_is_kept_byte_for_byte(
    agm: str, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"Caf\xe9 in Latin-1\n")
    monkeypatch.setenv("EDITOR", editor("write", str(page)))
    result = cli("reflect", agm, code=1)
    assert "not valid Unicode" in result.stderr
    assert rescued(result.stderr, home).read_bytes() == b"Caf\xe9 in Latin-1\n"
    assert reflection_of(agm) is None


# Refusals, before anything is read or written


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["reflect"], "Give the activity's ID"),
        (["reflect", "zzzz"], "No activity has the ID"),
        (["reflect", "{aid}", "--model", "schon"], "Unknown reflection model"),
        (["reflect", "{aid}", "--list"], "--list takes no ID"),
    ],
)
def test_bad_command_lines_are_exit_2(
    agm: str, home: Path, monkeypatch, args: list[str], words: str
) -> None:
    monkeypatch.setenv("EDITOR", editor("fail"))
    before = snapshot(home)
    result = cli(*[a.format(aid=agm) for a in args], code=2)
    fails_cleanly(result, 2)
    assert words in result.stderr
    assert snapshot(home) == before


def test_unknown_model_names_the_models(agm: str, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", editor("fail"))
    result = cli("reflect", agm, "--model", "schon", code=2)
    assert "acca, driscoll, gibbs, kolb, nmc" in result.stderr
    assert "cpdlog reflect --list" in result.stderr


def test_no_editor_is_exit_2(agm: str, home: Path) -> None:
    before = snapshot(home)
    result = cli("reflect", agm, code=2)
    assert "No editor is set" in result.stderr
    assert snapshot(home) == before


def test_visual_beats_editor_and_a_blank_visual_gives_way(
    agm: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", "-->\n\n", "-->\n\nFrom EDITOR\n"))
    monkeypatch.setenv("VISUAL", editor("replace", "-->\n\n", "-->\n\nFrom VISUAL\n"))
    cli("reflect", agm)
    assert reflection_of(agm) == "From VISUAL\n"
    monkeypatch.setenv("VISUAL", "  ")
    cli("reflect", agm, "--model", "none")
    assert reflection_of(agm) == "From VISUAL\n"  # no change: EDITOR's anchor is gone
    monkeypatch.setenv("EDITOR", editor("replace", "VISUAL", "EDITOR"))
    cli("reflect", agm)
    assert reflection_of(agm) == "From EDITOR\n"


# The default model


def test_the_profiles_model_is_the_default(agm: str, opened: Path) -> None:
    cli("profile", "set", "reflection_model", "Kolb")
    cli("reflect", agm)
    assert opened.read_text() == template(MODELS["kolb"], "AGM planning")


@pytest.mark.parametrize(
    ("scheme", "model"), [("nmc-revalidation", "nmc"), ("acca-unit-route", "acca")]
)
def test_a_schemes_model_is_the_default_when_the_profile_names_none(
    agm: str, opened: Path, home: Path, scheme: str, model: str
) -> None:
    cli("profile", "set", "scheme", scheme)
    cli("reflect", agm)
    assert opened.read_text() == template(MODELS[model], "AGM planning")
    cli("profile", "set", "reflection_model", "driscoll")
    cli("reflect", agm)
    assert opened.read_text() == template(MODELS["driscoll"], "AGM planning")
    cli("reflect", agm, "--model", "none")
    assert opened.read_text() == plain_template("AGM planning")


def test_a_user_schemes_model_is_checked(home: Path) -> None:
    (home / "schemes").mkdir(parents=True)
    (home / "schemes" / "mine.toml").write_text(
        'name = "mine"\nreflection_model = "schon"\n'
    )
    result = cli("schemes", code=None)
    assert "mine.toml:2: reflection_model 'schon' is not a reflection model" in (
        result.stdout + result.stderr
    )
    (home / "schemes" / "mine.toml").write_text(
        'name = "mine"\nreflection_model = "Gibbs"\n'
    )
    found = {s["name"]: s for s in json.loads(cli("schemes", "--json").stdout)}
    assert found["mine"]["reflection_model"] == "gibbs"
    assert found["nmc-revalidation"]["reflection_model"] == "nmc"
    assert found["cilip-revalidation"]["reflection_model"] is None


# reflect --list


def test_list_shows_every_model_with_its_title_summary_and_source(home: Path) -> None:
    result = cli("reflect", "--list")
    for model in MODELS.values():
        assert re.search(
            rf"^{model.name} +{re.escape(model.title)}$", result.stdout, re.M
        )
        assert model.summary.split()[0] in result.stdout
    assert "Source: Graham Gibbs, Learning by Doing (1988)" in result.stdout
    assert "No default model" in result.stdout
    assert not home.exists()  # read-only


def test_list_names_the_default_and_where_it_comes_from(home: Path) -> None:
    cli("profile", "set", "scheme", "nmc-revalidation")
    assert "Default: nmc, from the nmc-revalidation scheme" in (
        cli("reflect", "--list").stdout
    )
    cli("profile", "set", "reflection_model", "gibbs")
    assert "Default: gibbs, from your profile" in cli("reflect", "--list").stdout


def test_list_json(home: Path) -> None:
    cli("profile", "set", "reflection_model", "kolb")
    models = json.loads(cli("reflect", "--list", "--json").stdout)
    assert [m["name"] for m in models] == list(MODELS)
    assert set(models[0]) == {
        "name", "title", "summary", "source", "headings", "default"
    }  # fmt: skip
    assert [m["name"] for m in models if m["default"]] == ["kolb"]
    assert models[0]["headings"] == ["What?", "So what?", "Now what?"]


def test_list_fits_40_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    lines = cli("reflect", "--list").stdout.splitlines()
    assert max(len(line) for line in lines) <= 40


# add --reflect


def test_add_reflect_writes_then_opens_the_reflection(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "EDITOR", editor("replace", "### What I learned\n", "### What I learned\nA.\n")
    )
    result = cli("add", "Course", "--hours", "2", "-t", "course", "--reflect", "acca")
    aid = result.stdout.strip()
    assert re.fullmatch(r"[a-z0-9]{4}", aid)
    assert reflection_of(aid) == "### What I learned\nA.\n"
    assert result.stderr.index("Logged") < result.stderr.index("Saved the reflection")


def test_add_reflect_json_shows_the_reflection(home: Path, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", "-->\n\n", "-->\n\nShort.\n"))
    result = cli("add", "R", "--hours", "1", "-t", "reading", "--reflect", "none",
                 "--json")  # fmt: skip
    data = json.loads(result.stdout)
    assert data["reflection"] == "Short.\n"
    assert Path(data["path"]).read_text().count("Short.") == 1


def test_add_reflect_left_unchanged_adds_the_activity_alone(
    home: Path, opened: Path
) -> None:
    cli("profile", "set", "reflection_model", "gibbs")
    result = cli("add", "R", "--hours", "1", "-t", "reading", "--reflect", "default")
    assert opened.read_text() == template(MODELS["gibbs"], "R")
    assert "No changes." in result.stderr
    assert reflection_of(result.stdout.strip()) is None


@pytest.mark.parametrize(
    ("env", "model", "words"),
    [
        ({}, "driscoll", "No editor is set"),
        ({"EDITOR": "no-such-editor-here"}, "driscoll", "cannot be found"),
        ({"EDITOR": "true"}, "schon", "Unknown reflection model"),
    ],
)
def test_add_reflect_refuses_before_writing(
    home: Path, monkeypatch, env: dict, model: str, words: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli("add", "R", "--hours", "1", "-t", "reading", "--reflect", model,
                 code=2)  # fmt: skip
    fails_cleanly(result, 2)
    assert words in result.stderr
    assert not home.exists()


def test_add_reflect_with_a_failing_editor_keeps_the_activity_and_the_text(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", editor("fail-after", "### What?\n", "### What?\nX\n"))
    result = cli("add", "R", "--hours", "1", "-t", "reading", "--reflect", "driscoll",
                 code=1)  # fmt: skip
    aid = result.stdout.strip()  # the ID still comes, for scripts
    assert len(files(home)) == 1
    assert "### What?\nX\n" in rescued(result.stderr, home).read_text()
    assert f"write its reflection later with: cpdlog reflect {aid}" in result.stderr


# status, statement draft and git


def test_status_shows_reflected_hours_beside_the_total(example: Path) -> None:
    text = cli("--home", str(example), "status", "--as-of", "2026-11-23").stdout
    assert "Hours       57.25 of 20 h     ████████████████████" in text
    assert "            54.75 h reflected ███████████████████░" in text
    assert "Next: write a reflection for 2 activities: cpdlog reflect z9xk" in text


@pytest.mark.parametrize("columns", [40, 55, 80, 120])
def test_status_fits_the_terminal(
    example: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    (example / "rescue").mkdir()
    (example / "rescue" / "z9xk-20261120T100000Z.md.txt").write_text("words")
    text = cli("--home", str(example), "status", "--as-of", "2026-11-23").stdout
    assert max(len(line) for line in text.splitlines()) <= columns
    assert "h reflected" in text


def test_status_mentions_text_waiting_in_rescue(example: Path) -> None:
    def steps() -> str:
        text = cli("--home", str(example), "status", "--as-of", "2026-11-23").stdout
        return " ".join(text[text.index("Next:") :].split())

    assert "rescue/" not in steps()
    (example / "rescue").mkdir()
    (example / "rescue" / ".hidden").write_text("")
    assert "rescue/" not in steps()
    (example / "rescue" / "z9xk-20261120T100000Z.md.txt").write_text("words")
    assert (
        "Next: recover 1 text you wrote that could not be saved (kept in rescue/): "
        "cpdlog check names it" in steps()
    )
    (example / "rescue" / "new-20261121T100000Z.toml.txt").write_text("more")
    assert "recover 2 texts you wrote" in steps()
    status = cli("--home", str(example), "status", "--json", "--as-of", "2026-11-23")
    assert json.loads(status.stdout)["reflected_hours"] == 54.75


def test_the_statement_draft_points_to_reflect(example: Path) -> None:
    draft = cli("--home", str(example), "statement", "draft", "--stdout",
                "--as-of", "2026-11-23").stdout  # fmt: skip
    assert "(no reflection yet: cpdlog reflect z9xk)" in draft
    assert "cpdlog edit" not in draft


def test_a_git_home_commits_the_reflection(
    agm: str, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / ".gitconfig").write_text(
        "[user]\n\tname = Sam Test\n\temail = sam@example.org\n"
    )
    monkeypatch.setenv("HOME", str(user))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    cli("git", "init", "-q")
    monkeypatch.setenv("EDITOR", editor("replace", "-->\n\n", "-->\n\nWords.\n"))
    cli("reflect", agm)
    message = subprocess.run(
        ["git", "log", "-1", "--format=%s"], cwd=home, capture_output=True,
        text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert message == f"reflect {agm}: AGM planning"


def test_reflect_json_prints_the_activity_as_saved(agm: str, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", editor("replace", "-->\n\n", "-->\n\nWords.\n"))
    data = json.loads(cli("reflect", agm, "--json").stdout)
    assert (data["id"], data["reflection"]) == (agm, "Words.\n")
    monkeypatch.setenv("EDITOR", editor("keep", "/dev/null"))
    data = json.loads(cli("reflect", agm, "--json").stdout)  # no change
    assert data["reflection"] == "Words.\n"


def test_the_markdown_export_shows_a_models_headings_as_text(home: Path) -> None:
    """A reflection never adds a heading to the export (issue 12, item 22):
    a model's `### What?` is shown as written, escaped, under the activity."""
    text = "### What?\nA talk.\n\n## Mine\nB.\n"
    add("Talk", "--hours", "1", "-t", "presenting-teaching", "--reflection", text)
    export = cli("export", "--as-of", "2026-11-23").stdout
    section = export[export.index("Reflection:") :]
    assert section.startswith("Reflection:\n\n\\### What?\nA talk.\n\n\\## Mine\nB.\n")
