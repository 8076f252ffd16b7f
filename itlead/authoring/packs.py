"""Content packs: folders of modules, banks and cases loaded beside the shipped course.

Packs made in the browser live under `settings.packs_dir()`; those named in ITLEAD_CONTENT_PACKS open too. The
shipped course is read-only: "adapt" copies one of its modules, banks or cases into a pack under a new id, with an
`adapts:` field naming the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..content.loader import FOLDERS, LoadResult, discover
from . import roundtrip
from .files import AuthoringError, atomic_write

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
PACK_NAME = re.compile(r"[a-z0-9][a-z0-9-]{1,30}")
KIND_FOLDER = {kind: folder for folder, kind in FOLDERS.items()}


@dataclass(frozen=True)
class Pack:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    def files(self) -> list[str]:
        """The pack's content files, relative to the pack (e.g. 'quizzes/maritima-check.yaml')."""
        return [p.relative_to(self.path).as_posix() for p in discover(self.path)]

    def rel_in_course(self, rel: str) -> str:
        """How the course names this file in its problems and sources (the loader's naming)."""
        return f"{self.name}/{rel}"


def check_name(name: str) -> str:
    pack_id = name.strip().lower()
    if not PACK_NAME.fullmatch(pack_id):
        raise AuthoringError("a pack name has 2-31 lower-case letters, digits or '-', e.g. 'maritima'")
    return pack_id


def scaffold(name: str, base: Path, number: int = 10) -> Pack:
    """A new pack: one module with a lesson, a check bank and a case, valid as written (what `new-pack` does)."""
    pack_id = check_name(name)
    folder = base / pack_id
    if folder.exists():
        raise AuthoringError(f"{folder} already exists; choose another name")
    fill = {"__ID__": pack_id, "__NUMBER__": str(number), "__TITLE__": pack_id.replace("-", " ").title()}
    for template, target in (("pack_module.yaml", f"modules/{pack_id}.yaml"),
                             ("pack_bank.yaml", f"quizzes/{pack_id}-check.yaml"),
                             ("pack_case.yaml", f"case_studies/{pack_id}-case.yaml")):
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        for key, value in fill.items():
            text = text.replace(key, value)
        atomic_write(folder / target, text.encode("utf-8"))
    return Pack(folder)


def list_packs(paths: list[Path]) -> list[Pack]:
    return [Pack(p) for p in paths if p.is_dir()]


def _renamed(old: str, new_prefix: str) -> str:
    """'risk.q-iso' -> '<new_prefix>.q-iso'; an id that no longer fits in 64 characters is refused."""
    new = f"{new_prefix}.{old.split('.', 1)[-1]}"
    if len(new) > 64:
        raise AuthoringError(f"the new id '{new}' is longer than 64 characters; choose a shorter id")
    return new


def adapt(result: LoadResult, root: Path, kind: str, item_id: str, pack: Pack, new_id: str) -> tuple[str, bytes]:
    """The pack file (its path in the pack, its text) that adapts shipped item `item_id` under `new_id`.

    Comments and layout of the original are kept; ids that must be unique across the course (objectives of a
    module, questions of a bank) take the new id as prefix. Nothing is written here: the caller saves it through
    the editor, which validates it first."""
    rel = result.course.sources.get(f"{kind}:{item_id}")
    source = (root / rel) if rel else None
    if source is None or not source.is_file() or not source.resolve().is_relative_to(root.resolve()):
        raise AuthoringError(f"there is no shipped {kind} '{item_id}' to adapt")
    doc = roundtrip.load(source.read_bytes())
    doc["id"] = new_id
    doc.insert(1, "adapts", item_id)
    if kind == "module":
        for objective in doc.get("objectives") or []:
            objective["id"] = _renamed(objective["id"], new_id)
    if kind == "bank":
        for question in doc.get("questions") or []:
            question["id"] = _renamed(question["id"], new_id)
    doc.yaml_set_start_comment(f"Adapted from the shipped {kind} '{item_id}' ({rel}).")
    return f"{KIND_FOLDER[kind]}/{new_id}.yaml", roundtrip.dump(doc).encode("utf-8")
