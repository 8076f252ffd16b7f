"""Per-process resources (course, store) and per-session state (who the learner is, the language)."""
from __future__ import annotations

import functools
import os
import time
from pathlib import Path
from typing import Any, Callable

import streamlit as st

from ..content import LOCALES, Course, LoadResult, load_course
from ..content.loader import discover
from ..facilitator_auth import AuthError, Gate
from ..i18n import _, set_locale
from ..identity import InvalidCode
from ..live import Live
from ..settings import content_packs, content_root, database_url
from ..store import Store, StorageUnavailable, make_engine
from ..store.repo import Learner


RELOAD_CHECK_SECONDS = 1.0


@st.cache_resource(show_spinner=False)
def _loaded() -> dict[tuple[str, tuple[str, ...]], list[Any]]:
    """Per process: (content root, packs) -> [time checked, file fingerprint, LoadResult]."""
    return {}


def _fingerprint(root: Path, packs: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for path in [*discover(root), *(p for pack in packs for p in discover(pack))]:
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def load() -> LoadResult:
    """The course, loaded once per process and reloaded on the next rerun after a content file changes.
    A file that breaks keeps serving its last good version while its problems are shown."""
    root, packs = content_root(), content_packs()
    key = (str(root), tuple(str(p) for p in packs))
    entry = _loaded().get(key)
    now = time.monotonic()
    if entry is not None and now - entry[0] < RELOAD_CHECK_SECONDS:
        return entry[2]
    fingerprint = _fingerprint(root, packs)
    if entry is None or entry[1] != fingerprint:
        result = load_course(root, packs=packs, previous=entry[2] if entry else None)
        entry = [now, fingerprint, result]
        _loaded()[key] = entry
    entry[0] = now
    return entry[2]


def course() -> Course:
    return load().course


def _secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml: Streamlit raises its own error types here
        return {}


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    store = Store(make_engine(url))
    store.migrate()
    return store


def store() -> Store:
    url = st.session_state.get("_database_url")
    if url is None:
        url = st.session_state["_database_url"] = database_url(_secrets())
    return _store(url)


def locale() -> str:
    """?lang= in the URL, else the learner's choice, else the browser's language, else English."""
    ss = st.session_state
    wanted = st.query_params.get("lang")
    if wanted in LOCALES:
        ss["locale"] = wanted
    if "locale" not in ss:
        browser = (getattr(st.context, "locale", None) or "en")[:2].lower()
        ss["locale"] = browser if browser in LOCALES else "en"
    set_locale(ss["locale"])
    return ss["locale"]


def learner() -> Learner | None:
    """The signed-in learner, from this session or from a ?resume= link; keeps the link in the URL."""
    ss = st.session_state
    learner_id = ss.get("learner_id")
    if learner_id is not None:
        found = store().learner(learner_id)
        if found is None:  # erased meanwhile
            sign_out()
            return None
        st.query_params["resume"] = ss["resume_code"]
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
    st.session_state["learner_id"] = found.id
    st.session_state["resume_code"] = code
    if found.locale in LOCALES and "lang" not in st.query_params:
        st.session_state["locale"] = found.locale
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


def resilient(fragment: Callable[[], None]) -> Callable[[], None]:
    """For self-refreshing fragments: a database outage shows a notice, and the next refresh retries."""

    @functools.wraps(fragment)
    def run() -> None:
        try:
            fragment()
        except StorageUnavailable:
            st.warning(_("Storage is unavailable; retrying every few seconds. Nothing you send now is saved."))

    return run


def storage_error(exc: StorageUnavailable) -> None:
    st.error(_("Storage is unavailable right now, so nothing can be saved. "
               "Your last action was not recorded; please try again in a moment.") + f"\n\n({exc})")
    st.stop()


def live() -> Live:
    return Live(store().engine)


def gate() -> Gate:
    """ITLEAD_FACILITATOR_PASSCODE, else `[facilitator] passcode` in secrets, else the one set on first run."""
    configured = os.environ.get("ITLEAD_FACILITATOR_PASSCODE") or (_secrets().get("facilitator") or {}).get("passcode")
    return Gate(store().engine, configured)


def client_id() -> str:
    """Who is knocking, for rate limits: the client's address as Streamlit sees it."""
    address = getattr(st.context, "ip_address", None)
    return address if isinstance(address, str) and address else "unknown"


def base_url() -> str:
    """The address participants should open, as the facilitator's browser sees the app."""
    url = str(getattr(st.context, "url", "") or "")
    if url.startswith("http"):
        from urllib.parse import urlparse

        parsed = urlparse(url)
        return f"{parsed.scheme}://{parsed.netloc}"
    return "http://localhost:8501"


def require_facilitator() -> None:
    """Stop the page unless this session has entered the facilitator passcode."""
    if st.session_state.get("facilitator"):
        return
    st.title(_("Facilitator area"))
    entry = gate()
    if entry.needs_setup():
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
                    st.session_state["facilitator"] = True
                    st.rerun()
        st.stop()
    with st.form("enter-passcode"):
        code = st.text_input(_("Facilitator passcode"), type="password")
        if st.form_submit_button(_("Enter"), type="primary"):
            try:
                entry.enter(code, client_id())
            except AuthError as exc:
                st.error(str(exc))
            else:
                st.session_state["facilitator"] = True
                st.rerun()
    st.stop()
