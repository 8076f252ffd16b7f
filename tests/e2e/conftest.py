"""Real-browser tests: `streamlit run` on a free loopback port, driven by Playwright with Debian's Chromium."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..helpers import free_port
from ..helpers.servers import ROOT, start_streamlit, stop_streamlit

CHROMIUM = "/usr/bin/chromium"
expect.set_options(timeout=30_000)  # a shared 2-core machine can take seconds per rerun
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} not available")


@pytest.fixture
def app_server(tmp_path):
    port = free_port()
    env = {"ITLEAD_DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}",
           "ITLEAD_CONTENT_DIR": str(ROOT / "tests" / "fixtures" / "e2e_course")}
    proc = start_streamlit(env, port)
    yield f"http://127.0.0.1:{port}"
    stop_streamlit(proc)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _missing("Debian's chromium (/usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
