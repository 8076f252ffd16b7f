"""UI strings go through `_()`, translated from gettext catalogues (itlead/locale/<lang>/LC_MESSAGES/itlead.po,
read with Babel; no compiled files to keep in sync). Without a translation the English source is shown.

The locale is a context variable: each Streamlit session runs its script in its own thread, so one
participant's language never leaks into another's page. `N_()` marks a string for extraction where it is
defined and translated later, where it is shown.
"""
from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "itlead"
_locale: ContextVar[str] = ContextVar("itlead_locale", default="en")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
"""Each language in its own name, as a language picker shows it."""


@lru_cache(maxsize=8)
def catalogue(locale: str) -> dict[str, str]:
    """msgid -> translation for a locale; empty for English or a missing catalogue."""
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if locale == "en" or not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def set_locale(locale: str) -> None:
    _locale.set(locale)


def current_locale() -> str:
    return _locale.get()


def _(message: str) -> str:
    return catalogue(_locale.get()).get(message, message)


def N_(message: str) -> str:
    """Mark a string for translation without translating it yet."""
    return message
