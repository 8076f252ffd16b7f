"""Saving an edit to a big file without a round trip of the whole file.

A bank of 500 questions costs ruamel.yaml over a second to parse and another to write. An edit made in the browser
changes a few questions (a question saved, a page of translations), appends one, deletes one, or changes a
top-level text (a title). `splice` finds where each top-level key and each item of a top-level list sit in the
text with a scan of its lines, and rewrites only what changed:

- changed items of a list are round-tripped with ruamel.yaml (as `<key>:` plus their lines, so they are indented
  as in the file), each run of neighbouring items apart; appended items are written after the last one, in its
  style;
- a deleted item's lines are cut, with the comments just above it (at the list's column); the comments that lead
  the next item stay;
- any other changed value is round-tripped as its own top-level key, with its lines.

Every other byte of the file stays as it was. Anything else (a key added, removed or reordered, items reordered,
a layout the scan does not follow) returns None and the caller falls back to the full round trip. Each piece is
read before it is rewritten and must hold exactly the old data; the caller checks that the result reads as the
edited data (the editor does so with the parse its validation makes anyway).
"""
from __future__ import annotations

import re
from typing import Any

from ..content.yaml_source import YamlProblem, read_yaml
from . import roundtrip

Edit = tuple[int, int, str]
"""Lines [start, end) of the file replaced by a text."""

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*:(\s|$)")


def splice(text: str, old: Any, new: Any) -> str | None:
    """`text` (whose data is `old`) rewritten to hold `new`, touching only what changed; None if the edit is not
    of a shape this follows."""
    if not isinstance(old, dict) or not isinstance(new, dict) or list(old) != list(new):
        return None
    changed = [k for k in old if old[k] != new[k]]
    if not changed:
        return text
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    blocks = _blocks(lines, list(old))
    if blocks is None:
        return None
    edits: list[Edit] = []
    for key in changed:
        found = _list_edits(lines, blocks[key], key, old[key], new[key])
        found = found if found is not None else _block_edit(lines, blocks[key], key, old[key], new[key])
        if found is None:
            return None
        edits += found
    out = _apply(lines, edits)
    if out is not None and not text.endswith("\n") and out.endswith("\n"):
        out = out[:-1]
    return out


def holds(text: str, data: Any) -> bool:
    """Whether `text` reads (as the course reads it) as exactly `data`."""
    try:
        return read_yaml(text).data == data
    except YamlProblem:
        return False


def _blocks(lines: list[str], keys: list[str]) -> dict[str, tuple[int, int]] | None:
    """Lines [start, end) of each top-level key, from its `key:` line to the next one; None unless the lines at
    column 0 are exactly `keys` in order (comments, blank lines and the dashes of an unindented list aside)."""
    found: list[tuple[str, int]] = []
    for n, line in enumerate(lines):
        if not line.strip() or line[0] in " #" or line.startswith("- ") or line.rstrip() == "-":
            continue
        if not _KEY.match(line):
            return None
        found.append((line.split(":", 1)[0], n))
    if [key for key, _ in found] != keys:
        return None
    ends = [n for _, n in found[1:]] + [len(lines)]
    return {key: (start, end) for (key, start), end in zip(found, ends)}


def _id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


def _list_edits(lines: list[str], block: tuple[int, int], key: str, before: Any, after: Any) -> list[Edit] | None:
    """The edits that change, append or delete items of the block list under `key`; None if the edit is not of
    that shape or the list is not laid out one dash per item."""
    if not isinstance(before, list) or not isinstance(after, list) or not before or not after:
        return None
    found = _item_lines(lines, *block)
    if found is None or len(found[0]) != len(before) + 1:
        return None
    starts, column = found
    if len(after) >= len(before) and all(_id(a) == _id(b) for a, b in zip(before, after)):
        changed = [i for i, item in enumerate(before) if item != after[i]]
        if len(after) > len(before) and len(before) - 1 not in changed:
            changed.append(len(before) - 1)  # appended items are written after the last one, in its style
        edits = []
        for lo, hi in _runs(changed):
            fragment = _round_trip(f"{key}:\n", "".join(lines[starts[lo]:starts[hi]]), key, before[lo:hi],
                                   after[lo:hi] if hi < len(before) else after[lo:])
            if fragment is None:
                return None
            edits.append((starts[lo], starts[hi], fragment))
        return edits
    removed = _removed(before, after)
    return None if removed is None else [_cut(lines, starts, column, i, block[0]) for i in removed]


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Sorted indices as runs [lo, hi) of neighbours: [1, 2, 5] -> [(1, 3), (5, 6)]."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _removed(before: list[Any], after: list[Any]) -> list[int] | None:
    """The positions of `before` whose removal leaves exactly `after` (the rest unchanged), or None."""
    removed, j = [], 0
    for i, item in enumerate(before):
        if j < len(after) and after[j] == item:
            j += 1
        else:
            removed.append(i)
    return removed if j == len(after) and removed else None


