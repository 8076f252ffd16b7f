"""Projector links: `?screen=<session>.<link>.<mac>` opens one session's projection without the passcode.

The MAC is an HMAC-SHA256 over the session and link ids with a secret kept in this installation's database, so a
link cannot be forged or moved to another session; the link row lets the facilitator revoke it. The projection
never shows the answer key before the reveal, so a leaked link shows no more than the screen in the room.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from sqlalchemy import Engine

from ..store.screens import ScreenRepo

MAC_CHARS = 32  # 192 bits of the HMAC, base64url


def sign(secret: bytes, session_id: int, link_id: int) -> str:
    digest = hmac.new(secret, f"projector:{session_id}:{link_id}".encode(), hashlib.sha256).digest()
    mac = base64.urlsafe_b64encode(digest).decode("ascii")[:MAC_CHARS]
    return f"{session_id}.{link_id}.{mac}"


def parse(token: str) -> tuple[int, int, str] | None:
    parts = (token or "").strip().split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or len(parts[2]) != MAC_CHARS:
        return None
    return int(parts[0]), int(parts[1]), parts[2]


def verify(secret: bytes, token: str) -> tuple[int, int] | None:
    """(session id, link id) when the token was signed with `secret`; None otherwise."""
    parsed = parse(token)
    if parsed is None:
        return None
    session_id, link_id, _mac = parsed
    if not hmac.compare_digest(sign(secret, session_id, link_id), token.strip()):
        return None
    return session_id, link_id


class ProjectorLinks:
    """Issue, check and revoke projector links over the store."""

    def __init__(self, engine: Engine):
        self.repo = ScreenRepo(engine)

    def issue(self, session_id: int) -> str:
        return sign(self.repo.secret(), session_id, self.repo.insert_link(session_id))

    def session_for(self, token: str) -> int | None:
        """The session this link may show, or None when it is forged, altered or revoked."""
        checked = verify(self.repo.secret(), token)
        if checked is None:
            return None
        session_id, link_id = checked
        return session_id if self.repo.link_session(link_id) == session_id else None

    def active(self, session_id: int) -> list[str]:
        secret = self.repo.secret()
        return [sign(secret, session_id, link_id) for link_id in self.repo.active_links(session_id)]

    def revoke(self, token: str) -> None:
        parsed = parse(token)
        if parsed is not None:
            self.repo.revoke(parsed[0], parsed[1])
