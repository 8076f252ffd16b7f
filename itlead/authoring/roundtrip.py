"""Round-trip YAML: read a content file so that writing it back keeps its comments, key order, quoting and
layout, and apply plain-data edits to it in place.

Bytes are first read by the course's own safe reader (`content.yaml_source.read_yaml`: size, depth, alias and tag
limits), and only then by ruamel.yaml's round-trip loader, which builds plain mappings, sequences and scalars only.
"""
from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..content.yaml_source import read_yaml


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a line the author wrote
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(raw: bytes | str) -> Any:
    """The round-trip document for a file's bytes; raises content.yaml_source.YamlProblem for unsafe input."""
    read_yaml(raw)  # the limits of the course loader come first
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    return _yaml().load(text)


def dump(doc: Any) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def plain(value: Any) -> Any:
    """A round-trip value as plain dicts, lists and scalars (for validation and forms)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _same_item(old: Any, new: Any) -> bool:
    return isinstance(old, dict) and isinstance(new, dict) and old.get("id") is not None \
        and old.get("id") == new.get("id")


def merge(old: Any, new: Any) -> Any:
    """`new` (plain data) written over `old` (round-trip data): unchanged values keep their node, with its comments
    and style; mapping keys keep their order, new keys go last; list items are matched by `id` when they have one,
    else by position."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else _fresh(value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        by_id = {item.get("id"): item for item in old if isinstance(item, dict) and item.get("id") is not None}
        items = []
        for n, value in enumerate(new):
            match = by_id.get(value.get("id")) if isinstance(value, dict) else None
            if match is None and n < len(old) and not _has_id(old[n]) and not _has_id(value):
                match = old[n]
            items.append(merge(match, value) if match is not None else _fresh(value))
        _replace_items(old, items)
        return old
    if old == new and type(old) is type(new) or (isinstance(old, str) and isinstance(new, str) and str(old) == new):
        return old  # keeps its quoting and block style
    if type(old) is str and not isinstance(new, str) and _as_course_reads(old) == (type(new), new):
        return old  # a plain `yes`, `on` or `1e3` the course reads (YAML 1.1) as this very value
    return _fresh(new)


def _as_course_reads(plain_scalar: str) -> tuple[type, Any] | None:
    if "\n" in plain_scalar or len(plain_scalar) > 40:
        return None
    value = read_yaml(f"v: {plain_scalar}").data.get("v")
    return type(value), value


def _has_id(value: Any) -> bool:
    return isinstance(value, dict) and value.get("id") is not None


def _replace_items(seq: CommentedSeq, items: list[Any]) -> None:
    """Put `items` into `seq`, keeping the comments attached to positions that still exist."""
    comments = dict(seq.ca.items)
    del seq[:]
    seq.extend(items)
    seq.ca.items.clear()
    seq.ca.items.update({k: v for k, v in comments.items() if k < len(items)})


def _fresh(value: Any) -> Any:
    """Plain data as round-trip nodes: new mappings and lists in block style."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _fresh(item)
        return out
    if isinstance(value, (list, tuple)):
        return CommentedSeq(_fresh(v) for v in value)
    if isinstance(value, str) and "\n" in value.strip():
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(value, str) and _RESOLVER.resolve(ScalarNode, value, (True, False)) != _STR:
        return DoubleQuotedScalarString(value)  # the course reads YAML 1.1: Yes, on, 10:30 would not be text
    return value


_RESOLVER = Resolver()
_STR = "tag:yaml.org,2002:str"
