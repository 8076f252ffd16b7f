"""One place for configuration: environment variables with sensible embedded defaults."""
from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def content_packs() -> list[Path]:
    """Extra content folders loaded beside the course (ITLEAD_CONTENT_PACKS, separated by the OS path separator)."""
    raw = os.environ.get("ITLEAD_CONTENT_PACKS", "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def packs_dir() -> Path:
    """Where packs made in the browser live (ITLEAD_PACKS_DIR, else <data folder>/packs)."""
    return Path(os.environ.get("ITLEAD_PACKS_DIR") or data_dir() / "packs")


def all_packs() -> list[Path]:
    """ITLEAD_CONTENT_PACKS, then every pack folder under packs_dir(), each once."""
    found = list(content_packs())
    base = packs_dir()
    if base.is_dir():
        found.extend(sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")))
    seen: set[Path] = set()
    return [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]  # type: ignore[func-returns-value]


def content_root() -> Path:
    """Where modules/, quizzes/ and case_studies/ live (ITLEAD_CONTENT_DIR, else the project root)."""
    return Path(os.environ.get("ITLEAD_CONTENT_DIR") or PROJECT_ROOT)


def data_dir() -> Path:
    """Where the embedded database lives (ITLEAD_DATA_DIR, else ./data under the project root)."""
    return Path(os.environ.get("ITLEAD_DATA_DIR") or PROJECT_ROOT / "data")


def database_url(secrets: dict | None = None) -> str:
    """ITLEAD_DATABASE_URL, else `[connections.itlead] url` from Streamlit secrets, else an SQLite file."""
    url = os.environ.get("ITLEAD_DATABASE_URL")
    if not url and secrets:
        url = (secrets.get("connections", {}) or {}).get("itlead", {}).get("url")
    return url or f"sqlite:///{data_dir() / 'itlead.db'}"


def public_url() -> str | None:
    """The address participants should open, when set by the operator (ITLEAD_PUBLIC_URL, e.g.
    http://192.168.1.20:8501 or https://itlead.customs.example)."""
    url = (os.environ.get("ITLEAD_PUBLIC_URL") or "").strip().rstrip("/")
    return url or None


def lan_address_setting() -> str | None:
    """ITLEAD_LAN_ADDRESS: the laptop's address to show when it has several networks; "off" turns detection off."""
    value = os.environ.get("ITLEAD_LAN_ADDRESS")
    return None if value is None else value.strip()


def install_secret() -> bytes:
    """The per-installation key for resume codes and device ids: ITLEAD_SECRET, else a random key kept in
    <data folder>/install-secret (created on first use, readable by its owner only). It is never stored in the
    database, so a stolen database alone does not allow guessing resume codes offline. Processes that share one
    database must share this key (set ITLEAD_SECRET, or share the data folder)."""
    configured = os.environ.get("ITLEAD_SECRET")
    if configured:
        return configured.encode("utf-8")
    return _secret_file(str(data_dir() / "install-secret"))


@lru_cache(maxsize=8)
def _secret_file(path: str) -> bytes:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return target.read_bytes().strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32))
    return target.read_bytes().strip()
