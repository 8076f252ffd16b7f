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
)

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
)

LEARNER_TABLES = (plan_items, case_runs, lesson_views, responses, attempts, learners)
