"""State changes of feedback, reception sessions and dialogues: one function per change, audited.

The life of a feedback item::

    received ──accept──▶ accepted ──draft_answer──▶ awaiting_approval ──publish_answer──▶ answered
       │ └──reject──▶ rejected          ▲    └──return_answer──┘                          │
       └──merge──▶ merged               └───────────── reopen (with a reason) ◀──────────┤
                                                 confirm_resolution ──▶ resolved / closed ┘

One module per concern (``intake``, ``routing``, ``handling``, ``followup``, ``sessions``); callers use
``citizens.services.<name>``.
"""

from . import ownership
from .followup import (
    CLOSE_AFTER_DAYS,
    ask_for_confirmation,
    close_unconfirmed,
    confirm_resolution,
    rate_answer,
    reopen_feedback,
)
from .handling import (
    FOLLOW_UP_DAYS,
    accept_feedback,
    draft_answer,
    merge_feedback,
    publish_answer,
    reject_feedback,
    return_answer,
    transfer_feedback,
)
from .intake import (
    CODE_ALPHABET,
    MAX_FILES,
    check_uploads,
    new_tracking_code,
    normalise_code,
    sniff_upload,
    submit_feedback,
)
from .ownership import escalate_unowned, intake_for, unowned
from .routing import models_case_committee_first, route_feedback, transfer_agencies
from .sessions import (
    add_dialogue_commitment,
    commitment_agencies,
    commitment_plans,
    record_dialogue_question,
    record_dialogue_results,
    record_reception_case,
)

__all__ = [
    "escalate_unowned",
    "intake_for",
    "ownership",
    "unowned",
    "CLOSE_AFTER_DAYS",
    "CODE_ALPHABET",
    "FOLLOW_UP_DAYS",
    "MAX_FILES",
    "accept_feedback",
    "add_dialogue_commitment",
    "ask_for_confirmation",
    "check_uploads",
    "close_unconfirmed",
    "commitment_agencies",
    "commitment_plans",
    "confirm_resolution",
    "draft_answer",
    "merge_feedback",
    "models_case_committee_first",
    "new_tracking_code",
    "normalise_code",
    "publish_answer",
    "rate_answer",
    "record_dialogue_question",
    "record_dialogue_results",
    "record_reception_case",
    "reject_feedback",
    "reopen_feedback",
    "return_answer",
    "route_feedback",
    "sniff_upload",
    "submit_feedback",
    "transfer_agencies",
    "transfer_feedback",
]
