"""The open steps of the person using the dashboard, updatable in place."""

from functools import partial

import pandas as pd
import streamlit as st

from onboarding import ui
from onboarding.formatting import format_date, format_week
from onboarding.store import STATUSES
from onboarding.tasks import tasks_for

t = ui.t
workflow = ui.workflow()
store = ui.store()

st.title(t("tasks.title"))
st.caption(t("tasks.intro"))
ui.show_flash()

actor = ui.actor()
if actor is None:
    st.info(t("tasks.choose_yourself"), icon=":material/person:")
    st.stop()

summaries = ui.summaries(("active",))
responsible, involved = tasks_for(summaries, actor.staff_id)
versions = {
    (r["case_id"], r["step_id"]): r["version"] for r in store.all_step_statuses()
}
labels = {status: ui.status_label(status) for status in STATUSES}
statuses_by_label = {label: status for status, label in labels.items()}


def task_frame(tasks) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "link": f"case?case={task.summary.case['id']}",
                "customer": task.summary.case["customer_name"],
                "step": f"{task.progress.scheduled.number}. "
                f"{workflow.step_title(task.progress.scheduled.step.id)}",
                "due": f"{format_date(task.progress.due)} ({format_week(task.progress.due, ui.language())})",
                "late": "⚠" if task.progress.overdue else "",
                "role": ", ".join(workflow.role(r).name for r in task.role_ids),
                "status": labels[task.progress.status],
            }
            for task in tasks
        ],
        columns=["link", "customer", "step", "due", "late", "role", "status"],
    )


def task_table(tasks, key: str) -> None:
    if not tasks:
        st.caption(t("tasks.none"))
        return
    frame = task_frame(tasks)
    with st.form(f"{key}_form", enter_to_submit=False):
        edited = st.data_editor(
            frame,
            hide_index=True,
            width="stretch",
            key=key,
            # The one column people edit comes right after the step, so it
            # is on screen without scrolling the table sideways.
            column_order=["link", "customer", "step", "status", "due", "late", "role"],
            disabled=["link", "customer", "step", "due", "late", "role"],
            column_config={
                "link": st.column_config.LinkColumn(
                    t("overview.column_case"), display_text=r"case=(\d+)", width="small"
                ),
                "customer": st.column_config.TextColumn(t("plan.column.customer")),
                "step": st.column_config.TextColumn(t("plan.column.step")),
                "due": st.column_config.TextColumn(t("plan.column.due")),
                "late": st.column_config.TextColumn(
                    t("plan.column.late"), width="small"
                ),
                "role": st.column_config.TextColumn(t("tasks.role")),
                "status": st.column_config.SelectboxColumn(
                    t("plan.column.status"),
                    options=list(labels.values()),
                    required=True,
                ),
            },
        )
        if not st.form_submit_button(t("tasks.save"), type="primary"):
            return
    changed = [
        (task, statuses_by_label[new])
        for task, old, new in zip(tasks, frame["status"], edited["status"], strict=True)
        if new != old
    ]
    saved = 0
    for task, status in changed:
        case_id = task.summary.case["id"]
        step_id = task.progress.scheduled.step.id
        save = partial(
            store.set_step_status,
            case_id,
            step_id,
            status,
            expected_version=versions.get((case_id, step_id), 0),
        )
        message = "tasks.saved_one" if len(changed) == 1 else "tasks.saved"
        if ui.write(save, message, count=len(changed))[0]:
            saved += 1
    if changed and saved == len(changed):
        st.session_state.pop(key, None)
        st.rerun()


st.subheader(t("tasks.responsible", count=len(responsible)))
task_table(responsible, "tasks_responsible")
st.subheader(t("tasks.involved", count=len(involved)))
task_table(involved, "tasks_involved")
