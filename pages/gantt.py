"""Gantt charts: the workflow in days from the start, and a case in real dates."""

import streamlit as st

from onboarding import charts, ui
from onboarding.progress import load_case_steps

t = ui.t
workflow = ui.workflow()
store = ui.store()

st.title(t("gantt.title"))

case_id = ui.case_picker("gantt_case", t("gantt.case"), t("gantt.whole_workflow"))

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
