"""The facilitator passcode: from ITLEAD_FACILITATOR_PASSCODE or st.secrets, or set on first run and stored
as a salted scrypt hash. Failed attempts are counted in the database per client and in total, so guessing
is slowed down across every app process. The passcode itself is never logged or stored in clear."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import Engine

from ..store.auth import AuthRepo
from ..store.db import now

MIN_PASSCODE = 8
WINDOW = timedelta(minutes=10)
LIMITS = {"passcode": (5, 50), "join": (20, 1000)}
"""scope -> (failures allowed per client, failures allowed in total) within WINDOW."""
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AuthError(ValueError):
    """A refused attempt; the message is safe to show."""


def hash_passcode(passcode: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(passcode.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_passcode(passcode: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(passcode.encode("utf-8"), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


class Throttle:
    """Counts failures per scope and client in the database."""

    def __init__(self, engine: Engine):
        self.repo = AuthRepo(engine)

    def check(self, scope: str, client: str) -> None:
        """Raise AuthError when this client, or everybody together, failed too often recently."""
        per_client, overall = LIMITS[scope]
        since = now() - WINDOW
        if self.repo.failures(scope, since, client) >= per_client or self.repo.failures(scope, since) >= overall:
            raise AuthError("too many failed attempts; wait ten minutes and try again")

    def fail(self, scope: str, client: str) -> None:
        self.repo.record_failure(scope, client, forget_before=now() - 2 * WINDOW)


class Gate:
    """Decides who may enter the facilitator area."""

    def __init__(self, engine: Engine, configured: str | None = None):
        self.repo = AuthRepo(engine)
        self.configured = configured or None
        self.throttle = Throttle(engine)

    def needs_setup(self) -> bool:
        return self.configured is None and self.repo.passcode_hash() is None

    def set_passcode(self, passcode: str, confirm: str) -> None:
        if not self.needs_setup():
            raise AuthError("a passcode is already set")
        if len(passcode) < MIN_PASSCODE:
            raise AuthError(f"use at least {MIN_PASSCODE} characters")
        if passcode != confirm:
            raise AuthError("the two passcodes differ")
        self.repo.store_passcode_hash(hash_passcode(passcode))

    def enter(self, passcode: str, client: str) -> None:
        """Succeed silently or raise AuthError; failures count toward the limit."""
        self.throttle.check("passcode", client)
        if self.configured is not None:
            ok = hmac.compare_digest(passcode.encode("utf-8"), self.configured.encode("utf-8"))
        else:
            stored = self.repo.passcode_hash()
            ok = stored is not None and verify_passcode(passcode, stored)
        if not ok:
            self.throttle.fail("passcode", client)
            raise AuthError("wrong passcode")
