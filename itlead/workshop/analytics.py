"""Cohort analytics with pandas: item analysis (facility, discrimination, distractors), difficult questions,
pre/post gain, and exports.

Input is a table of responses, one row per person and item, with columns
`person`, `item`, `fraction` (0..1) and `response` (as stored). A person is a learner's attempt or a live
participant; only a first try counts, so tries after hints do not inflate facility.

- facility: mean fraction on the item (0 hard .. 1 easy).
- discrimination: correlation between the item's fraction and the person's score on the other items
  (corrected item-total correlation, as Moodle's discrimination index); None with fewer than 3 people.
- upper_lower: facility in the top 27% of people by total score minus facility in the bottom 27%.
"""
from __future__ import annotations

import csv
import io
import math
from typing import Any, Iterable

import pandas as pd

GROUP_SHARE = 0.27
DIFFICULT_BELOW = 0.5


def responses_frame(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["person", "item", "fraction", "response"])
    frame = frame.dropna(subset=["fraction"])
    return frame.drop_duplicates(subset=["person", "item"], keep="first")


def item_analysis(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per item: n, facility, discrimination, upper_lower."""
    columns = ["item", "n", "facility", "discrimination", "upper_lower"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    matrix = frame.pivot_table(index="person", columns="item", values="fraction", aggfunc="first")
    totals = matrix.sum(axis=1, min_count=1)
    rows = []
    for item in matrix.columns:
        scores = matrix[item].dropna()
        rest = (totals - matrix[item].fillna(0)).loc[scores.index]
        discrimination = None
        if len(scores) >= 3 and scores.std() > 0 and rest.std() > 0:
            discrimination = float(scores.corr(rest))
        rows.append({"item": item, "n": int(len(scores)), "facility": float(scores.mean()),
                     "discrimination": discrimination, "upper_lower": _upper_lower(scores, totals)})
    return pd.DataFrame(rows, columns=columns).sort_values("item").reset_index(drop=True)


def _upper_lower(scores: pd.Series, totals: pd.Series) -> float | None:
    ranked = totals.loc[scores.index].sort_values(kind="stable")
    k = math.floor(len(ranked) * GROUP_SHARE)
    if k < 1:
        return None
    return float(scores.loc[ranked.index[-k:]].mean() - scores.loc[ranked.index[:k]].mean())


def difficult(analysis: pd.DataFrame, below: float = DIFFICULT_BELOW) -> pd.DataFrame:
    """Items most people got wrong, hardest first."""
    return analysis[analysis["facility"] < below].sort_values(["facility", "item"]).reset_index(drop=True)


def distractors(frame: pd.DataFrame, item: str, keys: Iterable[str]) -> pd.DataFrame:
    """How often each option of a choice item was chosen (a multi-select counts every tick)."""
    keys = list(keys)
    counts = {k: 0 for k in keys}
    answers = frame[frame["item"] == item]["response"]
    for response in answers:
        for value in response if isinstance(response, list) else [response]:
            key = str(value).lower() if isinstance(value, bool) else str(value)
            if key in counts:
                counts[key] += 1
    total = len(answers)
    return pd.DataFrame([{"option": k, "chosen": n, "share": (n / total) if total else 0.0}
                         for k, n in counts.items()])


def cohort_gain(pre: pd.DataFrame, post: pd.DataFrame) -> pd.DataFrame:
    """Per module: mean pre-test and post-test score of learners who took both, the gain, and the normalised
    gain (post - pre) / (1 - pre). Input columns: learner, module, score (0..1)."""
    columns = ["module", "learners", "pre", "post", "gain", "normalised_gain"]
    if pre.empty or post.empty:
        return pd.DataFrame(columns=columns)
    merged = pre.merge(post, on=["learner", "module"], suffixes=("_pre", "_post"))
    if merged.empty:
        return pd.DataFrame(columns=columns)
    grouped = merged.groupby("module").agg(learners=("learner", "nunique"), pre=("score_pre", "mean"),
                                           post=("score_post", "mean")).reset_index()
    grouped["gain"] = grouped["post"] - grouped["pre"]
    grouped["normalised_gain"] = [None if p >= 1 else (q - p) / (1 - p) for p, q in zip(grouped["pre"], grouped["post"])]
    return grouped[columns]


def module_scores(rows: pd.DataFrame, item_module: dict[str, str]) -> pd.DataFrame:
    """Mean fraction per learner and module, from rows with columns learner, item, fraction."""
    if rows.empty:
        return pd.DataFrame(columns=["learner", "module", "score"])
    frame = rows.assign(module=rows["item"].map(item_module)).dropna(subset=["module", "fraction"])
    return frame.groupby(["learner", "module"], as_index=False).agg(score=("fraction", "mean"))


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet cell starting with one of these may be read as a formula (OWASP, CSV injection)."""


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, made inert with a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def to_excel(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One workbook, one sheet per table; every text cell is stored as text, never as a formula."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _plain(frame).to_excel(writer, sheet_name=name[:31], index=False)
        for sheet in writer.book.worksheets:
            _text_only(sheet)
    return buffer.getvalue()


def _text_only(sheet: Any) -> None:
    """openpyxl turns any string starting with '=' into a formula: store such cells as plain text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS)):
                cell._value, cell.data_type = str(cell.value), "s"  # openpyxl has no public setter for this


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV with every cell that could start a formula prefixed by an apostrophe."""
    out = _plain(frame)
    out.columns = [neutralise(str(c)) for c in out.columns]
    # every text cell quoted: a bare carriage return inside a field would otherwise start a new row
    return out.map(neutralise).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8")


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists and dicts (stored responses) as text, so every cell exports."""
    out = frame.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, (list, dict))).any():
            out[column] = out[column].map(lambda v: str(v) if isinstance(v, (list, dict)) else v)
    return out


def survey_summary(rows: Iterable[dict[str, Any]], statements: dict[str, str], scale: int = 5) -> pd.DataFrame:
    """Per rating statement: how many answered, the mean, and how many gave each level."""
    frame = pd.DataFrame(list(rows), columns=["respondent", "item", "response"])
    out = []
    for item, text in statements.items():
        ratings = [r for r in frame[frame["item"] == item]["response"] if isinstance(r, int) and not isinstance(r, bool)]
        row: dict[str, Any] = {"statement": text, "n": len(ratings),
                               "mean": (sum(ratings) / len(ratings)) if ratings else None}
        row.update({str(level): ratings.count(level) for level in range(1, scale + 1)})
        out.append(row)
    return pd.DataFrame(out)
