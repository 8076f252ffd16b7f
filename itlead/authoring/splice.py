"""Saving an edit to a few items of a big file without a round trip of the whole file.

A bank of 500 questions costs ruamel.yaml over a second to parse and another to write. An edit made in the browser
changes one question (or one case node), or appends one. `splice` finds where the items of the top-level list sit
in the text with the loader's C parser (event marks), round-trips only the lines of the items that changed with
ruamel.yaml (as `<key>:` plus those lines, so they are indented as in the file), and puts the result back in
place. Every other byte of the file stays as it was.

Anything else (a changed title, a deleted or reordered item, a file without a block list) returns None and the
caller falls back to the full round trip. The result is read back with the loader's reader and must give exactly
the edited data, or None is returned as well.
"""
from __future__ import annotations

from typing import Any

import yaml

from ..content.yaml_source import YamlProblem, _Loader, read_yaml
from . import roundtrip


def splice(text: str, old: Any, new: Any) -> str | None:
    """`text` (whose data is `old`) rewritten to hold `new`, touching only the changed items; None if the edit is
    not of that shape or the splice would not give `new` back."""
    key = _changed_list(old, new)
    if key is None:
        return None
    before, after = old[key], new[key]
    changed = [i for i, item in enumerate(before) if item != after[i]]
    if len(after) > len(before):
        changed.append(len(before) - 1)  # appended items are written after the last one, in its style
    if not changed:
        return text
    spans = _item_lines(text, key)
    if spans is None or len(spans) != len(before) + 1:
        return None
    lo, hi = min(changed), max(changed) + 1
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    fragment = _round_trip(key, "".join(lines[spans[lo]:spans[hi]]), before[lo:hi],
                           after[lo:hi] if hi < len(before) else after[lo:])
    if fragment is None:
        return None
    out = "".join(lines[:spans[lo]]) + fragment + "".join(lines[spans[hi]:])
    if not text.endswith("\n") and spans[hi] >= len(lines):
        out = out[:-1] if out.endswith("\n") else out
    try:
        return out if read_yaml(out).data == new else None
    except YamlProblem:
        return None


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


def _item_lines(text: str, key: str) -> list[int] | None:
    """The first line (0-based) of each item of the block list under top-level `key`, then the line after the last
    item (where the next top-level key, or the end of the file, starts); None if the list is not laid out so."""
    loader = _Loader(text)
    try:
        return _scan(loader, key, text.splitlines())
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _scan(loader: Any, key: str, lines: list[str]) -> list[int] | None:
    depth, index, last_key, inside, starts = 0, 0, None, False, []
    while (event := loader.get_event()) is not None:
        if isinstance(event, _BEGINS) and depth == 1:  # a key or a value of the top-level mapping
            if index % 2 == 0:
                last_key = event.value if isinstance(event, yaml.ScalarEvent) else None
            elif last_key == key and isinstance(event, yaml.SequenceStartEvent) and not event.flow_style:
                inside = True
            index += 1
        elif isinstance(event, _BEGINS) and depth == 2 and inside:
            line = event.start_mark.line
            if line >= len(lines) or not lines[line].lstrip().startswith("-"):
                return None  # an item that does not start on its dash line: leave it to the full round trip
            starts.append(line)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            if inside and depth == 1:
                mark = event.start_mark
                return [*starts, mark.line + (1 if mark.column > 0 else 0)]
    return None


_BEGINS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


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
