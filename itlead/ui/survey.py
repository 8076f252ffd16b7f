"""Evaluation forms: rating statements and comments, validated by the answer service and saved in one go."""
from __future__ import annotations

from typing import Any

import streamlit as st

from ..content.bank import Bank
from ..content.questions import Likert, Reflection
from ..i18n import _, current_locale
from ..learning.answers import AnswerError, accept_survey
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
                answers[q.id] = st.text_area(tx(q.stem), max_chars=q.max_chars, key=wkey(f"{key}:{q.id}"))
        submitted = st.form_submit_button(_("Send"), type="primary")
    if not submitted:
        return None
    try:
        return accept_survey(bank.questions, answers, current_locale())
    except AnswerError as exc:
        st.warning(str(exc))
        return None
