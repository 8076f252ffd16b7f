"""Live workshop sessions: a state machine kept entirely in the database, so any number of app processes
on one database serve the same session. No module-level state.

States: lobby -> open -> locked -> revealed -> (next) open ... -> ended. `open` may go straight to
`revealed` (which locks it); any state may end. Each change bumps `version`, which pollers compare.
A participant has at most one answer per item and may change it while the item is open.
"""
from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import Engine, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .identity import ALPHABET, clean_name
from .store import schema as t
from .store.repo import _guard, now

JOIN_CODE_SYMBOLS = 6  # 30 bits; joining is also rate-limited per client
MAX_NICKNAME = 40
MAX_TEXT_ANSWER = 500
TRANSITIONS = {
    "open": ({"lobby"}, "open"),
    "lock": ({"open"}, "locked"),
    "reveal": ({"open", "locked"}, "revealed"),
    "end": ({"lobby", "open", "locked", "revealed"}, "ended"),
}


class LiveError(ValueError):
    """A refused live action; the message is shown to the person who tried it."""


@dataclass(frozen=True)
class LiveSession:
    id: int
    code: str
    title: str
    kind: str  # "questions" | "case"
    item_ids: tuple[str, ...]
    case_id: str | None
    case_choices: tuple[str, ...]
    state: str
    position: int
    item_started_at: datetime | None
    timer_seconds: int | None
    leaderboard: bool
    locale: str
    version: int

    def seconds_left(self, at: datetime | None = None) -> int | None:
        if not self.timer_seconds or self.item_started_at is None or self.state != "open":
            return None
        started = self.item_started_at if self.item_started_at.tzinfo else self.item_started_at.replace(
            tzinfo=timezone.utc)
        elapsed = ((at or now()) - started).total_seconds()
        return max(0, int(self.timer_seconds - elapsed))


@dataclass(frozen=True)
class Participant:
    id: int
    session_id: int
    nickname: str
    team: str | None
    locale: str | None


@dataclass(frozen=True)
class LiveAnswer:
    id: int
    participant_id: int
    nickname: str
    team: str | None
    response: Any
    fraction: float | None
    hidden: bool


@dataclass(frozen=True)
class Snapshot:
    """What a poller needs, from one indexed query."""

    state: str
    position: int
    version: int
    answered: int
    participants: int


def _session(row: Any) -> LiveSession:
    return LiveSession(row.id, row.code, row.title, row.kind, tuple(row.item_ids), row.case_id,
                       tuple(row.case_choices or ()), row.state, row.position, row.item_started_at,
                       row.timer_seconds, row.leaderboard, row.locale, row.version)


def new_join_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(JOIN_CODE_SYMBOLS))


def normalise_join_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum()).translate(str.maketrans("OIL", "011"))
    if len(cleaned) != JOIN_CODE_SYMBOLS or any(ch not in ALPHABET for ch in cleaned):
        raise LiveError("a join code has 6 letters and digits, like K7Q2MX")
    return cleaned


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def clean_nickname(nickname: str) -> str:
    try:
        return clean_name(nickname, MAX_NICKNAME)
    except ValueError as exc:
        raise LiveError(str(exc)) from None


