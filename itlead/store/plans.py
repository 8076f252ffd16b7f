"""Action-plan items: free text, optionally keyed by the reflection question they came from."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from . import schema as t
from .db import guarded, now

MAX_PLAN_ITEMS = 50
MAX_PLAN_TEXT = 2000


class PlanLimit(ValueError):
    """Too many items, or an item too long; the message is shown to the learner."""


@dataclass(frozen=True)
class PlanItem:
    id: int
    question_id: str | None
    text: str
    done: bool


class PlanRepo:
    engine: Engine

    # action plan ------------------------------------------------------------------------------------
    @guarded
    def upsert_plan_item(self, learner_id: int, text: str, question_id: str | None = None,
                         item_id: int | None = None, done: bool | None = None) -> int:
        """Add or change an action-plan item; an item from a reflection is keyed by its question. Raises PlanLimit
        beyond MAX_PLAN_ITEMS items or MAX_PLAN_TEXT characters (checked in the transaction that adds the item)."""
        if len(text) > MAX_PLAN_TEXT:
            raise PlanLimit(f"text:{MAX_PLAN_TEXT}")
        with self.engine.begin() as conn:
            if item_id is None and question_id is not None:
                item_id = conn.execute(select(t.plan_items.c.id).where(
                    t.plan_items.c.learner_id == learner_id, t.plan_items.c.question_id == question_id)).scalar()
            values: dict[str, Any] = {"text": text, "updated_at": now()}
            if done is not None:
                values["done"] = done
            if item_id is None:
                new_id = conn.execute(insert(t.plan_items).values(
                    learner_id=learner_id, question_id=question_id, done=bool(done), **{
                        k: v for k, v in values.items() if k != "done"})).inserted_primary_key[0]
                held = conn.execute(select(func.count()).select_from(t.plan_items).where(
                    t.plan_items.c.learner_id == learner_id)).scalar()
                if held > MAX_PLAN_ITEMS:
                    raise PlanLimit(f"items:{MAX_PLAN_ITEMS}")  # rolls the insert back
                return new_id
            conn.execute(update(t.plan_items).where(t.plan_items.c.id == item_id,
                                                    t.plan_items.c.learner_id == learner_id).values(**values))
            return item_id

    @guarded
    def delete_plan_item(self, learner_id: int, item_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.plan_items).where(t.plan_items.c.id == item_id,
                                                    t.plan_items.c.learner_id == learner_id))

    @guarded
    def plan_items(self, learner_id: int) -> list[PlanItem]:
        query = select(t.plan_items).where(t.plan_items.c.learner_id == learner_id).order_by(t.plan_items.c.id)
        with self.engine.connect() as conn:
            return [PlanItem(r.id, r.question_id, r.text, r.done) for r in conn.execute(query)]
