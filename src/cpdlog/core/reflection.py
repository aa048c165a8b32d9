"""Reflection models and the Markdown a reflection is written in.

A model is a published structure for reflecting (Driscoll, Gibbs, Kolb) or
the questions a professional body asks (NMC, ACCA). This module owns the
prompts, in cpdlog's own words, the template a user edits and the rule for
turning an edited template into the text stored as an activity's
`reflection`. It is pure: the editor round trip and storage live elsewhere.
"""

import re
import textwrap
from typing import NamedTuple

from cpdlog.errors import UsageError

# An HTML comment; one left open runs to the end of the text, so a stray
# "<!--" hides what follows instead of leaking half a comment into the log.
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)

# Only spaces, tabs and a carriage return (CRLF endings) count as trailing
# whitespace: other Unicode spaces are the user's text and are kept.
_TRAILING = " \t\r"

# A Markdown heading that starts a section at the level of the prompts or above.
_SECTION = re.compile(r" {0,3}#{1,3}(?:[ \t]|$)")


class Prompt(NamedTuple):
    heading: str
    guidance: str


class Model(NamedTuple):
    name: str
    title: str
    summary: str  # one line for `reflect --list`
    source: str  # who published the structure the prompts follow
    prompts: tuple[Prompt, ...]


_DRISCOLL = Model(
    "driscoll",
    "Driscoll: What? So what? Now what?",
    "Three questions: what happened, why it matters, what you will do next.",
    "John Driscoll (1994, 2007), after Terry Borton's questions (1970)",
    (
        Prompt(
            "What?",
            "Describe what happened: the activity, event or feedback, who was"
            " involved and what you did. A few plain sentences are enough.",
        ),
        Prompt(
            "So what?",
            "Say why it mattered: what you learned, what surprised you and how"
            " you felt. Link it to your work, such as the people you serve, your"
            " colleagues or your organisation.",
        ),
        Prompt(
            "Now what?",
            "Decide what you will do with it: something to change, try, share or"
            " find out more about. Name one concrete next step and, if you can,"
            " when you will take it.",
        ),
    ),
)

_GIBBS = Model(
    "gibbs",
    "Gibbs' reflective cycle",
    "Six steps from what happened and how you felt to an action plan.",
    "Graham Gibbs, Learning by Doing (1988)",
    (
        Prompt(
            "Description",
            "Set the scene in a few sentences: when and where it was, who was"
            " there and what part you played.",
        ),
        Prompt(
            "Feelings",
            "What were you thinking and feeling before, during and after? Honest"
            " reactions, doubts included, are useful here.",
        ),
        Prompt(
            "Evaluation",
            "What went well, and what went less well? Be fair to yourself both ways.",
        ),
        Prompt(
            "Analysis",
            "Why did it go the way it did? Draw on what you know: reading,"
            " training, colleagues' experience or your profession's skills"
            " framework.",
        ),
        Prompt(
            "Conclusion",
            "What did you learn, and what else could you have done? Sum up what"
            " you understand now that you did not before.",
        ),
        Prompt(
            "Action plan",
            "If something like this happens again, what will you do? List one or"
            " two concrete steps, such as a skill to practise or something to"
            " read.",
        ),
    ),
)

_KOLB = Model(
    "kolb",
    "Kolb's experiential learning cycle",
    "Experience, observe, draw a lesson, then try it out.",
    "David A. Kolb, Experiential Learning (1984)",
    (
        Prompt(
            "Concrete experience",
            "Describe the experience itself: what you did, saw or took part in."
            " Keep it factual and specific.",
        ),
        Prompt(
            "Reflective observation",
            "Step back and look at it: what stood out, and how did it compare"
            " with what you expected? Think about how others saw it too.",
        ),
        Prompt(
            "Abstract conceptualisation",
            "What general lesson or idea can you draw from it? Connect it with"
            " theory, guidance or earlier experience to explain why it happened"
            " as it did.",
        ),
        Prompt(
            "Active experimentation",
            "How will you put that lesson to the test? Say what you will try"
            " next and how you will know whether it worked.",
        ),
    ),
)

_NMC = Model(
    "nmc",
    "NMC reflective account",
    "The four questions of the NMC's reflective accounts form, ending with the Code.",
    "Nursing and Midwifery Council (NMC), revalidation: written reflective"
    " accounts form",
    (
        Prompt(
            "The activity, feedback or experience",
            "What kind of CPD activity, practice-related feedback or event from"
            " your practice is this about? Describe it briefly, leaving out"
            " anything that could identify a patient, service user or colleague.",
        ),
        Prompt(
            "What I learned",
            "What did you take away from it? One or two points that made a"
            " difference to you are better than a long list.",
        ),
        Prompt(
            "How my practice changed",
            "How did you change or improve your practice as a result? Give a"
            " concrete example of something you now do differently.",
        ),
        Prompt(
            "Relevance to the Code",
            "How does this relate to the Code? Name one or more of its themes"
            " (prioritise people, practise effectively, preserve safety, promote"
            " professionalism and trust) and say how.",
        ),
    ),
)

