"""Live workshop sessions: the rules of a state machine whose state is kept entirely in the database (through
`itlead.store.live`), so any number of app processes on one database serve the same session.

States: lobby -> open -> locked -> revealed -> (next) open ... -> ended. `open` may go straight to
`revealed` (which locks it); any state may end. Each change bumps `version`, which pollers compare.
A participant has at most one answer per item and may change it while the item is open.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import Counter
from typing import Any, Iterable

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from ..i18n import _
from ..settings import install_secret
from ..store.db import guarded, now
from ..store.identity import ALPHABET, clean_name, nickname_key
from ..store.live import DeviceFull, LiveAnswer, LiveRepo, LiveSession, Participant, Snapshot
from .facilitator_auth import Throttle

__all__ = ["Live", "LiveAnswer", "LiveError", "LiveSession", "Participant", "Snapshot", "distribution", "majority",
           "normalise_join_code"]

JOIN_CODE_SYMBOLS = 6  # 30 bits; joining is also rate-limited per client
MAX_NICKNAME = 40
MAX_TEXT_ANSWER = 500
PARTICIPANTS_PER_DEVICE = 3
"""Participants one client address may hold in one session: one per browser, a few browsers per address."""
TRANSITIONS = {
    "open": ({"lobby"}, "open"),
    "lock": ({"open"}, "locked"),
    "reveal": ({"open", "locked"}, "revealed"),
    "end": ({"lobby", "open", "locked", "revealed"}, "ended"),
}


class LiveError(ValueError):
    """A refused live action; the message is shown to the person who tried it."""


def new_join_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(JOIN_CODE_SYMBOLS))


def normalise_join_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum()).translate(str.maketrans("OIL", "011"))
    if len(cleaned) != JOIN_CODE_SYMBOLS or any(ch not in ALPHABET for ch in cleaned):
        raise LiveError("a join code has 6 letters and digits, like K7Q2MX")
    return cleaned


def keyed(value: str) -> str:
    """A client address or browser as stored: an HMAC under the installation's secret, not the address."""
    return hmac.new(install_secret(), value.encode("utf-8"), hashlib.sha256).hexdigest()


def clean_nickname(nickname: str) -> str:
    try:
        return clean_name(nickname, MAX_NICKNAME)
    except ValueError as exc:
        raise LiveError(str(exc)) from None


def _transition(session: LiveSession, action: str) -> tuple[set[str], dict[str, Any]]:
    """The states `action` may start from and the values it sets; raises LiveError when it is not allowed."""
    if action == "next":
        if session.state != "revealed":
            raise LiveError("reveal the results before moving on")
        last = session.kind == "questions" and session.position >= len(session.item_ids) - 1
        return {"revealed"}, ({"state": "ended"} if last else
                              {"state": "open", "position": session.position + 1, "item_started_at": now()})
    if action not in TRANSITIONS:
        raise LiveError(f"unknown action {action!r}")
    allowed, target = TRANSITIONS[action]
    if session.state not in allowed:
        raise LiveError(f"cannot {action} a session that is {session.state}")
    values: dict[str, Any] = {"state": target}
    if action == "open":
        values["item_started_at"] = now()
    return allowed, values


