"""The workshop planner: the shipped agenda on the clock, editing, exports and rehearsal."""
import pytest

from itlead.settings import PROJECT_ROOT

from .conftest import goto, new_app, texts

PASSCODE = "planner-passcode"


@pytest.fixture
def planner(tmp_path, monkeypatch):
    monkeypatch.setenv("ITLEAD_DATABASE_URL", f"sqlite:///{tmp_path / 'plan.db'}")
    monkeypatch.setenv("ITLEAD_CONTENT_DIR", str(PROJECT_ROOT))
    monkeypatch.setenv("ITLEAD_FACILITATOR_PASSCODE", PASSCODE)
    at = goto(new_app(), "workshop_planner")
    at.text_input[0].input(PASSCODE)
    at.button[0].click().run()
    assert not at.exception and at.title[0].value == "Workshop planner"
    return at


def test_shipped_agenda_laid_out_with_exports(planner):
    first, second = [d.value for d in planner.dataframe][-2:]
    assert first["Time"].iloc[0] == "09:00–09:20" and first["Time"].iloc[-1] == "15:35–15:55"
    assert second["Time"].iloc[-1] == "16:10–16:35"
    assert "Case study: Maritima's ICT plan after the budget cut" in list(first["Activity"])
    labels = [b.label for b in planner.get("download_button")]
    assert labels == ["Run sheet (Markdown)", "Run sheet (PDF)", "Agenda (YAML for agendas/)"]


def test_a_bad_start_time_is_explained(planner):
    next(t for t in planner.text_input if t.label == "Starts at").input("9h").run()
    assert "start must be a time like 09:00; found '9h'" in texts(planner)
    assert not planner.get("download_button")


def test_rehearsal_steps_with_a_timer(planner):
    next(b for b in planner.button if b.label == "Start the rehearsal").click().run()
    assert "step 1 / 31" in texts(planner)
    assert planner.metric[0].label == "Time left" and planner.metric[0].value in ("20:00", "19:59")
    next(b for b in planner.button if b.label == "Next step").click().run()
    assert "Pre-test (individual, on phones)" in texts(planner)
    assert planner.metric[0].value in ("15:00", "14:59")


def test_rehearsal_is_pinned_near_the_top(planner):
    next(b for b in planner.button if b.label == "Start the rehearsal").click().run()
    top = list(planner.main.children.values())[1]  # right under the title, above the agenda's editors
    assert [h.value for h in top.get("subheader")] == ["Rehearsal"]
    assert [m.label for m in top.get("metric")] == ["Time left"] and top.get("button")


def test_the_grid_names_modules_lessons_banks_and_cases_by_their_titles(planner):
    import json

    grid = json.loads(planner.dataframe[0].proto.columns)  # the editable grid of day 1
    labels = {column: {o["value"]: o["label"] for o in grid[column]["type_config"]["options"]}
              for column in ("kind", "module", "case")}
    assert labels["module"]["strategy"] == "1. Strategic planning and ICT"
    assert labels["kind"]["lesson"] == "Input" and labels["case"]["strategy-case"].startswith("Maritima")
