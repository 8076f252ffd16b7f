"""Rendering helpers: localized text, and user text shown as text, never as Markdown or HTML."""
from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..content.text import LText
from ..i18n import current_locale

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


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
    """User text made inert for st.markdown: Markdown and HTML characters are escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)
