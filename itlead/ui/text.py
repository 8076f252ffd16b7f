"""Rendering helpers: localized text, and user text shown as text, never as Markdown or HTML."""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..content.text import LText
from ..i18n import current_locale

_MD_SPECIAL = re.compile(r"[!-/:-@\[-`{-~]")
"""Every ASCII punctuation character: each can start some Markdown construct (emphasis, links, headings, lists,
tables, HTML, math), a GFM autolink (www. http:// a@b.c), or a Streamlit directive (:red[...], :material/x:)."""
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=https)(?=:)|(?<=http)(?=:)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)|(?=@)")
"""Where a GFM autolink literal would start. Streamlit finds them in the decoded text, after character references
are resolved, so a WORD JOINER (invisible, U+2060) goes there: `www.x.org`, `http://`, `a@b.org` stay text."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)


def wkey(base: str) -> str:
    """A widget key that changes with the language. Options are shown through translated labels and
    Streamlit remembers a choice by its label, so a widget must start afresh when the language changes."""
    return f"{base}@{current_locale()}"


def labelled(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A format_func whose labels are computed now, in the page's language; Streamlit may call a
    format_func later, outside the page run, where the session's language is not known."""
    labels = {option: label(option) for option in options}
    return lambda option: labels.get(option, str(option))


def tx(text: LText | None) -> str:
    """A content text in the session's language."""
    return "" if text is None else text.get(current_locale())


def escape_md(text: str) -> str:
    """User text made inert for st.markdown: shown exactly as typed, never as Markdown, HTML or a directive.

    Punctuation becomes a numeric character reference (`&#58;`), which CommonMark renders as the character itself
    and never as markup, and which no longer spells `:material/`, `www.` or `===`. A backslash escape would not do:
    Streamlit rewrites `:material/` before parsing, and GFM autolinks keep the backslashes inside the link. Spaces at
    the start or end of a line (indented code, hard breaks) become references too; control characters go; an
    invisible word joiner breaks what would become an autolink."""
    plain = _AUTOLINK.sub("\u2060", _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    out = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", plain)
    return _EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), out)
