"""Load every content file, collect every problem, and build the course from the files that pass.

A broken file is reported and skipped; a broken link between files is reported and dropped, so the
rest of the course always loads.
"""
from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Literal, Mapping

from pydantic import BaseModel, ValidationError

from .agenda import Agenda
from .bank import Bank
from .case_graph import graph_problems
from .case_study import CaseStudy
from .course import Course
from .errors import ContentProblem, cap_problems, format_path, problems_from_validation
from .module import Module
from .yaml_source import YamlDocument, YamlProblem, read_yaml

Kind = Literal["module", "bank", "case", "agenda"]
FOLDERS: dict[str, Kind] = {"modules": "module", "quizzes": "bank", "case_studies": "case", "agendas": "agenda"}
MODELS: dict[Kind, type[BaseModel]] = {"module": Module, "bank": Bank, "case": CaseStudy, "agenda": Agenda}
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadResult:
    course: Course
    problems: tuple[ContentProblem, ...]
    files: int
    good: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """file -> its last valid parsed content, so a later load can keep serving it while the file is broken."""

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Loaded:
    rel: str
    kind: Kind
    doc: YamlDocument
    model: Any


def discover(root: Path) -> list[Path]:
    """The content files under a course root, in a stable order."""
    found: list[Path] = []
    for folder in FOLDERS:
        base = root / folder
        if base.is_dir():
            found.extend(p for p in base.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
    return sorted(found)


def load_course(root: Path | str, files: Iterable[Path | str] | None = None, *, packs: Iterable[Path | str] = (),
                previous: LoadResult | None = None) -> LoadResult:
    """Load the course under `root` (or just `files`), plus any content packs; never raises for bad content.

    With `previous`, a file that now has problems is reported and its last valid version keeps serving.
    """
    # Loading allocates hundreds of thousands of small, acyclic objects; pausing the cyclic garbage
    # collector meanwhile avoids repeated full-heap scans (measured: about a third of the time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_course(Path(root), files, [Path(p) for p in packs], previous)
    finally:
        if enabled:
            gc.enable()


def _load_course(root: Path, files: Iterable[Path | str] | None, packs: list[Path],
                 previous: LoadResult | None) -> LoadResult:
    paths = [(p, _relative(p, root)) for p in (sorted(Path(f) for f in files) if files is not None else discover(root))]
    for pack in packs:
        paths.extend((p, f"{pack.name}/{p.relative_to(pack).as_posix()}") for p in discover(pack))
    problems: list[ContentProblem] = []
    loaded: list[_Loaded] = []
    good: dict[str, _Loaded] = {}
    failed: set[tuple[str, str]] = set()
    for path, rel in paths:
        item, file_problems, data = _load_file(path, rel)
        problems.extend(file_problems)
        if item is not None and not file_problems:
            loaded.append(item)
            good[rel] = item
        elif previous is not None and rel in previous.good:
            loaded.append(previous.good[rel])  # keep serving the last good version
            good[rel] = previous.good[rel]
        else:
            failed |= _ids_in(kind_of(path, data), data)
    course, link_problems = _link(loaded, failed)
    problems.extend(link_problems)
    by_file: dict[str, list[ContentProblem]] = {}
    for problem in set(problems):
        by_file.setdefault(problem.file, []).append(problem)
    capped = [p for file_problems in by_file.values() for p in cap_problems(file_problems)]
    return LoadResult(course, tuple(sorted(capped)), len(paths), good)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def kind_of(path: Path, data: Any) -> Kind | None:
    """The kind of file: by its folder, else by its fields."""
    for part in reversed(path.parent.parts):
        if part in FOLDERS:
            return FOLDERS[part]
    if isinstance(data, dict):
        for key, kind in (("lessons", "module"), ("questions", "bank"), ("nodes", "case"), ("days", "agenda")):
            if key in data:
                return kind  # type: ignore[return-value]
    return None


def _ids_in(kind: Kind | None, data: Any) -> set[tuple[str, str]]:
    """The ids a broken file would have defined, so links to them are not reported a second time."""
    if kind is None or not isinstance(data, dict):
        return set()
    ids = {(kind, data["id"])} if isinstance(data.get("id"), str) else set()
    if kind == "module" and isinstance(data.get("objectives"), list):
        ids |= {("objective", o["id"]) for o in data["objectives"] if isinstance(o, dict) and isinstance(o.get("id"), str)}
    return ids


def _load_file(path: Path, rel: str) -> tuple[_Loaded | None, list[ContentProblem], Any]:
    """Read, parse and validate one file: (loaded item, problems, raw data)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentProblem(rel, 1, 1, "", f"cannot read the file: {exc.strerror or exc}")], None
    return _parse_file(raw, path, rel)


def _parse_file(raw: bytes, path: Path, rel: str) -> tuple[_Loaded | None, list[ContentProblem], Any]:
    """Parse and validate one file's bytes, as if read from `path` (its folder tells its kind)."""
    try:
        doc = read_yaml(raw)
    except YamlProblem as exc:
        return None, [ContentProblem(rel, exc.line, exc.column, "", exc.message)], None
    if not isinstance(doc.data, dict):
        return None, [ContentProblem(rel, 1, 1, "", "the file must be a mapping of fields (key: value)")], None
    kind = kind_of(path, doc.data)
    if kind is None:
        return None, [ContentProblem(
            rel, 1, 1, "", "cannot tell what this file is: put it in modules/, quizzes/ or case_studies/"
        )], doc.data
    try:
        model = MODELS[kind].model_validate(doc.data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, rel, doc.data, doc.locate,
                                                  locate_many=doc.locate_many), doc.data
    problems = []
    if isinstance(model, CaseStudy):
        problems = [_at(rel, doc, path_, msg) for path_, msg in graph_problems(model)]
    return _Loaded(rel, kind, doc, model), problems, doc.data


def _at(rel: str, doc: YamlDocument, path: tuple[Any, ...], message: str) -> ContentProblem:
    line, col = doc.locate(path)
    return ContentProblem(rel, line, col, format_path(path), message)


class _Linker:
    """Cross-file checks: duplicate ids and links that do not resolve."""

    def __init__(self, loaded: list[_Loaded], failed: set[tuple[str, str]]):
        self.failed = failed
        self.problems: list[ContentProblem] = []
        self.items: dict[Kind, dict[str, _Loaded]] = {"module": {}, "bank": {}, "case": {}, "agenda": {}}
        for item in loaded:
            self._register(item)

    def _register(self, item: _Loaded) -> None:
        table = self.items[item.kind]
        first = table.get(item.model.id)
        if first is not None:
            self._report(item, ("id",), f"{item.kind} id '{item.model.id}' is already used in {first.rel}")
            return
        table[item.model.id] = item

    def _report(self, item: _Loaded, path: tuple[Any, ...], message: str) -> None:
        self.problems.append(_at(item.rel, item.doc, path, message))

    def objectives(self) -> dict[str, str]:
        """objective id -> module id; duplicates across modules are reported."""
        owner: dict[str, str] = {}
        for item in self.items["module"].values():
            for i, objective in enumerate(item.model.objectives):
                if objective.id in owner and owner[objective.id] != item.model.id:
                    self._report(item, ("objectives", i, "id"),
                                 f"objective id '{objective.id}' is already used in module '{owner[objective.id]}'")
                else:
                    owner[objective.id] = item.model.id
        return owner

    def known(self, kind: Kind, item: _Loaded, path: tuple[Any, ...], ref: str | None) -> bool:
        if ref is None or ref in self.items[kind]:
            return True
        if (kind, ref) not in self.failed:
            self._report(item, path, f"unknown {kind} '{ref}'")
        return False

    def link_modules(self) -> list[Module]:
        modules = []
        for item in self.items["module"].values():
            m: Module = item.model
            banks = tuple(b for i, b in enumerate(m.banks) if self.known("bank", item, ("banks", i), b))
            cases = tuple(c for i, c in enumerate(m.cases) if self.known("case", item, ("cases", i), c))
            mastery = m.mastery
            if mastery.bank is not None and mastery.bank not in banks:
                mastery = mastery.model_copy(update={"bank": None})
            modules.append(m.model_copy(update={"banks": banks, "cases": cases, "mastery": mastery}))
        return sorted(modules, key=lambda m: (m.number, m.id))

    def link_banks(self, objectives: dict[str, str]) -> dict[str, Bank]:
        banks: dict[str, Bank] = {}
        question_owner: dict[str, str] = {}
        for item in self.items["bank"].values():
            b: Bank = item.model
            self.known("module", item, ("module",), b.module)
            for d, dim in enumerate(b.dimensions):
                for k, ref in enumerate(dim.modules):
                    self.known("module", item, ("dimensions", d, "modules", k), ref)
            kept = []
            for i, q in enumerate(b.questions):
                if q.id in question_owner:
                    self._report(item, ("questions", i, "id"),
                                 f"question id '{q.id}' is already used in bank '{question_owner[q.id]}'")
                    continue
                question_owner[q.id] = b.id
                kept.append(q)
                self._check_objective(item, i, q.objective, objectives)
            banks[b.id] = b.model_copy(update={"questions": tuple(kept)})
        return banks

    def _check_objective(self, item: _Loaded, i: int, objective: str | None, owners: dict[str, str]) -> None:
        if objective is None:
            return
        bank: Bank = item.model
        if objective not in owners:
            if ("objective", objective) not in self.failed:
                    self._report(item, ("questions", i, "objective"), f"unknown objective '{objective}'")
        elif bank.module and bank.module in self.items["module"] and owners[objective] != bank.module:
            self._report(item, ("questions", i, "objective"),
                         f"objective '{objective}' belongs to module '{owners[objective]}', "
                         f"not to this bank's module '{bank.module}'")

    def link_cases(self, objectives: dict[str, str]) -> dict[str, CaseStudy]:
        for item in self.items["case"].values():
            c: CaseStudy = item.model
            self.known("module", item, ("module",), c.module)
            for i, ref in enumerate(c.objectives):
                if ref not in objectives and ("objective", ref) not in self.failed:
                    self._report(item, ("objectives", i), f"unknown objective '{ref}'")
        return {cid: item.model for cid, item in self.items["case"].items()}


    def link_agendas(self) -> dict[str, Agenda]:
        for item in self.items["agenda"].values():
            agenda: Agenda = item.model
            for d, day in enumerate(agenda.days):
                for i, entry in enumerate(day.items):
                    at = ("days", d, "items", i)
                    self.known("module", item, at + ("module",), entry.module)
                    self.known("bank", item, at + ("bank",), entry.bank)
                    self.known("case", item, at + ("case",), entry.case)
                    module = self.items["module"].get(entry.module or "")
                    if entry.lesson and module and entry.lesson not in {ls.id for ls in module.model.lessons}:
                        self._report(item, at + ("lesson",),
                                     f"module '{entry.module}' has no lesson '{entry.lesson}'")
        return {aid: item.model for aid, item in self.items["agenda"].items()}


def check_file(result: LoadResult, path: Path, rel: str, raw: bytes) -> tuple[list[ContentProblem], LoadResult]:
    """The problems `raw` would have as the file `rel` of an already loaded course (its own and its links), and
    the course with it in place; the same checks and messages as a full load, without re-reading other files."""
    item, problems, _data = _parse_file(raw, path, rel)
    if item is None or problems:
        return problems, result
    others = [loaded for key, loaded in result.good.items() if key != rel]
    course, link_problems = _link([*others, item], set())
    mine = [p for p in link_problems if p.file == rel]
    good = {**{k: v for k, v in result.good.items() if k != rel}, rel: item}
    return sorted(set(mine)), LoadResult(course, tuple(sorted(set(link_problems))), result.files, good)


def _link(loaded: list[_Loaded], failed: set[tuple[str, str]]) -> tuple[Course, list[ContentProblem]]:
    linker = _Linker(loaded, failed)
    objectives = linker.objectives()
    modules = linker.link_modules()
    banks = linker.link_banks(objectives)
    cases = linker.link_cases(objectives)
    agendas = linker.link_agendas()
    sources = {f"{kind}:{key}": item.rel for kind, table in linker.items.items() for key, item in table.items()}
    return Course(tuple(modules), banks, cases, sources, agendas), linker.problems