def _item_lines(lines: list[str], head: int, end: int) -> tuple[list[int], int] | None:
    """The first line of each item of the block list whose `key:` line is `head`, then `end`; and the column of
    its dashes. None if the list is not laid out one dash per item.

    A plain scan of the lines: items start with a dash at the column of the first one (block and quoted texts
    inside an item are indented deeper). Each span found is checked by reading it (`_round_trip`), and the
    spliced file is checked against the edited data, so a layout this misreads falls back to the full round trip."""
    if lines[head].split(":", 1)[1].split("#", 1)[0].strip():
        return None  # a flow list or a scalar on the key's line
    starts: list[int] = []
    column = None
    for n in range(head + 1, end):
        body = lines[n].lstrip(" ")
        if not body.strip() or body.startswith("#"):
            continue
        indent = len(lines[n]) - len(body)
        dash = body.startswith("- ") or body.rstrip() == "-"
        if column is None:
            if not dash:
                return None
            column = indent
        if indent == column and dash:
            starts.append(n)
        elif indent <= column:
            return None
    return ([*starts, end], column) if starts and column is not None else None


def _comment_at(line: str, column: int) -> bool:
    """A comment line no deeper than the list's dashes (deeper ones may be inside an item's block text)."""
    body = line.lstrip(" ")
    return body.startswith("#") and len(line) - len(body) <= column


def _cut(lines: list[str], starts: list[int], column: int, i: int, head: int) -> Edit:
    """The lines of item `i` removed: from the comments just above its dash (and the blank lines above them) to
    its last line (the first item: with the blank lines after it), leaving the comments that lead the next item."""
    top = starts[i - 1] + 1 if i else head + 1
    start = starts[i]
    while start > top and _comment_at(lines[start - 1], column):
        start -= 1
    while start > top and not lines[start - 1].strip():
        start -= 1
    end = starts[i + 1]
    while end > starts[i] + 1 and (not lines[end - 1].strip() or _comment_at(lines[end - 1], column)):
        end -= 1
    while i == 0 and end < starts[1] and not lines[end].strip():
        end += 1  # no item above to keep apart from
    return start, end, ""


def _block_edit(lines: list[str], block: tuple[int, int], key: str, before: Any, after: Any) -> list[Edit] | None:
    """The top-level `key` with its lines round-tripped to hold `after`."""
    fragment = _round_trip("", "".join(lines[block[0]:block[1]]), key, before, after)
    return None if fragment is None else [(block[0], block[1], fragment)]


def _round_trip(head: str, span: str, key: str, before: Any, after: Any) -> str | None:
    """`span` (which, after `head`, reads as {key: before}) rewritten to hold `after`, keeping its comments."""
    try:
        if read_yaml(head + span).data != {key: before}:
            return None  # the lines found are not exactly that data
        doc = roundtrip.load(head + span)
    except YamlProblem:
        return None
    doc[key] = roundtrip.merge(doc[key], after)
    out = roundtrip.dump(doc)
    return out[len(head):] if out.startswith(head) else None


def _apply(lines: list[str], edits: list[Edit]) -> str | None:
    """The lines with each edit made; None if two edits overlap."""
    out, at = [], 0
    for start, end, replacement in sorted(edits):
        if start < at:
            return None
        out += [*lines[at:start], replacement]
        at = end
    return "".join([*out, *lines[at:]])
