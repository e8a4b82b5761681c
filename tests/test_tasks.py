"""Personal task lists and workload figures."""

from __future__ import annotations

import datetime as dt

from onboarding.overview import summarize
from onboarding.store import Actor, Store
from onboarding.tasks import open_steps_per_person, tasks_for, week_start, workload
from onboarding.workflow import Workflow
from tests.conftest import TODAY


def test_tasks_split_and_sorted(
    store: Store, actor: Actor, other_actor: Actor, case_id: int, workflow: Workflow
) -> None:
    store.assign_team(
        case_id,
        {
            "digitaliseringskonsulent": actor.staff_id,
            "chefgruppe": other_actor.staff_id,
        },
        actor,
    )
    store.set_step_status(case_id, "kundehenvendelse", "done", actor)
    responsible, involved = tasks_for(summarize(store, workflow, TODAY), actor.staff_id)
    assert [t.progress.scheduled.step.id for t in responsible] == [
        "orienter_chefgruppe",
        "book_moeder",
        "opkoblinger",
        "datafangst",
    ]
    assert [t.progress.overdue for t in responsible] == [True, True, False, False]
    assert [t.progress.scheduled.step.id for t in involved] == ["kundemoede"]
    theirs, _ = tasks_for(summarize(store, workflow, TODAY), other_actor.staff_id)
    assert [t.progress.scheduled.step.id for t in theirs] == ["orienter_teamledere"]


def test_paused_case_has_no_tasks(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    store.assign_role(case_id, "controller", actor.staff_id, actor)
    store.update_case(case_id, actor, state="paused", today=TODAY)
    responsible, involved = tasks_for(summarize(store, workflow, TODAY), actor.staff_id)
    assert (responsible, involved) == ([], [])


def test_workload_by_week(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    store.assign_role(case_id, "controller", actor.staff_id, actor)
    summaries = summarize(store, workflow, TODAY)
    table = workload(summaries, TODAY, weeks=3)
    mine = table[table["name"] == "Mette Kjær"]
    # Controller steps of a case started 02.11.2026: day 44 is due 16.12.2026.
    assert list(mine["week"]) == [week_start(dt.date(2026, 12, 16))]
    assert list(mine["steps"]) == [1]
    late = table[table["late"]]
    assert set(late["week"]) == {week_start(TODAY)}
    assert int(late["steps"].sum()) == 6
    by_role = workload(summaries, TODAY, weeks=3, by="role")
    assert "controller" in set(by_role["name"])


def test_open_steps_per_person(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    store.assign_role(case_id, "controller", actor.staff_id, actor)
    counts = open_steps_per_person(summarize(store, workflow, TODAY))
    assert counts["Mette Kjær"] == 5
    assert counts[""] == 8