class Live:
    def __init__(self, engine: Engine):
        self.engine = engine

    # sessions ---------------------------------------------------------------------------------------
    @_guard
    def create(self, title: str, item_ids: Iterable[str], *, kind: str = "questions", case_id: str | None = None,
               timer_seconds: int | None = None, leaderboard: bool = False, locale: str = "en") -> LiveSession:
        items = list(item_ids)
        if kind == "questions" and not items:
            raise LiveError("pick at least one question")
        if kind == "case" and not case_id:
            raise LiveError("pick a case study")
        for _ in range(10):
            try:
                with self.engine.begin() as conn:
                    stamp = now()
                    new_id = conn.execute(insert(t.live_sessions).values(
                        code=new_join_code(), title=title[:200] or "Workshop", kind=kind, item_ids=items,
                        case_id=case_id, case_choices=[], state="lobby", position=0, timer_seconds=timer_seconds,
                        leaderboard=leaderboard, locale=locale, version=0, created_at=stamp,
                        updated_at=stamp)).inserted_primary_key[0]
                return self.get(new_id)  # type: ignore[return-value]
            except IntegrityError:
                continue  # a code collision: try another
        raise LiveError("could not create a session")

    @_guard
    def get(self, session_id: int) -> LiveSession | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.live_sessions).where(t.live_sessions.c.id == session_id)).first()
        return _session(row) if row else None

    @_guard
    def by_code(self, code: str) -> LiveSession | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.live_sessions).where(
                t.live_sessions.c.code == normalise_join_code(code))).first()
        return _session(row) if row else None

    @_guard
    def sessions(self, include_ended: bool = False) -> list[LiveSession]:
        query = select(t.live_sessions).order_by(t.live_sessions.c.id.desc())
        if not include_ended:
            query = query.where(t.live_sessions.c.state != "ended")
        with self.engine.connect() as conn:
            return [_session(r) for r in conn.execute(query)]

    @_guard
    def act(self, session_id: int, action: str, case_choice: str | None = None) -> LiveSession:
        """Apply a facilitator action: open, lock, reveal, next, end."""
        session = self.get(session_id)
        if session is None:
            raise LiveError("this session no longer exists")
        values: dict[str, Any] = {}
        if action == "next":
            if session.state != "revealed":
                raise LiveError("reveal the results before moving on")
            last = session.kind == "questions" and session.position >= len(session.item_ids) - 1
            values = {"state": "ended"} if last else {"state": "open", "position": session.position + 1,
                                                      "item_started_at": now()}
            allowed = {"revealed"}
        elif action in TRANSITIONS:
            allowed, target = TRANSITIONS[action]
            if session.state not in allowed:
                raise LiveError(f"cannot {action} a session that is {session.state}")
            values = {"state": target}
            if action == "open":
                values["item_started_at"] = now()
        else:
            raise LiveError(f"unknown action {action!r}")
        if case_choice is not None:
            values["case_choices"] = [*session.case_choices, case_choice]
        table = t.live_sessions
        with self.engine.begin() as conn:
            changed = conn.execute(update(table).where(
                table.c.id == session_id, table.c.version == session.version, table.c.state.in_(allowed)
            ).values(**values, version=table.c.version + 1, updated_at=now())).rowcount
        if not changed:
            raise LiveError("the session changed meanwhile; look again and retry")
        return self.get(session_id)  # type: ignore[return-value]

    @_guard
    def set_items(self, session_id: int, item_ids: list[str]) -> None:
        """For case sessions: the decision nodes met so far (the path grows as the room decides)."""
        table = t.live_sessions
        with self.engine.begin() as conn:
            conn.execute(update(table).where(table.c.id == session_id).values(
                item_ids=item_ids, version=table.c.version + 1, updated_at=now()))

    # participants -----------------------------------------------------------------------------------
    @_guard
    def join(self, session_id: int, nickname: str, team: str | None = None,
             locale: str | None = None) -> tuple[Participant, str]:
        name = clean_nickname(nickname)
        team_name = clean_nickname(team) if team and team.strip() else None
        session = self.get(session_id)
        if session is None or session.state == "ended":
            raise LiveError("this session has ended")
        token = secrets.token_urlsafe(18)
        try:
            with self.engine.begin() as conn:
                new_id = conn.execute(insert(t.participants).values(
                    session_id=session_id, nickname=name, token_hash=token_hash(token), team=team_name,
                    locale=locale, joined_at=now())).inserted_primary_key[0]
        except IntegrityError:
            raise LiveError(f"the nickname '{name}' is taken in this session; choose another") from None
        return Participant(new_id, session_id, name, team_name, locale), token

    @_guard
    def participant(self, token: str) -> Participant | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.participants).where(t.participants.c.token_hash == token_hash(token))).first()
        return Participant(row.id, row.session_id, row.nickname, row.team, row.locale) if row else None

    @_guard
    def participants(self, session_id: int) -> list[Participant]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.participants).where(t.participants.c.session_id == session_id)
                                .order_by(t.participants.c.id))
            return [Participant(r.id, r.session_id, r.nickname, r.team, r.locale) for r in rows]

    # answers ------------------------------------------------------------------------------------------
    @_guard
    def submit(self, participant: Participant, position: int, item_id: str, response: Any,
               fraction: float | None = None) -> None:
        """Store or replace the participant's answer; refused unless the item is open. Returns once committed."""
        if isinstance(response, str) and len(response) > MAX_TEXT_ANSWER:
            raise LiveError(f"an answer has at most {MAX_TEXT_ANSWER} characters")
        sessions, answers = t.live_sessions, t.live_answers
        with self.engine.begin() as conn:
            # FOR SHARE: answers proceed side by side, while a facilitator's lock waits until they commit
            state = conn.execute(select(sessions.c.state, sessions.c.position).where(
                sessions.c.id == participant.session_id).with_for_update(read=True)).first()
            if state is None or state.state != "open" or state.position != position:
                raise LiveError("answers are closed for this question")
            key = and_(answers.c.session_id == participant.session_id,
                       answers.c.participant_id == participant.id, answers.c.position == position)
            changed = conn.execute(update(answers).where(key).values(
                response=response, fraction=fraction, item_id=item_id, updated_at=now())).rowcount
            if not changed:
                conn.execute(insert(answers).values(
                    session_id=participant.session_id, participant_id=participant.id, position=position,
                    item_id=item_id, response=response, fraction=fraction, hidden=False, updated_at=now()))

    @_guard
    def poll(self, session_id: int) -> Snapshot | None:
        """The session's state and how many have answered the current item: one query."""
        s, a, p = t.live_sessions, t.live_answers, t.participants
        answered = (select(func.count()).select_from(a)
                    .where(a.c.session_id == s.c.id, a.c.position == s.c.position).scalar_subquery())
        joined = select(func.count()).select_from(p).where(p.c.session_id == s.c.id).scalar_subquery()
        with self.engine.connect() as conn:
            row = conn.execute(select(s.c.state, s.c.position, s.c.version, answered.label("answered"),
                                      joined.label("joined")).where(s.c.id == session_id)).first()
        return Snapshot(row.state, row.position, row.version, row.answered, row.joined) if row else None

    @_guard
    def answers(self, session_id: int, position: int) -> list[LiveAnswer]:
        a, p = t.live_answers, t.participants
        query = (select(a.c.id, a.c.participant_id, p.c.nickname, p.c.team, a.c.response, a.c.fraction, a.c.hidden)
                 .join(p, p.c.id == a.c.participant_id)
                 .where(a.c.session_id == session_id, a.c.position == position).order_by(a.c.id))
        with self.engine.connect() as conn:
            return [LiveAnswer(*row) for row in conn.execute(query)]

    @_guard
    def my_answer(self, participant: Participant, position: int) -> LiveAnswer | None:
        """The participant's own answer to an item: one lookup on the unique (session, participant, item) key."""
        a = t.live_answers
        query = select(a.c.id, a.c.participant_id, a.c.response, a.c.fraction, a.c.hidden).where(
            a.c.session_id == participant.session_id, a.c.participant_id == participant.id, a.c.position == position)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return LiveAnswer(row.id, row.participant_id, participant.nickname, participant.team, row.response,
                          row.fraction, row.hidden)

    @_guard
    def set_hidden(self, session_id: int, answer_id: int, hidden: bool = True) -> None:
        a = t.live_answers
        with self.engine.begin() as conn:
            conn.execute(update(a).where(a.c.id == answer_id, a.c.session_id == session_id).values(hidden=hidden))

    @_guard
    def save_evaluation(self, session_id: int, respondent: str, form: str, answers: dict[str, Any]) -> None:
        """Store (or replace) one respondent's answers to an evaluation form, in one transaction."""
        e = t.evaluations
        with self.engine.begin() as conn:
            conn.execute(e.delete().where(e.c.session_id == session_id, e.c.respondent == respondent,
                                          e.c.form == form))
            for question_id, response in answers.items():
                conn.execute(insert(e).values(session_id=session_id, respondent=respondent, form=form,
                                              question_id=question_id, response=response, created_at=now()))

    @_guard
    def evaluation_rows(self, session_id: int, form: str) -> list[dict[str, Any]]:
        e = t.evaluations
        query = select(e.c.respondent, e.c.question_id, e.c.response).where(
            e.c.session_id == session_id, e.c.form == form).order_by(e.c.id)
        with self.engine.connect() as conn:
            return [{"respondent": r.respondent, "item": r.question_id, "response": r.response}
                    for r in conn.execute(query)]

    @_guard
    def rows(self, session_id: int) -> list[dict[str, Any]]:
        """Every answer of the session, one row per participant and item (for item analysis and export)."""
        a, p = t.live_answers, t.participants
        query = (select(p.c.nickname, p.c.team, a.c.position, a.c.item_id, a.c.fraction, a.c.response, a.c.hidden)
                 .join(p, p.c.id == a.c.participant_id).where(a.c.session_id == session_id)
                 .order_by(a.c.position, p.c.id))
        with self.engine.connect() as conn:
            return [{"person": row.nickname, "team": row.team, "position": row.position, "item": row.item_id,
                     "fraction": row.fraction, "response": row.response, "hidden": row.hidden}
                    for row in conn.execute(query)]

    @_guard
    def scores(self, session_id: int) -> list[tuple[str, float]]:
        """Leaderboard: total fraction per participant, highest first."""
        a, p = t.live_answers, t.participants
        query = (select(p.c.nickname, func.coalesce(func.sum(a.c.fraction), 0.0).label("score"))
                 .select_from(p.outerjoin(a, a.c.participant_id == p.c.id))
                 .where(p.c.session_id == session_id).group_by(p.c.id, p.c.nickname)
                 .order_by(func.coalesce(func.sum(a.c.fraction), 0.0).desc(), p.c.nickname))
        with self.engine.connect() as conn:
            return [(r.nickname, float(r.score)) for r in conn.execute(query)]


