"""Item-writing quality: a linter for the flaws that let a test-wise learner score without knowing the subject,
and a post-workshop item review that adds cohort statistics.

The rules follow the item-writing guidelines of Haladyna, Downing & Rodriguez (2002) as the content guide
applies them. Thresholds and severities come from one YAML file (`rules/quality.yaml`); valid TFA articles and
RKC chapters from `rules/references.yaml`. Pure logic: no Streamlit, no database.

Each finding is a ContentProblem (file:line:column: field: message) with a rule name and a severity; only
findings with severity `error` fail `python -m itlead validate --quality`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from .course import Course
from .errors import ContentProblem
from .loader import LoadResult

DATA = Path(__file__).resolve().parent / "rules"
THRESHOLDS_FILE = DATA / "quality.yaml"
REGISTRY_FILE = DATA / "references.yaml"
SEVERITIES = ("error", "warning", "off")


def load_config(path: Path | str | None = None) -> dict[str, Any]:
    """The thresholds: the shipped defaults, overridden rule by rule by `path` if given."""
    config = yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8"))
    if path is not None:
        override = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for rule, values in override.items():
            config.setdefault(rule, {}).update(values or {})
    return config


def load_registry(path: Path | str | None = None) -> dict[str, Any]:
    return yaml.safe_load(Path(path or REGISTRY_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True, order=True)
class Finding:
    problem: ContentProblem
    rule: str
    severity: str
    item: str = ""
    """the question id, for findings on one question"""

    def __str__(self) -> str:
        return f"{self.problem} [{self.rule}, {self.severity}]"


@dataclass
class QualityReport:
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)
    questions: frozenset[str] = field(default_factory=frozenset, repr=False)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> list[str]:
        s = self.stats
        lines = []
        if "length_cue" in s:
            lc = s["length_cue"]
            lines.append(f"length cue: key is the longest option in {lc['longest']} of {lc['items']} single-choice "
                         f"items ({_pct(lc['share'])}; limit {_pct(lc['limit'])})")
        if "true_false" in s:
            tf = s["true_false"]
            lines.append(f"true/false: {tf['true']} of {tf['items']} keyed true ({_pct(tf['share'])}; "
                         f"allowed {_pct(tf['min'])}-{_pct(tf['max'])})")
        if "pre_post" in s:
            pp = s["pre_post"]
            lines.append(f"pre-test covers {pp['pre_covered']} of {pp['objectives']} objectives "
                         f"({pp['pre_items']} items); post-test {pp['post_covered']} of {pp['objectives']} "
                         f"({pp['post_items']} items)")
        lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return lines


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


# --------------------------------------------------------------------------------------------- locating

class _Where:
    """Turns (bank id, question id, field path) into file:line:column, through the loader's YAML documents."""

    def __init__(self, result: LoadResult):
        self.course = result.course
        self.good = result.good

    def file(self, kind: str, key: str) -> str:
        return self.course.sources.get(f"{kind}:{key}", key)

    def at(self, kind: str, key: str, path: tuple[Any, ...], message: str, field_: str = "") -> ContentProblem:
        rel = self.file(kind, key)
        item = self.good.get(rel)
        line, col = item.doc.locate(path) if item is not None else (1, 1)
        return ContentProblem(rel, line, col, field_ or _fmt(path), message)

    def question(self, bank_id: str, qid: str, rest: tuple[Any, ...], message: str) -> ContentProblem:
        rel = self.file("bank", bank_id)
        item = self.good.get(rel)
        index = 0
        if item is not None:
            index = next((i for i, q in enumerate(item.model.questions) if q.id == qid), 0)
        return self.at("bank", bank_id, ("questions", index) + rest, f"{qid}: {message}")


