"""Tables. Change them only through a new migration in migrations.py: an existing database is upgraded,
never dropped."""
from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

meta = Table(
    "itlead_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

learners = Table(
    "learners",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("display_name", String(80), nullable=False),
    Column("locale", String(8), nullable=True),
    Column("state", JSON, nullable=False, default=dict),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("bank_id", String(64), nullable=False),
    Column("module_id", String(64), nullable=True),
    Column("purpose", String(32), nullable=False),
    Column("behaviour", String(16), nullable=False),
    Column("seed", Integer, nullable=False),
    Column("question_ids", JSON, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("marks", Float, nullable=True),
    Column("max_marks", Float, nullable=True),
    sqlite_autoincrement=True,
)

responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("attempt_id", Integer, ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("question_id", String(64), nullable=False),
    Column("try_no", Integer, nullable=False),
    Column("response", JSON, nullable=True),
    Column("certainty", Integer, nullable=True),
    Column("fraction", Float, nullable=True),
    Column("mark", Float, nullable=True),
    Column("cbm_mark", Float, nullable=True),
    Column("state", String(16), nullable=False),
    Column("finished", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("attempt_id", "question_id", "try_no", name="uq_response_try"),
    sqlite_autoincrement=True,
)

drafts = Table(
    "drafts",
    metadata,
    Column("attempt_id", Integer, ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(64), primary_key=True),
    Column("response", JSON, nullable=True),
    Column("certainty", Integer, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
"""An answer given but not yet checked or saved as a try: kept when the learner moves on, reloads or leaves."""

lesson_views = Table(
    "lesson_views",
    metadata,
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True),
    Column("module_id", String(64), primary_key=True),
    Column("lesson_id", String(64), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

case_runs = Table(
    "case_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("case_id", String(64), nullable=False),
    Column("choices", JSON, nullable=False),
    Column("node_id", String(64), nullable=False),
    Column("score", Integer, nullable=False),
    Column("ending_id", String(64), nullable=True),
    Column("fraction", Float, nullable=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    sqlite_autoincrement=True,
)

plan_items = Table(
    "plan_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("learner_id", Integer, ForeignKey("learners.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("question_id", String(64), nullable=True),
    Column("text", Text, nullable=False),
    Column("done", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("learner_id", "question_id", name="uq_plan_item_source"),
    sqlite_autoincrement=True,
)

facilitator_auth = Table(
    "facilitator_auth",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("passcode_hash", String(256), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

auth_failures = Table(
    "auth_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scope", String(16), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    sqlite_autoincrement=True,
)

live_sessions = Table(
    "live_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("item_ids", JSON, nullable=False),
    Column("case_id", String(64), nullable=True),
    Column("case_choices", JSON, nullable=False, default=list),
    Column("state", String(16), nullable=False),
    Column("position", Integer, nullable=False, default=0),
    Column("item_started_at", DateTime(timezone=True), nullable=True),
    Column("timer_seconds", Integer, nullable=True),
    Column("leaderboard", Boolean, nullable=False, default=False),
    Column("locale", String(8), nullable=False, default="en"),
    Column("version", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    sqlite_autoincrement=True,
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("nickname", String(40), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("team", String(40), nullable=True),
    Column("locale", String(8), nullable=True),
    Column("joined_at", DateTime(timezone=True), nullable=False),
    Column("nickname_key", String(80), nullable=True),  # v6: casefolded, for uniqueness per session
    Column("device", String(64), nullable=True),  # v6: keyed hash of the client address
    Column("browser", String(64), nullable=True),  # v6: keyed hash of the address and the browser's cookie
    UniqueConstraint("session_id", "nickname", name="uq_participant_nickname"),
    Index("uq_participant_nickname_key", "session_id", "nickname_key", unique=True),
    Index("ix_participants_session_device", "session_id", "device"),
    sqlite_autoincrement=True,
)

live_answers = Table(
    "live_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("item_id", String(64), nullable=False),
    Column("response", JSON, nullable=True),
    Column("fraction", Float, nullable=True),
    Column("hidden", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "participant_id", "position", name="uq_live_answer"),
    Index("ix_live_answers_session_position", "session_id", "position"),
    sqlite_autoincrement=True,
)

evaluations = Table(
    "evaluations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("respondent", String(64), nullable=False),
    Column("form", String(64), nullable=False),
    Column("question_id", String(64), nullable=False),
    Column("response", JSON, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "respondent", "form", "question_id", name="uq_evaluation_answer"),
    sqlite_autoincrement=True,
)

xapi_outbox = Table(
    "xapi_outbox",
    metadata,
    Column("statement_id", String(36), primary_key=True),
    Column("body", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("tries", Integer, nullable=False, default=0),
    Column("next_try_at", DateTime(timezone=True), nullable=False, index=True),
    Column("last_error", String(300), nullable=True),
    Column("learner_id", Integer, nullable=True, index=True),  # v6: whose statement, for "delete my data"
)

projector_links = Table(
    "projector_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    sqlite_autoincrement=True,
)

throttles = Table(
    "throttles",
    metadata,
    Column("scope", String(16), primary_key=True),
    Column("client", String(64), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("first_at", DateTime(timezone=True), nullable=False),
    Column("last_at", DateTime(timezone=True), nullable=False),
)
"""v6: one row per scope and client, counted and checked in one transaction (failures with back-off, quotas)."""

ID_TABLES = (learners, attempts, responses, case_runs, plan_items, facilitator_auth, auth_failures, live_sessions,
             participants, live_answers, evaluations, projector_links)
"""Tables with an integer id; on SQLite they use AUTOINCREMENT (v6), so a deleted row's id is never reused."""

LIVE_TABLES = (facilitator_auth, auth_failures, live_sessions, participants, live_answers, evaluations)
