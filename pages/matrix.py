"""The role-by-step matrix of the workflow, or of one case, with downloads."""

import streamlit as st

from onboarding import matrix, ui
from onboarding.progress import load_case_steps

t = ui.t
workflow = ui.workflow()
store = ui.store()

st.title(t("matrix.title"))
st.caption(t("matrix.intro"))

case_id = ui.case_picker("matrix_case", t("matrix.case"), t("matrix.whole_workflow"))

legend = st.columns([1, 1, 4])
legend[0].markdown(
    matrix.legend_html(
        "responsible", t("matrix.letter.responsible"), t("matrix.word.responsible")
    ),
    unsafe_allow_html=True,
)
legend[1].markdown(
    matrix.legend_html(
        "involved", t("matrix.letter.involved"), t("matrix.word.involved")
    ),
    unsafe_allow_html=True,
)
legend[2].caption(t("matrix.derived_help"))

if case_id is None:
    frame = matrix.workflow_matrix(workflow, ui.language())
    export_frame = matrix.workflow_matrix(workflow, ui.language(), words=True)
    name = t("file.matrix")
else:
    case = store.get_case(case_id)
    steps = load_case_steps(store, workflow, case, ui.today())
    frame = matrix.case_matrix(workflow, steps, store.team(case_id), ui.language())
    export_frame = frame
    name = t("file.case_matrix", case=case_id)

st.table(matrix.styled(frame, workflow), border="horizontal")

options = st.container(horizontal=True, vertical_alignment="bottom")
csv_format = options.radio(
    t("matrix.csv_format"),
    ["excel", "comma"],
    format_func={value: t(f"matrix.csv_{value}") for value in ("excel", "comma")}.get,
    key=ui.language_key("matrix_csv_format"),
    horizontal=True,
)
ui.download_buttons(
    options,
    name,
    "matrix_download",
    csv=(
        t("matrix.download_csv"),
        matrix.to_csv(export_frame, excel=csv_format == "excel"),
    ),
    xlsx=(
        t("matrix.download_xlsx"),
        matrix.matrix_to_xlsx(export_frame, workflow, name, ui.language()),
    ),
)
