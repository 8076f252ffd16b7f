"""One place for configuration: environment variables with sensible embedded defaults."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def content_root() -> Path:
    """Where modules/, quizzes/ and case_studies/ live (ITLEAD_CONTENT_DIR, else the project root)."""
    return Path(os.environ.get("ITLEAD_CONTENT_DIR") or PROJECT_ROOT)
