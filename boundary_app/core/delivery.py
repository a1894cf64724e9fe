"""How a nudge reaches the user: words, actions, sound, and session safety (core).

During a client session the screen may be shared, so a nudge then carries
no private text: session cues are generic by design, and anything else is
replaced by a neutral line. `sessions.cues` picks how loud a cue may be:
icon only (no notification at all), a quiet notification, or one with a
chime.
"""

from __future__ import annotations

from dataclasses import dataclass

from boundary_app.core.i18n import N_, _
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.settings import Cues

SNOOZE = "snooze"
DONE = "done"
END_SESSION = "end-session"
SHOW_PLAN = "show-plan"
NOTES = "notes"

SNOOZE_MIN = 5
ACTION_LABELS = {  # marked here, translated by `action_label` when shown
    SNOOZE: N_("Snooze {minutes} min"),
    DONE: N_("I'm done for the day"),
    END_SESSION: N_("End session"),
    SHOW_PLAN: N_("Today's plan"),
    NOTES: N_("Notes for supervision"),
}


def action_label(action: str) -> str:
    """The words on a nudge's button, in the user's language: "Snooze 5 min"."""
    return _(ACTION_LABELS[action]).format(minutes=SNOOZE_MIN)


_ACTIONS: dict[NudgeKind, tuple[str, ...]] = {
    NudgeKind.DAY_START: (SHOW_PLAN,),
    NudgeKind.DAY_WRAPUP: (DONE, SNOOZE),
    NudgeKind.DAY_END: (DONE, SNOOZE),
    NudgeKind.DAY_OVERTIME: (DONE,),
    NudgeKind.SESSION_WRAPUP: (END_SESSION,),
    NudgeKind.SESSION_END: (END_SESSION,),
    NudgeKind.SESSION_OVERRUN: (END_SESSION,),
    NudgeKind.SUPERVISION_REMINDER: (NOTES,),
}
_URGENT = {NudgeKind.DAY_OVERTIME, NudgeKind.SESSION_OVERRUN}


@dataclass(frozen=True)
class Delivery:
    """What to show for one nudge; `notify` False means the tray icon alone tells."""

    notify: bool
    title: str
    body: str
    actions: tuple[str, ...] = ()
    quiet: bool = False
    chime: bool = False
    urgency: int = 1  # 0 low, 1 normal, 2 critical


def delivery(nudge: Nudge, in_session: bool, cues: Cues) -> Delivery:
    """The delivery of `nudge`, safe to show on a screen shared with a client."""
    urgency = 2 if nudge.kind in _URGENT else 1
    actions = _ACTIONS.get(nudge.kind, ())
    if not in_session:
        return Delivery(True, nudge.title, nudge.body, actions, urgency=urgency)
    if cues is Cues.ICON:
        return Delivery(False, "", "")
    if nudge.kind.is_session_cue:
        title, body = nudge.title, nudge.body
    else:
        title, body = "Boundary", _("A reminder is waiting for after this session.")
        actions = ()
    return Delivery(
        True, title, body, actions, quiet=cues is Cues.QUIET, chime=cues is Cues.CHIME, urgency=0
    )
