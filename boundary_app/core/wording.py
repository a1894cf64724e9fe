"""The words each nudge says (core).

Kept apart from the rules so wording can change, and later be translated,
without touching the planner. Every sentence here is written for Boundary.
Session cues say nothing private: the screen may be shared with a client.
"""

from __future__ import annotations

from datetime import datetime

Text = tuple[str, str]


def hhmm(local: datetime) -> str:
    return local.strftime("%H:%M")


def _minutes(n: int) -> str:
    return "1 minute" if n == 1 else f"{n} minutes"


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def day_start(hours: list[tuple[datetime, datetime]]) -> Text:
    spans = [f"{hhmm(a)}\u2013{hhmm(b)}" for a, b in hours]
    return "Your work day begins", f"Today's hours: {_join(spans)}."


def block_end(next_start: datetime) -> Text:
    return (
        "Time to step away",
        f"This stretch of work is over. The next one begins at {hhmm(next_start)}.",
    )


def break_start(name: str, until: datetime) -> Text:
    return f"{name} \u2013 protected time", f"Until {hhmm(until)}. The work will keep."


def email_window() -> Text:
    return (
        "Email window",
        "A good moment to check mail. When you are through, close it until the next window.",
    )


def email_counted(unseen: list[tuple[str, int]]) -> str:
    """The email window's body once mail is counted: "7 unread in Inbox and 2 in Clients"."""
    total = sum(n for _, n in unseen)
    if total == 0:
        return "Nothing unread. Nothing to chase: enjoy the gap."
    parts = [f"{n} in {_folder(name)}" for name, n in unseen if n]
    parts[0] = parts[0].replace(" in ", " unread in ", 1)
    return f"{_join(parts)}. When you are through, close it until the next window."


def email_not_counted(reason: str) -> str:
    return f"A good moment to check mail. (Unread mail could not be counted: {reason})"


def _folder(name: str) -> str:
    return "Inbox" if name.upper() == "INBOX" else name


def day_wrapup(lead_min: int, end: datetime) -> Text:
    return (
        "Start wrapping up",
        f"Your day ends at {hhmm(end)}. Use the last {_minutes(lead_min)} to finish off"
        " and note tomorrow's tasks.",
    )


def day_end() -> Text:
    return (
        "Time to stop for today",
        "Write down what is left for tomorrow, then close the day: you are done.",
    )


def day_overtime(after_min: int) -> Text:
    return (
        "Still working?",
        f"Your day ended {_minutes(after_min)} ago. What is left will still be there"
        " tomorrow; close the day when you are ready.",
    )


def session_cue(name: str, minutes_left: int, overrun_min: int) -> Text:
    if name == "midpoint":
        return "Halfway through", f"{_minutes(minutes_left)} left in this session."
    if name == "wrapup":
        return "Begin wrapping up", f"{_minutes(minutes_left)} left in this session."
    if name == "end":
        return "Session time is up", "The planned time for this session has ended."
    return "Past the planned end", f"This session is {_minutes(overrun_min)} over time."


_SUPERVISION_NOTES = "Gather what you want to bring; your notes for it wait in the tray menu."


def supervision(begins: datetime | None, check_ins: list[str]) -> Text:
    """The user's own supervision (`begins`, local) and/or check-ins due with supervisees.

    Supervisees are named by their initials only; both at one moment make one nudge.
    """
    people = _join(check_ins)
    ask = "how their caseload feels and whether their breaks are holding up"
    if begins is None:
        return f"Check in with {people}", f"A good moment to ask {ask}."
    title = f"Supervision at {hhmm(begins)}"
    if not check_ins:
        return title, f"Time set aside for you. {_SUPERVISION_NOTES}"
    return title, f"{_SUPERVISION_NOTES} It is also time to check in with {people}: ask {ask}."
