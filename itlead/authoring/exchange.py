"""Exchanging packs: export as a zip, import a zip (validated, all or nothing), and GIFT into a pack bank."""
from __future__ import annotations

import io
import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable

from ..content.loader import LoadResult, load_course
from ..interop.gift import GiftError, parse_gift
from .editor import Invalid, Opened, PackEditor, Saved
from .files import WORK, AuthoringError
from .packs import Pack, check_name

MAX_ZIP_BYTES = 5 * 1024 * 1024
"""The largest zip accepted, and the most its files may hold once unpacked."""
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 300
MEMBER = re.compile(r"(?:modules|quizzes|case_studies|agendas)/[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.ya?ml")


def export_zip(pack: Pack) -> bytes:
    """The pack's content files in a zip, under the pack's name (revisions and drafts stay behind)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in pack.files():
            archive.write(pack.path / rel, f"{pack.name}/{rel}")
    return out.getvalue()


def _members(archive: zipfile.ZipFile, name: str) -> dict[str, bytes]:
    """Every file of the zip, checked: names inside the pack's content folders, sizes within the limits."""
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_FILES:
        raise AuthoringError(f"the zip holds {len(infos)} files; the limit is {MAX_FILES}")
    files: dict[str, bytes] = {}
    total = 0
    for info in infos:
        rel = info.filename[len(name) + 1:] if info.filename.startswith(name + "/") else info.filename
        if not MEMBER.fullmatch(rel) or ".." in rel or stat.S_ISLNK(info.external_attr >> 16):
            raise AuthoringError(f"'{info.filename}' is not allowed in a pack: only .yaml files in modules/, "
                                 "quizzes/, case_studies/ or agendas/, with no '..' and no links")
        if info.file_size > MAX_FILE_BYTES or total + info.file_size > MAX_ZIP_BYTES:
            raise AuthoringError(f"'{info.filename}' would unpack beyond the size limit "
                                 f"({MAX_FILE_BYTES // 1024 // 1024} MB a file, {MAX_ZIP_BYTES // 1024 // 1024} MB "
                                 "in all)")
        with archive.open(info) as handle:  # the declared size may lie: read no more than the limit allows
            data = handle.read(MAX_FILE_BYTES + 1)
        total += len(data)
        if len(data) > MAX_FILE_BYTES or total > MAX_ZIP_BYTES:
            raise AuthoringError(f"'{info.filename}' unpacks beyond the size limit")
        files[rel] = data
    if not files:
        raise AuthoringError("the zip holds no content files")
    return files


def import_zip(data: bytes, name: str, base: Path, course: Callable[[Path], LoadResult]) -> Pack:
    """Unpack a zip as the new pack `name` under `base`, or refuse it and write nothing.

    `course(staged)` loads the course with the staged pack, so the pack is validated with its links; any problem
    in the pack's files refuses the whole zip."""
    pack_id = check_name(name)
    target = base / pack_id
    if target.exists():
        raise AuthoringError(f"a pack named '{pack_id}' already exists; import under another name")
    if len(data) > MAX_ZIP_BYTES:
        raise AuthoringError(f"the zip is {len(data):,} bytes; the limit is {MAX_ZIP_BYTES:,}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = _members(archive, _top_folder(archive))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise AuthoringError(f"this is not a zip that can be read ({type(exc).__name__})") from None
    with tempfile.TemporaryDirectory(prefix=".import-") as scratch:
        staged = Path(scratch) / pack_id
        for rel, raw in files.items():
            (staged / rel).parent.mkdir(parents=True, exist_ok=True)
            (staged / rel).write_bytes(raw)
        problems = [p for p in course(staged).problems if p.file.startswith(f"{pack_id}/")]
        if problems:
            raise Invalid(problems)
        base.mkdir(parents=True, exist_ok=True)
        landing = Path(tempfile.mkdtemp(prefix=f".{pack_id}-", dir=base))  # same disk: the rename is atomic
        try:
            shutil.copytree(staged, landing, dirs_exist_ok=True)
            landing.rename(target)
        except BaseException:
            shutil.rmtree(landing, ignore_errors=True)
            raise
    return Pack(target)


def _top_folder(archive: zipfile.ZipFile) -> str:
    """The folder every member sits in, if they all share one (a zip made by export_zip), else ''."""
    tops = {n.split("/", 1)[0] for n in archive.namelist() if "/" in n}
    return tops.pop() if len(tops) == 1 and not any(re.fullmatch(r"modules|quizzes|case_studies|agendas", t)
                                                     for t in tops) else ""


def course_with(root: Path, packs: list[Path]) -> Callable[[Path], LoadResult]:
    return lambda staged: load_course(root, packs=[*packs, staged])


def import_gift(editor: PackEditor, opened: Opened, text: str, objective: str | None) -> Saved:
    """Append the questions of a GIFT file to an opened bank of the pack (parsed by interop.gift), validated."""
    try:
        new = parse_gift(text, objective)
    except GiftError as exc:
        raise AuthoringError(str(exc)) from None
    data: dict[str, Any] = opened.data
    taken = {q.get("id") for q in data.get("questions") or []}
    for question in new:
        base, n = question["id"], 2
        while question["id"] in taken:
            question["id"], n = f"{base}-{n}"[:64], n + 1
        taken.add(question["id"])
    return editor.save(opened, {**data, "questions": [*(data.get("questions") or []), *new]},
                       note=f"imported {len(new)} question(s) from GIFT")


__all__ = ["WORK", "export_zip", "import_zip", "import_gift", "course_with", "MAX_ZIP_BYTES"]
