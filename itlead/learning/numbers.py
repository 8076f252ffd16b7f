"""Numbers as people type them: read and shown in the app's language, never the browser's.

`39,5` in French or Spanish and `39.5` in English mean 39.5; grouping separators (`1 500`, `1,500`, `1.500`) are
understood where the language uses them. An entry that the language would read differently from what it looks
like (`39,5` in English, `39.5` in Spanish) is refused with a message, never silently changed.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, format_decimal, get_decimal_symbol, parse_decimal

from ..i18n import _

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")
MAX_CHARS = 40


class NumberError(ValueError):
    """Text that is not a number in the learner's language; the message says how to write it."""


def parse_number(text: str, locale: str) -> float:
    """The number in `text` as written in `locale`; raises NumberError with a message in that language."""
    raw = _SPACES.sub("", text or "")
    if not raw:
        raise NumberError(_("Please give an answer first."))
    if len(raw) > MAX_CHARS:
        raise NumberError(_("This is not a number."))
    raw = raw.replace("\u2212", "-")
    decimal = get_decimal_symbol(locale)
    example = format_decimal(39.5, locale=locale)
    try:
        value = parse_decimal(raw, locale=locale, strict=True)
    except NumberFormatError:
        other = "." if decimal == "," else ","
        if other in raw and raw.count(other) == 1 and decimal not in raw:
            raise NumberError(_("Write decimals with '{symbol}', as in {example}.").format(
                symbol=decimal, example=example)) from None
        raise NumberError(_("This is not a number. Write it as in {example}.").format(example=example)) from None
    try:
        number = float(Decimal(value))
    except (InvalidOperation, ValueError, OverflowError):
        raise NumberError(_("This is not a number.")) from None
    if not math.isfinite(number):
        raise NumberError(_("This is not a number."))
    return number


def format_number(value: float, locale: str) -> str:
    """`value` as the language writes it (39,5 in French; 39.5 in English), without needless digits."""
    return format_decimal(value, locale=locale, format="#,##0.######", group_separator=False)
