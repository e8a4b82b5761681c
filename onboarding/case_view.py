"""Text and tables for the case page, built from store rows and the workflow."""

from __future__ import annotations

import pandas as pd

from onboarding.formatting import format_timestamp
from onboarding.i18n import translate
from onboarding.workflow import Step, Workflow


def step_people(
    step: Step, workflow: Workflow, team: dict[str, dict], language: str
) -> tuple[str, str]:
    """Describe the responsible and the involved roles of a step, each with its person."""

    def describe(role_ids: list[str]) -> str:
        parts = []
        for role_id in role_ids:
            member = team.get(role_id)
            name = (
                member["name"] if member else translate("matrix.unassigned", language)
            )
            parts.append(f"{workflow.role(role_id).name}: {name}")
        return "; ".join(parts)

    return describe(step.responsible), describe(step.involved)


def describe_value(action: str, value: str | None, language: str) -> str:
    """Translate an event's old or new value into words a person reads."""
    if value is None:
        return ""
    if action == "step_status" or action == "case_state":
        prefix = "status" if action == "step_status" else "state"
        return translate(f"{prefix}.{value}", language)
    if action in ("checklist_tick", "slot_item_tick"):
        return translate("event.ticked" if value == "1" else "event.unticked", language)
    return value


def describe_subject(event: dict, workflow: Workflow) -> str:
    """Name the item an event concerns, rather than showing its stored id."""
    subject = event["subject"] or ""
    action = event["action"]
    if action in ("team_assigned", "handover"):
        return next((r.name for r in workflow.roles if r.id == subject), subject)
    if action == "checklist_tick":
        step = workflow.step(event["step_id"]) if event["step_id"] else None
        items = {item.id: item.text for item in step.checklist} if step else {}
        return items.get(subject, subject)
    if action == "case_state":
        return subject
    # Comment, slot item and staff ids mean nothing to a reader.
    return ""


def event_table(
    events: list[dict],
    workflow: Workflow,
    language: str,
    comments: dict[int, str] | None = None,
) -> pd.DataFrame:
    """Build the event log of a case, newest first, with translated actions and values.

    ``comments`` maps comment ids to their text, shown as the new value of
    the event that added the comment.
    """
    rows = []
    for event in events:
        step = workflow.step(event["step_id"]) if event["step_id"] else None
        new_value = describe_value(event["action"], event["new_value"], language)
        if event["action"] == "comment_added" and comments:
            subject = event["subject"] or ""
            new_value = comments.get(int(subject), "") if subject.isdigit() else ""
        rows.append(
            {
                translate("event.when", language): format_timestamp(event["at"]),
                translate("event.who", language): event["actor"],
                translate("event.what", language): translate(
                    f"event.action.{event['action']}", language
                ),
                translate("event.step", language): step.title
                if step
                else (event["step_id"] or ""),
                translate("event.subject", language): describe_subject(event, workflow),
                translate("event.old", language): describe_value(
                    event["action"], event["old_value"], language
                ),
                translate("event.new", language): new_value,
            }
        )
    return pd.DataFrame(rows)


def workflow_of_version(store, version: str | None) -> Workflow | None:
    """Parse the workflow a case was created under from its stored text."""
    from onboarding.errors import WorkflowError
    from onboarding.workflow import parse_workflow

    stored = store.workflow_version(version) if version else None
    if stored is None:
        return None
    try:
        return parse_workflow(stored["text"], f"{stored['source']} ({version})")
    except WorkflowError:
        return None


def removed_step_title(step_id: str, old: Workflow | None) -> str:
    """A removed step's title from the case's own workflow version, else its id."""
    step = old.step(step_id) if old else None
    return step.title if step else step_id
