"""Differences between two versions of a workflow, step by step."""

from __future__ import annotations

from dataclasses import dataclass

from onboarding.workflow import Workflow


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` is a catalogue key suffix, such as ``step_added``."""

    kind: str
    step_id: str
    old: str = ""
    new: str = ""


def diff_workflows(old: Workflow, new: Workflow) -> list[Change]:
    """Steps added, removed, renamed, moved, re-dated or re-assigned from ``old`` to ``new``."""
    changes: list[Change] = []
    old_steps = {s.step.id: s for s in old.scheduled_steps()}
    new_steps = {s.step.id: s for s in new.scheduled_steps()}

    for step_id, scheduled in old_steps.items():
        if step_id not in new_steps:
            changes.append(Change("step_removed", step_id, old=scheduled.step.title))
    for step_id, scheduled in new_steps.items():
        if step_id not in old_steps:
            changes.append(Change("step_added", step_id, new=scheduled.step.title))
            continue
        before = old_steps[step_id]
        if before.step.title != scheduled.step.title:
            changes.append(
                Change("step_renamed", step_id, before.step.title, scheduled.step.title)
            )
        if before.number != scheduled.number:
            changes.append(
                Change("step_moved", step_id, str(before.number), str(scheduled.number))
            )
        if (before.day, before.derived) != (scheduled.day, scheduled.derived):
            changes.append(
                Change("day_changed", step_id, _day(before), _day(scheduled))
            )
        for field in ("responsible", "involved"):
            old_roles = getattr(before.step, field)
            new_roles = getattr(scheduled.step, field)
            if old_roles != new_roles:
                changes.append(
                    Change(
                        f"{field}_changed",
                        step_id,
                        ", ".join(old_roles),
                        ", ".join(new_roles),
                    )
                )
        old_items = [item.id for item in before.step.checklist]
        new_items = [item.id for item in scheduled.step.checklist]
        if old_items != new_items:
            changes.append(
                Change(
                    "checklist_changed",
                    step_id,
                    ", ".join(old_items),
                    ", ".join(new_items),
                )
            )
    return changes


def _day(scheduled) -> str:
    return f"~{scheduled.day}" if scheduled.derived else str(scheduled.day)
