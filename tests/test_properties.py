"""Random sequences of store operations keep the store's invariants."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onboarding.config import DEFAULT_WORKFLOW
from onboarding.errors import InputError
from onboarding.store import STATUSES, Actor, Store
from onboarding.workflow import load_workflow
from tests.conftest import TODAY

WORKFLOW = load_workflow(DEFAULT_WORKFLOW)
STEP_IDS = [step.id for step in WORKFLOW.steps]
ITEMS = [
    (step.id, item.id)
    for step in WORKFLOW.steps
    for item in step.checklist
    if not item.open
]
ROLE_IDS = [role.id for role in WORKFLOW.roles]

operations = st.one_of(
    st.tuples(
        st.just("status"),
        st.integers(0, 1),
        st.sampled_from(STEP_IDS),
        st.sampled_from(STATUSES),
    ),
    st.tuples(
        st.just("tick"), st.integers(0, 1), st.sampled_from(ITEMS), st.booleans()
    ),
    st.tuples(
        st.just("comment"),
        st.integers(0, 1),
        st.sampled_from(STEP_IDS),
        st.text(min_size=1, max_size=40),
    ),
    st.tuples(
        st.just("team"),
        st.integers(0, 1),
        st.sampled_from(ROLE_IDS),
        st.sampled_from([None, 0, 1]),
    ),
)


def _replay(store: Store, case_id: int) -> tuple[dict, dict, dict]:
    """Rebuild statuses, ticks and the team of a case from its event log alone."""
    statuses: dict[str, str] = {}
    ticks: dict[tuple[str, str], int] = {}
    team: dict[str, str] = {}
    for event in reversed(store.events(case_id)):
        if event["action"] == "step_status":
            statuses[event["step_id"]] = event["new_value"]
        elif event["action"] == "checklist_tick":
            ticks[(event["step_id"], event["subject"])] = int(event["new_value"])
        elif event["action"] == "team_assigned":
            if event["new_value"] is None:
                team.pop(event["subject"], None)
            else:
                team[event["subject"]] = event["new_value"]
    return statuses, ticks, team


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=25))
def test_event_log_replays_to_current_state(steps: list[tuple]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "cases.db", WORKFLOW)
        first = store.add_staff("Mette Kjær", "MK", "", None)
        actor = Actor.from_staff(store.get_staff(first))
        second = store.add_staff("Lars Dam", "LD", "", actor)
        people = [first, second]
        cases = [
            store.create_case(f"Gård {n}", f"1234567{n}", TODAY, actor, today=TODAY)
            for n in range(2)
        ]
        comment_count = 0
        for kind, case_index, target, value in steps:
            case_id = cases[case_index]
            if kind == "status":
                store.set_step_status(case_id, target, value, actor)
            elif kind == "tick":
                store.set_checklist_tick(case_id, target[0], target[1], value, actor)
            elif kind == "comment":
                try:
                    store.add_comment(case_id, target, value, actor)
                except InputError:
                    pass
            else:
                store.assign_role(
                    case_id, target, None if value is None else people[value], actor
                )

            count = store.db.execute("SELECT count(*) FROM comments").fetchone()[0]
            assert count >= comment_count
            comment_count = count

        for case_id in cases:
            statuses, ticks, team = _replay(store, case_id)
            stored = store.step_statuses(case_id)
            assert {k: v["status"] for k, v in stored.items()} == statuses
            assert all(row["status"] in STATUSES for row in stored.values())
            assert {
                k: v["checked"] for k, v in store.checklist_ticks(case_id).items()
            } == ticks
            assert {k: v["name"] for k, v in store.team(case_id).items()} == team
            comments = store.comments(case_id)
            logged = [
                e for e in store.events(case_id) if e["action"] == "comment_added"
            ]
            assert len(comments) == len(logged)
        store.close()
