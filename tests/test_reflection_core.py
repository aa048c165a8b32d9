"""Reflection models, their templates and what an edited template saves as."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpdlog.core.reflection import (
    COMMENT,
    MODELS,
    Model,
    find_model,
    saved_text,
    template,
)
from cpdlog.errors import UsageError

NAMES = list(MODELS)


def _comment_of(model: Model, text: str, index: int) -> str:
    """The guidance comment under the index-th heading of a template."""
    heading = f"### {model.prompts[index].heading}\n"
    start = text.index(heading) + len(heading)
    return text[start : text.index("-->", start) + 3]


def _fill(model: Model, text: str, index: int, answer: str) -> str:
    """text with answer typed on the line after the index-th guidance."""
    comment = _comment_of(model, text, index)
    return text.replace(comment + "\n", f"{comment}\n{answer}\n", 1)


def test_models_are_the_five_of_the_spec() -> None:
    """The SPEC names five models; each has a title, summary, source, prompts."""
    assert NAMES == ["driscoll", "gibbs", "kolb", "nmc", "acca"]
    for name, model in MODELS.items():
        assert model.name == name
        assert model.title
        assert model.source
        assert "\n" not in model.summary
        assert len({p.heading for p in model.prompts}) == len(model.prompts)


@pytest.mark.parametrize(
    ("name", "headings"),
    [
        ("driscoll", ["What?", "So what?", "Now what?"]),
        (
            "gibbs",
            [
                "Description",
                "Feelings",
                "Evaluation",
                "Analysis",
                "Conclusion",
                "Action plan",
            ],
        ),
        (
            "kolb",
            [
                "Concrete experience",
                "Reflective observation",
                "Abstract conceptualisation",
                "Active experimentation",
            ],
        ),
        (
            "nmc",
            [
                "The activity, feedback or experience",
                "What I learned",
                "How my practice changed",
                "Relevance to the Code",
            ],
        ),
        ("acca", ["Why I chose it", "What I learned", "How I applied it"]),
    ],
)
def test_each_model_has_its_published_steps(name: str, headings: list[str]) -> None:
    """The headings follow the published structure, in order."""
    assert [p.heading for p in MODELS[name].prompts] == headings


@pytest.mark.parametrize("name", NAMES)
def test_guidance_is_one_to_three_sentences(name: str) -> None:
    """Guidance is short: one to three sentences, no comment markers."""
    for prompt in MODELS[name].prompts:
        sentences = re.findall(r"[.?!](?:\s|$)", prompt.guidance)
        assert 1 <= len(sentences) <= 3, prompt.heading
        assert "-->" not in prompt.guidance
        assert "<!--" not in prompt.guidance


@pytest.mark.parametrize("text", ["nmc", "NMC", " Gibbs ", "ACCA"])
def test_find_model_ignores_case(text: str) -> None:
    """Model names are matched without regard to case or surrounding spaces."""
    assert find_model(text).name == text.strip().lower()


def test_find_model_names_the_models_for_an_unknown_one() -> None:
    """An unknown name is a usage error listing every model."""
    with pytest.raises(UsageError) as caught:
        find_model("schön")
    assert str(caught.value) == (
        "Unknown reflection model 'schön': choose one of acca, driscoll, gibbs,"
        " kolb, nmc (cpdlog reflect --list describes them)."
    )
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("name", NAMES)
def test_template_shape(name: str) -> None:
    """An explaining comment first, then a heading and a guidance comment per
    prompt, each followed by a blank line to write on."""
    model = MODELS[name]
    text = template(model, "Webinar: cataloguing")
    assert text.startswith('<!-- Reflection on "Webinar: cataloguing"')
    intro = text[: text.index("-->") + 3]
    assert "dropped when you save" in intro
    assert "without changes" in intro
    assert re.findall(r"^### (.*)$", text, re.MULTILINE) == [
        p.heading for p in model.prompts
    ]
    for index in range(len(model.prompts)):
        comment = _comment_of(model, text, index)
        assert comment.startswith("<!-- ")
        assert text.index(comment + "\n\n") > 0
    assert COMMENT.sub("", text).strip("\n").startswith("### ")


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("a --> b", '"a -- > b"'),
        ("a ---> b", '"a --- > b"'),
        ("two\nlines\t here", '"two lines here"'),
    ],
)
def test_title_cannot_end_the_first_comment(title: str, shown: str) -> None:
    """A title is shown on one line and never closes the comment early."""
    text = template(MODELS["driscoll"], title)
    intro = COMMENT.match(text)
    assert intro is not None
    assert shown in intro.group()
    assert COMMENT.sub("", text).lstrip("\n").startswith("### What?")


def test_template_without_a_title() -> None:
    """An empty title leaves it out rather than showing empty quotes."""
    assert template(MODELS["kolb"], "  ").startswith("<!-- Reflection (Kolb's")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("tail", ["", "\n", "\n\n  \n", "  ", "\r"])
def test_unchanged_template_changes_nothing(name: str, tail: str) -> None:
    """Saving the template as given, or with trailing whitespace added by an
    editor, is no change."""
    text = template(MODELS[name], "Team meeting")
    assert saved_text(text, text) is None
    assert saved_text(text + tail, text) is None
    assert saved_text(text.replace("\n", "\r\n"), text) is None


@pytest.mark.parametrize("name", NAMES)
def test_only_comments_edited_saves_empty(name: str) -> None:
    """Editing only the notes in comments leaves every heading empty: ""."""
    text = template(MODELS[name], "Team meeting")
    edited = text.replace("<!-- ", "<!-- I read this. ", 1)
    assert saved_text(edited, text) == ""


@pytest.mark.parametrize("name", NAMES)
def test_filling_one_section_keeps_only_it(name: str) -> None:
    """Each section filled alone saves as its heading and the answer."""
    model = MODELS[name]
    text = template(model, "Reading group")
    for index, prompt in enumerate(model.prompts):
        edited = _fill(model, text, index, "I learned to  weed the stock.  ")
        assert saved_text(edited, text) == (
            f"### {prompt.heading}\n\nI learned to  weed the stock.\n"
        )


def test_filling_sections_keeps_them_in_order() -> None:
    """Two filled sections keep their order; the empty one between goes."""
    model = MODELS["driscoll"]
    text = template(model, "x")
    edited = _fill(model, _fill(model, text, 2, "Try it.\n\n\n\nSoon."), 0, "Met.")
    assert saved_text(edited, text) == (
        "### What?\n\nMet.\n\n### Now what?\n\nTry it.\n\nSoon.\n"
    )


def test_comments_are_dropped_wherever_they_are() -> None:
    """A comment the user adds, inline or over lines, is dropped too."""
    model = MODELS["acca"]
    text = template(model, "x")
    edited = _fill(model, text, 1, "Tax <!-- check -->rules\n<!-- a\nb -->\nok")
    assert saved_text(edited, text) == "### What I learned\n\nTax rules\n\nok\n"


def test_an_unclosed_comment_runs_to_the_end() -> None:
    """A comment left open in the last section hides the rest of the text."""
    model = MODELS["gibbs"]
    text = template(model, "x")
    edited = _fill(model, _fill(model, text, 5, "Plan.<!-- oops\nmore"), 0, "Began.")
    assert saved_text(edited, text) == (
        "### Description\n\nBegan.\n\n### Action plan\n\nPlan.\n"
    )


def test_an_unclosed_comment_ends_at_the_next_guidance() -> None:
    """As in HTML, a comment left open ends at the next "-->": that of the
    next guidance, so the next heading is hidden but later text is kept."""
    model = MODELS["gibbs"]
    text = template(model, "x")
    edited = _fill(model, _fill(model, text, 4, "Later."), 0, "Began.\n<!-- oops")
    assert saved_text(edited, text) == (
        "### Description\n\nBegan.\n\n### Conclusion\n\nLater.\n"
    )


def test_user_headings_and_text_outside_sections_are_kept() -> None:
    """Only the template's own headings are dropped when empty: a heading the
    user wrote, or renamed, stays; text before the first heading stays; a
    lower-level heading is part of the section above it."""
    model = MODELS["driscoll"]
    text = template(model, "x")
    edited = "Summary first.\n" + _fill(model, text, 0, "#### Detail")
    edited = edited.replace("### Now what?", "### Next steps")
    assert saved_text(edited, text) == (
        "Summary first.\n\n### What?\n\n#### Detail\n\n### Next steps\n"
    )


@pytest.mark.parametrize(
    ("answer", "saved"),
    [
        ("## Mine\ntext", "## Mine\ntext\n"),
        ("   # Mine", "   # Mine\n"),
        ("#Mine", "### What?\n\n#Mine\n"),
        ("#### Mine", "### What?\n\n#### Mine\n"),
        ("```\n# code\n```", "### What?\n\n```\n# code\n```\n"),
    ],
)
def test_a_section_ends_at_a_heading_of_level_three_or_above(
    answer: str, saved: str
) -> None:
    """A template heading directly followed by a heading of level 1-3 is
    empty and dropped; deeper headings and other text fill it."""
    model = MODELS["driscoll"]
    text = template(model, "x")
    assert saved_text(_fill(model, text, 0, answer), text) == saved


@pytest.mark.parametrize(
    ("edited", "saved"),
    [
        ("", ""),
        ("\n\n", ""),
        ("  a  \r\n\r\n\r\n b\t\n\n", "  a\n\n b\n"),
        ("x\u2028y\u3000\n", "x\u2028y\u3000\n"),
        ("say \"hi\" \\ 'yo' \x0c", "say \"hi\" \\ 'yo' \x0c\n"),
        ("a\rb", "a\rb\n"),
        ("### What?\n\n", "### What?\n"),
    ],
)
def test_without_a_template_text_is_only_tidied(edited: str, saved: str) -> None:
    """With no template, nothing is compared or dropped: text is tidied."""
    assert saved_text(edited, None) == saved


# A heading that starts a Markdown section at the prompts' level or above.
_SECTION = re.compile(r" {0,3}#{1,3}(?:[ \t]|$)")
_HEADINGS = {f"### {p.heading}" for p in MODELS["driscoll"].prompts}


def _own_line(line: str) -> bool:
    """A line Hypothesis may type: not a template heading, no comment start."""
    return line.rstrip(" \t\r") not in _HEADINGS


_LINE = st.text(st.characters(exclude_characters="\n"), min_size=1).map(
    lambda line: line.rstrip(" \t\r")
)
_TIDY_LINE = _LINE.filter(
    lambda line: line != "" and _own_line(line) and not _SECTION.match(line)
)


@st.composite
def _tidy_texts(draw: st.DrawFn) -> str:
    """Text already tidy: no trailing spaces, single blank lines inside."""
    lines = draw(st.lists(_TIDY_LINE, min_size=1, max_size=6))
    gaps = draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
    out: list[str] = []
    for line, gap in zip(lines, gaps, strict=True):
        out.extend([line, ""] if gap else [line])
    return "\n".join(out).rstrip("\n")


@given(_tidy_texts().filter(lambda text: "<!--" not in text), st.integers(0, 2))
def test_any_tidy_text_under_a_heading_survives(answer: str, index: int) -> None:
    """Text without "<!--" typed under a heading is saved exactly as typed."""
    model = MODELS["driscoll"]
    text = template(model, "x")
    heading = model.prompts[index].heading
    assert saved_text(_fill(model, text, index, answer), text) == (
        f"### {heading}\n\n{answer}\n"
    )


def _squeeze(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", "", text)


def _typeable(text: str) -> bool:
    return "<!--" not in text and all(map(_own_line, text.split("\n")))


@given(st.text().filter(_typeable))
def test_any_text_under_a_heading_keeps_every_character(answer: str) -> None:
    """Any text without "<!--" keeps all but trailing whitespace and blank
    lines; the result is already tidy, so saving it again changes nothing."""
    model = MODELS["driscoll"]
    text = template(model, "x")
    saved = saved_text(_fill(model, text, 1, answer), text)
    assert saved is not None
    if _squeeze(answer):
        # The heading goes only when the answer opens with a heading of its own.
        assert _squeeze(saved) in {"###Sowhat?" + _squeeze(answer), _squeeze(answer)}
    else:
        assert saved == ""
    assert saved_text(saved, None) == saved
    assert "\n\n\n" not in saved
    assert not saved.startswith("\n")