class Live(LiveRepo):
    """Live sessions: the reads of `LiveRepo`, and the actions that check the rules before writing."""

    def __init__(self, engine: Engine):
        super().__init__(engine)

    def create(self, title: str, item_ids: Iterable[str], *, kind: str = "questions", case_id: str | None = None,
               timer_seconds: int | None = None, leaderboard: bool = False, locale: str = "en") -> LiveSession:
        items = list(item_ids)
        if kind == "questions" and not items:
            raise LiveError("pick at least one question")
        if kind == "case" and not case_id:
            raise LiveError("pick a case study")
        for _try in range(10):
            try:
                new_id = self.insert_session(code=new_join_code(), title=title[:200] or "Workshop", kind=kind,
                                             item_ids=items, case_id=case_id, timer_seconds=timer_seconds,
                                             leaderboard=leaderboard, locale=locale)
                return self.get(new_id)  # type: ignore[return-value]
            except IntegrityError:
                continue  # a code collision: try another
        raise LiveError("could not create a session")

    def by_code(self, code: str) -> LiveSession | None:
        return super().by_code(normalise_join_code(code))

    def act(self, session_id: int, action: str, case_choice: str | None = None) -> LiveSession:
        """Apply a facilitator action: open, lock, reveal, next, end."""
        return self._apply(session_id, action, case_choice=case_choice)

    def advance_case(self, session_id: int, node_id: str | None) -> LiveSession:
        """Move a case session to the decision `node_id` (or end it when None), in one version-checked write."""
        if node_id is None:
            return self._apply(session_id, "end")
        return self._apply(session_id, "next", next_item=node_id)

    def _apply(self, session_id: int, action: str, *, case_choice: str | None = None,
               next_item: str | None = None) -> LiveSession:
        session = self.get(session_id)
        if session is None:
            raise LiveError("this session no longer exists")
        allowed, values = _transition(session, action)
        if case_choice is not None:
            values["case_choices"] = [*session.case_choices, case_choice]
        if next_item is not None:
            values["item_ids"] = [*session.item_ids, next_item]
        if not self.compare_and_set(session_id, session.version, allowed, values):
            raise LiveError("the session changed meanwhile; look again and retry")
        return self.get(session_id)  # type: ignore[return-value]

    @guarded
    def join(self, session_id: int, nickname: str, team: str | None = None, locale: str | None = None, *,
             client: str | None = None, browser: str | None = None, trusted: bool = False) -> tuple[Participant, str]:
        """A participant and their private token. A browser that joined before gets its participant back (with a
        fresh token); a client address holds at most PARTICIPANTS_PER_DEVICE participants per session, except a
        `trusted` one (the server's own browser), where each tab is its own device."""
        name = clean_nickname(nickname)
        team_name = clean_nickname(team) if team and team.strip() else None
        session = self.get(session_id)
        if session is None or session.state == "ended":
            raise LiveError(_("This session has ended."))
        token = secrets.token_urlsafe(18)
        try:
            new_id, _new = self.insert_participant(
                session_id, name, token, team_name, locale, key=nickname_key(name),
                device=keyed((browser if trusted else client) or client) if client else None,
                browser=keyed(browser or client) if client else None,
                per_device=10**9 if trusted else PARTICIPANTS_PER_DEVICE)
        except IntegrityError:
            raise LiveError(_("The nickname '{name}' is taken in this session; choose another.")
                            .format(name=name)) from None
        except DeviceFull:
            raise LiveError(_("This device has already joined this session. Use the link you joined with, "
                              "or ask your facilitator.")) from None
        found = self.participant_by_id(new_id)
        return found or Participant(new_id, session_id, name, team_name, locale), token

    def submit(self, participant: Participant, position: int, item_id: str, response: Any,
               fraction: float | None = None) -> None:
        """Store or replace the participant's answer; refused unless the item is open. Returns once committed."""
        if isinstance(response, str) and len(response) > MAX_TEXT_ANSWER:
            raise LiveError(f"an answer has at most {MAX_TEXT_ANSWER} characters")
        if not self.upsert_answer(participant, position, item_id, response, fraction):
            raise LiveError("answers are closed for this question")

    def submit_participant_evaluation(self, participant: Participant, form: str, answers: dict[str, Any]) -> bool:
        """Accepted once per participant and form; False when they had already sent it."""
        return self.submit_evaluation(participant.session_id, respondent(participant), form, answers)

    def participant_evaluated(self, participant: Participant, form: str) -> bool:
        return self.has_evaluated(participant.session_id, respondent(participant), form)


def respondent(participant: Participant) -> str:
    """How an evaluation names its author: by participant row only, never by nickname."""
    return f"participant {participant.id}"


def admit(live: Live, throttle: Throttle, code: str, nickname: str, team: str | None, locale: str | None, *,
          client: str, browser: str, trusted: bool) -> tuple[Participant, str]:
    """Join by code: the attempt is counted for this client before the code is looked up (so simultaneous
    guesses cannot slip through) and given back when the code is right. Failures count per client only, so
    somebody else's guessing never keeps out a participant who holds the right code."""
    throttle.attempt("join", client)
    session = live.by_code(code)
    if session is None or session.state == "ended":
        raise LiveError(_("No open workshop has that code. Check it with your facilitator."))
    throttle.succeeded("join", client)
    return live.join(session.id, nickname, team, locale, client=client, browser=browser, trusted=trusted)


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
    each vote counts once. A device counts once: of several participants on one device, the last vote stands."""
    by_device: dict[object, LiveAnswer] = {}
    for vote in votes:
        by_device[vote.device or f"#{vote.participant_id}"] = vote
    votes = [v for v in by_device.values() if isinstance(v.response, str) and v.response in order]
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


def room_decision(votes: Iterable[LiveAnswer], order: list[str], override: str | None = None) -> str | None:
    """The decision to reveal: the facilitator's override when it is a valid choice, else the current majority,
    else the first choice."""
    if override in order:
        return override
    return majority(votes, order) or (order[0] if order else None)
