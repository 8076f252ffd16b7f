"""Learner documents: the action plan in Markdown, and the PDFs."""
from datetime import date

from itlead.interop.markdown import action_plan_markdown
from itlead.interop.pdf import action_plan_pdf, certificate_pdf

LABELS = {"title": "My action plan", "for": "Prepared by", "done": "done", "todo": "to do", "empty": "Nothing yet"}


def test_action_plan_markdown_quotes_learner_text():
    md = action_plan_markdown("Ana", "Course", [("Q1", "# not a heading\nline two", False), ("Q2", "x", True)],
                              date(2026, 11, 29), LABELS)
    assert "## [ ] Q1\n\n> # not a heading\n> line two" in md
    assert "## [x] Q2" in md and "Prepared by Ana · 2026-11-29" in md
    assert "Nothing yet" in action_plan_markdown("Ana", "C", [], date(2026, 1, 1), LABELS)


def test_pdfs_are_real_pdfs_with_accents():
    plan = action_plan_pdf("Ana Pérez", "Course", [("¿Qué hará?", "Piloter l’outil – cœur", False)],
                           date(2026, 11, 29), LABELS)
    assert plan.startswith(b"%PDF-") and len(plan) > 800
    cert = certificate_pdf("Ana Pérez", "Course", ["1. Stratégie"], date(2026, 11, 29),
                           {"title": "Certificate", "certifies": "This certifies that", "completed": "has completed",
                            "modules": "Modules", "date": "Date"})
    assert cert.startswith(b"%PDF-")