# pure result views --------------------------------------------------------------------------------------

def distribution(answers: Iterable[LiveAnswer], keys: Iterable[str]) -> dict[str, int]:
    """How many chose each key (option ids, 'true'/'false', choice ids); multi-select counts each tick."""
    counts = Counter({k: 0 for k in keys})
    for answer in answers:
        values = answer.response if isinstance(answer.response, list) else [answer.response]
        for value in values:
            key = str(value).lower() if isinstance(value, bool) else str(value)
            if key in counts:
                counts[key] += 1
    return dict(counts)


def majority(votes: Iterable[LiveAnswer], order: list[str]) -> str | None:
    """The room's decision: each table's majority counts once (ties to the earlier option); without tables,
    each vote counts once."""
    votes = [v for v in votes if isinstance(v.response, str) and v.response in order]
    if not votes:
        return None
    by_team: dict[str, Counter[str]] = {}
    for vote in votes:
        by_team.setdefault(vote.team or f"#{vote.participant_id}", Counter())[vote.response] += 1
    team_picks = Counter()
    for counter in by_team.values():
        best = max(counter.values())
        team_picks[min((c for c, n in counter.items() if n == best), key=order.index)] += 1
    best = max(team_picks.values())
    return min((c for c, n in team_picks.items() if n == best), key=order.index)
