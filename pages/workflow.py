"""The loaded workflow file, its validation result and its steps."""

import streamlit as st

from onboarding import ui
from onboarding.case_view import workflow_of_version
from onboarding.errors import WorkflowError
from onboarding.matrix import format_day
from onboarding.workflow_diff import diff_workflows

t = ui.t
st.title(t("workflow.title"))

result = ui.workflow_result()
if isinstance(result, WorkflowError):
    st.error(t("workflow.page_invalid", source=result.source), icon=":material/error:")
    st.code(result.localized(ui.language()), language=None, wrap_lines=True)
    st.stop()

workflow = result.localized(ui.language())
st.success(
    t("workflow.page_valid", source=workflow.source, version=workflow.version),
    icon=":material/verified:",
)
st.header(workflow.title)
if workflow.model.legend:
    st.caption(workflow.model.legend)

st.subheader(t("workflow.prerequisites"))
for item in workflow.model.prerequisites:
    st.markdown(f"- {item.text}")

st.subheader(t("workflow.schedule"))
st.markdown(
    t(
        "workflow.schedule_rule",
        interval=workflow.model.schedule.days_after_last_dated,
    )
)

st.subheader(t("workflow.roles"))
st.dataframe(
    [
        {t("workflow.role_id"): r.id, t("workflow.role_name"): r.name}
        for r in workflow.roles
    ],
    hide_index=True,
    key="workflow_roles",
)

st.subheader(t("workflow.steps"))
for scheduled in workflow.scheduled_steps():
    step = scheduled.step
    day = format_day(scheduled, ui.language())
    with st.expander(
        f"{scheduled.number}. {step.title} · {t('matrix.column.day')} {day}"
    ):
        st.caption(f"id: `{step.id}`")
        st.text(step.text)
        st.markdown(
            f"**{t('case.responsible')}:** "
            + ", ".join(workflow.role(r).name for r in step.responsible)
        )
        if step.involved:
            st.markdown(
                f"**{t('case.involved')}:** "
                + ", ".join(workflow.role(r).name for r in step.involved)
            )
        for item in step.checklist:
            label = t("case.open_slot") if item.open else item.text
            st.markdown(f"- {label}")

st.subheader(t("workflow.versions"))
st.caption(t("workflow.versions_help"))
store = ui.store()
for version, count in store.workflow_versions_in_use().items():
    if version == workflow.version:
        st.markdown(t("workflow.version_current", version=version, cases=count))
        continue
    old = workflow_of_version(store, version)
    if old is None:
        st.markdown(t("workflow.version_missing", version=version, cases=count))
        continue
    with st.expander(t("workflow.version_older", version=version, cases=count)):
        # Versions are compared in the file's own language.
        changes = diff_workflows(old, result)
        if not changes:
            st.caption(t("workflow.no_changes"))
        for change in changes:
            text = t(f"workflow.change.{change.kind}", old=change.old, new=change.new)
            st.text(f"{change.step_id}: {text}")
