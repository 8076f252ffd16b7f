"""Rendering helpers: localized text, and user text shown as text, never as Markdown or HTML."""
from __future__ import annotations

import re

from ..content.text import LText
from ..i18n import current_locale

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def tx(text: LText | None) -> str:
    """A content text in the session's language."""
    return "" if text is None else text.get(current_locale())


def escape_md(text: str) -> str:
    """User text made inert for st.markdown: Markdown and HTML characters are escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)
