"""Safe YAML reading that keeps line numbers and refuses alias bombs, deep nesting and huge files."""
from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # the C parser is ~10x faster; both are safe
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIAS_EXPANSIONS = 1_000
MAX_EXPANDED_SIZE = 100_000
_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


class YamlProblem(Exception):
    """A YAML file that cannot be read; `line` and `column` are 1-based."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class YamlDocument:
    """Plain Python data, plus a way to trace any field path back to its line.

    The node tree with line numbers is built only when a location is asked for (that is, when the file
    has a problem), which keeps loading a clean course fast.
    """

    def __init__(self, data: Any, text: str | bytes):
        self.data = data
        self._text = text
        self._root: Node | None = None
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}  # per mapping node: key -> (key, value) nodes

    def locate(self, path: tuple[Any, ...], at_key: bool = False) -> tuple[int, int]:
        """(line, column) of the deepest node on `path` that exists in the file; with `at_key`, of the last
        mapping key rather than its value."""
        if self._root is None:
            self._root = yaml.compose(self._text, Loader=_Loader)
        node = self._root
        for i, part in enumerate(path):
            child = self._child(node, part, key=at_key and i == len(path) - 1)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1


    def locate_many(self, requests: list[tuple[tuple[Any, ...], bool]]) -> list[tuple[int, int]]:
        """`locate` for several paths in one pass over the parser's events, stopping as soon as each path is
        settled, so reporting the first problems of a huge file costs about as much as reading up to them."""
        if not requests:
            return []
        wanted = [tuple(p if isinstance(p, int) else str(p) for p in path) for path, _k in requests]
        under: dict[tuple[Any, ...], set[int]] = {}  # prefix -> the requests below it
        for i, w in enumerate(wanted):
            for depth in range(len(w) + 1):
                under.setdefault(w[:depth], set()).add(i)
        scan = _Scan(set(under))
        pending = set(range(len(wanted)))
        events = _events(self._text)
        try:
            for event in events:
                closed, found = scan.step(event)
                if closed is not None:  # nothing deeper can follow: its requests are settled
                    pending -= under.get(closed, set())
                if found is not None:
                    pending -= {i for i in under[found] if scan.settled(wanted[i], requests[i][1])}
                if not pending:
                    break
        finally:
            events.close()
        return [scan.position(w, at_key) for w, (_p, at_key) in zip(wanted, requests)]

    def _child(self, node: Node, part: Any, key: bool = False) -> Node | None:
        """One step down the tree in constant time: each mapping's keys are indexed once, on first use, so
        locating N problems is linear in N (a linear scan per problem made it quadratic)."""
        if isinstance(node, MappingNode):
            index = self._keys.get(id(node))
            if index is None:
                index = self._keys[id(node)] = {}
                for key_node, value in node.value:
                    if isinstance(key_node, ScalarNode):
                        index.setdefault(key_node.value, (key_node, value))
            found = index.get(str(part))
            return None if found is None else found[0] if key else found[1]
        if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            return node.value[part]
        return None


class _Scan:
    """Follows the path of each node through parser events, remembering where the `prefixes` start."""

    def __init__(self, prefixes: set[tuple[Any, ...]]):
        self.prefixes = prefixes
        self.values: dict[tuple[Any, ...], Any] = {}
        self.keys: dict[tuple[Any, ...], Any] = {}
        self.stack: list[list[Any]] = []  # [path, is_mapping, pending key or _NO_KEY, next index]

    def step(self, event: Any) -> tuple[tuple[Any, ...] | None, tuple[Any, ...] | None]:
        """Take one event; returns (the path of a collection that just ended, a wanted path just seen)."""
        cls = type(event)
        if cls in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
            return (self.stack.pop()[0] if self.stack else None), None
        if cls not in (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent):
            return None, None
        path: tuple[Any, ...] = ()
        if self.stack:
            frame = self.stack[-1]
            if frame[1] and frame[2] is _NO_KEY:  # this node is a key (the builder allows only scalars there)
                frame[2] = event.value if cls is yaml.ScalarEvent else _NO_KEY
                key_path = frame[0] + (frame[2],)
                if key_path in self.prefixes:
                    self.keys[key_path] = event.start_mark
                    return None, key_path
                return None, None
            if frame[1]:
                path, frame[2] = frame[0] + (frame[2],), _NO_KEY
            else:
                path, frame[3] = frame[0] + (frame[3],), frame[3] + 1
        if cls in (yaml.SequenceStartEvent, yaml.MappingStartEvent):
            self.stack.append([path, cls is yaml.MappingStartEvent, _NO_KEY, 0])
        if path in self.prefixes:
            self.values[path] = event.start_mark
            return None, path
        return None, None

    def settled(self, path: tuple[Any, ...], at_key: bool) -> bool:
        return path in (self.keys if at_key and path else self.values)

    def position(self, path: tuple[Any, ...], at_key: bool) -> tuple[int, int]:
        mark = self.keys.get(path) if at_key and path else None
        for depth in range(len(path), -1, -1):
            if mark is not None:
                break
            mark = self.values.get(path[:depth])
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def read_yaml(text: str | bytes) -> YamlDocument:
    """Parse one YAML document safely; raise YamlProblem with a line number on anything wrong."""
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    if size > MAX_FILE_BYTES:
        raise YamlProblem(f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
    try:
        data = _Builder().build(_events(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        raise YamlProblem(f"YAML syntax: {problem}{context}", line, col) from None
    except (yaml.YAMLError, UnicodeError, ValueError) as exc:
        raise YamlProblem(f"cannot read the file as YAML: {exc}") from None
    return YamlDocument(data, text)


def _events(text: str | bytes) -> Any:
    """Parser events, straight from the (C) parser without the per-event generator of yaml.parse."""
    loader = _Loader(text)
    try:
        get = loader.get_event
        while (event := get()) is not None:
            yield event
    finally:
        loader.dispose()


class _Collection:
    __slots__ = ("value", "key", "size", "anchor", "mark")

    def __init__(self, value: Any, anchor: str | None, mark: Any):
        self.value, self.anchor, self.mark = value, anchor, mark
        self.key: Any = _NO_KEY
        self.size = 1


_NO_KEY = object()


def _open(event: Any, top: _Collection | None, depth: int) -> _Collection:
    """A new sequence or mapping, once its tag, depth and position are checked."""
    if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
        raise _problem(event, f"the YAML tag {event.tag!r} is not allowed")
    if depth >= MAX_DEPTH:
        raise _problem(event, f"nested more than {MAX_DEPTH} levels deep")
    if top is not None and top.key is _NO_KEY and type(top.value) is dict:
        raise _problem(event, "a key must be a plain word or number, not a list or mapping")
    return _Collection([] if type(event) is yaml.SequenceStartEvent else {}, event.anchor, event.start_mark)


class _Builder:
    """Builds plain data from parser events, resolving scalars like PyYAML's safe loader.

    Aliases reuse the anchored value; each use adds the anchored value's full size to an expansion
    budget, so a file can never describe more data than MAX_EXPANDED_SIZE, however it nests aliases.
    """

    def __init__(self) -> None:
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.expanded = 0
        self.aliases = 0
        self.constructor = yaml.SafeLoader("")

    def build(self, events: Any) -> Any:
        stack: list[_Collection] = []
        root: Any = _NO_KEY
        top: _Collection | None = None
        documents = 0
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        start_events = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
        end_events = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
        implicit, no_key = _IMPLICIT, _NO_KEY
        for event in events:
            cls = type(event)
            if cls is scalar_event:
                value = event.value
                if event.tag is not None or (not event.style and value[:1] in implicit):
                    value = self._scalar(event)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                if top is None:
                    root = value
                elif top.key is no_key and type(top.value) is dict:
                    self._key(top, value, event)
                elif type(top.value) is dict:
                    top.value[top.key] = value
                    top.key = no_key
                    top.size += 1
                else:
                    top.value.append(value)
                    top.size += 1
            elif cls in start_events:
                top = _open(event, top, len(stack))
                stack.append(top)
            elif cls in end_events:
                done = stack.pop()
                top = stack[-1] if stack else None
                if done.anchor:
                    self.anchors[done.anchor] = (done.value, done.size)
                if top is None:
                    root = done.value
                else:
                    self._put(top, done.value, done.size)
            elif cls is alias_event:
                value, size = self._expand(event)
                if top is None:
                    root = value
                elif top.key is no_key and type(top.value) is dict:
                    if isinstance(value, (list, dict)):
                        raise _problem(event, "a key must be a plain word or number, not a list or mapping")
                    self._key(top, value, event)
                else:
                    self._put(top, value, size)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _problem(event, "a content file holds one YAML document; remove the extra '---'")
        if root is _NO_KEY or root is None:
            raise YamlProblem("the file is empty")
        return root

    def _expand(self, alias: Any) -> tuple[Any, int]:
        """The value an alias stands for and its size, counted against the alias budget."""
        if alias.anchor not in self.anchors:
            raise _problem(alias, f"the alias '*{alias.anchor}' refers to an anchor that is not defined above it")
        value, size = self.anchors[alias.anchor]
        self.aliases += 1
        self.expanded += size
        if self.aliases > MAX_ALIAS_EXPANSIONS or self.expanded > MAX_EXPANDED_SIZE:
            raise _problem(alias, "too many alias expansions (a YAML alias bomb?)")
        return value, size

    @staticmethod
    def _key(top: _Collection, key: Any, event: Any) -> None:
        if key == "<<" and getattr(event, "implicit", (False,))[0]:
            raise _problem(event, "merge keys ('<<') are not supported; write the fields out")
        if key in top.value:
            raise _problem(event, f"the key '{key}' appears twice in the same mapping")
        top.key = key

    @staticmethod
    def _put(top: _Collection, value: Any, size: int) -> None:
        top.size += size
        if type(top.value) is dict:
            top.value[top.key] = value
            top.key = _NO_KEY
        else:
            top.value.append(value)

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            if not event.implicit[0]:  # quoted or block text
                return event.value
            tag = _resolve_plain(event.value)
        if tag == _STR_TAG:
            return event.value
        if tag == _INT_TAG and event.value.isascii() and event.value.isdigit() and event.value[:1] != "0":
            return int(event.value)  # the common case, without building a node (a leading 0 is octal in YAML 1.1)
        if tag not in _SAFE_SCALAR_TAGS:
            raise _problem(event, f"the YAML tag {tag!r} is not allowed")
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise _problem(event, f"cannot read the value {event.value!r}: {exc}") from None


_IMPLICIT = yaml.SafeLoader.yaml_implicit_resolvers
_INT_TAG = "tag:yaml.org,2002:int"


def _resolve_plain(value: str) -> str:
    """The implicit tag of a plain scalar, by the YAML 1.1 rules PyYAML's safe loader uses."""
    for tag, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
        if tag != "tag:yaml.org,2002:merge" and regexp.match(value):
            return tag
    return _STR_TAG


def _problem(event: Any, message: str, mark: Any = None) -> YamlProblem:
    mark = mark or event.start_mark
    return YamlProblem(message, mark.line + 1, mark.column + 1)
