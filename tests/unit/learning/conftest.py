"""Shared by the learning tests: a question of the fixture course by id."""
import pytest


@pytest.fixture
def q(sample):
    return lambda qid: sample.questions[qid][1]
