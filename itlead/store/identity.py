"""Pseudonymous learner identity: a display name plus a random resume code.

A resume code is 10 symbols of Crockford base32 (50 bits), shown as XXXXX-XXXXX. Only its SHA-256 is
stored, so a copy of the database does not reveal anybody's code.
"""
from __future__ import annotations

import hashlib
import secrets

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


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("ascii")).hexdigest()


def clean_name(name: str, max_chars: int = MAX_NAME_CHARS) -> str:
    """A display name: trimmed, single-spaced, at most `max_chars`; raises ValueError when empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("please enter a name (a nickname is fine)")
    if len(cleaned) > max_chars:
        raise ValueError(f"a name has at most {max_chars} characters")
    return cleaned
