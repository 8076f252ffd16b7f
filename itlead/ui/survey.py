"""Evaluation forms: rating statements and comments, saved in one go."""
from __future__ import annotations

from typing import Any

import streamlit as st

from ..content.bank import Bank
from ..content.questions import Likert, Reflection
from ..i18n import _
from .text import tx, wkey


def survey_form(bank: Bank, key: str) -> dict[str, Any] | None:
    """Render the form; return the answers once submitted with every rating given, else None."""
    answers: dict[str, Any] = {}
    with st.form(key):
        if bank.description is not None:
            st.caption(tx(bank.description))
        for q in bank.questions:
            if isinstance(q, Likert):
                labels = {k: f"{k} – {tx(v)}" for k, v in q.anchors.items()}
                answers[q.id] = st.radio(tx(q.stem), list(range(1, q.scale + 1)), index=None, horizontal=True,
                                         key=wkey(f"{key}:{q.id}"), format_func=lambda v, labels=labels: labels.get(v, str(v)))
            elif isinstance(q, Reflection):
                answers[q.id] = st.text_area(tx(q.stem), max_chars=q.max_chars, key=wkey(f"{key}:{q.id}")).strip() or None
        submitted = st.form_submit_button(_("Send"), type="primary")
    if not submitted:
        return None
    missing = [qid for qid, v in answers.items() if v is None and isinstance(
        next(q for q in bank.questions if q.id == qid), Likert)]
    if missing:
        st.warning(_("Please give every rating ({n} left); comments are optional.").format(n=len(missing)))
        return None
    return {qid: v for qid, v in answers.items() if v is not None}
