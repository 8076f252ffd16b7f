"""Finding 7: participant text on the facilitator's and projector's screens is shown as text. escape_md output is
rendered by a CommonMark parser (with GFM tables and strikethrough) and must give back the text, and nothing else;
Streamlit's own rewrites (directives, :material/ icons) and GFM autolinks must find nothing to act on."""
import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from itlead.ui.text import escape_md

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
DIRECTIVE = re.compile(r":[A-Za-z_]")  # remark-directive's text directive (:red[...], :material_warning:)
AUTOLINK = re.compile(r"(?i)www\.|[a-z]+://|@")  # GFM autolink literals
PROBE = [":material/warning: alert", ":red[in colour]", "Heading\n===", "Heading\n---", "www.example.org",
         "https://example.org/a_b?c=d", "mail@example.org", "# title", "1. item", "- item", "> quote",
         "    indented code", "`code`", "**bold** _it_", "[x](javascript:alert(1))", "<b>html</b>", "$x^2$",
         "a | b\n--|--\n1 | 2", "~~gone~~", "&amp; &#42;", "line  \nbreak", "\\*not bold\\*", ":smile:"]
CHARS = st.sampled_from(list(" \n\t:*_[]()#=-+.!|<>~$`\\/@&;wxyz0123") + ["www.", "http://", ":red[", ":material/",
                                                                          "\r", "é", "\u200b"])


def _rendered_text(source: str) -> str:
    """The rendered HTML with paragraph and soft-break structure removed; raises if any other tag is left."""
    out = MD.render(source)
    body = re.sub(r"</?p>", "", out).strip("\n")
    assert "<" not in body.replace("&lt;", ""), f"markup in {out!r}"
    return html.unescape(body).replace("\u2060", "")  # the invisible joiner that breaks autolinks


def _check(text: str) -> None:
    source = escape_md(text)
    assert not DIRECTIVE.search(source) and ":material/" not in source and not AUTOLINK.search(source)
    plain = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    expected = [p.strip(" \t") for p in re.split(r"\n[ \t]*\n", plain)]
    got = _rendered_text(source)
    words = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731  (whitespace runs collapse in HTML anyway)
    assert words(got) == words(" ".join(e for e in expected if e.strip())), (text, source, got)


def test_the_probes_constructs_render_as_text():
    for text in PROBE:
        _check(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(CHARS, max_size=40).map("".join) | st.text(max_size=60))
def test_random_text_renders_as_itself(text):
    _check(text)
