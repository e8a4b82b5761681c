"""Streamlit glue shared by the pages: language, workflow, store, acting person.

The pages call these helpers and stay free of storage and validation code.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from onboarding import config, overview
from onboarding.errors import OnboardingError, WorkflowError
from onboarding.formatting import escape_markdown, format_date, format_week
from onboarding.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from onboarding.matrix import export_filename
from onboarding.progress import StepProgress
from onboarding.store import Actor, Store
from onboarding.workflow import Workflow, load_workflow

log = logging.getLogger(__name__)

LANGUAGE_KEY = "language"
ACTOR_KEY = "actor_id"
# A person to select in the sidebar on the next run, set by the page that
# adds the first person to an empty staff list.
PENDING_ACTOR_KEY = "_pending_actor_id"
# The browser keeps the chosen person and language in these cookies, so a
# reload or a new tab on the same computer starts with them chosen. The
# person cookie is not a sign-in.
PERSON_COOKIE = "onboarding_person"
LANGUAGE_COOKIE = "onboarding_language"
_PERSON_READ_KEY = "_person_cookie_read"
_PERSON_WRITE_KEY = "_person_cookie_write"
_LANGUAGE_READ_KEY = "_language_cookie_read"
_LANGUAGE_WRITE_KEY = "_language_cookie_write"
# A year, in seconds.
COOKIE_MAX_AGE = 31_536_000
_STORE_KEY = "_store"
_FLASH_KEY = "_flash"
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# True while app.py runs the sidebar and the chosen page.
ENTRY_KEY = "_entry_running"


def language() -> str:
    return st.session_state.get(LANGUAGE_KEY) or DEFAULT_LANGUAGE


def language_key(base: str) -> str:
    """Return the key of a widget with translated labels, in the session's language.

    The browser keeps showing a chosen option by the label it had when it
    was chosen, so each language gets its own widget, which starts from the
    choice made in the other language.
    """
    key = f"{language()}:{base}"
    if key not in st.session_state:
        for other in LANGUAGES:
            previous = f"{other}:{base}"
            if previous != key and previous in st.session_state:
                st.session_state[key] = st.session_state[previous]
                break
    return key


def t(key: str, **params: object) -> str:
    """Translate ``key`` into the session's language."""
    return translate(key, language(), **params)


