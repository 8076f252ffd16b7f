"""Helpers shared by tests."""
import socket
from typing import Any

from itlead.content.questions import Matching, MultipleResponse, Numeric, Ordering, SingleChoice, TrueFalse


def key_response(question: Any) -> Any:
    """The answer key of a scored question, as a response."""
    if isinstance(question, SingleChoice):
        return next(o.id for o in question.options if o.correct)
    if isinstance(question, MultipleResponse):
        return {o.id for o in question.options if o.correct}
    if isinstance(question, Ordering):
        return [i.id for i in question.items]
    if isinstance(question, Matching):
        return {p.id: p.id for p in question.pairs}
    if isinstance(question, (Numeric, TrueFalse)):
        return question.answer
    raise TypeError(question)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
