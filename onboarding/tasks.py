"""Personal task lists and the workload of people and roles."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from onboarding.progress import CaseSummary, StepProgress


@dataclass(frozen=True)
class Task:
    """An open step of an active case, seen from one person."""

    summary: CaseSummary
    progress: StepProgress
    role_ids: tuple[str, ...]

    @property
    def sort_key(self) -> tuple:
        return (not self.progress.overdue, self.progress.due, self.summary.case["id"])


def tasks_for(
    summaries: list[CaseSummary], staff_id: int
) -> tuple[list[Task], list[Task]]:
    """Open steps of active cases where the person fills a responsible role, and an involved one.

    Each list is sorted with overdue steps first, then by due date.
    """
    responsible: list[Task] = []
    involved: list[Task] = []
    for summary in summaries:
        if summary.case["state"] != "active":
            continue
        roles = {
            role_id
            for role_id, member in summary.team.items()
            if member["staff_id"] == staff_id
        }
        if not roles:
            continue
        for progress in summary.steps:
            if progress.finished:
                continue
            step = progress.scheduled.step
            mine = tuple(r for r in step.responsible if r in roles)
            if mine:
                responsible.append(Task(summary, progress, mine))
                continue
            mine = tuple(r for r in step.involved if r in roles)
            if mine:
                involved.append(Task(summary, progress, mine))
    return sorted(responsible, key=lambda t: t.sort_key), sorted(
        involved, key=lambda t: t.sort_key
    )


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def workload(
    summaries: list[CaseSummary], today: dt.date, weeks: int, by: str = "person"
) -> pd.DataFrame:
    """Open steps per person (or role) and week, for active cases, as a table.

    Columns: ``name``, ``week`` (the Monday of the week; steps already late
    count in the current week), ``late`` (whether the step is overdue) and
    ``steps``. Steps due after the last of ``weeks`` weeks are left out.
    A step counts once for each responsible role and the person filling it;
    a role that no one fills counts under an empty name.
    """
    first = week_start(today)
    last = first + dt.timedelta(weeks=weeks)
    counts: Counter[tuple[str, dt.date, bool]] = Counter()
    for summary in summaries:
        if summary.case["state"] != "active":
            continue
        for progress in summary.steps:
            if progress.finished or progress.due >= last:
                continue
            week = max(week_start(progress.due), first)
            for role_id in progress.scheduled.step.responsible:
                name = role_id if by == "role" else summary.person(role_id)
                counts[(name, week, progress.overdue)] += 1
    rows = [
        {"name": name, "week": week, "late": late, "steps": count}
        for (name, week, late), count in sorted(
            counts.items(), key=lambda i: (i[0][0], i[0][1])
        )
    ]
    return pd.DataFrame(rows, columns=["name", "week", "late", "steps"])


def open_responsible_steps(
    summaries: list[CaseSummary],
) -> Iterator[tuple[str, StepProgress]]:
    """Yield (person, step) for each open step of an active case and each of its
    responsible roles; the person is empty when no one fills the role."""
    for summary in summaries:
        if summary.case["state"] != "active":
            continue
        for progress in summary.steps:
            if progress.finished:
                continue
            for role_id in progress.scheduled.step.responsible:
                yield summary.person(role_id), progress


def open_steps_per_person(summaries: list[CaseSummary]) -> Counter[str]:
    """Count the open responsible steps of active cases per person, any due date."""
    return Counter(name for name, _ in open_responsible_steps(summaries))
