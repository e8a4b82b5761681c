"""One case: create it, assign its team, and work through its steps."""

from functools import partial

import streamlit as st

from onboarding import case_sections, ui
from onboarding.errors import OnboardingError

# The case id last taken from the page address.
CASE_FROM_ADDRESS = "_case_from_address"

t = ui.t
workflow = ui.workflow()
store = ui.store()

st.title(t("case.title"))
ui.show_flash()

requested = st.query_params.get("case")
requested_id = None
if requested is not None and requested.isdigit():
    try:
        requested_id = store.get_case(int(requested))["id"]
    except OnboardingError:
        pass
if requested not in (None, "") and requested_id is None:
    st.warning(t("case.not_found", value=requested))
# The address chooses the case when it changes (a link was opened), not on
# every run, so a case picked on the page is not replaced by the old one.
if requested_id is not None and st.session_state.get(CASE_FROM_ADDRESS) != requested_id:
    st.session_state["case_select"] = requested_id
    st.session_state[CASE_FROM_ADDRESS] = requested_id

case_id = ui.case_picker(
    "case_select", t("case.choose"), t("case.choose_placeholder"), include=requested_id
)
if case_id is not None:
    st.query_params["case"] = str(case_id)
    st.session_state[CASE_FROM_ADDRESS] = case_id
elif requested_id is not None:
    del st.query_params["case"]
    st.session_state.pop(CASE_FROM_ADDRESS, None)

has_cases = bool(store.count_cases_by_state())
with st.expander(t("case.new"), expanded=not has_cases, icon=":material/add:"):
    with st.form("new_case", clear_on_submit=False, enter_to_submit=False):
        name = st.text_input(
            t("field.customer_name"), key="new_case_name", max_chars=200
        )
        number = st.text_input(
            t("field.customer_number"),
            key="new_case_number",
            max_chars=20,
            placeholder="12345678",
        )
        start = st.date_input(
            t("field.start_date"),
            value=ui.today(),
            format="DD.MM.YYYY",
            key="new_case_start",
        )
        st.markdown(f"**{t('case.prerequisites')}**")
        prerequisites = {
            item.id: st.checkbox(item.text, key=f"new_case_prerequisite_{item.id}")
            for item in workflow.model.prerequisites
        }
        if st.form_submit_button(t("case.create"), type="primary"):
            create = partial(
                store.create_case,
                name,
                number,
                start,
                prerequisites=prerequisites,
                today=ui.today(),
            )
            saved, new_case_id = ui.write(create, "case.created", name=name.strip())
            if saved:
                st.session_state.pop("case_select", None)
                for key in ("new_case_name", "new_case_number"):
                    st.session_state.pop(key, None)
                st.query_params["case"] = str(new_case_id)
                st.rerun()

if case_id is None:
    if not has_cases:
        st.info(t("case.none_yet"), icon=":material/info:")
    st.stop()

ctx = case_sections.CaseContext.load(store, workflow, case_id)
case_sections.header(ctx)
case_sections.settings(ctx)
case_sections.downloads(ctx)
case_sections.team(ctx, store.list_staff())
case_sections.steps(ctx)
case_sections.removed_steps(ctx)
case_sections.event_log(ctx)
