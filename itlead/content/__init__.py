"""Course content: schema, safe YAML loading with located errors, and the course index."""
from .bank import Bank, Dimension
from .case_study import CaseStudy, Choice, Decision, Ending, Narrative
from .course import Course
from .errors import ContentProblem
from .loader import LoadResult, load_course
from .module import Lesson, Module, Objective
from .questions import (
    QUESTION_TYPES,
    Likert,
    Matching,
    MultipleResponse,
    Numeric,
    Ordering,
    Question,
    Reflection,
    SingleChoice,
    TrueFalse,
)
from .text import LOCALES, LText

__all__ = [
    "Bank", "CaseStudy", "Choice", "ContentProblem", "Course", "Decision", "Dimension",
    "Ending", "LOCALES", "LText", "Lesson", "Likert", "LoadResult", "Matching", "Module", "MultipleResponse",
    "Narrative", "Numeric", "Objective", "Ordering", "QUESTION_TYPES", "Question", "Reflection",
    "SingleChoice", "TrueFalse", "load_course",
]