def _fmt(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --------------------------------------------------------------------------------------------- the linter

def lint(result: LoadResult, config: Mapping[str, Any] | None = None,
         registry: Mapping[str, Any] | None = None) -> QualityReport:
    """Every item-writing finding for a loaded course, with course-level statistics."""
    config = config or load_config()
    registry = registry or load_registry()
    where = _Where(result)
    report = QualityReport(questions=frozenset(result.course.questions))
    checks = (_length_cue, _true_false, _option_count, _matching, _all_none, _negative_stems, _near_duplicates,
              _pre_post)
    for check in checks:
        check(result.course, where, config, report)
    _references(result.course, where, config, registry, report)
    report.findings.sort()
    return report


def _add(report: QualityReport, config: Mapping[str, Any], rule: str, problem: ContentProblem,
         key: str = "severity", item: str = "") -> None:
    severity = config.get(rule, {}).get(key, "warning")
    if severity not in SEVERITIES:
        raise ValueError(f"quality rule {rule}: severity {severity!r} is not one of {SEVERITIES}")
    if severity != "off":
        if not item and problem.message.split(":", 1)[0] in report.questions:
            item = problem.message.split(":", 1)[0]
        report.findings.append(Finding(problem, rule, severity, item))


def _scored_banks(course: Course) -> list:
    return [b for b in course.banks.values() if b.purpose not in ("self_assessment", "survey")]


def _on(config: Mapping[str, Any], rule: str) -> bool:
    return config.get(rule, {}).get("severity", "warning") != "off"


def key_is_longest(question: Any, locale: str = "en") -> bool:
    """True when no distractor is longer than the key (ties count against the key)."""
    key = max(len(o.text.get(locale)) for o in question.options if o.correct)
    return all(len(o.text.get(locale)) <= key for o in question.options if not o.correct)


def key_ratio(question: Any, locale: str = "en") -> float:
    """Length of the key / mean length of the distractors."""
    key = sum(len(o.text.get(locale)) for o in question.options if o.correct)
    others = [len(o.text.get(locale)) for o in question.options if not o.correct]
    return key / (sum(others) / len(others)) if others and sum(others) else float("inf")


def _length_cue(course: Course, where: _Where, config: Mapping[str, Any], report: QualityReport) -> None:
    cfg = config.get("length_cue", {})
    if cfg.get("severity") == "off":
        return
    limit, ratio_limit = cfg.get("course_max_share", 0.4), cfg.get("key_vs_distractors", 1.5)
    languages = cfg.get("languages", ["en"])
    total, worst = 0, {loc: 0 for loc in languages}
    for bank in _scored_banks(course):
        items = [q for q in bank.questions if q.type == "single_choice"]
        longest = 0
        for q in items:
            key_index = next(i for i, o in enumerate(q.options) if o.correct)
            flags = {loc: key_is_longest(q, loc) for loc in languages}
            for loc, flag in flags.items():
                worst[loc] += flag
            longest += flags[languages[0]]
            ratio = max(key_ratio(q, loc) for loc in languages)
            if ratio > ratio_limit:
                _add(report, config, "length_cue", where.question(
                    bank.id, q.id, ("options", key_index, "text"),
                    f"the key is {ratio:.1f}x the mean distractor length (limit {ratio_limit}); "
                    "shorten the key or make the distractors as specific"), "item_severity")
        total += len(items)
        if len(items) >= cfg.get("bank_min_items", 4) and longest / len(items) > cfg.get("bank_max_share", limit):
            _add(report, config, "length_cue", where.at(
                "bank", bank.id, ("questions",),
                f"the key is the longest option in {longest} of {len(items)} single-choice items "
                f"({longest / len(items):.0%}; limit {cfg.get('bank_max_share', limit):.0%})"), "item_severity")
    share = max(worst.values()) / total if total else 0.0
    report.stats["length_cue"] = {"items": total, "longest": max(worst.values()) if worst else 0,
                                  "share": share, "limit": limit, "by_language": worst}
    if share > limit:
        loc = max(worst, key=worst.get)  # type: ignore[arg-type]
        _add(report, config, "length_cue", ContentProblem(
            "course", 0, 0, "", f"the key is the longest option in {worst[loc]} of {total} single-choice items "
            f"({share:.0%} in '{loc}'); the limit is {limit:.0%}: chance is 25-33%"))


def _true_false(course: Course, where: _Where, config: Mapping[str, Any], report: QualityReport) -> None:
    cfg = config.get("true_false", {})
    if cfg.get("severity") == "off":
        return
    lo, hi = cfg.get("min_true", 0.35), cfg.get("max_true", 0.65)
    n_all = n_true = 0
    for bank in _scored_banks(course):
        items = [q for q in bank.questions if q.type == "true_false"]
        keyed = sum(q.answer for q in items)
        n_all, n_true = n_all + len(items), n_true + keyed
        if len(items) >= cfg.get("bank_min_items", 4) and not lo <= keyed / len(items) <= hi:
            _add(report, config, "true_false", where.at(
                "bank", bank.id, ("questions",),
                f"{keyed} of {len(items)} true/false items are keyed true ({keyed / len(items):.0%}; "
                f"keep {lo:.0%}-{hi:.0%})"), "bank_severity")
    share = n_true / n_all if n_all else None
    report.stats["true_false"] = {"items": n_all, "true": n_true, "share": share, "min": lo, "max": hi}
    if share is not None and not lo <= share <= hi:
        _add(report, config, "true_false", ContentProblem(
            "course", 0, 0, "", f"{n_true} of {n_all} true/false items are keyed true ({share:.0%}); "
            f"keep {lo:.0%}-{hi:.0%} so that guessing one way does not pay"))


def _option_count(course: Course, where: _Where, config: Mapping[str, Any], report: QualityReport) -> None:
    if not _on(config, "option_count"):
        return
    least = config["option_count"].get("min_options", 3)
    for bank in _scored_banks(course):
        for q in bank.questions:
            if q.type in ("single_choice", "multiple_response") and len(q.options) < least:
                _add(report, config, "option_count", where.question(
                    bank.id, q.id, ("options",), f"{len(q.options)} options; write at least {least}"))


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def matching_extras_of_another_kind(question: Any, ratio: float = 2.5, locale: str = "en") -> list[int]:
    """Indexes of extra right-hand choices that differ in kind from the real ones, by two mechanical tests:
    their length in words falls outside [shortest / ratio, longest x ratio] of the right-hand texts, or the
    right-hand texts all contain a figure (or none does) and the extra differs."""
    rights = [p.right.get(locale) for p in question.pairs]
    lengths = [_words(r) for r in rights]
    has_digit = {bool(re.search(r"\d", r)) for r in rights}
    odd = []
    for i, extra in enumerate(question.distractors):
        text = extra.text.get(locale)
        n = _words(text)
        if n > max(lengths) * ratio or n < min(lengths) / ratio:
            odd.append(i)
        elif len(has_digit) == 1 and bool(re.search(r"\d", text)) not in has_digit:
            odd.append(i)
    return odd


def _matching(course: Course, where: _Where, config: Mapping[str, Any], report: QualityReport) -> None:
    if not _on(config, "matching"):
        return
    cfg = config["matching"]
    for bank in _scored_banks(course):
        for q in bank.questions:
            if q.type != "matching":
                continue
            if len(q.pairs) < cfg.get("min_pairs", 4):
                _add(report, config, "matching", where.question(
                    bank.id, q.id, ("pairs",), f"{len(q.pairs)} pairs; write at least {cfg.get('min_pairs', 4)}, "
                    "so the last match is not given away by elimination"))
            for i in matching_extras_of_another_kind(q, cfg.get("extra_length_ratio", 2.5)):
                _add(report, config, "matching", where.question(
                    bank.id, q.id, ("distractors", i, "text"),
                    f"extra choice '{q.distractors[i].text.get()}' is not of the same kind as the right-hand "
                    "texts (length or form); make it a plausible answer of the same kind"))


ALL_NONE = re.compile(
    r"\b(all|none|both|neither) of the (above|options|answers)\b|\ball the above\b"
    r"|\b(toutes|aucune|tous|aucun) (les réponses |des réponses )?(ci-dessus|précédentes|de ces réponses)\b"
    r"|\btout ce qui précède\b|\baucune de ces (réponses|propositions)\b"
    r"|\b(todas|ninguna|todos|ninguno) (las|los|de las|de los) (anteriores|respuestas anteriores|opciones anteriores)\b",
    re.IGNORECASE,
)


def _all_none(course: Course, where: _Where, config: Mapping[str, Any], report: QualityReport) -> None:
    if not _on(config, "all_none_of_the_above"):
        return
    for bank in _scored_banks(course):
        for q in bank.questions:
            for i, o in enumerate(getattr(q, "options", ()) or ()):
                for loc in o.text.locales():
                    if ALL_NONE.search(o.text.get(loc)):
                        _add(report, config, "all_none_of_the_above", where.question(
                            bank.id, q.id, ("options", i, "text"),
                            f"'{o.text.get(loc)}' ({loc}): write a real alternative instead of all/none of the above"))
                        break


NEGATIVES = {
    "en": re.compile(r"\b(not|except|never|cannot|n't)\b|n't\b", re.IGNORECASE),
    "fr": re.compile(r"\b(ne|n')\s*\S+\s+(pas|jamais|aucun|aucune)\b|\bsauf\b|\bexcepté\b|\bà l'exception\b",
                     re.IGNORECASE),
    "es": re.compile(r"\b(no|nunca|excepto|salvo)\b", re.IGNORECASE),
}
NEGATIVE_STEM_TYPES = ("single_choice", "multiple_response", "true_false")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.DOTALL)


