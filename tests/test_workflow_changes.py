"""Editing workflow.yaml while cases run: nothing recorded on a case is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from onboarding.case_view import workflow_of_version
from onboarding.config import PROJECT_ROOT
from onboarding.progress import case_steps
from onboarding.store import Actor, Store
from onboarding.workflow import Workflow, parse_workflow
from onboarding.workflow_diff import diff_workflows
from tests.conftest import TODAY

NEW_STEP = """
  - id: evaluering
    title: Evaluering med kunden
    text: Controller evaluerer forløbet med kunden.
    responsible: [controller]
"""


def _remove_step(text: str, step_id: str) -> str:
    """Delete a step and its translations, as the firm would."""
    text = re.sub(rf"\n  - id: {step_id}\n.*?(?=\n  - id: |\Z)", "", text, flags=re.S)
    return re.sub(
        rf"\n      {step_id}:\n.*?(?=\n      \w+:\n|\nsteps:)", "", text, flags=re.S
    )


def _move_step_last(text: str, step_id: str) -> str:
    block = re.search(
        rf"\n  - id: {step_id}\n.*?(?=\n  - id: |\Z)", text, flags=re.S
    ).group(0)
    return text.replace(block, "").rstrip("\n") + "\n" + block.rstrip("\n") + "\n"


CHANGES = {
    "added": (
        lambda text: text.rstrip("\n") + "\n" + NEW_STEP,
        "step_added",
        "evaluering",
    ),
    "removed": (
        lambda text: _remove_step(text, "datafangst"),
        "step_removed",
        "datafangst",
    ),
    "renamed": (
        lambda text: text.replace(
            "title: Dashboard aktiveres", "title: Dashboard tændes"
        ),
        "step_renamed",
        "aktiver_dashboard",
    ),
    "reordered": (
        lambda text: _move_step_last(text, "opkoblinger"),
        "step_moved",
        "opkoblinger",
    ),
    "day changed": (
        lambda text: text.replace("day: 44", "day: 40"),
        "day_changed",
        "kundemoede",
    ),
    "responsibility changed": (
        lambda text: text.replace(
            "responsible: [controller]\n    involved: [seges]",
            "responsible: [controller_assistent]\n    involved: [seges]",
        ),
        "responsible_changed",
        "aktiver_dashboard",
    ),
}


def _record_work(store: Store, case_id: int, actor: Actor) -> None:
    store.save_step(
        case_id,
        "datafangst",
        actor,
        status="in_progress",
        ticks={"lager": True},
        new_slot_items={"andet": "Markdrift-app"},
        comment="Lager er koblet på.",
    )
    store.save_step(
        case_id,
        "aktiver_dashboard",
        actor,
        status="waiting",
        comment="Venter på SEGES.",
    )
    store.save_step(
        case_id, "kundemoede", actor, status="done", ticks={"deadlines": True}
    )


def _recorded(store: Store, case_id: int) -> tuple:
    return (
        {k: v["status"] for k, v in store.step_statuses(case_id).items()},
        {k: v["checked"] for k, v in store.checklist_ticks(case_id).items()},
        [(i["step_id"], i["text"]) for i in store.slot_items(case_id)],
        [(c["step_id"], c["text"]) for c in store.comments(case_id)],
    )


@pytest.mark.parametrize("name", CHANGES)
def test_change_keeps_recorded_work(
    name: str,
    store: Store,
    actor: Actor,
    case_id: int,
    workflow_text: str,
    db_path: Path,
) -> None:
    edit, kind, step_id = CHANGES[name]
    _record_work(store, case_id, actor)
    before = _recorded(store, case_id)
    changed = parse_workflow(edit(workflow_text), "edited.yaml")

    reopened = Store.open(db_path, changed)
    assert _recorded(reopened, case_id) == before
    statuses = {k: v["status"] for k, v in reopened.step_statuses(case_id).items()}
    shown = {
        s.scheduled.step.id: s.status
        for s in case_steps(changed, reopened.get_case(case_id), statuses, TODAY)
    }
    current_ids = {s.id for s in changed.steps}
    for recorded_step, status in before[0].items():
        if recorded_step in current_ids:
            assert shown[recorded_step] == status
        else:
            assert recorded_step in reopened.steps_with_data(case_id)

    old = workflow_of_version(reopened, reopened.get_case(case_id)["workflow_version"])
    changes = diff_workflows(old, changed)
    assert (kind, step_id) in {(c.kind, c.step_id) for c in changes}


def test_case_records_its_workflow_version(
    store: Store, case_id: int, workflow: Workflow
) -> None:
    case = store.get_case(case_id)
    assert case["workflow_version"] == workflow.version
    assert store.workflow_version(workflow.version)["text"] == workflow.text
    assert store.workflow_versions_in_use() == {workflow.version: 1}


def test_unchanged_workflow_has_no_diff(workflow: Workflow) -> None:
    assert diff_workflows(workflow, workflow) == []


def test_removed_step_visible_on_case_page(
    store: Store,
    actor: Actor,
    case_id: int,
    workflow_text: str,
    tmp_path: Path,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _record_work(store, case_id, actor)
    edited = tmp_path / "workflow.yaml"
    edited.write_text(_remove_step(workflow_text, "datafangst"), encoding="utf-8")
    monkeypatch.setenv("ONBOARDING_DB", str(db_path))
    monkeypatch.setenv("ONBOARDING_WORKFLOW", str(edited))
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
    at.query_params["case"] = str(case_id)
    at.run()
    at.switch_page("pages/case.py").run()
    assert not at.exception
    assert "Trin, der ikke længere er i arbejdsgangen" in [
        s.value for s in at.subheader
    ]
    texts = [t.value for t in at.text]
    assert "Lager er koblet på." in texts
    assert "Markdrift-app: ikke markeret" in texts
    assert "lager: markeret" in texts
    labels = [e.label for e in at.expander]
    assert any(
        label.startswith("Datafangst fra andre produktionsgrene") for label in labels
    )

    at.switch_page("pages/workflow.py").run()
    assert not at.exception
    assert any("datafangst: Trin fjernet" in t.value for t in at.text)
