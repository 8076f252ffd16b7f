"""Per-process resources, cached with st.cache_resource: the course (following its files), the store, and the
live-session and facilitator-gate services over the store's engine."""
from __future__ import annotations

import os
import secrets as random_tokens
import sys
from pathlib import Path
from typing import Any

import streamlit as st

from ..content import Course, LoadResult
from ..content.live_course import LiveCourse
from ..settings import all_packs, content_root, database_url
from ..store import Store, make_engine
from ..workshop.facilitator_auth import Gate
from ..workshop.live import Live
from ..workshop.projector_links import ProjectorLinks
from . import keys

RELOAD_CHECK_SECONDS = 1.0
SECRETS_TTL_SECONDS = 60

@st.cache_resource(show_spinner=False)
def _live_course(root: str, packs: tuple[str, ...]) -> LiveCourse:
    return LiveCourse(Path(root), [Path(p) for p in packs], RELOAD_CHECK_SECONDS)


def load() -> LoadResult:
    """The course and its problems: parsed once per process, reloaded on the next rerun after a file changes."""
    return _live_course(str(content_root()), tuple(str(p) for p in all_packs())).get()


def adopt(result: LoadResult, changed: Path) -> None:
    """After the editor saved `changed`: serve the course it checked, instead of re-reading every file."""
    _live_course(str(content_root()), tuple(str(p) for p in all_packs())).adopt(result, changed)


def course() -> Course:
    return load().course


@st.cache_resource(show_spinner=False, ttl=SECRETS_TTL_SECONDS)
def secrets() -> dict[str, Any]:
    """`.streamlit/secrets.toml` as a dict, read at most every SECRETS_TTL_SECONDS per process: without a secrets
    file Streamlit looks for one again on every access, which cost a fifth of a participant's first page when a
    room of phones reconnected at once (docs/performance.md)."""
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


def configured_passcode() -> str | None:
    return os.environ.get("ITLEAD_FACILITATOR_PASSCODE") or (secrets().get("facilitator") or {}).get("passcode")


@st.cache_resource(show_spinner=False)
def setup_token(url: str) -> str | None:
    """A one-time token for first-run setup from another device, made once per process and printed on the
    server's console (never shown in the app); None once a passcode exists."""
    if not Gate(store_at(url).engine, configured_passcode()).needs_setup():
        return None
    token = random_tokens.token_urlsafe(12)
    print(f"itlead: no facilitator passcode is set. Set it on this computer at /facilitate, or from another "
          f"device with this one-time setup token: {token}", file=sys.stderr, flush=True)
    return token


def gate() -> Gate:
    """ITLEAD_FACILITATOR_PASSCODE, else `[facilitator] passcode` in secrets, else the one set on first run."""
    return Gate(store().engine, configured_passcode(), setup_token(database()))


def projector_links() -> ProjectorLinks:
    return ProjectorLinks(store().engine)


def warm() -> None:
    """Before the first visitor: parse the course and open (and upgrade) the database, so that after a restart the
    reconnecting participants find both ready instead of queueing behind the first of them; and, when no
    facilitator passcode is set yet, print the one-time setup token on the console at start-up."""
    load()
    url = database_url(secrets())
    store_at(url)
    if configured_passcode() is None:
        setup_token(url)