def lead_in(stem: str) -> str:
    """The stem's last sentence: the question actually asked (a scenario before it may use negatives freely)."""
    sentences = [s for s in re.split(r"(?<=[.!?:])\s+", stem.strip()) if s.strip()]
    return sentences[-1] if sentences else stem


def unbolded_negatives(text: str, locale: str) -> list[str]:
    """Negative words in the lead-in of `text` that are not inside **bold**."""
    pattern = NEGATIVES.get(locale)
    if pattern is None:
        return []
    plain = _BOLD.sub(lambda m: " " * len(m.group(0)), lead_in(text))
    return [m.group(0) for m in pattern.finditer(plain)]


def _negative_stems(course: Course, where: _Where, config: Mapping[str, Any], report: QualityReport) -> None:
    if not _on(config, "negative_stem"):
        return
    for bank in _scored_banks(course):
        for q in bank.questions:
            if q.type not in NEGATIVE_STEM_TYPES:
                continue  # matching/ordering stems use "one option fits none" as an instruction, not a question
            for loc in q.stem.locales():
                found = unbolded_negatives(q.stem.get(loc), loc)
                if found:
                    _add(report, config, "negative_stem", where.question(
                        bank.id, q.id, ("stem",), f"negative wording '{found[0]}' ({loc}) is not in bold: "
                        "ask the question positively, or write the negative in **bold**"))
                    break


