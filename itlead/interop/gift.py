"""Moodle GIFT: export question banks, and import them back.

Export writes one question per block, in one language. Each block starts with a `// itlead:` comment
holding what GIFT cannot say (objective, references, difficulty, hints, option ids), so that importing an
exported file gives back equivalent questions; other GIFT files import too. What a type or field cannot
carry in GIFT is reported per question, and written as a comment; nothing is dropped silently.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..content.bank import Bank
from ..content.questions import (
    Matching,
    MultipleResponse,
    Numeric,
    Reflection,
    SingleChoice,
    TrueFalse,
)

SPECIAL = "~=#{}:"
META = "// itlead: "


@dataclass
class ExportReport:
    """What could not be carried over, per question id."""

    unmapped: dict[str, list[str]] = field(default_factory=dict)

    def note(self, question_id: str, what: str) -> None:
        self.unmapped.setdefault(question_id, []).append(what)


def escape(text: str) -> str:
    """Escape GIFT's special characters, and keep line breaks inside one block."""
    out = "".join("\\" + ch if ch in SPECIAL else ch for ch in text.replace("\\", "\\\\"))
    return out.replace("\r\n", "\n").replace("\n\n", "\\n\\n").replace("\n", "\\n")


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.5f}".rstrip("0").rstrip(".")


def export_gift(banks: Iterable[Bank], locale: str = "en") -> tuple[str, ExportReport]:
    report = ExportReport()
    blocks = []
    for bank in banks:
        blocks.append(f"$CATEGORY: $course$/{bank.id}\n")
        for q in bank.questions:
            blocks.append(_question(q, locale, report))
    return "\n".join(blocks).rstrip() + "\n", report


def _question(q: Any, locale: str, report: ExportReport) -> str:
    meta: dict[str, Any] = {"id": q.id, "type": q.type, "difficulty": q.difficulty}
    for name in ("objective", "references", "tags"):
        value = getattr(q, name)
        if value:
            meta[name] = list(value) if isinstance(value, tuple) else value
    if q.hints:
        meta["hints"] = [h.get(locale) for h in q.hints]
        report.note(q.id, "hints (GIFT has none; kept in the itlead comment)")
    if q.marks != 1:
        meta["marks"] = q.marks
    stem = escape(q.stem.get(locale))
    general = f"####{escape(q.explanation.get(locale))}" if getattr(q, "explanation", None) else ""
    head = f"::{escape(q.id)}::[markdown]{stem}"
    if isinstance(q, (SingleChoice, MultipleResponse)):
        meta["options"] = [o.id for o in q.options]
        weights = q.weights() if isinstance(q, MultipleResponse) else {o.id: 1.0 if o.correct else 0.0 for o in q.options}
        lines = []
        for o in q.options:
            text, fb = escape(o.text.get(locale)), escape(o.feedback.get(locale))
            if isinstance(q, SingleChoice):
                lines.append(f"\t{'=' if o.correct else '~'}{text}#{fb}")
            else:
                lines.append(f"\t~%{_percent(weights[o.id])}%{text}#{fb}")
        body = "{\n" + "\n".join(lines) + (f"\n\t{general}" if general else "") + "\n}"
    elif isinstance(q, TrueFalse):
        wrong, right = (q.if_false, q.if_true) if q.answer else (q.if_true, q.if_false)
        body = f"{{{'TRUE' if q.answer else 'FALSE'}#{escape(wrong.get(locale))}#{escape(right.get(locale))}{general}}}"
    elif isinstance(q, Matching):
        meta["pairs"] = [p.id for p in q.pairs]
        meta["pair_feedback"] = [p.feedback.get(locale) for p in q.pairs]
        report.note(q.id, "feedback per pair (GIFT matching has none; kept in the itlead comment)")
        if q.distractors:
            meta["distractors"] = [{"id": d.id, "text": d.text.get(locale)} for d in q.distractors]
            report.note(q.id, "extra right-hand choices (kept in the itlead comment)")
        lines = [f"\t={escape(p.left.get(locale))} -> {escape(p.right.get(locale))}" for p in q.pairs]
        body = "{\n" + "\n".join(lines) + (f"\n\t{general}" if general else "") + "\n}"
    elif isinstance(q, Numeric):
        tolerance = q.allowed_error()
        if q.relative_tolerance is not None:
            meta["relative_tolerance"] = q.relative_tolerance
            report.note(q.id, f"relative tolerance written as ±{tolerance:g}")
        if q.unit is not None:
            meta["unit"] = q.unit.get(locale)
            report.note(q.id, "unit (GIFT has none; kept in the itlead comment)")
        meta["feedback_incorrect"] = q.feedback_incorrect.get(locale)
        answers = [f"=%100%{q.answer:g}:{tolerance:g}#{escape(q.feedback_correct.get(locale))}"]
        answers += [f"=%{_percent(m.credit)}%{m.value:g}:{m.tolerance:g}#{escape(m.feedback.get(locale))}"
                    for m in q.mistakes]
        body = "{#\n\t" + "\n\t".join(answers) + (f"\n\t{general}" if general else "") + "\n}"
    elif isinstance(q, Reflection):
        if q.placeholder is not None:
            meta["placeholder"] = q.placeholder.get(locale)
        meta["max_chars"] = q.max_chars
        body = "{}"
    else:  # ordering and likert have no GIFT form
        report.note(q.id, f"{q.type} has no GIFT form; not exported (use Moodle XML for ordering)")
        return f"// itlead note: {q.type} question {q.id} has no GIFT form and is not in this file\n"
    return META + json.dumps(meta, ensure_ascii=False) + "\n" + head + " " + body + "\n"


