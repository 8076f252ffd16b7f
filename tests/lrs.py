"""A real Learning Record Store for tests: Ralph (ralph-malph) with its file-system backend, on loopback.
scripts/test installs it into .lrs/ (its own virtual environment, as its web stack pins other versions than
Streamlit's). ITLEAD_TEST_RALPH may point at another `ralph` executable."""
from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path

from .helpers import free_port

ROOT = Path(__file__).resolve().parents[1]
USER, PASSWORD = "itlead", "lrs-test-password"


def ralph_binary() -> Path | None:
    configured = os.environ.get("ITLEAD_TEST_RALPH")
    candidate = Path(configured) if configured else ROOT / ".lrs" / "bin" / "ralph"
    return candidate if candidate.exists() else None


class Ralph:
    def __init__(self, binary: Path, root: Path):
        self.binary, self.root, self.port = binary, root, free_port()
        self.env = {**os.environ, "RALPH_APP_DIR": str(root / "app"), "RALPH_AUTH_FILE": str(root / "app" / "auth.json"),
                    "RALPH_RUNSERVER_BACKEND": "fs",
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(root / "data")}
        (root / "app").mkdir(parents=True, exist_ok=True)
        (root / "data").mkdir(parents=True, exist_ok=True)
        subprocess.run([str(binary), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-A", USER,
                        "http://itlead.local", "-w"], env=self.env, check=True, capture_output=True, timeout=60)
        self.proc: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    def start(self) -> None:
        python = self.binary.parent / "python"
        self.proc = subprocess.Popen([str(python), str(ROOT / "tests" / "ralph_server.py"), str(self.port)],
                                     env={**self.env, "RALPH_RUNSERVER_BACKEND": "fs"},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("ralph did not start in 60 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
            self.proc = None

    def statements(self) -> list[dict]:
        import base64
        import json

        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(f"{self.url}/statements?limit=500", headers={
            "Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["statements"]
