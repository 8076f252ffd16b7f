"""Editing a pack's files: open, validate, save (atomic, conflict-checked, with a revision), history, diff, restore,
and drafts for edits that do not validate yet.

Every save is validated first with the course loader's own models and messages (`loader.check_file`: the file
alone, then its links to the rest of the course); a file with problems is never written. Item-quality findings
(content/quality.py) for the file are returned as warnings. Revisions and drafts live in `<pack>/.authoring/`.
"""
from __future__ import annotations

import difflib
import json
import time
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Collection

from ..content.errors import ContentProblem
from ..content.loader import LoadResult, check_file
from ..content.yaml_source import YamlProblem, read_yaml
from . import roundtrip
from .files import WORK, AuthoringError, Conflict, atomic_write, inside, locked, read_or_none, version_of
from .packs import Pack
from .splice import holds, splice

CONFLICT_MESSAGE = ("{rel} was changed by someone else (another tab, another trainer or an editor) since you opened "
                    "it. Your changes were not saved: reopen the file to see the current version, then make your "
                    "edit again.")


class Invalid(AuthoringError):
    """The edit does not validate; nothing was written. `problems` are the loader's located messages."""

    def __init__(self, problems: list[ContentProblem]):
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class Opened:
    """A file as it was when opened: its text, its round-trip document, and its version for the conflict check."""

    rel: str
    text: str
    version: str

    @cached_property
    def doc(self) -> Any:
        """The round-trip document, parsed when first needed (a save): ruamel.yaml is slow on big files."""
        return roundtrip.load(self.text)

    @cached_property
    def data(self) -> Any:
        """The file as plain data, read as the course loader reads it (fast: PyYAML's C parser)."""
        return read_yaml(self.text).data


@dataclass(frozen=True)
class Revision:
    number: int
    at: float
    note: str
    version: str


@dataclass(frozen=True)
class Saved:
    opened: Opened
    warnings: list[str]
    result: LoadResult | None = None
    """the course with the saved file in place, as the check before the save made it"""


def full_text(opened: Opened, data: Any) -> str:
    """The opened file's text holding `data`, by a round trip of the whole file (comments and layout kept)."""
    return roundtrip.dump(roundtrip.merge(opened.doc, data))


def edited_questions(old: Any, new: Any) -> tuple[str, ...] | None:
    """The ids of the questions an edit changed when it added, deleted and moved none (a page of translations), or
    None: then the quality rules judge the whole file (a deletion may tip a bank's balance of keys)."""
    before, after = (d.get("questions") if isinstance(d, dict) else None for d in (old, new))
    if not isinstance(before, list) or not isinstance(after, list) or len(before) != len(after) \
            or any(not isinstance(q, dict) for q in (*before, *after)) \
            or [q.get("id") for q in before] != [q.get("id") for q in after]:
        return None
    return tuple(str(b.get("id")) for b, a in zip(before, after) if a != b)


class _NotAsEdited(Exception):
    """The spliced text does not read back as the edited data: save the full round trip instead."""


def scoped(result: LoadResult, rel: str, items: Collection[str] | None = None) -> LoadResult:
    """`result` with only what the quality rules need to judge the file `rel`: its own bank (with the pre- and
    post-test banks when it is one of those, or when it is a module), every module and the file's own case; with
    `items` (question ids), its bank holds those questions alone. Near-duplicate stems in other banks are left to
    the course-wide lint (`python -m itlead lint`)."""
    course = result.course
    own = {key for key, source in course.sources.items() if source == rel}
    prepost = ("pretest", "posttest")
    pairs = any(f"bank:{b.id}" in own and b.purpose in prepost for b in course.banks.values()) \
        or any(k.startswith("module:") for k in own)
    banks = {i: b for i, b in course.banks.items() if f"bank:{i}" in own or (pairs and b.purpose in prepost)}
    cases = {i: c for i, c in course.cases.items() if f"case:{i}" in own}
    if items is not None:
        banks = {i: b.model_copy(update={"questions": tuple(q for q in b.questions if q.id in items)})
                 if f"bank:{i}" in own else b for i, b in banks.items()}
    return LoadResult(replace(course, banks=banks, cases=cases), result.problems, result.files, result.good)


