import os
import shutil
import subprocess
import tempfile
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


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the whole test session (see tests/postgres.py)."""
    from . import postgres

    if postgres.admin_url():
        yield postgres.admin_url()
        return
    root = Path(tempfile.mkdtemp(prefix="itlead-pg-"))  # outside pytest's private tmp, so 'postgres' can enter
    try:
        server = postgres.Server(root)
    except (FileNotFoundError, subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(root, ignore_errors=True)
        postgres.unavailable(str(exc))
    yield server.url()
    server.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    from . import postgres

    return postgres.create_database(request.getfixturevalue("postgres_server"))
