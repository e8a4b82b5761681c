"""Tables for download: a case's plan and the overview of cases."""

from __future__ import annotations

import pandas as pd

from onboarding.bulk import collection_paused
from onboarding.formatting import format_date
from onboarding.i18n import translate
from onboarding.matrix import (
    format_day,
    matrix_to_xlsx,
    neutralize_formula,
    role_part,
    rows_to_csv,
)
from onboarding.progress import CaseSummary, StepProgress
from onboarding.store import STATUSES as STATUS_KEYS
from onboarding.workflow import Workflow


def case_plan(
    workflow: Workflow,
    steps: list[StepProgress],
    team: dict[str, dict],
    last_comments: dict[str, dict],
    language: str,
) -> pd.DataFrame:
    """Build a case's plan: per step its number, title, day, due date, status, people and last comment."""

    def label(key: str) -> str:
        return translate(f"plan.column.{key}", language)

    rows = []
    for progress in steps:
        step = progress.scheduled.step
        people = [
            team[role_id]["name"]
            if role_id in team
            else translate("matrix.unassigned", language)
            for role_id in step.responsible
        ]
        comment = last_comments.get(step.id)
        rows.append(
            {
                label("number"): progress.scheduled.number,
                label("step"): step.title,
                label("day"): format_day(progress.scheduled, language),
                label("due"): format_date(progress.due),
                label("week"): progress.due.isocalendar().week,
                label("status"): translate(f"status.{progress.status}", language),
                label("late"): translate("plan.yes", language)
                if progress.overdue
                else "",
                label("responsible"): ", ".join(people),
                label("last_comment"): comment["text"] if comment else "",
                label("comment_by"): comment["author"] if comment else "",
            }
        )
    return pd.DataFrame(rows)


def overview_table(
    summaries: list[CaseSummary], workflow: Workflow, language: str
) -> pd.DataFrame:
    """Build the overview's table of cases, with translated headers and Danish dates."""

    def label(key: str) -> str:
        return translate(f"plan.column.{key}", language)

    rows = []
    for summary in summaries:
        case = summary.case
        current = summary.current_step
        row = {
            label("case"): case["id"],
            label("customer"): case["customer_name"],
            label("customer_number"): case["customer_number"],
            label("state"): translate(f"state.{case['state']}", language),
            label("start"): format_date(case["start_date"]),
            label("progress"): round(summary.progress * 100),
            label("current"): workflow.step_title(current.scheduled.step.id)
            if current
            else "",
            label("next_due"): format_date(current.due) if current else "",
            label("late_steps"): summary.overdue_count,
        }
        for role_id in workflow.model.overview_roles:
            row[workflow.role(role_id).name] = summary.person(role_id)
        rows.append(row)
    return pd.DataFrame(rows)


def all_cases_rows(
    workflow: Workflow, summaries: list[CaseSummary], language: str
) -> tuple[list[str], list[list[object]]]:
    """Build the headers and rows of every case's matrix: one row per case and step.

    Each row contains the case, the customer, the step, its day, due date and
    status, and per role its part in the step with the assigned person. Text
    that a spreadsheet would run as a formula is already neutralized, so the
    rows can be written as they are.
    """

    def label(key: str) -> str:
        return translate(f"plan.column.{key}", language)

    letters = {
        part: translate(f"matrix.letter.{part}", language)
        for part in ("responsible", "involved")
    }
    # For each step, the roles that have a part in it: (column, role id, letter).
    step_parts = {
        step.id: [
            (index, role.id, letters[part])
            for index, role in enumerate(workflow.roles)
            if (part := role_part(step.id, role.id, workflow))
        ]
        for step in workflow.steps
    }
    statuses = {
        status: neutralize_formula(translate(f"status.{status}", language))
        for status in STATUS_KEYS
    }
    steps = {
        scheduled.step.id: (
            scheduled.number,
            neutralize_formula(scheduled.step.title),
            format_day(scheduled, language),
        )
        for scheduled in workflow.scheduled_steps()
    }
    unassigned = translate("matrix.unassigned", language)
    dates: dict[object, str] = {}
    people: dict[tuple[str, str], object] = {}
    empty_roles = [""] * len(workflow.roles)
    rows = []
    with collection_paused():
        for summary in summaries:
            case_id = summary.case["id"]
            customer = neutralize_formula(summary.case["customer_name"])
            team = summary.team
            for progress in summary.steps:
                step_id = progress.scheduled.step.id
                due = dates.get(progress.due)
                if due is None:
                    due = dates[progress.due] = format_date(progress.due)
                roles = empty_roles.copy()
                for index, role_id, letter in step_parts[step_id]:
                    member = team.get(role_id)
                    key = (letter, member["name"] if member else unassigned)
                    cell = people.get(key)
                    if cell is None:
                        cell = people[key] = neutralize_formula(f"{key[0]}: {key[1]}")
                    roles[index] = cell
                number, title, day = steps[step_id]
                rows.append(
                    [
                        case_id,
                        customer,
                        number,
                        title,
                        day,
                        due,
                        statuses[progress.status],
                        *roles,
                    ]
                )
    columns = [
        label("case"),
        label("customer"),
        label("number"),
        label("step"),
        label("day"),
        label("due"),
        label("status"),
    ] + [role.name for role in workflow.roles]
    return [str(neutralize_formula(column)) for column in columns], rows


def all_cases_matrix(
    workflow: Workflow, summaries: list[CaseSummary], language: str
) -> pd.DataFrame:
    """Build every case's matrix as one table (see ``all_cases_rows``)."""
    columns, rows = all_cases_rows(workflow, summaries, language)
    return pd.DataFrame(rows, columns=columns)


# The columns before the roles' in every case's matrix: case, customer,
# number, step, day, due date and status.
ALL_CASES_FIXED_COLUMNS = 7


def all_cases_xlsx(
    workflow: Workflow, summaries: list[CaseSummary], language: str, sheet: str
) -> bytes:
    """Write every case's matrix as an Excel workbook, role cells filled in blue.

    NOTE: openpyxl styles cell by cell. 1,000 cases took 4.7 s here, so
    10,000 cases would take close to a minute (an estimate, not measured).
    """
    step_ids = [
        progress.scheduled.step.id
        for summary in summaries
        for progress in summary.steps
    ]
    return matrix_to_xlsx(
        all_cases_matrix(workflow, summaries, language),
        workflow,
        sheet,
        language,
        step_ids=step_ids,
        first_role_column=ALL_CASES_FIXED_COLUMNS + 1,
        frozen_columns=4,
    )


def all_cases_csv(
    workflow: Workflow, summaries: list[CaseSummary], language: str, excel: bool = True
) -> bytes:
    """Write every case's matrix as CSV, in the dialect of ``to_csv``."""
    columns, rows = all_cases_rows(workflow, summaries, language)
    return rows_to_csv(columns, rows, excel)
