"""The translation workbench's data: every text of a pack file in en, fr and es, what is missing, and numbers
that differ between languages (the rule tests/content applies to the shipped course)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel

from ..content.loader import MODELS, kind_of
from ..content.text import LOCALES, LText

_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Row:
    rel: str
    path: tuple[Any, ...]
    texts: dict[str, str]

    @property
    def field(self) -> str:
        return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.path).lstrip(".")

    @property
    def missing(self) -> list[str]:
        return [loc for loc in LOCALES if not self.texts.get(loc, "").strip()]

    @property
    def numbers_differ(self) -> list[str]:
        """Languages whose text does not carry the English text's numbers, digit for digit."""
        source = sorted(_DIGITS.findall(self.texts.get("en", "")))
        return [loc for loc in LOCALES[1:] if self.texts.get(loc) and sorted(_DIGITS.findall(self.texts[loc])) != source]


def _walk(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], LText]]:
    if isinstance(value, LText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*path, name))
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))


def rows(rel: str, data: dict[str, Any]) -> list[Row]:
    """Every text field of one (valid) file, with its YAML path; invalid data gives no rows."""
    from pathlib import PurePosixPath

    kind = kind_of(PurePosixPath(rel), data)  # type: ignore[arg-type]
    if kind is None:
        return []
    try:
        model = MODELS[kind].model_validate(data)
    except ValueError:
        return []
    out = []
    for path, text in _walk(model, ()):
        values = {"en": text.root} if isinstance(text.root, str) else dict(text.root)
        out.append(Row(rel, path, {loc: values.get(loc, "") for loc in LOCALES}))
    return out


def counts(all_rows: list[Row]) -> dict[str, int]:
    """Per language, how many texts are missing."""
    return {loc: sum(loc in r.missing for r in all_rows) for loc in LOCALES}


SHOW = ("all", "missing", "numbers")


def matching(all_rows: list[Row], show: str, locale: str | None = None) -> list[Row]:
    """The rows the workbench lists for `show` (one of SHOW): all of them, those that lack a translation, or those
    whose numbers differ from the English; with `locale`, only those missing in (or differing in) that language."""
    if show == "missing":
        return [r for r in all_rows if (locale in r.missing if locale else r.missing)]
    if show == "numbers":
        return [r for r in all_rows if (locale in r.numbers_differ if locale else r.numbers_differ)]
    return list(all_rows)


def with_translation(data: dict[str, Any], path: tuple[Any, ...], locale: str, text: str) -> dict[str, Any]:
    """`data` (plain) with the text at `path` given in `locale` (an empty text removes that translation)."""
    import copy

    out = copy.deepcopy(data)
    parent = out
    for part in path[:-1]:
        parent = parent[part]
    current = parent[path[-1]]
    values = {"en": current} if isinstance(current, str) else dict(current)
    if text.strip():
        values[locale] = text
    else:
        values.pop(locale, None)
    parent[path[-1]] = values if set(values) != {"en"} else values["en"]
    return out
