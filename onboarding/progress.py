"""Due dates, progress and lateness of cases, computed from the workflow."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from onboarding.store import FINISHED_STATUSES
from onboarding.workflow import ScheduledStep, Workflow


@dataclass(frozen=True)
class StepProgress:
    """One step of one case: when it is due and how far it has come."""

    scheduled: ScheduledStep
    due: dt.date
    status: str
    overdue: bool

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATUSES


@dataclass(frozen=True)
class CaseSummary:
    """A case as the overview shows it."""

    case: dict
    steps: list[StepProgress]
    team: dict[str, dict]

    @property
    def finished_count(self) -> int:
        return sum(step.finished for step in self.steps)

    @property
    def progress(self) -> float:
        return self.finished_count / len(self.steps) if self.steps else 0.0

    @property
    def completed(self) -> bool:
        return bool(self.steps) and self.finished_count == len(self.steps)

    @property
    def current_step(self) -> StepProgress | None:
        return next((step for step in self.steps if not step.finished), None)

    @property
    def overdue_count(self) -> int:
        return sum(step.overdue for step in self.steps)

    def person(self, role_id: str) -> str:
        member = self.team.get(role_id)
        return member["name"] if member else ""


def case_steps(
    workflow: Workflow, case: dict, statuses: dict[str, str], today: dt.date
) -> list[StepProgress]:
    """Every workflow step of a case with its due date, status and lateness.

    Only an active case can be late; a paused or closed one is not.
    """
    start = dt.date.fromisoformat(case["start_date"])
    active = case["state"] == "active"
    result = []
    for scheduled in workflow.scheduled_steps():
        due = start + dt.timedelta(days=scheduled.day)
        status = statuses.get(scheduled.step.id, "not_started")
        overdue = active and status not in FINISHED_STATUSES and due < today
        result.append(StepProgress(scheduled, due, status, overdue))
    return result


def summarize_cases(
    workflow: Workflow,
    cases: list[dict],
    step_statuses: list[dict],
    team_members: list[dict],
    today: dt.date,
) -> list[CaseSummary]:
    """Build the overview rows from whole-database reads (one query each)."""
    statuses: dict[int, dict[str, str]] = defaultdict(dict)
    for row in step_statuses:
        statuses[row["case_id"]][row["step_id"]] = row["status"]
    teams: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in team_members:
        teams[row["case_id"]][row["role_id"]] = row
    return [
        CaseSummary(
            case,
            case_steps(workflow, case, statuses[case["id"]], today),
            teams[case["id"]],
        )
        for case in cases
    ]


def key_figures(summaries: list[CaseSummary]) -> dict[str, int]:
    return {
        "active": sum(s.case["state"] == "active" for s in summaries),
        "overdue_steps": sum(s.overdue_count for s in summaries),
        "late_cases": sum(1 for s in summaries if s.overdue_count),
        "completed": sum(s.completed for s in summaries),
    }
