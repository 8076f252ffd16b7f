"""Content problems, each located by file, line, column and field path, in plain words."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from pydantic import ValidationError


@dataclass(frozen=True, order=True)
class ContentProblem:
    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line == 2**31 - 1 else f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def format_path(path: Iterable[Any]) -> str:
    """('questions', 3, 'options') -> 'questions[3].options'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (YAML reads yes/no/on/off/true/false as a boolean; put it in quotes)"
    if isinstance(value, (dict,)):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    return repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "...'"


def plain_message(err: dict[str, Any]) -> str:
    """Turn one pydantic error into a sentence an author understands."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    loc = err.get("loc") or ()
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        return f"'{loc[-1] if loc else '?'}' is not a known field here (check the spelling)"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    if kind == "union_tag_not_found":
        return f"needs a '{ctx.get('discriminator', 'type').strip(chr(39))}' field"
    if kind == "union_tag_invalid":
        return (
            f"{str(ctx.get('discriminator', 'type')).strip(chr(39))} {ctx.get('tag')!r} is not known; "
            f"use one of {ctx.get('expected_tags')}"
        )
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}; found {_describe(value)}"
    if kind == "string_type":
        return f"should be text; found {_describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"should be a whole number; found {_describe(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"should be a number; found {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"should be true or false; found {_describe(value)}"
    if kind in ("tuple_type", "list_type"):
        return f"should be a list; found {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be a mapping of fields; found {_describe(value)}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s); found {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"allows at most {ctx.get('max_length')} item(s); found {ctx.get('actual_length')}"
    if kind == "string_pattern_mismatch":
        return (
            f"{_describe(value)} is not a valid id: use 1-64 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    if kind in ("string_too_short", "string_too_long"):
        return err["msg"].replace("String", "Text").lower()
    for bound, words in (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than")):
        if bound in ctx:
            return f"must be {words} {ctx[bound]}; found {_describe(value)}"
    return err["msg"]


Locator = Callable[[tuple[Any, ...], bool], tuple[int, int]]


MAX_PROBLEMS_PER_FILE = 50


def problems_from_validation(
    error: ValidationError, file: str, data: Any, locate: Locator, limit: int = MAX_PROBLEMS_PER_FILE,
    locate_many: Callable[[list[tuple[tuple[Any, ...], bool]]], list[tuple[int, int]]] | None = None,
) -> list[ContentProblem]:
    """At most `limit` located problems, then one "and N more"; linear in the number of errors. With
    `locate_many`, the shown problems are located in one pass that stops once they are all found."""
    raw = error.errors(include_url=False)
    lists = {err["loc"] for err in raw if err["type"] in ("too_short", "too_long")}
    lengths = {len(loc) for loc in lists}
    failing = {loc[:n] for loc in (err["loc"] for err in raw) for n in lengths if len(loc) > n} & lists
    kept = [err for err in raw  # a list too short or too long because an item inside it broke: the item says why
            if not (err["type"] in ("too_short", "too_long") and err["loc"] in failing)]
    shown = [(strip_union_tags(err["loc"], data), err) for err in kept[:limit]]
    requests = [(path, err["type"] == "extra_forbidden") for path, err in shown]
    places = locate_many(requests) if locate_many else [locate(path, at_key) for path, at_key in requests]
    out = [ContentProblem(file, line, col, format_path(path), plain_message(err))
           for (path, err), (line, col) in zip(shown, places)]
    if len(kept) > limit:
        out.append(more_problems(file, len(kept) - limit))
    return out


def more_problems(file: str, n: int) -> ContentProblem:
    """The line that stands for problems not listed: sorted after every located one of the file."""
    return ContentProblem(file, 2**31 - 1, 1, "", f"… and {n} more problem(s) in this file; fix the ones above first")


def cap_problems(problems: list[ContentProblem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[ContentProblem]:
    """At most `limit` problems of one file (plus one "and N more" line)."""
    if len(problems) <= limit + 1:
        return problems
    ordered = sorted(problems)
    shown = [p for p in ordered if p.line != 2**31 - 1][:limit]
    hidden = len(problems) - len(shown)
    return [*shown, more_problems(problems[0].file, hidden)]


def strip_union_tags(loc: Iterable[Any], data: Any) -> tuple[Any, ...]:
    """Drop the discriminator tags that pydantic inserts into error locations."""
    out: list[Any] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part not in cur and part in (cur.get("type"), cur.get("kind")):
            continue
        if isinstance(cur, dict):
            cur = cur.get(part)
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            cur = cur[part]
        else:
            cur = None
        out.append(part)
    return tuple(out)
