"""Open and upcoming steps per person or role over the coming weeks."""

import streamlit as st

from onboarding import charts, ui
from onboarding.tasks import open_steps_per_person, workload

t = ui.t
workflow = ui.workflow()
store = ui.store()

st.title(t("workload.title"))
st.caption(t("workload.intro"))

summaries = ui.summaries(("active",))
if not summaries:
    st.info(t("overview.empty"), icon=":material/info:")
    st.stop()

options = st.columns([2, 3])
weeks = options[0].slider(t("workload.weeks"), 1, 12, 6, key="workload_weeks")
by = options[1].radio(
    t("workload.by"),
    ["person", "role"],
    format_func={value: t(f"workload.by_{value}") for value in ("person", "role")}.get,
    horizontal=True,
    key=ui.language_key("workload_by"),
)

limit = workflow.model.firm.max_open_steps
overloaded = {
    name: count
    for name, count in open_steps_per_person(summaries).items()
    if count > limit
}
if overloaded:
    names = ", ".join(
        f"{name or t('matrix.unassigned')} ({count})"
        for name, count in sorted(overloaded.items())
    )
    st.warning(
        t("workload.overloaded", limit=limit, names=names), icon=":material/warning:"
    )

table = workload(summaries, ui.today(), weeks, by)
if by == "role":
    table["name"] = [workflow.role(role_id).name for role_id in table["name"]]
else:
    table["name"] = [name or t("matrix.unassigned") for name in table["name"]]
if table.empty:
    st.info(t("workload.nothing"), icon=":material/event_available:")
    st.stop()

st.plotly_chart(charts.workload_weeks(table, ui.language()), key="workload_chart")
pivot = charts.workload_pivot(table, ui.language())
if by == "person":
    pivot[t("workload.flag")] = [
        "⚠" if overloaded.get(name) else "" for name in pivot.index
    ]
st.dataframe(pivot, width="stretch", key="workload_table")
