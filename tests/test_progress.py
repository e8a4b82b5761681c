"""Progress, lateness and the overview figures."""

from __future__ import annotations

import datetime as dt

from onboarding.overview import filter_summaries, summarize
from onboarding.progress import case_steps, key_figures
from onboarding.store import Actor, Store
from onboarding.workflow import Workflow
from tests.conftest import TODAY


def _finish(store: Store, case_id: int, step_ids: list[str], actor: Actor) -> None:
    for step_id in step_ids:
        store.set_step_status(case_id, step_id, "done", actor)


def test_progress_counts_done_and_not_relevant(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    _finish(store, case_id, ["kundehenvendelse", "orienter_chefgruppe"], actor)
    store.set_step_status(case_id, "orienter_teamledere", "not_relevant", actor)
    store.set_step_status(case_id, "sammensaet_hold", "waiting", actor)
    summary = summarize(store, workflow, TODAY)[0]
    assert summary.finished_count == 3
    assert round(summary.progress, 4) == round(3 / 13, 4)
    assert summary.current_step.scheduled.step.id == "sammensaet_hold"
    assert summary.current_step.due == dt.date(2026, 11, 5)


def test_overdue_only_for_open_steps_of_active_cases(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    _finish(store, case_id, ["kundehenvendelse"], actor)
    summary = summarize(store, workflow, TODAY)[0]
    # Started 02.11.2026: days 1 to 24 are past on 04.12.2026, day 44 is not.
    assert summary.overdue_count == 5
    store.update_case(case_id, actor, state="paused")
    assert summarize(store, workflow, TODAY)[0].overdue_count == 0


def test_completed_case_counted(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    _finish(store, case_id, [s.id for s in workflow.steps], actor)
    figures = key_figures(summarize(store, workflow, TODAY))
    assert figures == {"active": 1, "overdue_steps": 0, "late_cases": 0, "completed": 1}


def test_filter_by_person_and_state(
    store: Store, actor: Actor, other_actor: Actor, case_id: int, workflow: Workflow
) -> None:
    second = store.create_case("Egelund ApS", "87654321", TODAY, actor, today=TODAY)
    store.assign_role(case_id, "controller", other_actor.staff_id, actor)
    store.update_case(second, actor, state="closed", reason="Kunden sprang fra.")
    summaries = summarize(store, workflow, TODAY)
    mine = filter_summaries(summaries, staff_id=other_actor.staff_id)
    assert [s.case["id"] for s in mine] == [case_id]
    closed = filter_summaries(summaries, states=["closed"])
    assert [s.case["id"] for s in closed] == [second]
    late = filter_summaries(summaries, only_late=True)
    assert [s.case["id"] for s in late] == [case_id]


def test_case_steps_default_not_started(workflow: Workflow) -> None:
    case = {"start_date": "2026-12-04", "state": "active"}
    steps = case_steps(workflow, case, {}, TODAY)
    assert {s.status for s in steps} == {"not_started"}
    # Day 86 is Sunday 28.02.2027, so the step is due on Monday.
    assert steps[-1].due == dt.date(2027, 3, 1)


def test_summary_cache_follows_changes(
    store: Store, actor: Actor, other_actor: Actor, case_id: int, workflow: Workflow
) -> None:
    from onboarding.overview import SummaryCache

    second = store.create_case("Egelund ApS", "87654321", TODAY, actor, today=TODAY)
    cache = SummaryCache(workflow, ("active", "paused"))
    first = cache.get(store, TODAY)
    assert [s.case["id"] for s in first] == [case_id, second]
    untouched = first[1]

    store.set_step_status(case_id, "kundehenvendelse", "done", actor)
    store.assign_role(case_id, "controller", other_actor.staff_id, actor)
    again = cache.get(store, TODAY)
    assert again[1] is untouched
    assert again[0].finished_count == 1
    assert again[0].person("controller") == "Lars Østergaard"

    store.update_case(second, actor, state="closed", reason="Fejl.")
    assert [s.case["id"] for s in cache.get(store, TODAY)] == [case_id]

    store.update_staff(other_actor.staff_id, "Lars Ø. Dam", "LØ", "", True, actor)
    assert cache.get(store, TODAY)[0].person("controller") == "Lars Ø. Dam"
    full = summarize(store, workflow, TODAY, ("active", "paused"))
    assert [(s.case, s.steps) for s in cache.get(store, TODAY)] == [
        (s.case, s.steps) for s in full
    ]
