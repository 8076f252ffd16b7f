"""Per-process resources, cached with st.cache_resource: the course (following its files), the store, and the
live-session and facilitator-gate services over the store's engine."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import streamlit as st

from ..content import Course, LoadResult
from ..content.live_course import LiveCourse
from ..settings import content_packs, content_root, database_url
from ..store import Store, make_engine
from ..workshop.facilitator_auth import Gate
from ..workshop.live import Live
from ..workshop.projector_links import ProjectorLinks
from . import keys

RELOAD_CHECK_SECONDS = 1.0

@st.cache_resource(show_spinner=False)
def _live_course(root: str, packs: tuple[str, ...]) -> LiveCourse:
    return LiveCourse(Path(root), [Path(p) for p in packs], RELOAD_CHECK_SECONDS)


def load() -> LoadResult:
    """The course and its problems: parsed once per process, reloaded on the next rerun after a file changes."""
    return _live_course(str(content_root()), tuple(str(p) for p in content_packs())).get()


def course() -> Course:
    return load().course


def secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets.toml: Streamlit raises its own error types here
        return {}


@st.cache_resource(show_spinner=False)
def store_at(url: str) -> Store:
    """The store for a database URL, migrated once per process."""
    store = Store(make_engine(url))
    store.migrate()
    return store


def database() -> str:
    """This session's database URL (resolved once, so fragments running outside the script reuse it)."""
    url = st.session_state.get(keys.DATABASE_URL)
    if url is None:
        url = st.session_state[keys.DATABASE_URL] = database_url(secrets())
    return url


def store() -> Store:
    return store_at(database())


def live() -> Live:
    return Live(store().engine)


def gate() -> Gate:
    """ITLEAD_FACILITATOR_PASSCODE, else `[facilitator] passcode` in secrets, else the one set on first run."""
    configured = os.environ.get("ITLEAD_FACILITATOR_PASSCODE") or (secrets().get("facilitator") or {}).get("passcode")
    return Gate(store().engine, configured)


def projector_links() -> ProjectorLinks:
    return ProjectorLinks(store().engine)
