"""The person at this browser: their language, the signed-in learner (kept in the URL so a reload keeps both),
and their address as the server sees it."""
from __future__ import annotations

import streamlit as st

from .. import settings
from ..content import LOCALES
from ..i18n import _, set_locale
from ..store.identity import InvalidCode
from ..store.repo import Learner
from ..workshop.join_address import JoinAddress, detect_lan_address
from ..workshop.join_address import join_address as _join_address
from . import keys
from .resources import store


def locale() -> str:
    """?lang= in the URL, else the learner's choice, else the browser's language, else English."""
    ss = st.session_state
    wanted = st.query_params.get("lang")
    if wanted in LOCALES:
        ss[keys.LOCALE] = wanted
    if keys.LOCALE not in ss:
        browser = (getattr(st.context, "locale", None) or "en")[:2].lower()
        ss[keys.LOCALE] = browser if browser in LOCALES else "en"
    set_locale(ss[keys.LOCALE])
    return ss[keys.LOCALE]


def learner() -> Learner | None:
    """The signed-in learner, from this session or from a ?resume= link; keeps the link in the URL."""
    ss = st.session_state
    learner_id = ss.get(keys.LEARNER_ID)
    if learner_id is not None:
        found = store().learner(learner_id)
        if found is None:  # erased meanwhile
            sign_out()
            return None
        st.query_params["resume"] = ss[keys.RESUME_CODE]
        return found
    code = st.query_params.get("resume")
    if not code:
        return None
    try:
        found = store().learner_by_code(code)
    except InvalidCode as exc:
        st.warning(str(exc))
        del st.query_params["resume"]
        return None
    if found is None:
        st.warning(_("No learner has that resume code. Check it, or start afresh."))
        del st.query_params["resume"]
        return None
    sign_in(found, code)
    return found


def sign_in(found: Learner, code: str) -> None:
    st.session_state[keys.LEARNER_ID] = found.id
    st.session_state[keys.RESUME_CODE] = code
    if found.locale in LOCALES and "lang" not in st.query_params:
        st.session_state[keys.LOCALE] = found.locale
        set_locale(found.locale)
    st.query_params["resume"] = code


def sign_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.query_params.clear()


def require_learner() -> Learner:
    """The learner, or stop the page with a pointer to the start page."""
    found = learner()
    if found is None:
        st.info(_("Start or resume the course on the Welcome page."))
        st.stop()
    return found


def client_id() -> str:
    """Who is knocking, for rate limits: the client's address as Streamlit sees it."""
    address = getattr(st.context, "ip_address", None)
    return address if isinstance(address, str) and address else "unknown"


@st.cache_data(ttl=30, show_spinner=False)
def _detected() -> str | None:
    """The network address, looked up at most every 30 s per process (the projector's lobby asks every second)."""
    return detect_lan_address()


def join_address() -> JoinAddress:
    """The address participants should open: ITLEAD_PUBLIC_URL, else the facilitator's host unless it is
    loopback, else this machine's detected network address (ITLEAD_LAN_ADDRESS overrides or turns it off)."""
    lan = settings.lan_address_setting()
    if lan is None:
        detect = _detected
    else:
        def detect() -> str | None:
            return None if lan.lower() in ("", "off", "none") else lan
    port = int(st.get_option("server.port") or 8501)
    return _join_address(settings.public_url(), str(getattr(st.context, "url", "") or ""), port, detect)


def app_origin() -> str:
    """scheme://host:port of the app as this browser opened it (for links opened on this same machine)."""
    from urllib.parse import urlparse

    parsed = urlparse(str(getattr(st.context, "url", "") or ""))
    if parsed.scheme in ("http", "https") and parsed.netloc:
        return f"{parsed.scheme}://{parsed.netloc}"
    return f"http://localhost:{int(st.get_option('server.port') or 8501)}"
