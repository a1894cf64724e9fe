"""Shows the nudges the controller passes on, and answers their buttons (ui).

The words and the session-safety rules come from `core.delivery`; this
module only turns them into a notice for the notifier, flashes the tray
icon when a cue is icon-only, and maps a clicked action back to the
controller.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from boundary_app.app.controller import Controller
from boundary_app.core import delivery as rules
from boundary_app.core import wording
from boundary_app.core.day_state import DayState
from boundary_app.core.nudge import Nudge, NudgeKind
from boundary_app.core.settings import Cues
from boundary_app.ui.notifier import DISMISSED, Action, Notice, Notifier

log = logging.getLogger(__name__)


def notice_key(nudge: Nudge) -> str:
    return f"{nudge.kind.value}|{nudge.at.isoformat()}"


class NudgePresenter(QObject):
    shown = Signal(object, str)  # the nudge, and the channel that showed it ("icon": the tray)
    plan_requested = Signal()
    done_requested = Signal()
    notes_requested = Signal()
    icon_cue = Signal()  # an icon-only cue: the tray should draw attention

    def __init__(self, controller: Controller, notifier: Notifier) -> None:
        super().__init__()
        self._controller = controller
        self._notifier = notifier
        self._recent: dict[str, Nudge] = {}
        notifier.action_invoked.connect(self._on_action)

    def preview(self, cues: str) -> None:
        """Show a sample session cue the way `cues` would during a session (settings' "Try it")."""
        title, body = wording.session_cue("wrapup", 10, 0)
        nudge = Nudge(NudgeKind.SESSION_WRAPUP, self._controller.now(), title, body)
        self._show(nudge, rules.delivery(nudge, True, Cues(cues)), key_suffix="preview")

    def quiet_notice(self, title: str, body: str) -> None:
        """A silent notice that is not a nudge (a calendar that could not be refreshed)."""
        self._notifier.show(Notice(key=f"notice|{title}", title=title, body=body, quiet=True))

    def present(self, nudges: list[Nudge]) -> None:
        controller = self._controller
        in_session = controller.status().state is DayState.IN_SESSION
        cues = controller.settings.sessions.cues
        for nudge in nudges:
            self._show(nudge, rules.delivery(nudge, in_session, cues))
        while len(self._recent) > 50:
            self._recent.pop(next(iter(self._recent)))

    def _show(self, nudge: Nudge, plan: rules.Delivery, key_suffix: str = "") -> None:
        if not plan.notify:
            self.icon_cue.emit()
            self.shown.emit(nudge, "icon")
            return
        key = notice_key(nudge) + key_suffix
        if not key_suffix:  # a sample has no buttons to answer
            self._recent[key] = nudge
        notice = Notice(
            key=key,
            title=plan.title,
            body=plan.body,
            actions=()
            if key_suffix
            else tuple(Action(a, rules.action_label(a)) for a in plan.actions),
            quiet=plan.quiet,
            chime=plan.chime,
            urgency=plan.urgency,
        )
        channel = self._notifier.show(notice)
        log.info("%s shown via %s", nudge.kind, channel)
        self.shown.emit(nudge, channel or "")

    def _on_action(self, key: str, action: str) -> None:
        nudge = self._recent.get(key)
        if nudge is not None and action != rules.SNOOZE:  # a snooze is logged as one
            outcome = "dismissed" if action == DISMISSED else "acted"
            self._controller.record_outcome(nudge, outcome)
        if action == rules.SNOOZE and nudge is not None:
            self._controller.snooze(nudge, rules.SNOOZE_MIN)
        elif action == rules.DONE:
            self.done_requested.emit()
        elif action == rules.END_SESSION:
            self._controller.end_session()
        elif action == rules.NOTES or (
            action == "default"
            and nudge is not None
            and nudge.kind is NudgeKind.SUPERVISION_REMINDER
        ):
            self.notes_requested.emit()
        elif action in (rules.SHOW_PLAN, "default"):
            self.plan_requested.emit()
