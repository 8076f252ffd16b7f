"""A tiny page for tests/e2e/test_security.py: the probe's hostile texts through escape_md, one per container."""
import streamlit as st

from itlead.ui.text import escape_md
from tests.unit.ui.test_escape_md import PROBE

for number, text in enumerate(PROBE):
    with st.container(key=f"probe-{number}"):
        st.markdown(escape_md(text))
st.markdown("done")
