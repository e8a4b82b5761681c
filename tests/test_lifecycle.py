"""Pausing, closing and reopening cases, moving start dates, and handovers."""

from __future__ import annotations

import datetime as dt

import pytest

from onboarding.errors import InputError, StaleWriteError
from onboarding.overview import summarize
from onboarding.progress import case_steps, paused_days
from onboarding.store import Actor, Store
from onboarding.workflow import Workflow
from tests.conftest import TODAY


def test_pause_and_resume_shift_open_steps(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    store.update_case(case_id, actor, state="paused", today=dt.date(2026, 11, 10))
    assert summarize(store, workflow, TODAY)[0].overdue_count == 0
    store.update_case(case_id, actor, state="active", today=dt.date(2026, 11, 20))
    pauses = store.pauses(case_id)
    assert [(p["paused_on"], p["resumed_on"]) for p in pauses] == [
        ("2026-11-10", "2026-11-20")
    ]
    assert paused_days(pauses, TODAY) == 10
    summary = summarize(store, workflow, TODAY)[0]
    # Started 02.11.2026; day 5 plus 10 paused days is 17.11.2026.
    assert summary.steps[4].due == dt.date(2026, 11, 17)
    states = [
        (e["old_value"], e["new_value"]) for e in reversed(store.events(case_id))
    ][1:]
    assert states == [("active", "paused"), ("paused", "active")]


def test_close_needs_reason_when_steps_open(
    store: Store, actor: Actor, case_id: int
) -> None:
    with pytest.raises(InputError) as caught:
        store.update_case(case_id, actor, state="closed")
    assert "13 steps" in str(caught.value)
    assert store.get_case(case_id)["state"] == "active"
    store.update_case(
        case_id, actor, state="closed", reason="Kunden har valgt et andet system."
    )
    case = store.get_case(case_id)
    assert case["state"] == "closed"
    assert case["closed_reason"] == "Kunden har valgt et andet system."


def test_close_without_reason_when_all_finished(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    for step in workflow.steps:
        store.set_step_status(
            case_id, step.id, "not_relevant" if step.day is None else "done", actor
        )
    store.update_case(case_id, actor, state="closed")
    assert store.get_case(case_id)["state"] == "closed"


def test_reopen_clears_reason(store: Store, actor: Actor, case_id: int) -> None:
    store.update_case(case_id, actor, state="closed", reason="Fejloprettet.")
    with pytest.raises(InputError):
        store.update_case(case_id, actor, state="paused")
    store.update_case(case_id, actor, state="active")
    case = store.get_case(case_id)
    assert (case["state"], case["closed_reason"]) == ("active", None)


def test_move_start_date_logged(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    case = store.get_case(case_id)
    old = case_steps(workflow, case, {}, TODAY)
    new = case_steps(workflow, case, {}, TODAY, start=dt.date(2026, 11, 9))
    assert [n.due - o.due for o, n in zip(old, new, strict=True)][0] == dt.timedelta(
        days=7
    )
    store.move_start_date(case_id, dt.date(2026, 11, 9), actor, today=TODAY)
    assert store.get_case(case_id)["start_date"] == "2026-11-09"
    event = store.events(case_id)[0]
    assert (event["action"], event["old_value"], event["new_value"]) == (
        "case_start_date",
        "2026-11-02",
        "2026-11-09",
    )


def test_handover_makes_assistant_controller(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    store.assign_team(
        case_id,
        {"controller": actor.staff_id, "controller_assistent": other_actor.staff_id},
        actor,
    )
    store.hand_over(case_id, "controller_overdragelse", actor)
    team = store.team(case_id)
    assert team["controller"]["name"] == "Lars Østergaard"
    assert store.step_statuses(case_id)["overlevering"]["status"] == "done"
    event = next(e for e in store.events(case_id) if e["action"] == "handover")
    assert (event["old_value"], event["new_value"], event["subject"]) == (
        "Mette Kjær",
        "Lars Østergaard",
        "controller",
    )


def test_handover_needs_person_taking_over(
    store: Store, actor: Actor, case_id: int
) -> None:
    with pytest.raises(InputError) as caught:
        store.hand_over(case_id, "controller_overdragelse", actor)
    assert "Controller/revisor-assistent" in str(caught.value)
    assert "overlevering" not in store.step_statuses(case_id)


def test_renamed_person_keeps_old_name_in_history(
    store: Store, actor: Actor, case_id: int
) -> None:
    store.add_comment(case_id, "kundehenvendelse", "Før navneskift", actor)
    store.update_staff(actor.staff_id, "Mette Kjær Holm", "MK", "", True, actor)
    renamed = Actor.from_staff(store.get_staff(actor.staff_id))
    store.add_comment(case_id, "kundehenvendelse", "Efter navneskift", renamed)
    authors = [c["author"] for c in store.comments(case_id)]
    assert authors == ["Mette Kjær Holm (MK)", "Mette Kjær (MK)"]
    assert store.events(case_id)[-1]["actor"] == "Mette Kjær (MK)"


def test_stale_team_change_rejected(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    seen = {"controller": None, "teamledere": None}
    store.assign_team(case_id, {"controller": other_actor.staff_id}, other_actor)
    events = len(store.events(case_id))
    with pytest.raises(StaleWriteError) as caught:
        store.assign_team(
            case_id,
            {"controller": actor.staff_id, "teamledere": actor.staff_id},
            actor,
            expected=seen,
        )
    assert caught.value.params["who"] == other_actor.name
    assert "Controller" in caught.value.localized("da")
    assert store.team(case_id)["controller"]["id"] == other_actor.staff_id
    assert "teamledere" not in store.team(case_id)
    assert len(store.events(case_id)) == events
