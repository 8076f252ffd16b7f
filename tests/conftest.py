import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", deadline=None, max_examples=150, print_blob=True)
settings.register_profile("dev", deadline=None, max_examples=60)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "course"


@pytest.fixture(scope="session")
def fixture_course() -> Path:
    return FIXTURE_COURSE


@pytest.fixture(scope="session")
def sample():
    """The fixture course, loaded once."""
    from itlead.content import load_course

    result = load_course(FIXTURE_COURSE)
    assert result.ok, "\n".join(map(str, result.problems))
    return result.course