def _rules() -> tuple[dict[str, Any], dict[str, Any]]:
    """The quality thresholds and the reference registry, read again only when their files change."""
    from ..content import quality

    stamp = tuple(p.stat().st_mtime_ns for p in (quality.THRESHOLDS_FILE, quality.REGISTRY_FILE))
    if _RULES.get("stamp") != stamp:
        _RULES.update(stamp=stamp, rules=(quality.load_config(), quality.load_registry()))
    return _RULES["rules"]


_RULES: dict[str, Any] = {}


class PackEditor:
    """One pack's files. `course` returns the loaded course (with this pack) that links are checked against."""

    def __init__(self, pack: Pack, course: Callable[[], LoadResult], quality: bool = True):
        self.pack, self.course, self.quality = pack, course, quality

    def path(self, rel: str) -> Path:
        return inside(self.pack.path, rel)

    def open(self, rel: str) -> Opened:
        raw = read_or_none(self.path(rel))
        if raw is None:
            raise AuthoringError(f"{rel} does not exist in pack {self.pack.name}")
        opened = Opened(rel, raw.decode("utf-8"), version_of(raw))
        try:
            opened.data
        except YamlProblem as exc:
            raise AuthoringError(f"{rel}:{exc.line}:{exc.column}: {exc.message}") from None
        return opened

    def check(self, rel: str, raw: bytes) -> tuple[list[ContentProblem], LoadResult]:
        """The loader's problems for `raw` as this file, located in `raw`, with the course it would make."""
        return check_file(self.course(), self.path(rel), self.pack.rel_in_course(rel), raw)

    def problems(self, opened: Opened, data: Any) -> list[ContentProblem]:
        """The loader's problems `data` would have as the opened file; nothing is written."""
        spliced = splice(opened.text, opened.data, data)
        text = spliced if spliced is not None and holds(spliced, data) else full_text(opened, data)
        return self.check(opened.rel, text.encode("utf-8"))[0]

    def save(self, opened: Opened, data: Any, note: str = "", item: str | None = None,
             version: str | None = None) -> Saved:
        """Write `data` (plain) over the opened file, keeping comments and layout; validated; conflict-checked
        against `version` (default: the version opened). The quality rules look at the question `item` only, or
        at the questions edited when no question was added or deleted (`edited_questions`), else the whole file.

        Only what changed is rewritten (`splice`: changed, appended or deleted items of a list, such as questions
        or case nodes, and other changed top-level values, such as a title); the validation's own parse confirms
        the spliced text reads as `data`, else the whole file is round-tripped."""
        version = opened.version if version is None else version
        items = (item,) if item is not None else edited_questions(opened.data, data)
        spliced = splice(opened.text, opened.data, data)
        if spliced is not None:
            try:
                return self.save_text(opened.rel, spliced, version, note, items, expect=data)
            except _NotAsEdited:
                pass
            except Invalid:
                if holds(spliced, data):
                    raise
        return self.save_text(opened.rel, full_text(opened, data), version, note, items)

    def save_text(self, rel: str, text: str, version: str, note: str = "", items: Collection[str] | None = None,
                  expect: Any = None) -> Saved:
        """Write `text` as `rel` if the file is still at `version` ('' = must not exist yet) and it validates (and,
        with `expect`, reads as exactly that data)."""
        raw = text.encode("utf-8")
        problems, result = self.check(rel, raw)
        if problems:
            raise Invalid(problems)
        if expect is not None and result.good[self.pack.rel_in_course(rel)].doc.data != expect:
            raise _NotAsEdited(rel)
        target = self.path(rel)
        with locked(self.pack.path):
            current = read_or_none(target)
            if version_of(current) != version:
                raise Conflict(CONFLICT_MESSAGE.format(rel=rel))
            if current is not None and not self._revisions(rel):
                self._record(rel, current, "as found")
            atomic_write(target, raw)
            self._record(rel, raw, note)
        return Saved(Opened(rel, text, version_of(raw)), self._warnings(rel, result, items), result)

    def _warnings(self, rel: str, result: LoadResult, items: Collection[str] | None = None) -> list[str]:
        """The item-quality findings for this file (or for its questions `items`), from the rules run on this file's
        items only (plus the pre- and post-test banks the pre/post rule compares them with), not the course."""
        if not self.quality:
            return []
        from ..content.quality import lint

        mine = self.pack.rel_in_course(rel)
        return [str(f) for f in lint(scoped(result, mine, items), *_rules()).findings if f.problem.file == mine]

    # ------------------------------------------------------------------------------------------ revisions

    def _folder(self, rel: str) -> Path:
        return self.pack.path / WORK / "revisions" / rel.replace("/", "%")

    def _revisions(self, rel: str) -> list[Revision]:
        log = self._folder(rel) / "log.jsonl"
        if not log.exists():
            return []
        return [Revision(**json.loads(line)) for line in log.read_text(encoding="utf-8").splitlines() if line]

    def _record(self, rel: str, raw: bytes, note: str) -> None:
        folder = self._folder(rel)
        number = len(self._revisions(rel)) + 1
        atomic_write(folder / f"{number:06d}.yaml", raw)
        entry = {"number": number, "at": time.time(), "note": note[:200], "version": version_of(raw)}
        with open(folder / "log.jsonl", "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")

    def history(self, rel: str) -> list[Revision]:
        """Saved versions, newest first."""
        return list(reversed(self._revisions(rel)))

    def revision_text(self, rel: str, number: int) -> str:
        path = self._folder(rel) / f"{int(number):06d}.yaml"
        if not path.is_file():
            raise AuthoringError(f"{rel} has no revision {number}")
        return path.read_text(encoding="utf-8")

    def diff(self, rel: str, older: int, newer: int | None = None) -> str:
        """A unified diff from revision `older` to revision `newer` (default: the file as it is now)."""
        after = self.path(rel).read_text(encoding="utf-8") if newer is None else self.revision_text(rel, newer)
        return "".join(difflib.unified_diff(self.revision_text(rel, older).splitlines(True), after.splitlines(True),
                                            f"{rel} (revision {older})",
                                            f"{rel} ({'now' if newer is None else f'revision {newer}'})"))

    def restore(self, rel: str, number: int, version: str) -> Saved:
        """Make revision `number` the current file again (validated and conflict-checked like any save)."""
        return self.save_text(rel, self.revision_text(rel, number), version, f"restored revision {number}")

    # ------------------------------------------------------------------------------------------ drafts

    def _drafts_file(self) -> Path:
        return self.pack.path / WORK / "drafts.json"

    def drafts(self) -> dict[str, dict[str, Any]]:
        path = self._drafts_file()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def keep_draft(self, key: str, rel: str, data: Any, problems: list[str], replacing: str | None = None) -> None:
        """Keep an edit that does not validate (or is not finished), outside the pack's content files; `replacing`
        names the item of `rel` it is an edit of (None: a new item)."""
        with locked(self.pack.path):
            drafts = self.drafts()
            drafts[key] = {"rel": rel, "data": data, "problems": problems, "at": time.time(), "replacing": replacing}
            atomic_write(self._drafts_file(), json.dumps(drafts, ensure_ascii=False, indent=1).encode("utf-8"))

    def drop_draft(self, key: str) -> None:
        with locked(self.pack.path):
            drafts = self.drafts()
            if drafts.pop(key, None) is not None:
                atomic_write(self._drafts_file(), json.dumps(drafts, ensure_ascii=False, indent=1).encode("utf-8"))
