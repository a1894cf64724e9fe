"""The journal's methods: what goes in comes out, as the rest of Boundary reads it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from boundary_app.core.day_record import DayRecord
from boundary_app.core.sessions import Session
from boundary_app.core.tasks import MAX_TASK_CHARS, Task, TaskTextError, clean_task_text
from boundary_app.storage.journal import (
    OUTCOMES,
    Journal,
    JournalError,
    NudgeLogEntry,
    open_journal,
)
from boundary_app.storage.paths import data_dir, journal_path

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 5, 4, 9, 15, tzinfo=NY)
FRIDAY = date(2026, 5, 1)
MONDAY = date(2026, 5, 4)
TUESDAY = date(2026, 5, 5)
# A wall time that exists twice: the second 01:30 of the New York fall-back night.
SECOND_1_30 = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NY)


def ny(month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=NY)


@pytest.fixture
def journal() -> Iterator[Journal]:
    opened = open_journal(journal_path(), now=NOW)
    assert opened.notice is None
    assert opened.journal.available
    yield opened.journal
    opened.journal.close()


def texts(tasks: list[Task]) -> list[str]:
    return [t.text for t in tasks]


def test_the_journal_lives_in_the_data_folder() -> None:
    assert journal_path() == data_dir() / "journal.sqlite3"
    open_journal(journal_path(), now=NOW).journal.close()
    assert journal_path().is_file()


# --------------------------------------------------------------------------------------
# tasks
# --------------------------------------------------------------------------------------


def test_a_task_comes_back_as_it_was_added(journal: Journal) -> None:
    added = journal.add_task("  Call the supervisor\tabout Tuesday \n", MONDAY, NOW)
    assert added == Task(added.id, "Call the supervisor about Tuesday", MONDAY, 0)
    assert journal.task(added.id) == added
    assert journal.task(added.id + 1000) is None


@pytest.mark.parametrize("blank", ["", "   ", "\n\t\r", "\x00"])
def test_a_blank_task_is_refused(journal: Journal, blank: str) -> None:
    with pytest.raises(ValueError, match="a task needs some text"):
        journal.add_task(blank, MONDAY, NOW)
    assert journal.tasks_for(MONDAY) == []


def test_tasks_are_appended_after_the_days_last_position(journal: Journal) -> None:
    first = journal.add_task("one", MONDAY, NOW)
    second = journal.add_task("two", MONDAY, NOW)
    other_day = journal.add_task("elsewhere", TUESDAY, NOW)
    more = journal.add_tasks(["three", "", "  ", "four"], MONDAY, NOW)
    assert [first.position, second.position, other_day.position] == [0, 1, 0]
    assert [(t.text, t.position) for t in more] == [("three", 2), ("four", 3)]
    assert journal.tasks_for(MONDAY) == [first, second, *more]


def test_done_and_dropped_round_trip_as_instants(journal: Journal) -> None:
    task = journal.add_task("Write notes", MONDAY, NOW)
    journal.set_done(task.id, SECOND_1_30)
    done = journal.task(task.id)
    assert done is not None
    # (Python never calls a time in a fold equal to one in another zone: compare in UTC.)
    assert done.done_at == SECOND_1_30.astimezone(UTC)
    assert done.done_at.utcoffset() == timedelta(0)
    assert done.done_at == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # EST, not EDT
    journal.set_done(task.id, None)
    assert journal.task(task.id) == task
    journal.set_dropped(task.id, ny(5, 4, 17))
    dropped = journal.task(task.id)
    assert dropped is not None
    assert dropped.dropped_at == ny(5, 4, 17)
    assert not dropped.is_open


def test_an_open_friday_task_carries_over_to_monday(journal: Journal) -> None:
    still_open = journal.add_task("Friday, still open", FRIDAY, ny(5, 1, 16))
    done = journal.add_task("Friday, done", FRIDAY, ny(5, 1, 16))
    dropped = journal.add_task("Friday, dropped", FRIDAY, ny(5, 1, 16))
    monday = journal.add_task("Monday's own", MONDAY, NOW)
    journal.add_task("Tuesday's", TUESDAY, NOW)
    journal.set_done(done.id, ny(5, 1, 17))
    journal.set_dropped(dropped.id, ny(5, 1, 17))
    assert journal.open_tasks_through(MONDAY) == [still_open, monday]
    assert texts(journal.open_tasks_through(FRIDAY)) == ["Friday, still open"]
    assert journal.open_tasks_through(FRIDAY - timedelta(days=1)) == []


def test_the_days_tasks_include_done_ones_but_not_dropped_ones(journal: Journal) -> None:
    a, b, _ = journal.add_tasks(["a", "b", "c"], MONDAY, NOW)
    journal.set_done(a.id, ny(5, 4, 10))
    journal.set_dropped(b.id, ny(5, 4, 10))
    assert texts(journal.tasks_for(MONDAY)) == ["a", "c"]
    assert journal.tasks_for(MONDAY)[0].done


def test_done_between_is_half_open_and_skips_dropped_tasks(journal: Journal) -> None:
    early, edge, late, gone = journal.add_tasks(["early", "edge", "late", "gone"], MONDAY, NOW)
    journal.set_done(early.id, ny(5, 4, 8, 59))
    journal.set_done(edge.id, ny(5, 4, 9))
    journal.set_done(late.id, ny(5, 4, 17))
    journal.set_done(gone.id, ny(5, 4, 10))
    journal.set_dropped(gone.id, ny(5, 4, 11))
    # The same window written in another zone: instants, not wall times, decide.
    berlin = ZoneInfo("Europe/Berlin")
    start = ny(5, 4, 9).astimezone(berlin)
    end = ny(5, 4, 17).astimezone(berlin)
    assert texts(journal.done_between(start, end)) == ["edge"]
    assert texts(journal.done_between(ny(5, 4, 0), ny(5, 5, 0))) == ["early", "edge", "late"]


def test_editing_a_task_cleans_its_text(journal: Journal) -> None:
    task = journal.add_task("draft", MONDAY, NOW)
    assert journal.edit_task(task.id, " final\nversion ").text == "final version"
    with pytest.raises(ValueError, match="a task needs some text"):
        journal.edit_task(task.id, " ")
    with pytest.raises(TaskTextError):
        journal.edit_task(task.id, "x" * (MAX_TASK_CHARS + 1))
    assert texts(journal.tasks_for(MONDAY)) == ["final version"]


def test_reorder_gives_positions_in_the_new_order(journal: Journal) -> None:
    a, b, c = journal.add_tasks(["a", "b", "c"], MONDAY, NOW)
    journal.reorder([c.id, a.id, b.id])
    assert [(t.text, t.position) for t in journal.tasks_for(MONDAY)] == [
        ("c", 0),
        ("a", 1),
        ("b", 2),
    ]


def test_a_reorder_with_an_unknown_id_changes_nothing(journal: Journal) -> None:
    a, b = journal.add_tasks(["a", "b"], MONDAY, NOW)
    with pytest.raises(KeyError, match="no task with id 999"):
        journal.reorder([b.id, a.id, 999])
    assert journal.tasks_for(MONDAY) == [a, b]


def test_moved_tasks_go_after_the_target_days_last_task(journal: Journal) -> None:
    carried_a, carried_b = journal.add_tasks(["carried a", "carried b"], FRIDAY, NOW)
    (kept,) = journal.add_tasks(["already there"], TUESDAY, NOW)
    journal.move_tasks([carried_b.id, carried_a.id], TUESDAY)
    assert [(t.text, t.position) for t in journal.tasks_for(TUESDAY)] == [
        ("already there", 0),
        ("carried b", 1),
        ("carried a", 2),
    ]
    assert journal.tasks_for(FRIDAY) == []
    with pytest.raises(KeyError, match="no task with id 4242"):
        journal.move_tasks([kept.id, 4242], MONDAY)
    assert texts(journal.tasks_for(TUESDAY)) == ["already there", "carried b", "carried a"]


@pytest.mark.parametrize(
    "change",
    [
        lambda j: j.set_done(77, NOW),
        lambda j: j.set_done(77, None),
        lambda j: j.set_dropped(77, NOW),
        lambda j: j.edit_task(77, "text"),
        lambda j: j.reorder([77]),
        lambda j: j.move_tasks([77], MONDAY),
    ],
)
def test_an_unknown_task_id_is_a_key_error_naming_it(journal: Journal, change: object) -> None:
    assert callable(change)
    with pytest.raises(KeyError, match="no task with id 77"):
        change(journal)


def test_an_unknown_session_id_is_a_key_error_naming_it(journal: Journal) -> None:
    with pytest.raises(KeyError, match="no session with id 5"):
        journal.end_session(5, NOW)


def test_a_task_too_long_is_refused_and_nothing_is_stored(journal: Journal) -> None:
    with pytest.raises(TaskTextError, match="1 too many"):
        journal.add_task("y" * (MAX_TASK_CHARS + 1), MONDAY, NOW)
    with pytest.raises(TaskTextError):
        journal.add_tasks(["fine", "z" * (MAX_TASK_CHARS + 1), "also fine"], MONDAY, NOW)
    assert journal.tasks_for(MONDAY) == []
    assert journal._db.execute("SELECT count(*) FROM tasks").fetchone() == (0,)


def test_hundreds_of_tasks_go_in_one_batch(journal: Journal) -> None:
    lines = [f"task {n}" if n % 11 else " " for n in range(1, 551)]
    added = journal.add_tasks(lines, MONDAY, NOW)
    assert len(added) == 500
    assert [t.position for t in added] == list(range(500))
    assert journal.tasks_for(MONDAY) == added


def test_task_text_round_trips_exactly(journal: Journal) -> None:
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(max_size=MAX_TASK_CHARS))
    @example("👩🏽‍⚕️ call back 🇨🇦")
    @example("שלום עולם، مرحبا بالعالم")  # right-to-left scripts
    @example("e\u0301\u0302 a\u20dd Z\u0351\u0352\u0353")  # combining marks
    @example("\u202eevil\u202c \ufeff zero\u200bwidth")
    @example("🧠" * MAX_TASK_CHARS)
    @example(" " + "\u0915\u094d\u0937" * (MAX_TASK_CHARS // 3) + "\n")
    def round_trip(text: str) -> None:
        cleaned = clean_task_text(text)
        if cleaned is None:
            with pytest.raises(ValueError, match="a task needs some text"):
                journal.add_task(text, MONDAY, NOW)
            return
        added = journal.add_task(text, MONDAY, NOW)
        assert added.text == cleaned
        stored = journal.task(added.id)
        assert stored is not None
        assert stored.text == cleaned

    round_trip()


def test_naive_datetimes_are_refused(journal: Journal) -> None:
    naive = datetime(2026, 5, 4, 9, 0)  # noqa: DTZ001 - the point of the test
    task = journal.add_task("t", MONDAY, NOW)
    for call in (
        lambda: journal.add_task("t", MONDAY, naive),
        lambda: journal.set_done(task.id, naive),
        lambda: journal.done_between(naive, NOW),
        lambda: journal.claim_nudge("day.end", naive, NOW),
        lambda: journal.save_draft("k", "v", naive),
        lambda: journal.sessions_since(naive),
    ):
        with pytest.raises(ValueError, match="must be an aware datetime"):
            call()


def test_a_failed_read_names_the_file(journal: Journal) -> None:
    journal.close()
    with pytest.raises(JournalError, match=str(journal.path)):
        journal.tasks_for(MONDAY)


# --------------------------------------------------------------------------------------
# days
# --------------------------------------------------------------------------------------


def test_a_day_round_trips_every_field(journal: Journal) -> None:
    record = DayRecord(
        MONDAY,
        closed_at=ny(5, 4, 17, 40),
        scheduled_end=ny(5, 4, 17),
        overtime_min=40,
        snoozes=2,
        went_well="Held the line on email ✉️",
        morning_seen_at=ny(5, 4, 8, 55),
    )
    assert journal.day(MONDAY) is None
    journal.save_day(record)
    assert journal.day(MONDAY) == record
    reopened = DayRecord(MONDAY, scheduled_end=ny(5, 4, 17))
    journal.save_day(reopened)
    assert journal.day(MONDAY) == reopened


def test_days_between_includes_both_ends_in_date_order(journal: Journal) -> None:
    for offset in (3, 0, 1, -1, 2):
        journal.save_day(DayRecord(MONDAY + timedelta(days=offset), snoozes=offset + 1))
    found = journal.days_between(MONDAY, MONDAY + timedelta(days=2))
    assert [r.day for r in found] == [MONDAY + timedelta(days=n) for n in range(3)]
    assert [r.snoozes for r in found] == [1, 2, 3]


# --------------------------------------------------------------------------------------
# sessions
# --------------------------------------------------------------------------------------


def test_sessions_round_trip_and_end(journal: Journal) -> None:
    later = Session(ny(5, 4, 14), timedelta(minutes=50))
    earlier = Session(ny(5, 4, 10), timedelta(minutes=45), ended_at=ny(5, 4, 10, 44))
    before = Session(ny(5, 3, 10), timedelta(minutes=50))
    later_id = journal.add_session(later, source="calendar")
    earlier_id = journal.add_session(earlier)
    journal.add_session(before)
    assert journal.sessions_since(ny(5, 4, 0)) == [
        (earlier_id, earlier, "manual"),
        (later_id, later, "calendar"),
    ]
    journal.end_session(later_id, ny(5, 4, 14, 55))
    (_, _, (_, ended, _)) = journal.sessions_since(ny(5, 3, 0))
    assert ended.ended_at == ny(5, 4, 14, 55)


def test_a_session_length_must_be_whole_minutes(journal: Journal) -> None:
    with pytest.raises(ValueError, match="whole minutes"):
        journal.add_session(Session(NOW, timedelta(minutes=50, seconds=30)))


# --------------------------------------------------------------------------------------
# nudge log
# --------------------------------------------------------------------------------------


def test_a_nudge_is_claimed_once(journal: Journal) -> None:
    planned = ny(5, 4, 16, 30)
    assert journal.claim_nudge("day.wrapup", planned, ny(5, 4, 16, 30, 1))
    assert not journal.claim_nudge("day.wrapup", planned, ny(5, 4, 16, 31))
    # The same instant written in another zone is the same nudge.
    assert not journal.claim_nudge("day.wrapup", planned.astimezone(UTC), ny(5, 4, 16, 32))
    assert journal.claim_nudge("email.window", planned, ny(5, 4, 16, 30))
    assert journal.nudge_log_since(planned) == [
        NudgeLogEntry("day.wrapup", planned, ny(5, 4, 16, 30, 1), "shown", ny(5, 4, 16, 30, 1)),
        NudgeLogEntry("email.window", planned, planned, "shown", planned),
    ]


def test_a_claim_holds_after_the_journal_is_reopened() -> None:
    opened = open_journal(journal_path(), now=NOW)
    assert opened.journal.claim_nudge("day.end", ny(5, 4, 17), ny(5, 4, 17))
    opened.journal.close()
    again = open_journal(journal_path(), now=NOW).journal
    try:
        assert not again.claim_nudge("day.end", ny(5, 4, 17), ny(5, 4, 17, 5))
        assert again.claim_nudge("day.end", ny(5, 5, 17), ny(5, 5, 17))
    finally:
        again.close()


def test_outcomes_are_recorded(journal: Journal) -> None:
    planned = ny(5, 4, 12)
    journal.claim_nudge("break.start", planned, planned)
    journal.set_nudge_outcome("break.start", planned, "snoozed", ny(5, 4, 12, 1))
    journal.set_nudge_outcome("break.start", planned, "acted", ny(5, 4, 12, 11))
    (entry,) = journal.nudge_log_since(planned)
    assert entry == NudgeLogEntry("break.start", planned, planned, "acted", ny(5, 4, 12, 11))
    with pytest.raises(ValueError, match="unknown nudge outcome 'ignored'"):
        journal.set_nudge_outcome("break.start", planned, "ignored", NOW)
    assert "acted" in OUTCOMES


def test_an_outcome_for_an_unclaimed_nudge_is_logged_anyway(journal: Journal) -> None:
    planned = ny(5, 4, 13)
    journal.set_nudge_outcome("email.window", planned, "dismissed", ny(5, 4, 13, 2))
    assert journal.nudge_log_since(planned) == [
        NudgeLogEntry("email.window", planned, None, "dismissed", ny(5, 4, 13, 2))
    ]


def test_a_missed_nudge_is_logged_once_and_never_shown(journal: Journal) -> None:
    missed, shown = ny(5, 4, 10, 25), ny(5, 4, 10, 40)
    journal.log_missed("session.wrapup", missed, ny(5, 4, 11))
    journal.log_missed("session.wrapup", missed, ny(5, 4, 12))
    assert not journal.claim_nudge("session.wrapup", missed, ny(5, 4, 12))
    journal.claim_nudge("session.end", shown, shown)
    journal.log_missed("session.end", shown, ny(5, 4, 12))  # already shown: stays shown
    assert journal.nudge_log_since(ny(5, 4, 0)) == [
        NudgeLogEntry("session.wrapup", missed, None, "missed", ny(5, 4, 11)),
        NudgeLogEntry("session.end", shown, shown, "shown", shown),
    ]
    assert journal.nudge_log_since(shown + timedelta(seconds=1)) == []


# --------------------------------------------------------------------------------------
# drafts
# --------------------------------------------------------------------------------------


def test_drafts_are_saved_replaced_and_cleared(journal: Journal) -> None:
    assert journal.draft("handoff") is None
    journal.save_draft("handoff", "call B\nfile notes", NOW)
    journal.save_draft("went_well", "", NOW)
    assert journal.draft("handoff") == "call B\nfile notes"  # kept exactly, line breaks too
    journal.save_draft("handoff", "call B\nfile notes\nbook room", NOW + timedelta(seconds=2))
    assert journal.draft("handoff") == "call B\nfile notes\nbook room"
    assert journal.draft("went_well") == ""
    journal.clear_draft("handoff")
    journal.clear_draft("handoff")  # clearing twice is fine
    assert journal.draft("handoff") is None
    assert journal.draft("went_well") == ""


def test_a_draft_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "j" / "journal.sqlite3"
    first = open_journal(path, now=NOW).journal
    first.save_draft("handoff", "half a thought", NOW)
    first.close()
    second = open_journal(path, now=NOW).journal
    try:
        assert second.draft("handoff") == "half a thought"
    finally:
        second.close()


def test_two_openers_of_one_file_share_the_claims(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "journal.sqlite3"
    app = open_journal(path, now=NOW).journal
    cli = open_journal(path, now=NOW).journal
    try:
        assert app.claim_nudge("day.end", ny(5, 4, 17), ny(5, 4, 17))
        assert not cli.claim_nudge("day.end", ny(5, 4, 17), ny(5, 4, 17))
        cli.add_task("from the command line", MONDAY, NOW)
        assert texts(app.tasks_for(MONDAY)) == ["from the command line"]
    finally:
        app.close()
        cli.close()
