"""Welcome: start the course with a name, or resume it with a code."""
import streamlit as st

from itlead.i18n import _
from itlead.store.identity import InvalidCode, clean_name
from itlead.ui import keys, resources, visitor
from itlead.ui.text import escape_md
from itlead.workshop.facilitator_auth import AuthError

st.title(_("Strategic IT Leadership for Customs Executives"), anchor=False)
st.markdown(_(
    "A self-paced course for Directors General, Commissioners and the officials who oversee ICT projects. "
    "It follows the WCO workshop *Strategic Leadership in IT* (Freeport, Bahamas, May 2015): strategic planning "
    "and ICT, business process analysis, organisational risk management, and ICT in support of the WTO Trade "
    "Facilitation Agreement."))
st.markdown(_("Nothing is shared with anybody: you choose a name, and the app gives you a **resume code** that "
              "brings you back to where you left off, on any device."))

start, resume = st.columns(2)
with start.form("start"):
    st.subheader(_("Start"), anchor=False)
    name = st.text_input(_("Your name or a nickname"), max_chars=60)
    if st.form_submit_button(_("Start the course"), type="primary"):
        try:
            cleaned = clean_name(name)
        except ValueError as exc:
            st.warning(str(exc))
        else:
            try:
                if not visitor.is_local():  # a quota per client address on learners created
                    resources.gate().throttle.attempt("learner", visitor.client_id())
            except AuthError:
                st.warning(_("Too many new learners from this device today. Resume with your code instead, "
                             "or try again tomorrow."))
            else:
                learner, code = resources.store().create_learner(cleaned, st.session_state.get(keys.LOCALE))
                visitor.sign_in(learner, code)
                st.session_state[keys.NEW_CODE] = code
                st.rerun()

with resume.form("resume"):
    st.subheader(_("Resume"), anchor=False)
    code = st.text_input(_("Your resume code"), max_chars=20, placeholder="7KQ2M-XW9TD")
    if st.form_submit_button(_("Resume")):
        try:
            found = resources.store().learner_by_code(code)
        except InvalidCode as exc:
            st.warning(str(exc))
        else:
            if found is None:
                st.warning(_("No learner has that resume code. Check it, or start afresh."))
            else:
                visitor.sign_in(found, code)
                st.rerun()

st.caption(escape_md(_("Tip: bookmark the page once you have started; the link carries your resume code.")))
