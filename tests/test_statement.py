"""The word count rule, statement draft and statement check."""

import json
from pathlib import Path

import pytest

from cpdlog.core.statement import count_sections, count_words
from tests.conftest import EXAMPLE, cli, fails_cleanly, snapshot
from tests.handmade import activity_text, write_activity


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("one two  three\n\tfour", 4),
        ("a<!-- x -->b", 2),
        ("before <!-- spans\nlines\n--> after", 2),
        ("kept <!-- never closed\nstill comment", 1),
        ("# Title\n## Section\nword", 1),
        ("   ### three spaces\n    #### four spaces is text", 4),
        ("#hashtag is text", 3),
        ("####### seven is text", 3),
        ("well-known co-operation", 2),
        ("2026 and 3.5 hours", 4),
        ("an em dash — between", 4),
        ("\u2014 \u2013 - * ... !!", 0),
        ("see https://example.org/a-b?c=d now", 3),
        ("naïve café 東京 ١٢", 4),
        ("<!-- a --><!-- b -->", 0),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_sections_and_missing_headings() -> None:
    text = (
        "# Reflective statement\nintro words\n## Personal performance\n"
        "one two\n### Detail\nthree\n## Knowledge of the wider profession\n"
    )
    count = count_sections(text, 250)
    assert count.words == 5
    assert count.sections == {
        "Personal performance": 3,
        "Knowledge of the wider profession": 0,
        "Organisational performance": 0,
    }
    assert count.empty == [
        "Organisational performance",
        "Knowledge of the wider profession",
    ]


def _statement(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "statement.md").write_text(text)


FULL = (
    "## Personal performance\nI grew.\n## Organisational performance\n"
    "We grew.\n## Knowledge of the wider profession\nThey grew.\n"
)


def test_check_within_the_limit_is_exit_0(home: Path) -> None:
    _statement(home, FULL)
    result = cli("statement", "check")
    assert "6 of 250" in result.stdout
    data = json.loads(cli("statement", "check", "--json").stdout)
    assert data == {
        "words": 6,
        "limit": 250,
        "sections": {
            "Personal performance": 2,
            "Organisational performance": 2,
            "Knowledge of the wider profession": 2,
        },
        "over": False,
        "empty": [],
    }


def test_check_over_the_limit_is_exit_1(home: Path) -> None:
    _statement(home, FULL + "word " * 245)
    result = cli("statement", "check", code=1)
    assert "251 words, 1 over the limit of 250" in result.stderr
    assert json.loads(cli("statement", "check", "--json", code=1).stdout)["over"]


def test_check_an_empty_section_is_exit_1(home: Path) -> None:
    _statement(home, FULL.replace("We grew.", "<!-- later -->"))
    result = cli("statement", "check", code=1)
    assert "The section 'Organisational performance' is empty." in result.stderr


def test_check_missing_default_is_1_missing_file_is_2(home: Path) -> None:
    result = cli("statement", "check", code=1)
    assert "cpdlog statement draft" in result.stderr
    fails_cleanly(cli("statement", "check", str(home / "nope.md"), code=2), 2)


def test_check_a_file_argument(tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text(FULL)
    assert "6 of 250" in cli("statement", "check", str(other)).stdout


def test_draft_writes_three_sections_and_counts_no_words(home: Path) -> None:
    write_activity(
        home,
        "a.toml",
        activity_text(
            id="aaaa",
            areas=["personal", "wider"],
            hours=2.0,
            reflection="Learned --> that <!-- comments are tricky",
        ),
    )
    write_activity(
        home,
        "b.toml",
        activity_text(id="bbbb", areas=["personal"], hours=3.0, title="Bigger"),
    )
    cli("statement", "draft")
    path = home / "statement.md"
    text = path.read_text()
    assert text.startswith("# Reflective statement: 2025-11-24 to 2026-11-23\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Personal performance",
        "## Organisational performance",
        "## Knowledge of the wider profession",
    ]
    assert count_words(text) == 0
    personal = text.split("## Personal performance")[1].split("## Organ")[0]
    assert personal.index("Bigger") < personal.index("Hand-written activity")
    assert "that <! -- comments" in text
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_draft_never_overwrites_without_force(home: Path) -> None:
    _statement(home, FULL)
    before = snapshot(home)
    result = cli("statement", "draft", code=1)
    assert "--force" in result.stderr
    assert snapshot(home) == before
    cli("statement", "draft", "--force")
    assert "Reflective statement" in (home / "statement.md").read_text()


def test_draft_stdout_writes_nothing(home: Path) -> None:
    text = cli(
        "--home",
        str(EXAMPLE),
        "statement",
        "draft",
        "--stdout",
        "--as-of",
        "2026-11-23",
    ).stdout
    assert count_words(text) == 0
    assert "LILAC 2026" in text
    assert not home.exists()


def test_draft_on_a_damaged_log_writes_and_exits_1(home: Path) -> None:
    write_activity(home, "bad.toml", "not toml at all [")
    result = cli("statement", "draft", code=1)
    assert (home / "statement.md").exists()
    assert "bad.toml" in result.stderr
