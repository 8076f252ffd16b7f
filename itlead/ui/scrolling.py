"""Moving the learner's view: back to the top of the page when a new lesson or question replaces the old one."""
from __future__ import annotations

import streamlit as st


def scroll_to_top(marker: str) -> None:
    """Scroll the page to its top once, for the content named by `marker` (a new marker runs the script again)."""
    st.html(f"""<script data-view="{abs(hash(marker))}">
  (document.querySelector('section.stMain, [data-testid="stMain"]') || document.scrollingElement).scrollTo(0, 0);
  window.scrollTo(0, 0);
</script>""", unsafe_allow_javascript=True, width=1)
