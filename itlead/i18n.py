"""UI strings go through `_()`, so that gettext catalogues (itlead/locale/<lang>/LC_MESSAGES/itlead.mo) can
translate them; without a catalogue the English source is shown.

The locale is a context variable: each Streamlit session runs its script in its own thread, so one
participant's language never leaks into another's page.
"""
from __future__ import annotations

import gettext
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_locale: ContextVar[str] = ContextVar("itlead_locale", default="en")


@lru_cache(maxsize=8)
def _translation(locale: str) -> gettext.NullTranslations:
    return gettext.translation("itlead", localedir=LOCALE_DIR, languages=[locale], fallback=True)


def set_locale(locale: str) -> None:
    _locale.set(locale)


def current_locale() -> str:
    return _locale.get()


def _(message: str) -> str:
    return _translation(_locale.get()).gettext(message)
