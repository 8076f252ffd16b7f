"""Hypothesis properties of the loader: whatever it is given, it only ever reports problems."""
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itlead.content import load_course
from itlead.content.yaml_source import YamlProblem, read_yaml

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _mutate(text: str, cuts: list[tuple[int, int, str]]) -> str:
    for pos, length, insert in cuts:
        pos %= max(1, len(text))
        text = text[:pos] + insert + text[pos + length:]
    return text


SHIPPED = sorted(p for folder in ("modules", "quizzes", "case_studies", "agendas")
                 for p in (Path(__file__).resolve().parents[3] / folder).glob("*.yaml"))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300),
                 yaml_values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))))
def test_read_yaml_only_raises_its_own_error(text):
    try:
        read_yaml(text)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["modules/sample.yaml", "quizzes/sample-check.yaml", "case_studies/sample-case.yaml"]),
       st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 40),
                          st.sampled_from(["", ":", "- ", "\n", "  ", "&a ", "*a", "{", "]", "'", "id: x\n", "\t"])),
                min_size=1, max_size=6))
def test_loader_never_raises_on_mutated_course(fixture_course, tmp_path_factory, name, cuts):
    root: Path = tmp_path_factory.mktemp("mut")
    for sub in ("modules", "quizzes", "case_studies"):
        (root / sub).mkdir()
    for path in fixture_course.rglob("*.yaml"):
        rel = path.relative_to(fixture_course).as_posix()
        text = path.read_text()
        (root / rel).write_text(_mutate(text, cuts) if rel == name else text)
    result = load_course(root)  # must not raise
    for problem in result.problems:
        assert problem.line >= 1 and problem.message
    if result.problems:
        assert all(str(p).count(":") >= 3 for p in result.problems)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SHIPPED),
       st.lists(st.tuples(st.integers(0, 200_000), st.integers(0, 80),
                          st.sampled_from(["", ":", "- ", "\n", "  ", "&a ", "*a", "{", "]", "'", "\"", "\t", "!!",
                                           "<<: *a\n", "? ", "|", ">-\n", "\\u00e9"])),
                min_size=1, max_size=8))
def test_loader_never_raises_on_mutated_shipped_files(tmp_path_factory, path, cuts):
    root: Path = tmp_path_factory.mktemp("shipped")
    target = root / path.parent.name / path.name
    target.parent.mkdir()
    target.write_text(_mutate(path.read_text(encoding="utf-8"), cuts), encoding="utf-8")
    result = load_course(root, [target])  # must not raise
    assert all(p.line >= 1 and p.message for p in result.problems)
