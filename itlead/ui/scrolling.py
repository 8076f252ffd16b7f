"""Moving the learner's view: back to the top of the page when a new lesson or question replaces the old one, and
keyboard focus to the new question after Next or Previous."""
from __future__ import annotations

import streamlit as st


def scroll_to_top(marker: str) -> None:
    """Scroll the page to its top once, for the content named by `marker` (a new marker runs the script again)."""
    st.html(f"""<script data-view="{abs(hash(marker))}">
  (document.querySelector('section.stMain, [data-testid="stMain"]') || document.scrollingElement).scrollTo(0, 0);
  window.scrollTo(0, 0);
</script>""", unsafe_allow_javascript=True, width=1)


def focus_container(key: str) -> None:
    """Move keyboard focus to the container made with `st.container(key=key)` (Streamlit gives it the class
    st-key-<key>), once it is on the page: a keyboard or screen-reader user continues from the new content instead
    of from the button that replaced it. It is made focusable (tabindex=-1) without joining the tab order. Focus that
    has already moved on to a field (typing started) is left where it is."""
    st.html(f"""<script data-focus="{abs(hash(key))}">
  (function focusWhenShown(tries) {{
    const el = document.querySelector('.st-key-{key}');
    if (!el) {{ if (tries > 0) setTimeout(() => focusWhenShown(tries - 1), 100); return; }}
    const now = document.activeElement;
    if (now && now !== document.body && !now.matches('button, [role=button]')) return;  // the learner moved on
    el.setAttribute('tabindex', '-1');
    el.focus({{preventScroll: false}});
  }})(50);
</script>""", unsafe_allow_javascript=True, width=1)
