"""The facilitator's passcode forms: the first-run setup and the entry form."""
from __future__ import annotations

import streamlit as st

from ..i18n import _
from ..workshop.facilitator_auth import AuthError, Gate
from . import keys, visitor
from .resources import gate


def require_facilitator() -> None:
    """Stop the page unless this session has entered the facilitator passcode."""
    if st.session_state.get(keys.FACILITATOR):
        return
    st.title(_("Facilitator area"), anchor=False)
    entry = gate()
    if entry.needs_setup():
        _setup_form(entry)
    else:
        _entry_form(entry)
    st.stop()


def _setup_form(entry: Gate) -> None:
    local = visitor.is_local()
    st.info(_("First run: choose the facilitator passcode. It is stored only as a salted hash."))
    if not local:
        st.caption(_("You are not on the server itself: enter the one-time setup token printed on the server's "
                     "console when the app started."))
    with st.form("setup-passcode"):
        token = "" if local else st.text_input(_("Setup token"), type="password", max_chars=64)
        first = st.text_input(_("New passcode (at least 8 characters)"), type="password", max_chars=200)
        second = st.text_input(_("Repeat the passcode"), type="password", max_chars=200)
        if st.form_submit_button(_("Set passcode"), type="primary"):
            try:
                entry.set_passcode(first, second, client=visitor.client_id(), local=local, token=token)
            except AuthError as exc:
                st.warning(str(exc))
            else:
                st.session_state[keys.FACILITATOR] = True
                st.rerun()


def _entry_form(entry: Gate) -> None:
    with st.form("enter-passcode"):
        code = st.text_input(_("Facilitator passcode"), type="password", max_chars=200)
        if st.form_submit_button(_("Enter"), type="primary"):
            try:
                entry.enter(code, visitor.client_id(), local=visitor.is_local())
            except AuthError as exc:
                st.error(str(exc))
            else:
                st.session_state[keys.FACILITATOR] = True
                st.rerun()