# import --------------------------------------------------------------------------------------------------

class GiftError(ValueError):
    """A GIFT file that cannot be read; the message names the question."""


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts, current, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if text.startswith(sep, i):
            parts.append("".join(current))
            current = []
            i += len(sep)
            continue
        current.append(text[i])
        i += 1
    parts.append("".join(current))
    return parts


def _find_unescaped(text: str, char: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == char:
            return i
        i += 1
    return -1


def parse_gift(text: str, default_objective: str | None = None,
               default_reference: str = "Imported from GIFT") -> list[dict[str, Any]]:
    """Questions as plain data, ready for a bank's `questions` list."""
    questions = []
    meta: dict[str, Any] = {}
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = []
        for line in block.strip().splitlines():
            if line.startswith(META):
                try:
                    meta = json.loads(line[len(META):])
                except (json.JSONDecodeError, RecursionError):
                    raise GiftError(f"an '{META.strip()}' comment is not valid JSON: {line[:60]}") from None
                if not isinstance(meta, dict):
                    raise GiftError(f"an '{META.strip()}' comment must hold a JSON object {{...}}: {line[:60]}")
            elif line.strip().startswith("//") or line.startswith("$CATEGORY"):
                continue
            else:
                lines.append(line)
        if not lines:
            continue
        number = len(questions) + 1
        try:
            questions.append(_parse_question(" ".join(s.strip() for s in lines), meta, default_objective,
                                             default_reference, number))
        except GiftError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            # hostile or unusual GIFT ({#abc:1}, {#}, {=a -> b -> c}, metadata of the wrong shape)
            raise GiftError(f"question {number}: cannot read it ({type(exc).__name__}: {str(exc)[:80]})") from None
        meta = {}
    return questions


def _parse_question(source: str, meta: dict[str, Any], objective: str | None, reference: str,
                    number: int) -> dict[str, Any]:
    name = None
    if source.startswith("::"):
        end = source.find("::", 2)
        name, source = unescape(source[2:end]), source[end + 2:]
    open_at = _find_unescaped(source, "{")
    close_at = source.rfind("}")
    if open_at < 0 or close_at < open_at:
        raise GiftError(f"question {number}: no answer block in braces")
    stem = source[:open_at].strip()
    stem = stem[len("[markdown]"):] if stem.startswith("[markdown]") else re.sub(r"^\[\w+\]", "", stem)
    body = source[open_at + 1:close_at].strip()
    general = None
    parts = _split_unescaped(body, "####")
    if len(parts) > 1:
        body, general = parts[0].strip(), unescape(parts[1].strip())
    q: dict[str, Any] = {"id": meta.get("id") or (name or f"imported-{number}").lower().replace(" ", "-"),
                         "stem": unescape(stem).strip()}
    for key in ("difficulty", "tags", "hints", "marks"):
        if key in meta:
            q[key] = meta[key]
    kind = _kind(body)
    q["type"] = meta.get("type", kind) if kind != "essay" else "reflection"
    if q["type"] == "reflection":
        q.update({k: meta[k] for k in ("placeholder", "max_chars", "objective") if k in meta})
        return q
    q["objective"] = meta.get("objective") or objective
    q["references"] = meta.get("references") or [reference]
    q["explanation"] = general or "See the course materials."
    if q["objective"] is None:
        raise GiftError(f"question {q['id']}: no objective; pass --objective")
    if kind == "truefalse":
        head, *feedback = _split_unescaped(body, "#")
        answer = head.strip().upper() in ("T", "TRUE")
        wrong, right = (unescape(feedback[0]) if feedback else "", unescape(feedback[1]) if len(feedback) > 1 else "")
        q.update(type="true_false", answer=answer, if_true=(right if answer else wrong) or "Noted.",
                 if_false=(wrong if answer else right) or "Noted.")
    elif kind == "numeric":
        _numeric(q, body[1:], meta)
    elif kind == "matching":
        pairs = [p for p in _answers(body)]
        ids = meta.get("pairs") or [f"p{i + 1}" for i in range(len(pairs))]
        feedback = meta.get("pair_feedback") or ["" for _ in pairs]
        q["type"] = "matching"
        q["pairs"] = []
        for pid, (_mark, _pct, text, _fb), fb in zip(ids, pairs, feedback):
            left, right = _split_unescaped(text, "->")
            q["pairs"].append({"id": pid, "left": unescape(left).strip(), "right": unescape(right).strip(),
                               "feedback": fb or "See the explanation."})
        if meta.get("distractors"):
            q["distractors"] = meta["distractors"]
    else:
        _choices(q, body, meta)
    return q


def _kind(body: str) -> str:
    if not body:
        return "essay"
    if body.startswith("#"):
        return "numeric"
    if re.fullmatch(r"(T|F|TRUE|FALSE)(#.*)?", body.strip(), flags=re.S):
        return "truefalse"
    if any("->" in text for _m, _p, text, _f in _answers(body)):
        return "matching"
    return "choice"


def _answers(body: str) -> list[tuple[str, float | None, str, str]]:
    """(mark '=' or '~', percent or None, text, feedback) for each answer in a block."""
    out = []
    i, starts = 0, []
    while i < len(body):
        if body[i] == "\\":
            i += 2
            continue
        if body[i] in "=~":
            starts.append(i)
        i += 1
    for n, start in enumerate(starts):
        chunk = body[start + 1:starts[n + 1] if n + 1 < len(starts) else len(body)].strip()
        percent = None
        match = re.match(r"%(-?[\d.]+)%", chunk)
        if match:
            percent, chunk = float(match.group(1)), chunk[match.end():]
        text, *feedback = _split_unescaped(chunk, "#")
        out.append((body[start], percent, text.strip(), unescape(feedback[0]).strip() if feedback else ""))
    return out


def _choices(q: dict[str, Any], body: str, meta: dict[str, Any]) -> None:
    answers = _answers(body)
    ids = meta.get("options") or [f"o{i + 1}" for i in range(len(answers))]
    weighted = any(p is not None for _m, p, _t, _f in answers)
    positives = sum(1 for m, p, _t, _f in answers if (p is not None and p > 0) or (p is None and m == "="))
    multiple = meta.get("type") == "multiple_response" or (weighted and positives != 1) or positives > 1
    q["type"] = "multiple_response" if multiple else "single_choice"
    q["options"] = []
    for oid, (mark, percent, text, feedback) in zip(ids, answers):
        fraction = (percent / 100) if percent is not None else (1.0 if mark == "=" else 0.0)
        option = {"id": oid, "text": unescape(text), "correct": fraction > 0, "feedback": feedback or "See the explanation."}
        if multiple and weighted:
            option["weight"] = round(fraction, 6)
        q["options"].append(option)
    if multiple and weighted and meta.get("type") == "multiple_response":
        for option in q["options"]:  # itlead's own export: default weights, so leave them implicit
            option.pop("weight", None)


def _numeric(q: dict[str, Any], body: str, meta: dict[str, Any]) -> None:
    answers = []
    for _mark, percent, text, feedback in _answers(body) if "=" in body else [("=", 100.0, body.split("#")[0],
                                                                                 "")]:
        value, _, tolerance = unescape(text).partition(":")
        answers.append((percent if percent is not None else 100.0, float(value), float(tolerance or 0), feedback))
    best = max(answers, key=lambda a: a[0])
    q["type"] = "numeric"
    q["answer"] = best[1]
    if "relative_tolerance" in meta:
        q["relative_tolerance"] = meta["relative_tolerance"]
    else:
        q["tolerance"] = best[2]
    q["feedback_correct"] = best[3] or "Correct."
    q["feedback_incorrect"] = meta.get("feedback_incorrect", "Not quite.")
    if "unit" in meta:
        q["unit"] = meta["unit"]
    q["mistakes"] = [{"value": v, "tolerance": t, "credit": p / 100, "feedback": f or "Not quite."}
                     for p, v, t, f in answers if (p, v, t, f) != best]