def today() -> dt.date:
    """Today's date; ``ONBOARDING_TODAY`` (ISO date) fixes it for demos and tests."""
    fixed = os.environ.get("ONBOARDING_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def ensure_entry() -> None:
    """Rerun the script through app.py when a page was started without it.

    NOTE: Streamlit 1.67 runs a page file on its own, without app.py, when a
    session's first request is a page address (such as /case?case=3) and a
    pages/ folder lies next to app.py (its old multipage mode). app.py sets
    ENTRY_KEY while it runs. Without it, clearing the class flag below
    switches the server to st.navigation for good. The rerun keeps the
    address, because the page url_paths equal the file names.
    """
    if not st.session_state.get(ENTRY_KEY):
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_workflow(path: str, modified_ns: int) -> Workflow | WorkflowError:
    # The modification time is part of the cache key, so an edited file is
    # read again on the next rerun while an unchanged one is parsed once.
    try:
        return load_workflow(path)
    except WorkflowError as exc:
        log.error("Invalid workflow file %s: %s", path, exc.localized("en"))
        return exc


def workflow_result() -> Workflow | WorkflowError:
    """Return the configured workflow, or the error that makes it unusable."""
    path = config.workflow_path(st.session_state.get("_workflow_option"))
    try:
        modified_ns = Path(path).stat().st_mtime_ns
    except OSError:
        modified_ns = 0
    return _load_workflow(str(path), modified_ns)


def workflow() -> Workflow:
    """Return the current workflow in the session's language, or stop the page with the file's error message."""
    return base_workflow().localized(language())


def base_workflow() -> Workflow:
    """Return the current workflow in the file's own language, or stop the page with its error message."""
    ensure_entry()
    result = workflow_result()
    if isinstance(result, WorkflowError):
        st.error(t("app.workflow_invalid"))
        st.code(result.localized(language()), language=None, wrap_lines=True)
        st.stop()
    return result


def store() -> Store:
    """This session's own connection to the database, opened on first use."""
    ensure_entry()
    path = str(config.db_path(st.session_state.get("_db_option")))
    current = st.session_state.get(_STORE_KEY)
    if current is None or current.path != path:
        try:
            current = Store.open(path)
        except OnboardingError as exc:
            st.error(t("app.storage_error"))
            st.code(exc.localized(language()), language=None, wrap_lines=True)
            st.stop()
        st.session_state[_STORE_KEY] = current
    result = workflow_result()
    # The store names steps and roles in its messages, so it gets the
    # workflow in the session's language. Ids and version are the same.
    current.workflow = (
        result.localized(language()) if isinstance(result, Workflow) else None
    )
    return current


@st.cache_resource(show_spinner=False, max_entries=16)
def _summary_cache(
    _workflow: Workflow, db_path: str, workflow_version: str, states: tuple[str, ...]
) -> overview.SummaryCache:
    return overview.SummaryCache(_workflow, states)


def summaries(states: tuple[str, ...]) -> list:
    """Overview rows of the cases in ``states``, recomputed only for changed cases.

    The rows are shared between sessions in every language, so they contain
    the steps of the file's own language. Treat them as read-only, and look
    up titles with ``workflow().step_title``.
    """
    current, flow = store(), base_workflow()
    cache = _summary_cache(flow, current.path, flow.version, states)
    return cache.get(current, today())


def case_picker(
    key: str, label: str, placeholder: str, include: int | None = None
) -> int | None:
    """A search field and a selectbox of cases; return the chosen case id or None.

    Without a search, the list contains the newest cases that are not closed;
    a search finds any case by customer name or number. ``include`` (such
    as a case from the page address) is always in the list.
    """
    search_column, choice_column = st.columns([1, 2], vertical_alignment="bottom")
    search = search_column.text_input(
        t("case.search"),
        key=f"{key}_search",
        placeholder=t("overview.search_placeholder"),
    )
    chosen = st.session_state.get(key)
    choices = store().case_choices(search, include if include is not None else chosen)
    labels = {case["id"]: case_label(case) for case in choices}
    return choice_column.selectbox(
        label,
        list(labels),
        index=None,
        format_func=labels.get,
        placeholder=placeholder,
        key=key,
    )


def actor() -> Actor | None:
    """Return the person chosen in the sidebar, or None."""
    staff_id = st.session_state.get(ACTOR_KEY)
    if staff_id is None:
        return None
    try:
        return Actor.from_staff(store().get_staff(staff_id))
    except OnboardingError:
        return None


def restore_language() -> None:
    """Start a new session in the language its browser chose last."""
    if st.session_state.get(_LANGUAGE_READ_KEY):
        return
    st.session_state[_LANGUAGE_READ_KEY] = True
    value = _cookie(LANGUAGE_COOKIE)
    if value in LANGUAGES and LANGUAGE_KEY not in st.session_state:
        st.session_state[LANGUAGE_KEY] = value


def sidebar() -> None:
    """Language switch and the choice of who is using the dashboard."""
    with st.sidebar:
        st.segmented_control(
            t("app.language"),
            LANGUAGES,
            format_func=LANGUAGE_NAMES.get,
            # A language restored from the cookie is already in the session.
            default=None if LANGUAGE_KEY in st.session_state else DEFAULT_LANGUAGE,
            required=True,
            key=LANGUAGE_KEY,
            on_change=_mark_changed,
            args=(_LANGUAGE_WRITE_KEY,),
        )
        if st.session_state.pop(_LANGUAGE_WRITE_KEY, False):
            _set_cookie(LANGUAGE_COOKIE, st.session_state.get(LANGUAGE_KEY))
        staff = store().list_staff()
        if not staff:
            st.info(t("app.actor_empty"))
            return
        ids = [person["id"] for person in staff]
        if not st.session_state.get(_PERSON_READ_KEY):
            st.session_state[_PERSON_READ_KEY] = True
            remembered = _remembered_person(ids)
            if remembered is not None and ACTOR_KEY not in st.session_state:
                st.session_state[ACTOR_KEY] = remembered
        if PENDING_ACTOR_KEY in st.session_state:
            st.session_state[ACTOR_KEY] = st.session_state.pop(PENDING_ACTOR_KEY)
            st.session_state[_PERSON_WRITE_KEY] = True
        if st.session_state.get(ACTOR_KEY) not in ids:
            st.session_state.pop(ACTOR_KEY, None)
        names = {
            person["id"]: f"{person['name']} ({person['initials']})" for person in staff
        }
        st.selectbox(
            t("app.actor"),
            ids,
            index=None,
            format_func=names.get,
            placeholder=t("app.actor_placeholder"),
            help=t("app.actor_help"),
            key=ACTOR_KEY,
            on_change=_mark_changed,
            args=(_PERSON_WRITE_KEY,),
        )
        if st.session_state.pop(_PERSON_WRITE_KEY, False):
            staff_id = st.session_state.get(ACTOR_KEY)
            _set_cookie(PERSON_COOKIE, None if staff_id is None else str(staff_id))
        if st.session_state.get(ACTOR_KEY) is None:
            st.warning(t("app.actor_none"))


def _mark_changed(flag: str) -> None:
    st.session_state[flag] = True


def _remembered_person(ids: list[int]) -> int | None:
    """Return the staff id the browser's cookie names, if that person is on the list."""
    value = _cookie(PERSON_COOKIE)
    if value is not None and value.isdigit() and int(value) in ids:
        return int(value)
    return None


def _cookie(name: str) -> str | None:
    value = st.context.cookies.get(name)
    # AppTest's stand-in for the browser returns a mock object, not text.
    return value if isinstance(value, str) else None


def _set_cookie(name: str, value: str | None) -> None:
    """Have the browser store ``value`` under ``name``, or forget it for None.

    Only ids and language codes are stored, never text a person typed, so
    nothing in the script needs escaping.
    """
    # NOTE: the browser writes the cookie when this run's output reaches it,
    # so a page left at once after a choice is not remembered.
    if value is not None and not re.fullmatch(r"[a-z0-9]+", value):
        raise ValueError(f"cookie value {value!r} is not an id or a language code")
    max_age = 0 if value is None else COOKIE_MAX_AGE
    st.html(
        f"<script>document.cookie = '{name}={value or ''}; path=/; "
        f"max-age={max_age}; SameSite=Strict';</script>",
        unsafe_allow_javascript=True,
    )


def write(
    action: Callable[..., object], success_key: str, **params: object
) -> tuple[bool, object]:
    """Call ``action(actor=...)`` as the session's person; show an error or queue a confirmation.

    Returns whether the write succeeded, and the action's result. The
    confirmation is shown after the rerun that brings the saved values onto
    the page.
    """
    try:
        result = action(actor=actor())
    except OnboardingError as exc:
        log.info("Write rejected: %s", exc)
        st.error(exc.localized(language()), icon=":material/error:")
        return False, None
    safe = {
        k: escape_markdown(v) if isinstance(v, str) else v for k, v in params.items()
    }
    flash(t(success_key, **safe))
    return True, result


def download_buttons(
    container,
    name: str,
    key: str,
    csv: tuple[str, bytes | Callable[[], bytes]],
    xlsx: tuple[str, bytes | Callable[[], bytes]],
) -> None:
    """Offer a CSV and an Excel file, named ``name`` and today's date, in ``container``.

    ``csv`` and ``xlsx`` are (label, data) pairs. Data given as a function
    is built only when its button is clicked.
    """
    formats = (
        ("csv", "text/csv", ":material/download:", csv),
        ("xlsx", XLSX_MIME, ":material/table_view:", xlsx),
    )
    for extension, mime, icon, (label, data) in formats:
        container.download_button(
            label,
            data,
            file_name=export_filename(name, extension, today()),
            mime=mime,
            icon=icon,
            key=f"{key}_{extension}",
            on_click="ignore",
        )


def set_widgets_next_run(form: str, values: dict[str, object]) -> None:
    """Queue widget values that the next run sets before ``form`` is drawn.

    A widget's value can only be set before the widget is drawn, and only
    setting it (not dropping it from the session) reaches the browser, for
    example to empty a text box after a save.
    """
    st.session_state[f"_widgets_next_run:{form}"] = values


def apply_queued_widgets(form: str) -> None:
    """Set the widget values queued for ``form``. Call it before drawing the form."""
    for key, value in st.session_state.pop(f"_widgets_next_run:{form}", {}).items():
        st.session_state[key] = value


def flash(message: str, warning: bool = False) -> None:
    """Queue a message for the next run, after the saved values are reloaded."""
    st.session_state[_FLASH_KEY] = (message, warning)


def show_flash() -> None:
    """Show the confirmation queued by the last successful write."""
    queued = st.session_state.pop(_FLASH_KEY, None)
    if not queued:
        return
    message, warning = queued
    if warning:
        st.warning(message, icon=":material/sync_problem:")
    else:
        st.success(message, icon=":material/check_circle:")


def due_text(step: StepProgress) -> str:
    """Due date with week number, marked when the day is derived: ``ca. 02.10.2026 (uge 40)``."""
    text = f"{format_date(step.due)} ({format_week(step.due, language())})"
    return t("case.derived_due", due=text) if step.scheduled.derived else text


def status_label(status: str) -> str:
    return t(f"status.{status}")


def case_label(case: dict) -> str:
    return f"{case['id']} · {case['customer_name']} ({case['customer_number']})"
