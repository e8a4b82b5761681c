"""Plotly figures of the dashboard."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import plotly.graph_objects as go

from onboarding.i18n import translate
from onboarding.matrix import DARK_BLUE, LIGHT_BLUE
from onboarding.overview import OVERDUE_COLOURS, STATUS_COLOURS
from onboarding.progress import CaseSummary, StepProgress
from onboarding.tasks import open_responsible_steps
from onboarding.workflow import Workflow


def workload_chart(
    summaries: list[CaseSummary], workflow: Workflow, language: str
) -> go.Figure:
    """Open steps per responsible person, split into late and on time."""
    on_time: Counter[str] = Counter()
    late: Counter[str] = Counter()
    for name, progress in open_responsible_steps(summaries):
        name = name or translate("matrix.unassigned", language)
        (late if progress.overdue else on_time)[name] += 1
    names = sorted(set(on_time) | set(late), key=lambda n: on_time[n] + late[n])
    figure = go.Figure(
        [
            go.Bar(
                name=translate("chart.on_time", language),
                y=names,
                x=[on_time[n] for n in names],
                orientation="h",
                marker_color=DARK_BLUE,
            ),
            go.Bar(
                name=translate("chart.late", language),
                y=names,
                x=[late[n] for n in names],
                orientation="h",
                marker_color=OVERDUE_COLOURS[0],
            ),
        ]
    )
    figure.update_layout(
        barmode="stack",
        xaxis_title=translate("chart.open_steps", language),
        height=max(300, 28 * len(names) + 120),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    return figure


def stage_chart(
    summaries: list[CaseSummary], workflow: Workflow, language: str
) -> go.Figure:
    """Number of cases at each step (their first unfinished one)."""
    counts: Counter[int] = Counter()
    for summary in summaries:
        current = summary.current_step
        if current is not None:
            counts[current.scheduled.number] += 1
    scheduled = workflow.scheduled_steps()
    labels = [f"{s.number}. {s.step.title}" for s in scheduled]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=[counts[s.number] for s in scheduled],
            orientation="h",
            marker_color=LIGHT_BLUE,
            marker_line_color=DARK_BLUE,
            marker_line_width=1,
        )
    )
    figure.update_layout(
        yaxis={"autorange": "reversed"},
        xaxis_title=translate("chart.cases", language),
        height=420,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return figure


def _step_spans(workflow: Workflow) -> list[tuple[int, int]]:
    """Start day and length of each step's bar: from its day to the next step's day."""
    scheduled = workflow.scheduled_steps()
    interval = workflow.model.schedule.days_after_last_dated
    spans = []
    for index, step in enumerate(scheduled):
        end = (
            scheduled[index + 1].day
            if index + 1 < len(scheduled)
            else step.day + interval
        )
        spans.append((step.day, max(end - step.day, 1)))
    return spans


def workflow_gantt(workflow: Workflow, language: str) -> go.Figure:
    """Draw the workflow on a numeric axis of days from the start, derived days hatched."""
    scheduled = workflow.scheduled_steps()
    figure = go.Figure()
    for derived in (False, True):
        chosen = [
            (s, span)
            for s, span in zip(scheduled, _step_spans(workflow), strict=True)
            if s.derived == derived
        ]
        if not chosen:
            continue
        figure.add_trace(
            go.Bar(
                name=translate("gantt.derived" if derived else "gantt.dated", language),
                y=[f"{s.number}. {s.step.title}" for s, _ in chosen],
                base=[span[0] for _, span in chosen],
                x=[span[1] for _, span in chosen],
                orientation="h",
                marker={
                    "color": LIGHT_BLUE if derived else DARK_BLUE,
                    "line": {"color": DARK_BLUE, "width": 1},
                    "pattern": {"shape": "/" if derived else ""},
                },
                customdata=[[s.day] for s, _ in chosen],
                hovertemplate=translate("gantt.hover_day", language)
                + "<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="overlay",
        yaxis={
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": [f"{s.number}. {s.step.title}" for s in scheduled],
        },
        xaxis={"title": translate("gantt.days_axis", language), "rangemode": "tozero"},
        height=520,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h"},
    )
    return figure


def case_gantt(
    workflow: Workflow, steps: list[StepProgress], today: dt.date, language: str
) -> go.Figure:
    """Draw a case's steps in real dates, coloured by status, with today marked."""
    spans = _step_spans(workflow)
    start_date = (
        steps[0].due - dt.timedelta(days=steps[0].scheduled.day) if steps else today
    )
    labels = [f"{p.scheduled.number}. {p.scheduled.step.title}" for p in steps]
    figure = go.Figure()
    for status, (colour, _) in STATUS_COLOURS.items():
        for overdue in (False, True):
            chosen = [
                (label, p, span)
                for label, p, span in zip(labels, steps, spans, strict=True)
                if p.status == status and p.overdue == overdue
            ]
            if not chosen:
                continue
            name = translate(f"status.{status}", language)
            if overdue:
                name = f"{name} ({translate('chart.late', language).lower()})"
            figure.add_trace(
                go.Bar(
                    name=name,
                    y=[label for label, _, _ in chosen],
                    base=[
                        _ms(start_date + dt.timedelta(days=span[0]))
                        for _, _, span in chosen
                    ],
                    x=[span[1] * 86_400_000 for _, _, span in chosen],
                    orientation="h",
                    marker={
                        "color": OVERDUE_COLOURS[0] if overdue else colour,
                        "line": {"color": DARK_BLUE, "width": 1},
                    },
                )
            )
    figure.add_shape(
        type="line",
        x0=_ms(today),
        x1=_ms(today),
        y0=0,
        y1=1,
        yref="paper",
        line={"color": OVERDUE_COLOURS[0], "width": 2, "dash": "dash"},
    )
    figure.add_annotation(
        x=_ms(today),
        y=1,
        yref="paper",
        text=translate("gantt.today", language),
        showarrow=False,
        yanchor="bottom",
    )
    figure.update_layout(
        barmode="overlay",
        xaxis={"type": "date", "tickformat": "%d.%m.%Y"},
        yaxis={
            "autorange": "reversed",
            "categoryorder": "array",
            "categoryarray": labels,
        },
        height=520,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h"},
    )
    return figure


