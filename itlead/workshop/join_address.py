"""The address participants' phones should open: a configured public URL; else the host the facilitator's
browser used, unless it is loopback; else this machine's address on the local network, detected.

Detection opens a UDP socket and `connect`s it to a private address: that only asks the kernel which interface
would carry the traffic; no packet is sent. Tests inject the detected address instead.
"""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlparse

PROBE_ADDRESS = ("10.254.254.254", 1)  # private, never contacted: connect() on UDP sends nothing


@dataclass(frozen=True)
class JoinAddress:
    base: str  # scheme://host[:port], no trailing slash
    source: str  # "configured" | "browser" | "network" | "loopback"

    @property
    def reachable(self) -> bool:
        """False when phones cannot open it: only a loopback address is known."""
        return self.source != "loopback"

    def join_url(self, code: str) -> str:
        return f"{self.base}/join?join={code}"


def is_loopback(host: str | None) -> bool:
    if not host:
        return True
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def detect_lan_address() -> str | None:
    """This machine's address on the local network, or None when it has only loopback."""
    candidates: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(PROBE_ADDRESS)
            candidates.append(probe.getsockname()[0])
    except OSError:
        pass
    if candidates and not is_loopback(candidates[0]):
        return candidates[0]
    try:  # no route: the host name may still resolve to a network address (this may ask the resolver)
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    return next((c for c in candidates if not is_loopback(c)), None)


def join_address(configured: str | None, browser_url: str | None, port: int,
                 detect: Callable[[], str | None] = detect_lan_address) -> JoinAddress:
    """Pick the address to project. `browser_url` is the page address in the facilitator's browser;
    `port` is the server's port, used with a detected address."""
    if configured:
        return JoinAddress(configured.rstrip("/"), "configured")
    parsed = urlparse(browser_url or "")
    scheme = parsed.scheme if parsed.scheme in ("http", "https") else "http"
    if parsed.hostname and not is_loopback(parsed.hostname):
        return JoinAddress(f"{scheme}://{parsed.netloc}", "browser")
    browser_port = parsed.port or port
    lan = detect()
    if lan and not is_loopback(lan):
        host = f"[{lan}]" if ":" in lan else lan
        return JoinAddress(f"{scheme}://{host}:{browser_port}", "network")
    netloc = parsed.netloc or f"localhost:{port}"
    return JoinAddress(f"{scheme}://{netloc}", "loopback")
