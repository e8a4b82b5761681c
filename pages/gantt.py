"""Gantt charts: the workflow in days from the start, and a case in real dates."""

import streamlit as st

from onboarding import charts, ui
from onboarding.progress import load_case_steps

t = ui.t
workflow = ui.workflow()
store = ui.store()

st.title(t("gantt.title"))

cases = store.list_cases()
labels = {case["id"]: ui.case_label(case) for case in cases}
case_id = st.selectbox(
    t("gantt.case"),
    list(labels),
    index=None,
    format_func=labels.get,
    placeholder=t("gantt.whole_workflow"),
    key="gantt_case",
)

if case_id is None:
    st.caption(t("gantt.workflow_intro"))
    st.plotly_chart(
        charts.workflow_gantt(workflow, ui.language()), key="gantt_workflow"
    )
else:
    case = store.get_case(case_id)
    steps = load_case_steps(store, workflow, case, ui.today())
    st.caption(t("gantt.case_intro"))
    st.plotly_chart(
        charts.case_gantt(workflow, steps, ui.today(), ui.language()),
        key="gantt_case_chart",
    )
