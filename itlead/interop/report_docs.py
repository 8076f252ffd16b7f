"""The workshop report as Markdown and as PDF (fpdf2), from `workshop.report.Report`, in the current language."""
from __future__ import annotations

import re

from ..i18n import _
from ..workshop.report import Report
from .pdf import _Doc

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


def _md(text: str) -> str:
    """Participants' and content text made inert in Markdown: no links, no HTML, no emphasis."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def report_sections(report: Report) -> list[tuple[str, list[str]]]:
    """(heading, lines of plain text) in the order both documents show them."""
    sections = [(_("Attendance"), [
        _("{session} ({code}): {joined} joined, {tables} tables, {answered} answered at least one item, "
          "{evaluations} evaluations").format(session=a.session, code=a.code, joined=a.joined, tables=a.tables,
                                              answered=a.answered, evaluations=a.evaluations)
        for a in report.attendance] or [_("No live session.")])]
    sections.append((_("Pre-test and post-test gain per module"), [
        _("{module}: {learners} learners, pre-test {pre}, post-test {post}, gain {gain}").format(
            module=g["module"], learners=g["learners"], pre=_pct(g["pre"]), post=_pct(g["post"]), gain=_pct(g["gain"]))
        for g in report.gain] or [_("No learner has finished both tests yet.")]))
    ratings = [_("{statement}: mean {mean} of {n} answers ({counts})").format(
        statement=r.statement, mean="—" if r.mean is None else f"{r.mean:.1f}", n=r.answers,
        counts=", ".join(f"{level}: {count}" for level, count in enumerate(r.counts, start=1)))
        for r in report.ratings]
    sections.append((_("Participants' evaluation"), ratings or [_("No evaluation yet.")]))
    for question, comments in report.comments:
        sections.append((_("Comments (anonymous)") + f": {question}", [f"“{c}”" for c in comments]))
    hardest = []
    for item in report.hardest:
        hardest.append(_("{stem} — facility {facility} over {n} answers").format(
            stem=item.stem, facility=_pct(item.facility), n=item.answers))
        hardest += [f"    {o.letter}. {o.label}: {o.chosen} ({_pct(o.share)})" + (" ✓" if o.correct else "")
                    for o in item.options]
    sections.append((_("Hardest items and how the room answered"), hardest or [_("No scored item yet.")]))
    sections.append((_("Facilitator debrief"), [f"{q}: {a}" for q, a in report.debrief]
                     or [_("The facilitator debrief is not filled in yet.")]))
    return sections


def report_markdown(report: Report) -> str:
    title = _("Workshop report")
    lines = [f"# {_md(title)}: {_md(report.title)}", "", report.today.isoformat(), ""]
    for heading, body in report_sections(report):
        lines += [f"## {_md(heading)}", ""]
        lines += [f"    - {_md(line.strip())}" if line.startswith("    ") else f"- {_md(line)}" for line in body]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def report_pdf(report: Report) -> bytes:
    doc = _Doc()
    doc.add_page()
    title = _("Workshop report")
    doc.para(f"{title}: {report.title}", 16, bold=True)
    doc.para(report.today.isoformat(), 10, gap=4)
    for heading, body in report_sections(report):
        doc.para(heading, 13, bold=True, gap=1)
        for line in body:
            indent = line.startswith("    ")
            if indent:
                doc.set_x(doc.l_margin + 8)
            doc.font(10)
            doc.multi_cell(0, 5, doc.text_of(line.strip() if indent else "• " + line), new_x="LMARGIN", new_y="NEXT")
        doc.ln(3)
    return bytes(doc.output())
