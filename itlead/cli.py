"""Command line: python -m itlead validate | stats | schema."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .content.agenda import Agenda
from .content.bank import Bank
from .content.case_study import CaseStudy
from .content.loader import YAML_SUFFIXES, LoadResult, load_course
from .content.module import Module
from .content.stats import course_stats, missing_translations
from .settings import all_packs as content_packs
from .settings import content_root, database_url


class CliError(ValueError):
    """Bad input to a command: one line on stderr, exit 2."""


SCHEMAS = {"module": Module, "bank": Bank, "case": CaseStudy, "agenda": Agenda}


def _load(paths: Sequence[str]) -> LoadResult:
    """A course root (folder) or a set of files; with no path, the configured content root and packs."""
    if not paths:
        return load_course(content_root(), packs=content_packs())
    if len(paths) == 1 and Path(paths[0]).is_dir():
        return load_course(paths[0])
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(f for f in p.rglob("*") if f.suffix in YAML_SUFFIXES) if p.is_dir() else [p])
    return load_course(Path.cwd(), files)


def cmd_validate(args: argparse.Namespace) -> int:
    result = _load(args.paths)
    for problem in result.problems:
        print(problem)
    missing = _missing_by_file(result)
    untranslated = False
    for locale in ("fr", "es"):
        gaps = {f: n[locale] for f, n in missing.items() if n[locale]}
        if gaps:
            stream = sys.stdout if args.require_translations else sys.stderr
            print(f"{sum(gaps.values())} text(s) lack a '{locale}' translation in {len(gaps)} file(s): "
                  + ", ".join(f"{f} ({n})" for f, n in sorted(gaps.items())[:8])
                  + (" ..." if len(gaps) > 8 else ""), file=stream)
            untranslated = True
    if untranslated and args.require_translations:
        return 1
    summary = (
        f"{result.files} file(s): {len(result.course.modules)} module(s), {len(result.course.banks)} bank(s), "
        f"{len(result.course.questions)} question(s), {len(result.course.cases)} case(s)"
    )
    if result.problems:
        print(f"{len(result.problems)} problem(s) in {summary}", file=sys.stderr)
        return 1
    print(f"OK: {summary}", file=sys.stderr)
    return _quality(result, args.quality_config) if args.quality else 0


def _quality(result: LoadResult, config_path: str | None) -> int:
    """Item-writing flaws (itlead/content/quality.py): exit 1 only on findings whose severity is 'error'."""
    from .content.quality import lint, load_config

    report = lint(result, load_config(config_path))
    for finding in report.findings:
        print(finding)
    for line in report.summary():
        print(f"quality: {line}", file=sys.stderr)
    return 0 if report.ok else 1


def _missing_by_file(result: LoadResult) -> dict[str, dict[str, int]]:
    course = result.course
    items = [("module", m.id, m) for m in course.modules] + [("bank", k, b) for k, b in course.banks.items()] + \
        [("case", k, c) for k, c in course.cases.items()] + [("agenda", k, a) for k, a in course.agendas.items()]
    return {course.sources.get(f"{kind}:{key}", key): missing_translations([model]) for kind, key, model in items}


def cmd_stats(args: argparse.Namespace) -> int:
    result = _load(args.paths)
    stats = course_stats(result.course)
    stats["files"] = result.files
    stats["problems"] = len(result.problems)
    if args.json:
        print(json.dumps(stats, indent=2, ensure_ascii=False))
        return 0
    for key, entry in stats["modules"].items():
        print(f"{key}: {entry.get('title', '')}")
        print(f"  questions {entry['questions']} (scored {entry['scored']}): "
              + ", ".join(f"{t} {n}" for t, n in entry["by_type"].items()))
        if entry["by_objective"]:
            print("  by objective: " + ", ".join(f"{o} {n}" for o, n in entry["by_objective"].items()))
        print(f"  reflections {entry['reflections']}")
        for case in entry["cases"]:
            print(f"  case {case['id']}: {case['decisions']} decisions, {case['endings']} endings, "
                  f"{case['paths']} paths")
        print("  missing translations: " + ", ".join(f"{k} {v}" for k, v in entry["missing_translations"].items()))
    t = stats["totals"]
    print(f"total: {t['modules']} modules, {t['banks']} banks, {t['questions']} questions "
          f"({t['scored']} scored), {t['cases']} cases, {t['texts']} texts; missing translations: "
          + ", ".join(f"{k} {v}" for k, v in t["missing_translations"].items()))
    if result.problems:
        print(f"{len(result.problems)} problem(s): run 'python -m itlead validate'", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    kinds = [args.kind] if args.kind else list(SCHEMAS)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for kind in kinds:
            path = out / f"{kind}.schema.json"
            path.write_text(json.dumps(_schema(kind), indent=2) + "\n", encoding="utf-8")
            print(path)
        return 0
    if len(kinds) == 1:
        print(json.dumps(_schema(kinds[0]), indent=2))
    else:
        print(json.dumps({k: _schema(k) for k in kinds}, indent=2))
    return 0


def _schema(kind: str) -> dict:
    schema = SCHEMAS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Strategic IT Leadership course: {kind} file"
    return schema




def _chosen_banks(result: LoadResult, ids: Sequence[str] | None) -> list:
    banks = result.course.banks
    unknown = [b for b in ids or [] if b not in banks]
    if unknown:
        raise CliError(f"unknown bank(s): {', '.join(unknown)}; known: {', '.join(sorted(banks))}")
    return [banks[b] for b in ids] if ids else [b for b in banks.values() if b.purpose != "self_assessment"]


def _statements(result: LoadResult, home_page: str) -> list[dict]:
    from .interop.xapi import statements
    from .store import Store, make_engine

    store = Store(make_engine(database_url()))
    store.migrate()
    course = result.course
    thresholds = {course.mastery_bank(m).id: m.mastery.threshold for m in course.modules if course.mastery_bank(m)}
    return statements(course, home_page, store.xapi_events(thresholds))


def cmd_xapi_send(args: argparse.Namespace) -> int:
    from .interop.xapi_outbox import LrsClient, Outbox
    from .store import Store, make_engine

    url, user, password = (args.lrs or os.environ.get("ITLEAD_LRS_URL"), os.environ.get("ITLEAD_LRS_USER", ""),
                           os.environ.get("ITLEAD_LRS_PASSWORD", ""))
    if not url:
        print("set ITLEAD_LRS_URL (and ITLEAD_LRS_USER, ITLEAD_LRS_PASSWORD), or pass --lrs", file=sys.stderr)
        return 2
    result = load_course(content_root(), packs=content_packs())
    engine = make_engine(database_url())
    Store(engine).migrate()
    outbox = Outbox(engine)
    new = outbox.enqueue(_statements(result, args.home_page))
    outcome = outbox.forward(LrsClient(url, user, password).send)
    print(f"queued {new} new statement(s); sent {outcome.sent}; failed {outcome.failed} (will retry with backoff); "
          f"pending {outcome.pending}")
    return 0 if outcome.failed == 0 else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from .store import StorageUnavailable, make_engine
    from .store.backup import backup_to

    try:
        counts = backup_to(make_engine(args.database or database_url()), Path(args.out))
    except StorageUnavailable as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"wrote {args.out}: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from .store import StorageUnavailable, make_engine
    from .store.backup import BackupError, restore_from

    try:
        counts = restore_from(make_engine(args.database or database_url()), Path(args.file), args.with_passcode)
    except BackupError as exc:
        return _bad_input(str(exc))
    except StorageUnavailable as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"restored {args.file}: " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .interop.gift import export_gift
    from .interop.moodle_xml import export_moodle_xml

    result = load_course(content_root(), packs=content_packs())
    if args.format == "xapi":
        rows = _statements(result, args.home_page)
        with open(args.out, "w", encoding="utf-8") as handle:
            for statement in rows:
                handle.write(json.dumps(statement, ensure_ascii=False) + "\n")
        print(f"wrote {args.out}: {len(rows)} xAPI statement(s)", file=sys.stderr)
        return 0
    banks = _chosen_banks(result, args.bank)
    if args.format == "gift":
        text, report = export_gift(banks, args.lang)
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        data, report = export_moodle_xml(banks, args.lang)
        Path(args.out).write_bytes(data)
    count = sum(len(b.questions) for b in banks)
    print(f"wrote {args.out}: {len(banks)} bank(s), {count} question(s), language {args.lang}", file=sys.stderr)
    for question_id, notes in sorted(report.unmapped.items()):
        for note in notes:
            print(f"{question_id}: {note}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import yaml

    from .content.bank import Bank
    from .interop.gift import GiftError, parse_gift

    try:
        questions = parse_gift(Path(args.file).read_text(encoding="utf-8"), args.objective)
    except (OSError, UnicodeDecodeError) as exc:
        return _bad_input(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or type(exc).__name__}")
    except GiftError as exc:
        return _bad_input(f"{args.file}: {exc}")
    data = {"id": args.bank, "title": args.title or args.bank, "purpose": "practice", "behaviour": "immediate",
            **({"module": args.module} if args.module else {}), "questions": questions}
    try:
        Bank.model_validate(data)
    except ValueError as exc:
        first = exc.errors()[0] if hasattr(exc, "errors") else {"loc": (), "msg": str(exc)}  # type: ignore[attr-defined]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _bad_input(f"{args.file}: the imported questions do not make a valid bank: {where}: {first['msg']}"
                          + (f" (and {exc.error_count() - 1} more)" if getattr(exc, "error_count", lambda: 1)() > 1
                             else ""))
    out = Path(args.out or f"quizzes/{args.bank}.yaml")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    print(f"wrote {out}: {len(questions)} question(s); check it with: python -m itlead validate", file=sys.stderr)
    return 0


def _bad_input(message: str) -> int:
    """Every command refuses bad input the same way: one line on stderr, exit status 2."""
    print(" ".join(message.split())[:300], file=sys.stderr)
    return 2


def cmd_new_pack(args: argparse.Namespace) -> int:
    """Scaffold a content pack: one module with a lesson, a check bank and a case, valid as written."""
    from .authoring.files import AuthoringError
    from .authoring.packs import scaffold

    try:
        folder = scaffold(args.name, Path(args.dir), args.number).path
    except AuthoringError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"created {folder}; load it beside the course with ITLEAD_CONTENT_PACKS={folder.resolve()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m itlead", description="Strategic IT Leadership course tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check content files; exit 1 listing every problem, 0 when clean")
    p.add_argument("paths", nargs="*", help="a course folder, or content files (default: the shipped course)")
    p.add_argument("--require-translations", action="store_true",
                   help="also exit 1 when a text lacks its French or Spanish translation")
    p.add_argument("--quality", action="store_true",
                   help="also report item-writing flaws (length cue, true/false balance, pre/post coverage, ...)")
    p.add_argument("--quality-config", help="a YAML file overriding thresholds of itlead/content/rules/quality.yaml")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("stats", help="count questions, cases, reflections and missing translations per module")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_stats)
    p = sub.add_parser("schema", help="print the JSON Schema of the content files (for editor auto-completion)")
    p.add_argument("kind", nargs="?", choices=sorted(SCHEMAS))
    p.add_argument("--out", help="write <kind>.schema.json files into this folder")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("export", help="export question banks for Moodle (GIFT or Moodle XML)")
    p.add_argument("format", choices=["gift", "moodle-xml", "xapi"])
    p.add_argument("--out", required=True, help="the file to write (.gift, .xml, or .jsonl for xapi)")
    p.add_argument("--home-page", default=os.environ.get("ITLEAD_XAPI_HOME", "http://localhost:8501"),
                   help="xapi: the app's address, used in actor accounts and activity ids")
    p.add_argument("--bank", action="append", help="a bank id (repeat for several; default: every bank)")
    p.add_argument("--lang", default="en", choices=["en", "fr", "es"], help="the language to export")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("xapi", help="send xAPI statements to an LRS, keeping unsent ones queued")
    p.add_argument("action", choices=["send"])
    p.add_argument("--lrs", help="the LRS's xAPI endpoint (else ITLEAD_LRS_URL), e.g. http://127.0.0.1:8100/xAPI")
    p.add_argument("--home-page", default=os.environ.get("ITLEAD_XAPI_HOME", "http://localhost:8501"))
    p.set_defaults(func=cmd_xapi_send)
    p = sub.add_parser("import", help="import a GIFT file as a YAML question bank")
    p.add_argument("format", choices=["gift"])
    p.add_argument("file")
    p.add_argument("--bank", required=True, help="the new bank's id")
    p.add_argument("--title", help="the new bank's title")
    p.add_argument("--module", help="the module the bank belongs to")
    p.add_argument("--objective", help="objective for questions that name none")
    p.add_argument("--out", help="where to write the YAML (default: quizzes/<bank>.yaml)")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("backup", help="write all learner and workshop data to a file")
    p.add_argument("--out", required=True)
    p.add_argument("--database", help="a database URL (default: ITLEAD_DATABASE_URL or the embedded SQLite file)")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="load a backup into an empty database (SQLite or PostgreSQL)")
    p.add_argument("file")
    p.add_argument("--with-passcode", action="store_true",
                   help="also restore the facilitator passcode hash (off by default: a backup file could plant one)")
    p.add_argument("--database", help="a database URL (default: ITLEAD_DATABASE_URL or the embedded SQLite file)")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("new-pack", help="scaffold a content pack (a module, a bank and a case) to edit")
    p.add_argument("name", help="the pack's id, e.g. maritima")
    p.add_argument("--dir", default=".", help="where to create the pack folder")
    p.add_argument("--number", type=int, default=10, help="the module's place in the course")
    p.set_defaults(func=cmd_new_pack)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SystemExit:
        raise
    except CliError as exc:
        return _bad_input(str(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback: one line, exit 2 (the input was not what the command needs)
        return _bad_input(f"python -m itlead {args.command}: {type(exc).__name__}: {exc}")
