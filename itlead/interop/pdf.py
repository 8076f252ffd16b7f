"""PDF documents with fpdf2: the action plan and the certificate of completion.

A Unicode TrueType font (DejaVu Sans, from Debian's fonts-dejavu-core) is used when present, so every
accent of French and Spanish prints. Without it, the built-in Helvetica is used with its Latin-1 range,
which still holds é, è, ç, ñ, ¿ and ¡; the few characters outside it are transliterated.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable

from fpdf import FPDF

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)
_TRANSLIT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "œ": "oe",
                           "Œ": "OE", "€": "EUR", "→": "->", "✓": "[x]", "•": "-"})


class _Doc(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=18)
        self.unicode = False
        for candidate in FONT_CANDIDATES:
            bold = candidate.with_name("DejaVuSans-Bold.ttf")
            if candidate.exists() and bold.exists():
                self.add_font("Body", "", str(candidate))
                self.add_font("Body", "B", str(bold))
                self.unicode = True
                break

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font("Body" if self.unicode else "Helvetica", "B" if bold else "", size)

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        return text.translate(_TRANSLIT).encode("latin-1", "replace").decode("latin-1")

    def para(self, text: str, size: float = 11, bold: bool = False, gap: float = 2) -> None:
        self.font(size, bold)
        self.multi_cell(0, size * 0.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)


def action_plan_pdf(name: str, course_title: str, items: Iterable[tuple[str, str, bool]], today: date,
                    labels: dict[str, str]) -> bytes:
    """`items`: (heading, text, done). `labels`: translated 'title', 'for', 'done', 'todo', 'empty'."""
    doc = _Doc()
    doc.add_page()
    doc.para(labels["title"], 18, bold=True)
    doc.para(f"{course_title}", 12)
    doc.para(f"{labels['for']} {name} · {today.isoformat()}", 10, gap=6)
    empty = True
    for heading, text, done in items:
        empty = False
        mark = labels["done"] if done else labels["todo"]
        doc.para(f"{heading} [{mark}]", 11, bold=True, gap=1)
        doc.para(text, 11, gap=4)
    if empty:
        doc.para(labels["empty"], 11)
    return bytes(doc.output())


def certificate_pdf(name: str, course_title: str, modules: Iterable[str], today: date,
                    labels: dict[str, str]) -> bytes:
    """`labels`: translated 'title', 'certifies', 'completed', 'modules', 'date'."""
    doc = _Doc()
    doc.add_page(orientation="L")
    doc.set_line_width(1.2)
    doc.rect(10, 10, doc.w - 20, doc.h - 20)
    doc.ln(18)
    doc.font(28, bold=True)
    doc.cell(0, 16, doc.text_of(labels["title"]), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.font(13)
    doc.cell(0, 10, doc.text_of(labels["certifies"]), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.font(24, bold=True)
    doc.cell(0, 16, doc.text_of(name), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.font(13)
    doc.cell(0, 10, doc.text_of(labels["completed"]), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.font(16, bold=True)
    doc.cell(0, 12, doc.text_of(course_title), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(4)
    doc.font(11)
    doc.cell(0, 8, doc.text_of(labels["modules"]), align="C", new_x="LMARGIN", new_y="NEXT")
    for module in modules:
        doc.cell(0, 7, doc.text_of(module), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.ln(6)
    doc.cell(0, 8, doc.text_of(f"{labels['date']}: {today.isoformat()}"), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def run_sheet_pdf(title: str, summary: str, days: Iterable[tuple[str, Iterable[tuple[str, str, int, str, str]]]],
                  labels: dict[str, str]) -> bytes:
    """`days`: (day title, [(start, end, minutes, activity, notes)]). `labels`: 'time', 'minutes', 'activity',
    'notes'."""
    doc = _Doc()
    doc.add_page()
    doc.para(title, 16, bold=True)
    doc.para(summary, 10, gap=4)
    headers = [doc.text_of(labels[k]) for k in ("time", "minutes", "activity", "notes")]
    widths = header_widths(doc, headers, (26, 14, 80, 70), size=9)
    for day_title, slots in days:
        doc.para(day_title, 13, bold=True, gap=1)
        doc.font(9, bold=True)
        with doc.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
            header = table.row()
            for text in headers:
                header.cell(text)
            doc.font(9)
            for start, end, minutes, activity, notes in slots:
                row = table.row()
                for text in (f"{start}–{end}", str(minutes), activity, notes):
                    row.cell(doc.text_of(text))
        doc.ln(4)
    return bytes(doc.output())


CELL_PADDING_MM = 4.0  # room for fpdf2's cell padding and borders, so a header word never breaks ("Minut es")


def header_widths(doc: _Doc, headers: list[str], base: tuple[float, ...], size: float) -> tuple[float, ...]:
    """Column widths in mm that keep every header word on one line: a column too narrow for its longest header
    word grows, and the widest column gives up the difference, so the table keeps its total width."""
    doc.font(size, bold=True)
    needed = [max(doc.get_string_width(word) for word in (h.split() or [""])) + CELL_PADDING_MM for h in headers]
    widths = [max(w, n) for w, n in zip(base, needed)]
    widest = widths.index(max(widths))
    widths[widest] -= sum(widths) - sum(base)
    return tuple(widths)
