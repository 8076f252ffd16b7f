"""A pack made like `new-pack` in a temporary folder, beside the fixture course."""
from __future__ import annotations

import pytest

from itlead.authoring.editor import PackEditor
from itlead.authoring.packs import scaffold
from itlead.content.loader import load_course


@pytest.fixture
def pack(tmp_path):
    return scaffold("maritima", tmp_path / "packs")


@pytest.fixture
def editor(pack, fixture_course):
    return PackEditor(pack, lambda: load_course(fixture_course, packs=[pack.path]))


BANK = "quizzes/maritima-check.yaml"
CASE = "case_studies/maritima-case.yaml"