_ACCA = Model(
    "acca",
    "ACCA verifiable CPD record",
    "Why you chose the activity, what you learned and how you applied it.",
    "ACCA, guidance on keeping evidence of verifiable CPD (unit route)",
    (
        Prompt(
            "Why I chose it",
            "Why did you choose this activity? Link it to a need in your role or"
            " development plan, such as a gap you noticed, a new responsibility"
            " or a change in the rules you work under.",
        ),
        Prompt(
            "What I learned",
            "What did you learn? Note the main points you took away, in your own"
            " words.",
        ),
        Prompt(
            "How I applied it",
            "How have you applied the learning, or how will you? Give an example"
            " from your work, such as a task you now do differently or advice"
            " you gave.",
        ),
    ),
)

MODELS: dict[str, Model] = {
    model.name: model for model in (_DRISCOLL, _GIBBS, _KOLB, _NMC, _ACCA)
}


def find_model(name: str) -> Model:
    """The model called name, ignoring case; UsageError naming the models."""
    model = MODELS.get(name.strip().casefold())
    if model is None:
        names = ", ".join(sorted(MODELS))
        raise UsageError(
            f"Unknown reflection model {name!r}: choose one of {names}"
            " (cpdlog reflect --list describes them)."
        )
    return model


def template(model: Model, title: str) -> str:
    """The Markdown an empty reflection opens as: an explaining comment, then
    each prompt as a `###` heading with its guidance in a comment."""
    parts = [_intro(model, title)]
    for prompt in model.prompts:
        guidance = textwrap.fill(
            prompt.guidance, width=76, initial_indent="<!-- ", subsequent_indent="     "
        )
        parts.append(f"\n### {prompt.heading}\n{guidance} -->\n\n")
    return "".join(parts)


def _intro(model: Model | None, title: str) -> str:
    """The first comment; the title is one line and cannot close the comment."""
    title = " ".join(title.split())
    while "-->" in title:
        title = title.replace("-->", "-- >")
    about = f'Reflection on "{title}"' if title else "Reflection"
    if model is None:
        return (
            f"<!-- {about}.\n"
            "What happened, what did you learn, and what will you do with it?\n"
            "`cpdlog reflect --list` shows models that guide you (--model NAME).\n"
            "Notes in comments like this one are dropped when you save, and saving\n"
            "without changes leaves the reflection as it was. -->\n\n"
        )
    return (
        f"<!-- {about} ({model.title}).\n"
        "Write under each heading; a heading you leave empty is left out.\n"
        "Notes in comments like this one are dropped when you save, and saving\n"
        "without changes leaves the reflection as it was. -->\n"
    )


def plain_template(title: str) -> str:
    """What an empty reflection opens as when no model is chosen: one
    explaining comment, then room to write."""
    return _intro(None, title)


def missing_prompts(text: str, model: Model) -> tuple[Prompt, ...]:
    """The prompts of model whose `### heading` line text does not hold yet
    (outside comments)."""
    present = _headings(text)
    return tuple(p for p in model.prompts if f"### {p.heading}" not in present)


def with_prompts(text: str, model: Model, title: str) -> str | None:
    """An existing reflection followed by the prompts of model it lacks, as
    the template shows them (those left empty are dropped on save), or None
    when it already has every one. The text itself is kept as it is."""
    missing = missing_prompts(text, model)
    if not missing:
        return None
    body = text.rstrip("\n")
    return (body + "\n\n" if body else "") + template(
        model._replace(prompts=missing), title
    )


def saved_text(edited: str, template_text: str | None) -> str | None:
    """What becomes the activity's `reflection` after editing, or None when
    edited is template_text (the text the editor opened with) unchanged but
    for trailing whitespace.

    Comments are dropped, trailing spaces and tabs of each line removed,
    runs of blank lines made one, blank lines at either end removed, and a
    non-empty result ends in one newline. A `###` heading of template_text
    with nothing under it (up to the next heading of level 1 to 3) is
    dropped, so a template whose comments alone were edited saves as "".
    Everything else is kept as typed."""
    if template_text is not None and _lines(edited) == _lines(template_text):
        return None
    headings = _headings(template_text or "")
    lines = _lines(COMMENT.sub("", edited))
    return _tidy(_drop_empty(lines, headings))


def _lines(text: str) -> list[str]:
    """The lines of text without trailing whitespace or trailing blank lines.
    Only "\\n" splits: other line separators are part of the user's text."""
    lines = [line.rstrip(_TRAILING) for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _headings(template_text: str) -> frozenset[str]:
    """The `###` heading lines of a template, outside its comments."""
    lines = _lines(COMMENT.sub("", template_text))
    return frozenset(line for line in lines if line.startswith("### "))


def _drop_empty(lines: list[str], headings: frozenset[str]) -> list[str]:
    """lines without the template headings whose section is blank. As in
    Markdown, a section runs to the next heading of level 1 to 3; walking
    backwards, each heading knows whether its section holds text."""
    kept: list[str] = []
    filled = False
    for line in reversed(lines):
        if line in headings:
            if filled:
                kept.append(line)
            filled = False
        else:
            kept.append(line)
            if _SECTION.match(line):
                filled = False
            elif line:
                filled = True
    kept.reverse()
    return kept


def _tidy(lines: list[str]) -> str:
    """lines joined with one blank line at most between paragraphs."""
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
