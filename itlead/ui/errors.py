"""Storage failures shown as plain messages, never as tracebacks."""
from __future__ import annotations

import functools
from typing import Callable

import streamlit as st

from ..i18n import _
from ..store import StorageUnavailable
from ..store.plans import PlanLimit


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


def plan_limit(exc: PlanLimit) -> str:
    """The learner's message for an action plan that is full, or an item that is too long."""
    kind, _sep, limit = str(exc).partition(":")
    if kind == "items":
        return _("Your action plan holds at most {n} items. Remove one before adding another.").format(n=limit)
    return _("An action has at most {n} characters.").format(n=limit)


def unexpected_error() -> None:
    """The friendly page for a bug: no traceback (client.showErrorDetails is "none"), a way forward."""
    st.error(_("Something went wrong on our side. Your saved work is safe. Reload the page to continue."))
