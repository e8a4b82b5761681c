"""Due dates on the firm's calendar: working days, holidays, closing days, pauses."""

from __future__ import annotations

import datetime as dt

import pytest

from onboarding.errors import WorkflowError
from onboarding.progress import case_steps, paused_days
from onboarding.workdays import FirmCalendar, public_holiday_name
from onboarding.workflow import Workflow, parse_workflow

FIRM = FirmCalendar(
    working_days=True, closing_days=frozenset({(5, 6), (24, 12), (31, 12)})
)


def test_working_days_skip_easter() -> None:
    # Wednesday 1 April 2026; Thursday to Monday are skærtorsdag, langfredag,
    # the weekend with påskedag, and 2. påskedag.
    start = dt.date(2026, 4, 1)
    assert FIRM.add_days(start, 1) == dt.date(2026, 4, 7)
    assert FIRM.add_days(start, 3) == dt.date(2026, 4, 9)


def test_working_days_skip_christmas_and_new_year() -> None:
    start = dt.date(2026, 12, 22)
    assert [FIRM.add_days(start, n) for n in range(1, 6)] == [
        dt.date(2026, 12, 23),
        dt.date(2026, 12, 28),
        dt.date(2026, 12, 29),
        dt.date(2026, 12, 30),
        dt.date(2027, 1, 4),
    ]


def test_calendar_days_move_off_closed_day() -> None:
    calendar = FirmCalendar(closing_days=frozenset({(24, 12)}))
    due, moved_from = calendar.due_date(dt.date(2026, 12, 20), 4)
    assert moved_from == dt.date(2026, 12, 24)
    assert due == dt.date(2026, 12, 28)
    due, moved_from = calendar.due_date(dt.date(2026, 12, 1), 1)
    assert (due, moved_from) == (dt.date(2026, 12, 2), None)


def test_store_bededag_only_before_2024() -> None:
    calendar = FirmCalendar()
    assert calendar.is_closed(dt.date(2023, 5, 5))
    assert not calendar.is_closed(dt.date(2024, 4, 26))
    assert public_holiday_name(dt.date(2026, 12, 25), "da") == "Juledag"


def test_closed_start_day_moves_forward() -> None:
    # Saturday 5 December 2026: day 0 is Monday 7 December.
    assert FIRM.add_days(dt.date(2026, 12, 5), 0) == dt.date(2026, 12, 7)
    assert FIRM.add_days(dt.date(2026, 12, 5), 1) == dt.date(2026, 12, 8)


def test_workflow_chooses_working_days(workflow_text: str) -> None:
    working = parse_workflow(workflow_text.replace("unit: calendar", "unit: working"))
    case = {"start_date": "2026-12-22", "state": "active"}
    steps = case_steps(working, case, {}, dt.date(2026, 12, 22))
    # Day 5 in working days from Tuesday 22 December 2026.
    assert steps[4].due == dt.date(2027, 1, 4)
    assert steps[4].moved_from is None


def test_workflow_closing_days_from_file(workflow: Workflow) -> None:
    assert workflow.calendar.closing_days == {(5, 6), (24, 12), (31, 12)}
    assert not workflow.calendar.working_days


def test_invalid_closing_day_rejected(workflow_text: str) -> None:
    with pytest.raises(WorkflowError) as caught:
        parse_workflow(workflow_text.replace('"31.12"', '"31.02"'))
    assert "firm.closing_days[2]" in caught.value.localized("en")


def test_pause_over_christmas_pushes_open_steps(workflow: Workflow) -> None:
    case = {"start_date": "2026-12-01", "state": "active"}
    pauses = [{"paused_on": "2026-12-18", "resumed_on": "2027-01-04"}]
    shift = paused_days(pauses, dt.date(2027, 1, 10))
    assert shift == 17
    steps = case_steps(
        workflow, case, {"book_moeder": "done"}, dt.date(2027, 1, 10), shift
    )
    # Done steps keep their date; day 24 (25.12.2026) moves 17 days to
    # 11.01.2027, a Monday.
    assert steps[4].due == dt.date(2026, 12, 7)
    assert steps[5].due == dt.date(2027, 1, 11)


def test_running_pause_counts_to_today() -> None:
    assert (
        paused_days(
            [{"paused_on": "2026-12-01", "resumed_on": None}], dt.date(2026, 12, 4)
        )
        == 3
    )
