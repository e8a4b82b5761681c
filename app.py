"""Entry point of the dashboard: ``streamlit run app.py [-- --db PATH --workflow FILE]``."""

import argparse
import logging
import sys

import streamlit as st

from onboarding import ui


def _read_options() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--workflow")
    options, _ = parser.parse_known_args(sys.argv[1:])
    st.session_state.setdefault("_db_option", options.db)
    st.session_state.setdefault("_workflow_option", options.workflow)


if not logging.getLogger().handlers:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

st.set_page_config(page_title="Onboarding", layout="wide")
_read_options()
ui.restore_language()

t = ui.t
navigation = st.navigation(
    [
        st.Page(
            "pages/overview.py",
            title=t("nav.overview"),
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
        st.Page(
            "pages/case.py",
            title=t("nav.case"),
            icon=":material/folder_open:",
            url_path="case",
        ),
        st.Page(
            "pages/my_tasks.py",
            title=t("nav.my_tasks"),
            icon=":material/checklist:",
            url_path="my_tasks",
        ),
        st.Page(
            "pages/workload.py",
            title=t("nav.workload"),
            icon=":material/groups:",
            url_path="workload",
        ),
        st.Page(
            "pages/matrix.py",
            title=t("nav.matrix"),
            icon=":material/grid_on:",
            url_path="matrix",
        ),
        st.Page(
            "pages/gantt.py",
            title=t("nav.gantt"),
            icon=":material/view_timeline:",
            url_path="gantt",
        ),
        st.Page(
            "pages/workflow.py",
            title=t("nav.workflow"),
            icon=":material/account_tree:",
            url_path="workflow",
        ),
        st.Page(
            "pages/staff.py",
            title=t("nav.staff"),
            icon=":material/group:",
            url_path="staff",
        ),
    ]
)
st.session_state[ui.ENTRY_KEY] = True
try:
    ui.sidebar()
    navigation.run()
finally:
    st.session_state[ui.ENTRY_KEY] = False
