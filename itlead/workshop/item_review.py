"""Post-workshop item review: cohort analytics (itlead.workshop.analytics) joined to the item-quality linter.

`cohort_item_stats` turns a responses frame into per-item statistics; `itlead.content.quality.review_items`
lists the items to revise with reason and file:line, and `review_markdown` renders that list for authors.
Pure: no Streamlit, no database.
"""
from __future__ import annotations

import pandas as pd

from ..content.course import Course
from ..content.loader import LoadResult
from ..content.quality import ItemStats, QualityReport, ReviewRow, review_items, review_markdown
from .analytics import distractors, item_analysis

__all__ = ["cohort_item_stats", "items_to_revise", "review_markdown"]


def cohort_item_stats(frame: pd.DataFrame, course: Course) -> dict[str, ItemStats]:
    """Facility, discrimination and never-chosen distractors per item, from `analytics.responses_frame` rows."""
    out: dict[str, ItemStats] = {}
    for row in item_analysis(frame).itertuples(index=False):
        never: tuple[str, ...] = ()
        entry = course.questions.get(row.item)
        if entry is not None and entry[1].type in ("single_choice", "multiple_response"):
            wrong = [o.id for o in entry[1].options if not o.correct]
            counts = distractors(frame, row.item, wrong)
            never = tuple(counts[counts["chosen"] == 0]["option"])
        disc = None if row.discrimination is None or pd.isna(row.discrimination) else float(row.discrimination)
        out[row.item] = ItemStats(n=int(row.n), facility=float(row.facility), discrimination=disc, never_chosen=never)
    return out


def items_to_revise(result: LoadResult, frame: pd.DataFrame, report: QualityReport | None = None) -> list[ReviewRow]:
    return review_items(result, cohort_item_stats(frame, result.course), report)
