"""`streamlit run` on a free loopback port, for browser, load and benchmark runs."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_streamlit(env: dict[str, str], port: int, script: Path = ROOT / "app.py",
                    log: Path | None = None) -> subprocess.Popen:
    """`streamlit run` on 127.0.0.1:port, returned once /_stcore/health answers; with `log`, its console output
    (stderr) goes to that file."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=log.open("w") if log is not None else subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode() if proc.stderr else log.read_text() if log else "exited")
    proc.kill()
    raise RuntimeError("streamlit did not become healthy in 60 s")


def stop_streamlit(proc: subprocess.Popen) -> None:
    """Stop a server started by `start_streamlit`: SIGTERM, then SIGKILL if it is still there after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
