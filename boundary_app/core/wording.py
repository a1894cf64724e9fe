"""The words each nudge says (core).

Kept apart from the rules so wording can change, and be translated,
without touching the planner. Every sentence here is written for Boundary
and goes through `core.i18n` when the nudge is made, with the time in the
user's clock ("17:00" or "5:00 PM"). Session cues say nothing private: the
screen may be shared with a client.
"""

from __future__ import annotations

from datetime import datetime

from boundary_app.core.i18n import _, ngettext, span_text, time_text

Text = tuple[str, str]


def hhmm(local: datetime) -> str:
    """A local time in the user's clock: "17:00" or "5:00 PM"."""
    return time_text(local)


def _minutes(n: int) -> str:
    return ngettext("{count} minute", "{count} minutes", n).format(count=n)


def join_names(parts: list[str]) -> str:
    """ "A, B and C", as a sentence lists things."""
    if len(parts) <= 1:
        return "".join(parts)
    # Translators: the end of a list, like "A, B and C": the last two items.
    return _("{rest} and {last}").format(rest=", ".join(parts[:-1]), last=parts[-1])


def day_start(hours: list[tuple[datetime, datetime]]) -> Text:
    spans = [span_text(a, b) for a, b in hours]
    return (
        _("Your work day begins"),
        _("Today's hours: {hours}.").format(hours=join_names(spans)),
    )


def block_end(next_start: datetime) -> Text:
    return (
        _("Time to step away"),
        _("This stretch of work is over. The next one begins at {time}.").format(
            time=hhmm(next_start)
        ),
    )


def break_start(name: str, until: datetime) -> Text:
    return (
        # Translators: a protected break begins, like "Lunch - protected time" (en dash).
        _("{name} \u2013 protected time").format(name=name),
        _("Until {time}. The work will keep.").format(time=hhmm(until)),
    )


def email_window() -> Text:
    return (
        _("Email window"),
        _("A good moment to check mail. When you are through, close it until the next window."),
    )


def email_counted(unseen: list[tuple[str, int]]) -> str:
    """The email window's body once mail is counted: "7 unread in Inbox and 2 in Clients"."""
    total = sum(n for _folder_name, n in unseen)
    if total == 0:
        return _("Nothing unread. Nothing to chase: enjoy the gap.")
    counted = [(name, n) for name, n in unseen if n]
    first_name, first_count = counted[0]
    parts = [
        ngettext("{count} unread in {folder}", "{count} unread in {folder}", first_count).format(
            count=first_count, folder=_folder(first_name)
        )
    ]
    parts += [
        # Translators: more unread mail after the first folder, like "2 in Clients".
        _("{count} in {folder}").format(count=n, folder=_folder(name))
        for name, n in counted[1:]
    ]
    return _("{counts}. When you are through, close it until the next window.").format(
        counts=join_names(parts)
    )


def email_not_counted(reason: str) -> str:
    return _("A good moment to check mail. (Unread mail could not be counted: {reason})").format(
        reason=reason
    )


def _folder(name: str) -> str:
    return _("Inbox") if name.upper() == "INBOX" else name


def day_wrapup(lead_min: int, end: datetime) -> Text:
    return (
        _("Start wrapping up"),
        ngettext(
            "Your day ends at {time}. Use the last {minutes} minute to finish off and note"
            " tomorrow's tasks.",
            "Your day ends at {time}. Use the last {minutes} minutes to finish off and note"
            " tomorrow's tasks.",
            lead_min,
        ).format(time=hhmm(end), minutes=lead_min),
    )


def day_end() -> Text:
    return (
        _("Time to stop for today"),
        _("Write down what is left for tomorrow, then close the day: you are done."),
    )


def day_overtime(after_min: int) -> Text:
    return (
        _("Still working?"),
        ngettext(
            "Your day ended {minutes} minute ago. What is left will still be there"
            " tomorrow; close the day when you are ready.",
            "Your day ended {minutes} minutes ago. What is left will still be there"
            " tomorrow; close the day when you are ready.",
            after_min,
        ).format(minutes=after_min),
    )


def session_cue(name: str, minutes_left: int, overrun_min: int) -> Text:
    left = ngettext(
        "{minutes} minute left in this session.",
        "{minutes} minutes left in this session.",
        minutes_left,
    ).format(minutes=minutes_left)
    if name == "midpoint":
        return _("Halfway through"), left
    if name == "wrapup":
        return _("Begin wrapping up"), left
    if name == "end":
        return _("Session time is up"), _("The planned time for this session has ended.")
    return (
        _("Past the planned end"),
        ngettext(
            "This session is {minutes} minute over time.",
            "This session is {minutes} minutes over time.",
            overrun_min,
        ).format(minutes=overrun_min),
    )


def supervision(begins: datetime | None, check_ins: list[str]) -> Text:
    """The user's own supervision (`begins`, local) and/or check-ins due with supervisees.

    Supervisees are named by their initials only; both at one moment make one nudge.
    """
    people = join_names(check_ins)
    if begins is None:
        return (
            _("Check in with {people}").format(people=people),
            _(
                "A good moment to ask how their caseload feels and whether their breaks"
                " are holding up."
            ),
        )
    title = _("Supervision at {time}").format(time=hhmm(begins))
    if not check_ins:
        return title, _(
            "Time set aside for you. Gather what you want to bring; your notes for it wait"
            " in the tray menu."
        )
    return title, _(
        "Gather what you want to bring; your notes for it wait in the tray menu. It is also"
        " time to check in with {people}: ask how their caseload feels and whether their"
        " breaks are holding up."
    ).format(people=people)
