"""`streamlit run serve.py`: the app (app.py) behind Streamlit's ASGI server, warmed up before it accepts the first
connection. After a restart, every participant's phone reconnects at once; without the warm-up the first of them
pays for importing the engine (pandas, Altair, SQLAlchemy, pydantic: about 1.5 s on a 2-core laptop) while the
others wait behind it. It also serves the live event stream that tells participants' phones when their session
changes (itlead/server/live_events.py), so phones need not poll. `streamlit run app.py` still works: it starts cold
and phones poll instead."""
import functools
from contextlib import asynccontextmanager

import anyio
import streamlit as st

from itlead.server.live_events import LiveEvents, watching


def _warm() -> None:
    import importlib

    for name in ("itlead.ui.shell", "itlead.ui.live_views", "itlead.ui.widgets", "itlead.ui.quiz", "itlead.ui.survey",
                 "itlead.interop.pdf", "itlead.interop.report_docs", "itlead.workshop.report", "segno", "yaml"):
        importlib.import_module(name)
    from itlead.ui import resources

    resources.warm()


@functools.cache
def _live():  # type: ignore[no-untyped-def]
    """The app's own live-session service, asked for once (outside a script run Streamlit warns at each call)."""
    from itlead.ui import resources

    return resources.live()


events = LiveEvents(_live)


@asynccontextmanager
async def _lifespan(_app):  # type: ignore[no-untyped-def]
    await anyio.to_thread.run_sync(_warm)
    async with watching(events):
        yield


app = st.App("app.py", lifespan=_lifespan, routes=[events.route()])
