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


def test_run_sheet_header_words_fit_their_columns():
    """'Minutes' broke as 'Minut es' in a 14 mm column: every header word now fits on one line."""
    from itlead.interop.pdf import CELL_PADDING_MM, _Doc, header_widths

    doc = _Doc()
    base = (26, 14, 80, 70)
    for headers in (["Time", "Minutes", "Activity", "Notes"], ["Heure", "Minutes", "Activité", "Notes"],
                    ["Hora", "Minutos", "Actividad", "Notas"]):
        widths = header_widths(doc, headers, base, size=9)
        doc.font(9, bold=True)
        assert sum(widths) == sum(base)
        for header, width in zip(headers, widths):
            assert doc.get_string_width(header) + CELL_PADDING_MM <= width + 1e-6, (header, width)
