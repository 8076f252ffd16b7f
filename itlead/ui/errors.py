"""Storage failures shown as plain messages, never as tracebacks."""
from __future__ import annotations

import functools
from typing import Callable

import streamlit as st

from ..i18n import _
from ..store import StorageUnavailable


def resilient(fragment: Callable[[], None]) -> Callable[[], None]:
    """For self-refreshing fragments: a database outage shows a notice, and the next refresh retries."""

    @functools.wraps(fragment)
    def run() -> None:
        try:
            fragment()
        except StorageUnavailable:
            st.warning(_("Storage is unavailable; retrying every few seconds. Nothing you send now is saved."))

    return run


def storage_error(exc: StorageUnavailable) -> None:
    st.error(_("Storage is unavailable right now, so nothing can be saved. "
               "Your last action was not recorded; please try again in a moment.") + f"\n\n({exc})")
    st.stop()
