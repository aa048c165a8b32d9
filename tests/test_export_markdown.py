"""The Markdown export shows user text as written (issue 12, item 22).

Read by a real CommonMark parser with GFM tables (markdown-it-py, which
rich already brings): a title never becomes markup, a reflection never adds
a heading or raw HTML, and any one-line text comes back as it was.
"""

import html
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cpdlog.core.markdown import escape_block, escape_inline
from tests.conftest import cli

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
PIECES = ["#", "*", "_", "`", "[", "]", "(", ")", "<", ">", "|", "~", "&", "amp;",
          "!", "-", "+", "=", "1.", "2)", "\\", " ", "a", "é", "<b>", "&#65;",
          "---", "***", "\t", "\n"]  # fmt: skip
TRICKY = st.lists(st.sampled_from(PIECES)).map("".join)
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"))


def _text_of(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@settings(max_examples=400, deadline=None)
@given(TRICKY | TEXT)
def test_escape_inline_comes_back_as_the_text(text: str) -> None:
    expected = " ".join(text.split())
    rendered = PARSER.render(escape_inline(text))
    assert _text_of(rendered) == expected
    if expected:
        assert rendered.startswith("<p>"), rendered


@settings(max_examples=200, deadline=None)
@given(TRICKY | TEXT)
def test_escape_inline_stays_in_its_table_cell(text: str) -> None:
    table = f"| A | B |\n|---|---|\n| {escape_inline(text)} | x |\n"
    rendered = PARSER.render(table)
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.DOTALL)
    assert len(cells) == 2, rendered
    assert _text_of(cells[0]) == " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(TRICKY | TEXT)
def test_escape_block_adds_no_heading_and_no_html(text: str) -> None:
    rendered = PARSER.render("Paragraph before.\n\n" + escape_block(text))
    assert not re.search(r"<h[1-6]>", rendered), rendered
    assert "<b>" not in rendered
    assert "<script" not in rendered


def test_titles_and_reflections_stay_text_in_the_markdown_export(home: Path) -> None:
    """Before issue 12 item 22 was fixed, this title became emphasis and a
    link, and the reflection added a heading and raw HTML to the export."""
    title = "# *Draft* notes on [RDA](http://x) <b>cataloguing</b> | 2 h"
    reflection = "What I did.\n# Not a heading\nText\n===\n<script>alert(1)</script>"
    cli("add", title, "--hours", "1", "-t", "course", "--date", "2026-11-01",
        "--reflection", reflection, "--provider", "_CILIP_")  # fmt: skip
    text = cli("export").stdout
    rendered = PARSER.render(text)
    headings = re.findall(r"<h([1-6])>(.*?)</h\1>", rendered)
    assert [level for level, _ in headings].count("1") == 1
    assert ("3", html.escape(f"2026-11-01: {title}", quote=False)) in headings
    assert not any("Not a heading" in heading for _, heading in headings)
    assert "<b>" not in rendered
    assert "<em>" not in rendered
    assert "<script" not in rendered
    assert 'href="http://x"' not in rendered
    cells = re.findall(r"<td>(.*?)</td>", rendered)
    assert html.escape(title, quote=False) in cells
    assert "_CILIP_" in _text_of(rendered)
