"""Pseudonymous learner identity: a display name plus a random resume code.

A resume code is 10 symbols of Crockford base32 (50 bits), shown as XXXXX-XXXXX. Only its HMAC-SHA256 under a
per-installation secret kept outside the database is stored, so a copy of the database alone does not let anyone
test guesses offline. Codes stored by earlier releases as a plain SHA-256 are re-keyed at their next sign-in.

Names are normalised (NFKC; zero-width, bidirectional and other invisible format characters removed), so that
"Ali\u200bce" is "Alice", and compared case-insensitively through `nickname_key`.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_SYMBOLS = 10
CODE_BITS = CODE_SYMBOLS * 5
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
MAX_NAME_CHARS = 60


class InvalidCode(ValueError):
    """Text that cannot be a resume code."""


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_SYMBOLS))
    return f"{raw[:5]}-{raw[5:]}"


def normalise(code: str) -> str:
    """Upper-case, without spaces or dashes, with easily confused letters mapped to digits."""
    cleaned = "".join(ch for ch in code.upper() if ch not in " -_\t").translate(_CONFUSABLE)
    if len(cleaned) != CODE_SYMBOLS or any(ch not in ALPHABET for ch in cleaned):
        raise InvalidCode("a resume code has 10 letters and digits, like 7KQ2M-XW9TD")
    return cleaned


def code_hash(code: str, key: bytes | None) -> str:
    """HMAC-SHA256 of the normalised code under the installation's key; with key None, the legacy SHA-256."""
    raw = normalise(code).encode("ascii")
    if key is None:
        return hashlib.sha256(raw).hexdigest()
    return hmac.new(key, raw, hashlib.sha256).hexdigest()


_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]")


def visible(text: str) -> str:
    """NFKC, without zero-width, bidirectional-control or other format (Cf) and control (Cc) characters."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Co", "Cs") or ch in " \t\n")


def nickname_key(name: str) -> str:
    """What two names must not share in one session: the visible name, case-folded."""
    return " ".join(visible(name).casefold().split())[:80]


def clean_name(name: str, max_chars: int = MAX_NAME_CHARS) -> str:
    """A display name: visible characters only, trimmed, single-spaced, at most `max_chars`; raises ValueError
    when empty or too long."""
    cleaned = " ".join(visible(name).split())
    if not cleaned:
        raise ValueError("please enter a name (a nickname is fine)")
    if len(cleaned) > max_chars:
        raise ValueError(f"a name has at most {max_chars} characters")
    return cleaned
