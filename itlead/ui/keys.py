"""Every st.session_state key the app uses, in one place. Keys that vary carry their subject in the name."""
from __future__ import annotations

LEARNER_ID = "learner_id"
RESUME_CODE = "resume_code"
NEW_CODE = "new_code"  # the resume code just issued, shown once on Home
LOCALE = "locale"
LANGUAGE_PICKER = "language_picker"
DATABASE_URL = "database_url"
FACILITATOR = "facilitator"  # True once this session entered the facilitator passcode
LIVE_SESSION = "live_session"  # the live session the facilitator is running
LIVE_TOKEN = "live_token"  # a participant's private token
LOCAL_TAB = "local_tab"  # a random id for this tab, when the browser runs on the server itself
SHOW_RESUME_CODE = "show_resume_code"  # the sidebar shows the resume code only when asked
TEST_KIND = "test_kind"  # pretest | posttest on the pre/post page
PRACTICE_LAST = "practice_last"
PLAN_NEW = "plan_new"
SELF_ASSESSMENT_RETAKE = "self_assessment_retake"
PLANNER_FROM = "planner_from"
PLANNER_BASE = "planner_base"
PLANNER_DAYS = "planner_days"
PLANNER_REHEARSE = "planner_rehearse"
ITEM_REVIEW = "item_review"  # the facilitator asked for the items to revise on the analytics page
SCROLL_TOP = "scroll_top"  # set when the next run shows new content that should start at the top
FOCUS_QUESTION = "focus_question"  # set by Next and Previous: the next run moves keyboard focus to the new question
LIVE_TESTS_TOO = "live_tests_too"  # the facilitator asked to list pre/post-tests and surveys for a live run
ROOM_OVERRIDE = "room_override"  # (session id, position, choice) the facilitator picked instead of the majority


def live_answer(session_id: int, position: int) -> str:
    """A participant's stored answer to one live item, kept between the panel's reruns."""
    return f"live_answer:{session_id}:{position}"


def room_decision(session_id: int, position: int, suggested: str) -> str:
    """The decision selector's key: a new widget whenever the majority changes, so it follows the votes."""
    return f"room_decision_{session_id}_{position}_{suggested}"


def retry_check(bank_id: str) -> str:
    return f"retry_check_{bank_id}"


def retake_test(kind: str) -> str:
    return f"retake_test_{kind}"


def confirm_submit(attempt_id: int) -> str:
    return f"confirm_submit_{attempt_id}"


def evaluation_form(session_id: int) -> str:
    return f"evaluation_form_{session_id}"


def planner_day(field: str, n: int) -> str:
    return f"planner_{field}_{n}"


def question_position(attempt_id: int) -> str:
    return f"question_position_{attempt_id}"


def module_section(module_id: str) -> str:
    return f"module_section_{module_id}"


def lesson_index(module_id: str) -> str:
    return f"lesson_index_{module_id}"


def self_assessment_dimension(attempt_id: int) -> str:
    return f"self_assessment_dimension_{attempt_id}"


AUTHOR_PACK = "author_pack"  # the pack open on the Author page
AUTHOR_SECTION = "author_section"
AUTHOR_PLAY = "author_play"  # (case id, node id, score, last consequence) while the author plays a case
AUTHOR_DRAFT = "author_draft"  # the kept draft open in the question form


def author(*parts: object) -> str:
    """A widget or state key of the Author page; its parts name the pack, file and item it edits."""
    return "author:" + ":".join(str(p) for p in parts)


def author_version(pack: str, rel: str) -> str:
    """The version of a pack file when this tab opened it, for the conflict check on save."""
    return f"author_version:{pack}:{rel}"
