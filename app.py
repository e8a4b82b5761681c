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

# Pages in menu order, with their icons. Each page's address is its file
# name, which ui.ensure_entry relies on; the first page is the default.
PAGES = [
    ("overview", ":material/dashboard:"),
    ("case", ":material/folder_open:"),
    ("my_tasks", ":material/checklist:"),
    ("workload", ":material/groups:"),
    ("matrix", ":material/grid_on:"),
    ("gantt", ":material/view_timeline:"),
    ("workflow", ":material/account_tree:"),
    ("staff", ":material/group:"),
]

navigation = st.navigation(
    [
        st.Page(
            f"pages/{name}.py",
            title=ui.t(f"nav.{name}"),
            icon=icon,
            url_path=name,
            default=index == 0,
        )
        for index, (name, icon) in enumerate(PAGES)
    ]
)
st.session_state[ui.ENTRY_KEY] = True
try:
    ui.sidebar()
    navigation.run()
finally:
    st.session_state[ui.ENTRY_KEY] = False
