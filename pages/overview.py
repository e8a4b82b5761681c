"""Overview of all cases for the management group: progress, lateness, load."""

import streamlit as st

from onboarding import charts, overview, ui
from onboarding.exports import overview_table
from onboarding.formatting import format_number
from onboarding.matrix import to_csv, to_xlsx
from onboarding.progress import key_figures
from onboarding.store import CASE_STATES

t = ui.t
workflow = ui.workflow()
store = ui.store()

st.title(t("overview.title"))
st.caption(t("overview.intro"))
ui.show_flash()

counts = store.count_cases_by_state()
if not counts:
    st.info(t("overview.empty"), icon=":material/info:")
    st.page_link(
        "pages/case.py", label=t("overview.create_first"), icon=":material/add:"
    )
    st.stop()

staff = store.list_staff(include_inactive=True)

search = st.text_input(
    t("overview.search"),
    key="overview_search",
    placeholder=t("overview.search_placeholder"),
    max_chars=200,
)
filters = st.columns([2, 2, 3])
states_key = ui.language_key("overview_states")
states = filters[0].multiselect(
    t("overview.filter_state"),
    ["active", "paused", "closed"],
    default=None if states_key in st.session_state else ["active", "paused"],
    format_func={state: t(f"state.{state}") for state in CASE_STATES}.get,
    key=states_key,
)
person_names = {
    person["id"]: f"{person['name']} ({person['initials']})" for person in staff
}
person = filters[1].selectbox(
    t("overview.filter_person"),
    list(person_names),
    index=None,
    format_func=person_names.get,
    placeholder=t("overview.everyone"),
    key="overview_person",
)
only_late = filters[2].toggle(t("overview.only_late"), key="overview_only_late")
summaries = ui.summaries(tuple(sorted(states)))
filtered = overview.filter_summaries(summaries, None, person, only_late, search)

figures = key_figures(filtered)
columns = st.columns(4)
columns[0].metric(
    t("overview.figure_active"), format_number(figures["active"], ui.language())
)
columns[1].metric(
    t("overview.figure_overdue"), format_number(figures["overdue_steps"], ui.language())
)
columns[2].metric(
    t("overview.figure_late_cases"), format_number(figures["late_cases"], ui.language())
)
columns[3].metric(
    t("overview.figure_completed"), format_number(figures["completed"], ui.language())
)

st.subheader(t("overview.cases"))
if not filtered:
    st.info(t("overview.no_match"), icon=":material/filter_alt_off:")
    st.stop()
table = overview.case_table(filtered, workflow, ui.language())
role_columns = {
    f"role:{role_id}": st.column_config.TextColumn(workflow.role(role_id).name)
    for role_id in workflow.model.overview_roles
}
selection = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    key="overview_table",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "link": st.column_config.LinkColumn(
            t("overview.column_case"), display_text=r"case=(\d+)", width="small"
        ),
        "customer": st.column_config.TextColumn(t("field.customer_name")),
        "number": st.column_config.TextColumn(t("overview.column_number")),
        "state": st.column_config.TextColumn(t("overview.column_state")),
        "progress": st.column_config.ProgressColumn(
            t("overview.column_progress"), format="%d %%", min_value=0, max_value=100
        ),
        "current": st.column_config.TextColumn(t("overview.column_current")),
        "next_due": st.column_config.DateColumn(
            t("overview.column_next_due"), format="DD.MM.YYYY"
        ),
        "overdue": st.column_config.NumberColumn(
            t("overview.column_overdue"),
            help=t("overview.column_overdue_help"),
            format="%d",
        ),
        **role_columns,
    },
)
st.caption(t("overview.open_hint"))
selected_rows = selection.selection.rows if selection else []
if selected_rows:
    case_id = filtered[selected_rows[0]].case["id"]
    st.switch_page("pages/case.py", query_params={"case": str(case_id)})

# The files are built only when a button is clicked, from the rows filtered now.
language, sheet = ui.language(), t("overview.cases")
ui.download_buttons(
    st.container(horizontal=True),
    t("file.cases"),
    "overview",
    csv=(
        t("overview.download_csv"),
        lambda: to_csv(overview_table(filtered, workflow, language)),
    ),
    xlsx=(
        t("overview.download_xlsx"),
        lambda: to_xlsx(
            overview_table(filtered, workflow, language), sheet, frozen_columns=2
        ),
    ),
)

st.subheader(t("overview.grid"))
st.caption(t("overview.grid_help"))
page_size = 50
pages = max(1, -(-len(filtered) // page_size))
page = 1
if pages > 1:
    page = st.number_input(
        t("overview.grid_page", pages=pages), 1, pages, 1, key="overview_grid_page"
    )
first = (page - 1) * page_size
grid = overview.status_grid(
    filtered[first : first + page_size], workflow, ui.language()
)
st.dataframe(grid, width="stretch", key="overview_grid")

left, right = st.columns(2)
with left:
    st.subheader(t("overview.load"))
    st.plotly_chart(
        charts.workload_chart(filtered, workflow, ui.language()),
        key="overview_load_chart",
    )
with right:
    st.subheader(t("overview.stage"))
    st.plotly_chart(
        charts.stage_chart(filtered, workflow, ui.language()),
        key="overview_stage_chart",
    )
