"""The person at this browser: their language, the signed-in learner (kept in the URL so a reload keeps both),
and their address as the server sees it."""
from __future__ import annotations

import secrets

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


FORWARDED_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-Ip")


def _forwarded_for() -> str | None:
    """The client address a reverse proxy on this machine names: the last X-Forwarded-For entry, which the
    nearest proxy appended (earlier entries are whatever the client claimed)."""
    value = _header("X-Forwarded-For")
    if not value:
        return None
    last = value.split(",")[-1].strip()
    return last[:64] or None


def _header(name: str) -> str | None:
    try:
        value = st.context.headers.get(name)
    except Exception:  # no request context (AppTest, a script run outside a browser session)
        return None
    return value if isinstance(value, str) else None


def client_id() -> str:
    """Who is knocking, for rate limits and quotas. Streamlit reports the TCP peer, and None for a loopback peer.
    A peer that is not the loopback is the client. A loopback peer is either the server's own browser or a
    reverse proxy on this machine, whose X-Forwarded-For names the client; remote clients cannot set what a
    loopback peer forwards, so nothing from them is trusted. (Tests simulate clients this way over loopback.)"""
    address = getattr(st.context, "ip_address", None)
    if isinstance(address, str) and address:
        return address[:64]
    return _forwarded_for() or "loopback"


def is_local() -> bool:
    """True for a browser on the server itself: a loopback peer that no proxy forwarded. A request relayed by a
    proxy carries a forwarding header and is not local, whatever address it claims."""
    address = getattr(st.context, "ip_address", None)
    if isinstance(address, str) and address:
        return False
    return not any(_header(name) for name in FORWARDED_HEADERS)


def browser_id() -> str:
    """This browser, for one participant per browser: the client plus the browser's XSRF cookie, which Streamlit
    sets once per browser. A scripted client without the cookie counts as one browser per address. On the server
    itself each tab is its own browser (a facilitator trying the participant's view in several tabs)."""
    if is_local():
        if keys.LOCAL_TAB not in st.session_state:
            st.session_state[keys.LOCAL_TAB] = secrets.token_hex(8)
        return f"local|{st.session_state[keys.LOCAL_TAB]}"
    try:
        cookie = st.context.cookies.get("_streamlit_xsrf") or ""
    except Exception:
        cookie = ""
    return f"{client_id()}|{cookie[:200]}"


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
