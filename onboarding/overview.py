"""Figures and tables of the overview of all cases."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
from pandas.io.formats.style import Styler

from onboarding.bulk import collection_paused
from onboarding.i18n import translate
from onboarding.progress import CaseSummary, summarize_cases
from onboarding.store import Store
from onboarding.workflow import Workflow

# Background and text colour of a status cell in the case-by-step grid.
STATUS_COLOURS = {
    "not_started": ("#FFFFFF", "#333333"),
    "in_progress": ("#BDD7F5", "#0B2A55"),
    "waiting": ("#FCE8B2", "#5A4100"),
    "done": ("#C8E6C9", "#1B4D1E"),
    "not_relevant": ("#E0E0E0", "#424242"),
}
OVERDUE_COLOURS = ("#C62828", "#FFFFFF")


def summarize(
    store: Store,
    workflow: Workflow,
    today: dt.date,
    states: tuple[str, ...] | None = None,
) -> list[CaseSummary]:
    """Overview rows of the cases in ``states`` (all cases for None)."""
    with collection_paused():
        return summarize_cases(
            workflow,
            store.cases_in(states),
            store.all_step_statuses(states),
            store.all_team_members(states),
            today,
            store.all_pauses(states),
        )


class SummaryCache:
    """Overview rows of the cases in some states, recomputed only for changed cases.

    A case is recomputed when its ``updated_at`` stamp moves, and every
    write to a case moves it. All rows are recomputed when the date or the
    staff list changes. One cache may serve several sessions at once.
    """

    def __init__(self, workflow: Workflow, states: tuple[str, ...] | None) -> None:
        self.workflow = workflow
        self.states = states
        self._rows: dict[int, tuple[str, CaseSummary]] = {}
        self._day: dt.date | None = None
        self._staff_version: int | None = None
        self._lock = threading.Lock()

    def get(self, store: Store, today: dt.date) -> list[CaseSummary]:
        with self._lock:
            staff_version = store.staff_version()
            if (today, staff_version) != (self._day, self._staff_version):
                self._rows.clear()
                self._day, self._staff_version = today, staff_version
            stamps = store.case_stamps(self.states)
            stale = [
                case_id
                for case_id, stamp in stamps
                if self._rows.get(case_id, ("",))[0] != stamp
            ]
            if stale:
                rows = store.case_rows(stale)
                fresh = summarize_cases(
                    self.workflow,
                    rows["cases"],
                    rows["statuses"],
                    rows["team"],
                    today,
                    rows["pauses"],
                )
                for summary in fresh:
                    self._rows[summary.case["id"]] = (
                        summary.case["updated_at"],
                        summary,
                    )
            current = {case_id for case_id, _ in stamps}
            for case_id in list(self._rows):
                if case_id not in current:
                    del self._rows[case_id]
            return [
                self._rows[case_id][1] for case_id, _ in stamps if case_id in self._rows
            ]


def filter_summaries(
    summaries: list[CaseSummary],
    states: list[str] | None = None,
    staff_id: int | None = None,
    only_late: bool = False,
    search: str = "",
) -> list[CaseSummary]:
    """Cases in one of ``states``, with ``staff_id`` on the team, late if asked,
    and whose customer name or number contains ``search`` (any case)."""
    needle = search.strip().casefold()
    result = []
    for summary in summaries:
        case = summary.case
        if (
            needle
            and needle
            not in f"{case['customer_name']} {case['customer_number']}".casefold()
        ):
            continue
        if states is not None and summary.case["state"] not in states:
            continue
        if staff_id is not None and staff_id not in {
            m["staff_id"] for m in summary.team.values()
        }:
            continue
        if only_late and not summary.overdue_count:
            continue
        result.append(summary)
    return result


def case_table(
    summaries: list[CaseSummary], workflow: Workflow, language: str
) -> pd.DataFrame:
    """Build the overview table: link, customer, state, progress, current step, due date, team."""
    rows = []
    for summary in summaries:
        case = summary.case
        current = summary.current_step
        row = {
            "link": f"case?case={case['id']}",
            "customer": case["customer_name"],
            "number": case["customer_number"],
            "state": translate(f"state.{case['state']}", language),
            "progress": round(summary.progress * 100),
            "current": f"{current.scheduled.number}. "
            f"{workflow.step_title(current.scheduled.step.id)}"
            if current
            else "",
            "next_due": current.due if current else None,
            "overdue": summary.overdue_count,
        }
        for role_id in workflow.model.overview_roles:
            row[f"role:{role_id}"] = summary.person(role_id)
        rows.append(row)
    return pd.DataFrame(rows)


def status_grid(
    summaries: list[CaseSummary], workflow: Workflow, language: str
) -> Styler:
    """Cases by steps, each cell the step's status, coloured; late steps in red."""
    index = [f"{s.case['id']} · {s.case['customer_name']}" for s in summaries]
    columns = [str(step.number) for step in workflow.scheduled_steps()]
    labels = [
        [translate(f"status.{p.status}", language) for p in s.steps] for s in summaries
    ]
    frame = pd.DataFrame(labels, index=index, columns=columns)
    styles = pd.DataFrame(
        [
            [
                _cell_style(
                    *(OVERDUE_COLOURS if p.overdue else STATUS_COLOURS[p.status])
                )
                for p in s.steps
            ]
            for s in summaries
        ],
        index=index,
        columns=columns,
    )
    return frame.style.apply(lambda _: styles, axis=None)


def _cell_style(background: str, text: str) -> str:
    return f"background-color: {background}; color: {text}"
