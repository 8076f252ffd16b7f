"""Saving an edit to a few items of a big file without a round trip of the whole file.

A bank of 500 questions costs ruamel.yaml over a second to parse and another to write. An edit made in the browser
changes one question (or one case node), or appends one. `splice` finds where the items of the top-level list sit
in the text with a scan of its lines, round-trips only the lines of the items that changed with
ruamel.yaml (as `<key>:` plus those lines, so they are indented as in the file), and puts the result back in
place. Every other byte of the file stays as it was.

Anything else (a changed title, a deleted or reordered item, a file without a block list) returns None and the
caller falls back to the full round trip. The result is read back with the loader's reader and must give exactly
the edited data, or None is returned as well.
"""
from __future__ import annotations

from typing import Any

from ..content.yaml_source import YamlProblem, read_yaml
from . import roundtrip


def splice(text: str, old: Any, new: Any) -> str | None:
    """`text` (whose data is `old`) rewritten to hold `new`, touching only the changed items; None if the edit is
    not of that shape. The caller checks that the result `holds` `new` (the editor does so with the parse its
    validation makes anyway) and falls back to the full round trip if not."""
    key = _changed_list(old, new)
    if key is None:
        return None
    before, after = old[key], new[key]
    changed = [i for i, item in enumerate(before) if item != after[i]]
    if len(after) > len(before):
        changed.append(len(before) - 1)  # appended items are written after the last one, in its style
    if not changed:
        return text
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    spans = _item_lines(lines, key)
    if spans is None or len(spans) != len(before) + 1:
        return None
    lo, hi = min(changed), max(changed) + 1
    fragment = _round_trip(key, "".join(lines[spans[lo]:spans[hi]]), before[lo:hi],
                           after[lo:hi] if hi < len(before) else after[lo:])
    if fragment is None:
        return None
    out = "".join(lines[:spans[lo]]) + fragment + "".join(lines[spans[hi]:])
    if not text.endswith("\n") and spans[hi] >= len(lines):
        out = out[:-1] if out.endswith("\n") else out
    return out


def holds(text: str, data: Any) -> bool:
    """Whether `text` reads (as the course reads it) as exactly `data`."""
    try:
        return read_yaml(text).data == data
    except YamlProblem:
        return False


def _changed_list(old: Any, new: Any) -> str | None:
    """The one top-level key whose list of items (matched by id, in order) was edited or appended to."""
    if not isinstance(old, dict) or not isinstance(new, dict) or list(old) != list(new):
        return None
    differ = [k for k in old if old[k] != new[k]]
    if len(differ) != 1:
        return None
    key = differ[0]
    before, after = old[key], new[key]
    if not isinstance(before, list) or not isinstance(after, list) or not before or len(after) < len(before):
        return None
    if any(_id(a) != _id(b) for a, b in zip(before, after)):
        return None
    return key


def _id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


def _item_lines(lines: list[str], key: str) -> list[int] | None:
    """The first line (0-based) of each item of the block list under top-level `key`, then the line where the
    next top-level key (or the end of the file) starts; None if the list is not laid out one dash per item.

    A plain scan of the lines: items start with a dash at the column of the first one (block and quoted texts
    inside an item are indented deeper); the list ends at the next line at column 0 that is not a dash of an
    unindented list, a comment or blank. Each span found is checked by reading it (`_round_trip`), and the
    spliced file is checked against the edited data, so a layout this misreads falls back to the full round trip."""
    head = next((n for n, line in enumerate(lines) if line.startswith(f"{key}:")
                 and line[len(key) + 1:].split("#", 1)[0].strip() == ""), None)
    if head is None:
        return None
    starts: list[int] = []
    column = None
    for n in range(head + 1, len(lines)):
        line = lines[n]
        body = line.lstrip(" ")
        if not body.strip() or body.startswith("#"):
            continue
        indent = len(line) - len(body)
        if column is None:
            if not (body.startswith("- ") or body.rstrip() == "-"):
                return None
            column = indent
        if indent == column and (body.startswith("- ") or body.rstrip() == "-"):
            starts.append(n)
        elif indent == 0:
            return [*starts, n]
        elif indent <= column:
            return None
    return [*starts, len(lines)] if starts else None


def _round_trip(key: str, span: str, before: list[Any], after: list[Any]) -> str | None:
    """The lines of `span` (items `before` of the list `key`) rewritten to hold `after`, keeping their comments."""
    head = f"{key}:\n"
    try:
        if read_yaml(head + span).data != {key: before}:
            return None  # the lines found are not exactly those items
        doc = roundtrip.load(head + span)
    except YamlProblem:
        return None
    doc[key] = roundtrip.merge(doc[key], after)
    out = roundtrip.dump(doc)
    return out[len(head):] if out.startswith(head) else None
