"""Live sessions, participants, their answers and workshop evaluations: the rows behind a live workshop.

Writes that race are settled here: a facilitator action is a compare-and-set on the session's `version`; an answer
takes the session row FOR SHARE, so answers proceed side by side while a facilitator's lock waits for them.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import Engine, and_, func, insert, literal, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from . import schema as t
from .db import guarded, now, writing


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
    device: str | None = None  # who sent it, as a device: a team vote counts each device once


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


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class DeviceFull(Exception):
    """A device already holds as many participants of a session as allowed."""


class LiveRepo:
    """SQL for live workshops; the rules (what may change when) live in `itlead.workshop.live.Live`."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @guarded
    def insert_session(self, **values: Any) -> int:
        """Raises IntegrityError when the join code is taken."""
        stamp = now()
        with writing(self.engine) as conn:
            return conn.execute(insert(t.live_sessions).values(
                **values, case_choices=[], state="lobby", position=0, version=0, created_at=stamp,
                updated_at=stamp)).inserted_primary_key[0]

    @guarded
    def compare_and_set(self, session_id: int, version: int, states: Iterable[str], values: dict[str, Any]) -> bool:
        """Apply `values` only if the session is still at `version` and in one of `states`; bumps the version."""
        table = t.live_sessions
        with writing(self.engine) as conn:
            return bool(conn.execute(update(table).where(
                table.c.id == session_id, table.c.version == version, table.c.state.in_(list(states))
            ).values(**values, version=table.c.version + 1, updated_at=now())).rowcount)

    @guarded
    def insert_participant(self, session_id: int, nickname: str, token: str, team: str | None,
                           locale: str | None, *, key: str, device: str | None, browser: str | None,
                           per_device: int) -> tuple[int, bool]:
        """(participant id, True) for a new participant; (id, False) when this browser already joined, whose
        token is replaced by `token`. Raises IntegrityError when the nickname is taken in the session, and
        DeviceFull when the device already holds `per_device` participants. One transaction that locks the
        session row, so simultaneous joins from one device are counted one after the other."""
        p, s = t.participants, t.live_sessions
        with writing(self.engine) as conn:
            conn.execute(update(s).where(s.c.id == session_id).values(version=s.c.version))  # the row lock
            mine = None if browser is None else conn.execute(select(p.c.id).where(
                p.c.session_id == session_id, p.c.browser == browser)).scalar()
            if mine is not None:
                conn.execute(update(p).where(p.c.id == mine).values(token_hash=token_hash(token)))
                return mine, False
            held = 0 if device is None else conn.execute(select(func.count()).select_from(p).where(
                p.c.session_id == session_id, p.c.device == device)).scalar()
            if held >= per_device:
                raise DeviceFull(per_device)
            return conn.execute(insert(p).values(
                session_id=session_id, nickname=nickname, nickname_key=key, token_hash=token_hash(token),
                team=team, locale=locale, joined_at=now(), device=device,
                browser=browser)).inserted_primary_key[0], True

    @guarded
    def upsert_answer(self, participant: Participant, position: int, item_id: str, response: Any,
                      fraction: float | None) -> bool:
        """Store or replace the answer if the item is open; False (nothing written) when it is not."""
        if self.engine.dialect.name == "sqlite":
            return self._upsert_answer_sqlite(participant, position, item_id, response, fraction)
        sessions, answers = t.live_sessions, t.live_answers
        with writing(self.engine) as conn:
            state = conn.execute(select(sessions.c.state, sessions.c.position).where(
                sessions.c.id == participant.session_id).with_for_update(read=True)).first()
            if state is None or state.state != "open" or state.position != position:
                return False
            key = and_(answers.c.session_id == participant.session_id,
                       answers.c.participant_id == participant.id, answers.c.position == position)
            changed = conn.execute(update(answers).where(key).values(
                response=response, fraction=fraction, item_id=item_id, updated_at=now())).rowcount
            if not changed:
                conn.execute(insert(answers).values(
                    session_id=participant.session_id, participant_id=participant.id, position=position,
                    item_id=item_id, response=response, fraction=fraction, hidden=False, updated_at=now()))
        return True

    def _upsert_answer_sqlite(self, participant: Participant, position: int, item_id: str, response: Any,
                              fraction: float | None) -> bool:
        """The same in one statement (INSERT … SELECT … WHERE open ON CONFLICT DO UPDATE): SQLite runs it under
        its database-wide write lock, so the check and the write are one step, and the lock is held for one
        statement instead of a transaction of three (docs/performance.md, "Conference scale")."""
        sessions, answers = t.live_sessions, t.live_answers
        stamp = now()
        values = select(literal(participant.session_id), literal(participant.id), literal(position),
                        literal(item_id), literal(response, answers.c.response.type), literal(fraction),
                        literal(False), literal(stamp, answers.c.updated_at.type)).where(
            sessions.c.id == participant.session_id, sessions.c.state == "open", sessions.c.position == position)
        statement = sqlite_insert(answers).from_select(
            ["session_id", "participant_id", "position", "item_id", "response", "fraction", "hidden", "updated_at"],
            values)
        statement = statement.on_conflict_do_update(
            index_elements=["session_id", "participant_id", "position"],
            set_={"response": statement.excluded.response, "fraction": statement.excluded.fraction,
                  "item_id": statement.excluded.item_id, "updated_at": statement.excluded.updated_at})
        with writing(self.engine) as conn:
            return conn.execute(statement).rowcount == 1

    @guarded
    def save_evaluation(self, session_id: int, respondent: str, form: str, answers: dict[str, Any]) -> None:
        """Store (or replace) one respondent's answers to an evaluation form, in one transaction."""
        e = t.evaluations
        with writing(self.engine) as conn:
            conn.execute(e.delete().where(e.c.session_id == session_id, e.c.respondent == respondent,
                                          e.c.form == form))
            for question_id, response in answers.items():
                conn.execute(insert(e).values(session_id=session_id, respondent=respondent, form=form,
                                              question_id=question_id, response=response, created_at=now()))

    @guarded
    def submit_evaluation(self, session_id: int, respondent: str, form: str, answers: dict[str, Any]) -> bool:
        """Store one respondent's answers once: False (nothing written) when they already answered this form.
        The unique key (session, respondent, form, question) refuses a concurrent second submission too."""
        e = t.evaluations
        if not answers:
            return False
        try:
            with writing(self.engine) as conn:
                if conn.execute(select(e.c.id).where(e.c.session_id == session_id, e.c.respondent == respondent,
                                                     e.c.form == form).limit(1)).first() is not None:
                    return False
                stamp = now()
                conn.execute(insert(e), [{"session_id": session_id, "respondent": respondent, "form": form,
                                          "question_id": question_id, "response": response, "created_at": stamp}
                                         for question_id, response in answers.items()])
        except IntegrityError:
            return False
        return True

    @guarded
    def has_evaluated(self, session_id: int, respondent: str, form: str) -> bool:
        e = t.evaluations
        with self.engine.connect() as conn:
            return conn.execute(select(e.c.id).where(e.c.session_id == session_id, e.c.respondent == respondent,
                                                     e.c.form == form).limit(1)).first() is not None

    @guarded
    def get(self, session_id: int) -> LiveSession | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.live_sessions).where(t.live_sessions.c.id == session_id)).first()
        return _session(row) if row else None

    @guarded
    def by_code(self, code: str) -> LiveSession | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.live_sessions).where(
                t.live_sessions.c.code == code)).first()
        return _session(row) if row else None

    @guarded
    def sessions(self, include_ended: bool = False) -> list[LiveSession]:
        query = select(t.live_sessions).order_by(t.live_sessions.c.id.desc())
        if not include_ended:
            query = query.where(t.live_sessions.c.state != "ended")
        with self.engine.connect() as conn:
            return [_session(r) for r in conn.execute(query)]

    @guarded
    def participant_by_id(self, participant_id: int) -> Participant | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.participants).where(t.participants.c.id == participant_id)).first()
        return Participant(row.id, row.session_id, row.nickname, row.team, row.locale) if row else None

    @guarded
    def participant(self, token: str) -> Participant | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.participants).where(t.participants.c.token_hash == token_hash(token))).first()
        return Participant(row.id, row.session_id, row.nickname, row.team, row.locale) if row else None

    @guarded
    def participants(self, session_id: int) -> list[Participant]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.participants).where(t.participants.c.session_id == session_id)
                                .order_by(t.participants.c.id))
            return [Participant(r.id, r.session_id, r.nickname, r.team, r.locale) for r in rows]

    @guarded
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

    @guarded
    def answers(self, session_id: int, position: int) -> list[LiveAnswer]:
        a, p = t.live_answers, t.participants
        query = (select(a.c.id, a.c.participant_id, p.c.nickname, p.c.team, a.c.response, a.c.fraction, a.c.hidden,
                        p.c.device).join(p, p.c.id == a.c.participant_id)
                 .where(a.c.session_id == session_id, a.c.position == position).order_by(a.c.id))
        with self.engine.connect() as conn:
            return [LiveAnswer(*row) for row in conn.execute(query)]

    @guarded
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

    @guarded
    def set_hidden(self, session_id: int, answer_id: int, hidden: bool = True) -> None:
        a = t.live_answers
        with writing(self.engine) as conn:
            conn.execute(update(a).where(a.c.id == answer_id, a.c.session_id == session_id).values(hidden=hidden))

    @guarded
    def evaluation_rows(self, session_id: int, form: str) -> list[dict[str, Any]]:
        e = t.evaluations
        query = select(e.c.respondent, e.c.question_id, e.c.response).where(
            e.c.session_id == session_id, e.c.form == form).order_by(e.c.id)
        with self.engine.connect() as conn:
            return [{"respondent": r.respondent, "item": r.question_id, "response": r.response}
                    for r in conn.execute(query)]

    @guarded
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

    @guarded
    def scores(self, session_id: int) -> list[tuple[str, float]]:
        """Leaderboard: total fraction per participant, highest first."""
        a, p = t.live_answers, t.participants
        query = (select(p.c.nickname, func.coalesce(func.sum(a.c.fraction), 0.0).label("score"))
                 .select_from(p.outerjoin(a, a.c.participant_id == p.c.id))
                 .where(p.c.session_id == session_id).group_by(p.c.id, p.c.nickname)
                 .order_by(func.coalesce(func.sum(a.c.fraction), 0.0).desc(), p.c.nickname))
        with self.engine.connect() as conn:
            return [(r.nickname, float(r.score)) for r in conn.execute(query)]
