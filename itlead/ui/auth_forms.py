"""The facilitator's passcode forms: the first-run setup and the entry form."""
from __future__ import annotations

import streamlit as st

from ..i18n import _
from ..workshop.facilitator_auth import AuthError, Gate
from . import keys
from .resources import gate
from .visitor import client_id


def require_facilitator() -> None:
    """Stop the page unless this session has entered the facilitator passcode."""
    if st.session_state.get(keys.FACILITATOR):
        return
    st.title(_("Facilitator area"))
    entry = gate()
    if entry.needs_setup():
        _setup_form(entry)
    else:
        _entry_form(entry)
    st.stop()


def _setup_form(entry: Gate) -> None:
    st.info(_("First run: choose the facilitator passcode. It is stored only as a salted hash."))
    with st.form("setup-passcode"):
        first = st.text_input(_("New passcode (at least 8 characters)"), type="password")
        second = st.text_input(_("Repeat the passcode"), type="password")
        if st.form_submit_button(_("Set passcode"), type="primary"):
            try:
                entry.set_passcode(first, second)
            except AuthError as exc:
                st.warning(str(exc))
            else:
                st.session_state[keys.FACILITATOR] = True
                st.rerun()


def _entry_form(entry: Gate) -> None:
    with st.form("enter-passcode"):
        code = st.text_input(_("Facilitator passcode"), type="password")
        if st.form_submit_button(_("Enter"), type="primary"):
            try:
                entry.enter(code, client_id())
            except AuthError as exc:
                st.error(str(exc))
            else:
                st.session_state[keys.FACILITATOR] = True
                st.rerun()