def _ms(day: dt.date) -> int:
    """Milliseconds since the epoch, the unit of plotly's date axis for bar lengths."""
    return int(
        dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000
    )


def _week_label(week, language: str) -> str:
    return translate("format.week", language, week=week.isocalendar().week)


def workload_weeks(table: pd.DataFrame, language: str) -> go.Figure:
    """Open steps per week, stacked by person or role; late steps count in this week."""
    totals = table.groupby(["name", "week"], as_index=False)["steps"].sum()
    weeks = sorted(totals["week"].unique())
    figure = go.Figure()
    for name, rows in totals.groupby("name"):
        by_week = dict(zip(rows["week"], rows["steps"], strict=True))
        figure.add_trace(
            go.Bar(
                name=name,
                x=[_week_label(week, language) for week in weeks],
                y=[by_week.get(week, 0) for week in weeks],
            )
        )
    figure.update_layout(
        barmode="stack",
        yaxis_title=translate("chart.open_steps", language),
        height=420,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )
    return figure


def workload_pivot(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """Open steps per person or role (rows) and week (columns), with totals and late steps."""
    pivot = table.pivot_table(
        index="name", columns="week", values="steps", aggfunc="sum", fill_value=0
    )
    pivot.columns = [_week_label(week, language) for week in pivot.columns]
    pivot[translate("workload.total", language)] = pivot.sum(axis=1)
    late = table[table["late"]].groupby("name")["steps"].sum()
    pivot[translate("chart.late", language)] = [
        int(late.get(name, 0)) for name in pivot.index
    ]
    pivot.index.name = None
    return pivot
