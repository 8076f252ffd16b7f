"""The shipped course passes the item-quality linter (python -m itlead validate --quality) at the default thresholds."""
import subprocess
import sys

from itlead.content import load_course
from itlead.content.quality import lint
from itlead.settings import PROJECT_ROOT


def test_shipped_course_passes_quality_rules():
    report = lint(load_course(PROJECT_ROOT))
    assert report.ok, "\n".join(map(str, report.errors))
    assert report.stats["length_cue"]["share"] <= 0.40
    assert 0.35 <= report.stats["true_false"]["share"] <= 0.65
    pp = report.stats["pre_post"]
    assert pp["pre_covered"] == pp["post_covered"] == pp["objectives"] == pp["pre_items"] == pp["post_items"]


def test_validate_quality_command_exits_zero():
    run = subprocess.run([sys.executable, "-m", "itlead", "validate", "--quality"], cwd=PROJECT_ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 error(s)" in run.stderr