_STOP = set(
    "a an the of to in on at for and or but is are was were be been by with as that this these those it its "
    "which what who whom whose when where why how do does did not no your you their they them he she his her "
    "from into than then there here has have had can could should would will may might must shall about".split()
)


def stem_tokens(text: str) -> set[str]:
    """Normalised content words: lower case, accents and punctuation removed, stop words dropped."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return {w for w in re.findall(r"[a-z0-9]+", plain) if w not in _STOP and len(w) > 1}


def similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _near_duplicates(course: Course, where: _Where, config: Mapping[str, Any], report: QualityReport) -> None:
    if not _on(config, "near_duplicate"):
        return
    cfg = config["near_duplicate"]
    limit, least = cfg.get("similarity", 0.6), cfg.get("min_tokens", 4)
    items = [(b, q, stem_tokens(q.stem.get())) for b in _scored_banks(course) for q in b.questions if q.scored]
    prepost = {"pretest", "posttest"}
    for i, (b1, q1, t1) in enumerate(items):
        for b2, q2, t2 in items[i + 1:]:
            if b1.id == b2.id or len(t1) < least or len(t2) < least:
                continue
            if cfg.get("skip_pre_post_pairs", True) and {b1.purpose, b2.purpose} == prepost:
                continue
            score = similarity(t1, t2)
            if score >= limit:
                other = where.question(b1.id, q1.id, ("stem",), "")
                _add(report, config, "near_duplicate", where.question(
                    b2.id, q2.id, ("stem",), f"the stem is {score:.0%} similar to {q1.id} "
                    f"({other.file}:{other.line}); test each fact once"))


_TFA = re.compile(r"^\s*(?:WTO\s+)?TFA\s+(?:Art(?:icle)?\.?\s*)?(\d+)(?:\.(\d+))?\b", re.IGNORECASE)
_TFA_SECTION = re.compile(r"^\s*(?:WTO\s+)?TFA\s+Section\s+([IVX]+)\b", re.IGNORECASE)
_RKC = re.compile(r"^\s*RKC\b.*?\b(?:Ch(?:apter)?\.?)\s*(\d+)\b", re.IGNORECASE)


def reference_problem(ref: str, registry: Mapping[str, Any]) -> str | None:
    """Why `ref` names a TFA article/paragraph or RKC chapter that does not exist; None if it is fine."""
    tfa = registry.get("tfa", {})
    if m := _TFA_SECTION.match(ref):
        if m.group(1).upper() not in tfa.get("sections", []):
            return f"'{ref}': the TFA has no Section {m.group(1)}"
        return None
    if m := _TFA.match(ref):
        articles = {int(k): v for k, v in (tfa.get("articles") or {}).items()}
        article = int(m.group(1))
        if article not in articles:
            return f"'{ref}': the TFA has no Article {article} (Articles {min(articles)}-{max(articles)})"
        paragraphs = (articles[article] or {}).get("paragraphs")
        if m.group(2) is not None and paragraphs is not None and int(m.group(2)) not in paragraphs:
            return f"'{ref}': TFA Article {article} has no paragraph {m.group(2)} (valid: " \
                   + ", ".join(f"{article}.{p}" for p in paragraphs) + ")"
        return None
    if m := _RKC.match(ref):
        chapters = registry.get("rkc", {}).get("general_annex_chapters", [])
        if int(m.group(1)) not in chapters:
            return f"'{ref}': the RKC General Annex has chapters {min(chapters)}-{max(chapters)}"
    return None


def _references(course: Course, where: _Where, config: Mapping[str, Any], registry: Mapping[str, Any],
                report: QualityReport) -> None:
    if not _on(config, "references"):
        return

    def check(kind: str, key: str, path: tuple[Any, ...], refs: Iterable[str]) -> None:
        for i, ref in enumerate(refs):
            why = reference_problem(str(ref), registry)
            if why:
                _add(report, config, "references", where.at(kind, key, path + ("references", i), why))

    for bank in course.banks.values():
        for q in bank.questions:
            for i, ref in enumerate(q.references):
                why = reference_problem(str(ref), registry)
                if why:
                    _add(report, config, "references", where.question(bank.id, q.id, ("references", i), why))
    for module in course.modules:
        for li, lesson in enumerate(module.lessons):
            check("module", module.id, ("lessons", li), lesson.references)
    for case in course.cases.values():
        check("case", case.id, (), case.references)


def _pre_post(course: Course, where: _Where, config: Mapping[str, Any], report: QualityReport) -> None:
    cfg = config.get("pre_post", {})
    if cfg.get("severity") == "off":
        return
    objectives = course.objectives
    forms = {p: [(b, q) for b in course.banks_for(p) for q in b.questions if q.scored] for p in ("pretest", "posttest")}
    stats: dict[str, Any] = {"objectives": len(objectives)}
    for purpose, label in (("pretest", "pre"), ("posttest", "post")):
        items = forms[purpose]
        covered = {q.objective for _, q in items}
        stats[f"{label}_items"], stats[f"{label}_covered"] = len(items), len(covered & set(objectives))
        if not objectives or not any(forms.values()):
            continue  # a course (or a subset of files) without any pre-test or post-test: nothing to cover
        coverage = len(covered & set(objectives)) / len(objectives)
        if coverage < cfg.get("min_coverage", 1.0):
            for oid, (module, _) in objectives.items():
                if oid not in covered:
                    index = next(i for i, o in enumerate(module.objectives) if o.id == oid)
                    _add(report, config, "pre_post", where.at(
                        "module", module.id, ("objectives", index),
                        f"objective {oid} has no {purpose} item ({purpose} coverage {coverage:.0%})"))
        seen: dict[str, str] = {}
        for bank, q in items:
            if q.objective in seen:
                _add(report, config, "pre_post", where.question(
                    bank.id, q.id, ("objective",), f"{q.objective} already has a {purpose} item ({seen[q.objective]}); "
                    "one item per objective"), "one_per_objective")
            seen.setdefault(q.objective, q.id)
    signature = {p: {} for p in forms}  # type: dict[str, dict[tuple[str, str, str], list]]
    for p, items in forms.items():
        for bank, q in items:
            signature[p].setdefault((q.objective, q.type, q.difficulty), []).append((bank, q))
    for p, other in (("pretest", "posttest"), ("posttest", "pretest")):
        for sig, entries in signature[p].items():
            missing = len(entries) - len(signature[other].get(sig, []))
            for bank, q in entries[len(entries) - missing:] if missing > 0 else []:
                _add(report, config, "pre_post", where.question(
                    bank.id, q.id, ("type",), f"no parallel {other} item with the same objective, type and difficulty "
                    f"({sig[0]}, {sig[1]}, {sig[2]})"), "parallel")
    stats["by_type"] = {p: _count(q.type for _, q in forms[p]) for p in forms}
    stats["by_difficulty"] = {p: _count(q.difficulty for _, q in forms[p]) for p in forms}
    report.stats["pre_post"] = stats


def _count(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------------------------- item review

@dataclass(frozen=True)
class ItemStats:
    """Cohort statistics for one item, as itlead.workshop.analytics computes them."""

    n: int
    facility: float | None = None
    discrimination: float | None = None
    never_chosen: tuple[str, ...] = ()
    """ids of distractors (choice options) that nobody chose"""


@dataclass(frozen=True)
class ReviewRow:
    item: str
    file: str
    line: int
    reasons: tuple[str, ...]


def review_items(result: LoadResult, stats: Mapping[str, ItemStats], report: QualityReport | None = None,
                 config: Mapping[str, Any] | None = None) -> list[ReviewRow]:
    """Items to revise after a workshop: linter findings on the item plus what the cohort's answers show
    (too hard, too easy, poor or negative discrimination, distractors nobody chose), each with file:line.

    Pure: give it the loaded course, per-item statistics and (optionally) a lint report already made."""
    config = config or load_config()
    report = report or lint(result, config)
    cfg = config.get("review", {})
    where = _Where(result)
    reasons: dict[str, list[str]] = {}
    located: dict[str, tuple[str, int]] = {}
    for f in report.findings:
        if f.item in result.course.questions:
            reasons.setdefault(f.item, []).append(f"{f.rule}: {f.problem.message.split(': ', 1)[-1]}")
            located.setdefault(f.item, (f.problem.file, f.problem.line))
    for qid, s in stats.items():
        if qid not in result.course.questions:
            continue
        why = reasons.setdefault(qid, [])
        if s.n < cfg.get("min_responses", 8):
            if not why:
                reasons.pop(qid)
            continue
        if s.facility is not None and s.facility < cfg.get("facility_low", 0.3):
            why.append(f"facility {s.facility:.2f}: most of the cohort got it wrong; check the key, the wording "
                       "and whether the lesson teaches it")
        if s.facility is not None and s.facility > cfg.get("facility_high", 0.9):
            why.append(f"facility {s.facility:.2f}: nearly everyone got it right; it tells you little")
        if s.discrimination is not None and s.discrimination < 0:
            why.append(f"discrimination {s.discrimination:.2f}: stronger participants did worse; check the key")
        elif s.discrimination is not None and s.discrimination < cfg.get("discrimination_min", 0.2):
            why.append(f"discrimination {s.discrimination:.2f}: does not separate those who know from those who guess")
        if s.never_chosen:
            why.append("distractor(s) nobody chose: " + ", ".join(s.never_chosen) + "; make them plausible")
        if not why:
            reasons.pop(qid)
    rows = []
    for qid, why in reasons.items():
        if qid not in located:
            bank, _ = result.course.questions[qid]
            p = where.question(bank.id, qid, (), "")
            located[qid] = (p.file, p.line)
        rows.append(ReviewRow(qid, *located[qid], tuple(why)))
    return sorted(rows, key=lambda r: (r.file, r.line, r.item))


def review_markdown(rows: Iterable[ReviewRow], title: str = "Items to revise") -> str:
    """The review list as Markdown for the content authors."""
    rows = list(rows)
    out = [f"# {title}", ""]
    if not rows:
        return "\n".join(out + ["No item needs revision.", ""])
    out += [f"{len(rows)} item(s).", "", "| item | where | reasons |", "|---|---|---|"]
    for r in rows:
        reasons = "<br>".join(x.replace("|", "\\|") for x in r.reasons)
        out.append(f"| `{r.item}` | `{r.file}:{r.line}` | {reasons} |")
    return "\n".join(out) + "\n"
