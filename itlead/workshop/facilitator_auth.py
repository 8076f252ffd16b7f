"""The facilitator passcode and the throttles.

The passcode comes from ITLEAD_FACILITATOR_PASSCODE or st.secrets, or is set once on first run, stored as a salted
scrypt hash. First-run setup is allowed only from the server itself (a loopback client) or with the one-time setup
token the server prints to its console, and exactly one passcode can ever be set (a primary key decides the race).

Throttles count in the database, one transaction per attempt, so every app process shares them and simultaneous
attempts cannot all slip through:
- per client, exponential back-off: a few free tries, then 1, 2, 4, ... minutes (at most an hour) between tries;
- a global circuit breaker on passcode failures that never refuses the server's own (loopback) client;
- join failures count per client only: nobody's guessing locks out people who hold the right code;
- quotas on successful actions (learners created per client).
The passcode itself is never logged or stored in clear."""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from ..i18n import _
from ..store.auth import AuthRepo

MIN_PASSCODE = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
EVERYONE = "*"


class AuthError(ValueError):
    """A refused attempt; the message is safe to show, in the user's language."""


@dataclass(frozen=True)
class Backoff:
    """`free` attempts, then each further one waits base * 2**k seconds after the last (at most `cap`); a client
    quiet for `forget` starts afresh."""

    free: int
    base: float = 60.0
    cap: float = 3600.0
    forget: timedelta = timedelta(hours=24)

    def expired(self, first_at: datetime, last_at: datetime, stamp: datetime) -> bool:
        return stamp - last_at > self.forget

    def wait(self, attempts: int, first_at: datetime, last_at: datetime, stamp: datetime) -> float:
        if attempts < self.free:
            return 0.0
        delay = min(self.base * 2 ** min(attempts - self.free, 30), self.cap)
        return max(0.0, delay - (stamp - last_at).total_seconds())


@dataclass(frozen=True)
class Quota:
    """At most `allowed` attempts per `window`, counted from the first."""

    allowed: int
    window: timedelta

    def expired(self, first_at: datetime, last_at: datetime, stamp: datetime) -> bool:
        return stamp - first_at > self.window

    def wait(self, attempts: int, first_at: datetime, last_at: datetime, stamp: datetime) -> float:
        if attempts < self.allowed:
            return 0.0
        return max(1.0, (first_at + self.window - stamp).total_seconds())


POLICIES = {
    "passcode": Backoff(free=5),
    "join": Backoff(free=20),
    "passcode-all": Quota(allowed=200, window=timedelta(minutes=10)),  # the circuit breaker, not per client
    "learner": Quota(allowed=20, window=timedelta(days=1)),
}


def hash_passcode(passcode: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(passcode.encode("utf-8"), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_passcode(passcode: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(passcode.encode("utf-8"), salt=salt, **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


class Throttle:
    """Counts attempts per scope and client in the database (see POLICIES)."""

    def __init__(self, engine: Engine):
        self.repo = AuthRepo(engine)

    def attempt(self, scope: str, client: str) -> None:
        """Count one attempt now, or raise AuthError saying how long to wait. Call before checking anything."""
        wait = self.repo.charge(scope, client, POLICIES[scope])
        if wait > 0:
            raise AuthError(_("Too many attempts from this device. Wait {n} minute(s) and try again.")
                            .format(n=_minutes(wait)))

    def succeeded(self, scope: str, client: str) -> None:
        """The attempt was right: passcodes start afresh; a join gives its attempt back."""
        if scope == "passcode":
            self.repo.forget(scope, client)
        else:
            self.repo.refund(scope, client)

    def breaker_open(self) -> bool:
        """True while passcode failures from everybody together exceed the circuit breaker's limit."""
        policy = POLICIES["passcode-all"]
        return self.repo.attempts("passcode-all", EVERYONE, policy) >= policy.allowed

    def failed_globally(self) -> None:
        self.repo.charge("passcode-all", EVERYONE, POLICIES["passcode-all"])


class Gate:
    """Decides who may enter the facilitator area, and who may set the first passcode."""

    def __init__(self, engine: Engine, configured: str | None = None, setup_token: str | None = None):
        self.repo = AuthRepo(engine)
        self.configured = configured or None
        self.setup_token = setup_token
        self.throttle = Throttle(engine)

    def needs_setup(self) -> bool:
        return self.configured is None and self.repo.passcode_hash() is None

    def set_passcode(self, passcode: str, confirm: str, *, client: str, local: bool, token: str = "") -> None:
        """Set the first passcode: from the loopback, or with the setup token printed on the server's console."""
        if not self.needs_setup():
            raise AuthError(_("A passcode is already set."))
        if not local:
            self.throttle.attempt("passcode", client)
            if not (self.setup_token and hmac.compare_digest(token.strip().encode(), self.setup_token.encode())):
                raise AuthError(_("Wrong setup token. Open this page on the server itself, or copy the token "
                                  "printed on the server's console."))
        if len(passcode) < MIN_PASSCODE:
            raise AuthError(_("Use at least {n} characters.").format(n=MIN_PASSCODE))
        if passcode != confirm:
            raise AuthError(_("The two passcodes differ."))
        if not self.repo.claim_passcode(hash_passcode(passcode)):
            raise AuthError(_("A passcode is already set."))

    def enter(self, passcode: str, client: str, *, local: bool = False) -> None:
        """Succeed silently or raise AuthError. Every attempt is counted before the passcode is checked."""
        if not local and self.throttle.breaker_open():
            raise AuthError(_("The facilitator area is closed for a few minutes after many wrong passcodes. "
                              "Enter it on the server itself, or wait."))
        self.throttle.attempt("passcode", client)
        if self.configured is not None:
            ok = hmac.compare_digest(passcode.encode("utf-8"), self.configured.encode("utf-8"))
        else:
            stored = self.repo.passcode_hash()
            ok = stored is not None and verify_passcode(passcode, stored)
        if not ok:
            self.throttle.failed_globally()
            raise AuthError(_("Wrong passcode."))
        self.throttle.succeeded("passcode", client)
