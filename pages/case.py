"""One case: create it, assign its team, and work through its steps."""

from functools import partial

import streamlit as st

from onboarding import ui
from onboarding.case_view import (
    event_table,
    removed_step_title,
    step_people,
    workflow_of_version,
)
from onboarding.formatting import escape_markdown, format_date, format_timestamp
from onboarding.progress import load_case_steps
from onboarding.store import CASE_STATES, STATUSES

t = ui.t
workflow = ui.workflow()
store = ui.store()

st.title(t("case.title"))
ui.show_flash()

cases = store.list_cases()
labels = {case["id"]: ui.case_label(case) for case in cases}
requested = st.query_params.get("case")
if requested is not None and requested.isdigit() and int(requested) in labels:
    st.session_state["case_select"] = int(requested)
elif requested is not None:
    st.warning(t("case.not_found", value=requested))

choice, create = st.columns([3, 1], vertical_alignment="bottom")
case_id = choice.selectbox(
    t("case.choose"),
    list(labels),
    index=None,
    format_func=labels.get,
    placeholder=t("case.choose_placeholder"),
    key="case_select",
)
if case_id is not None:
    st.query_params["case"] = str(case_id)
elif "case" in st.query_params and requested in (None, ""):
    del st.query_params["case"]

with st.expander(t("case.new"), expanded=not cases, icon=":material/add:"):
    with st.form("new_case", clear_on_submit=False):
        name = st.text_input(
            t("field.customer_name"), key="new_case_name", max_chars=200
        )
        number = st.text_input(
            t("field.customer_number"),
            key="new_case_number",
            max_chars=8,
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
    if not cases:
        st.info(t("case.none_yet"), icon=":material/info:")
    st.stop()

case = store.get_case(case_id)
team = store.team(case_id)
staff = store.list_staff()
statuses = store.step_statuses(case_id)
steps = load_case_steps(store, workflow, case, ui.today())
ticks = store.checklist_ticks(case_id)
slot_items = store.slot_items(case_id)

st.header(escape_markdown(case["customer_name"]))
facts = st.columns(4)
facts[0].metric(t("field.customer_number"), case["customer_number"])
facts[1].metric(t("field.start_date"), format_date(case["start_date"]))
finished = sum(step.finished for step in steps)
facts[2].metric(t("case.progress"), f"{finished}/{len(steps)}")
facts[3].metric(t("case.overdue"), sum(step.overdue for step in steps))
st.caption(
    t(
        "case.created_by",
        who=escape_markdown(case["created_by"]),
        when=format_timestamp(case["created_at"]),
        version=case["workflow_version"] or "",
    )
)

with st.expander(t("case.settings"), icon=":material/tune:"):
    with st.form(f"case_settings_{case_id}"):
        state = st.selectbox(
            t("case.state"),
            CASE_STATES,
            index=CASE_STATES.index(case["state"]),
            format_func=lambda value: t(f"state.{value}"),
            key=f"case_state_{case_id}",
        )
        chosen_prerequisites = {
            item.id: st.checkbox(
                item.text,
                value=bool(case["prerequisites"].get(item.id)),
                key=f"case_prerequisite_{case_id}_{item.id}",
            )
            for item in workflow.model.prerequisites
        }
        if st.form_submit_button(t("case.save_settings")):
            save = partial(
                store.update_case,
                case_id,
                state=state,
                prerequisites=chosen_prerequisites,
            )
            if ui.write(save, "case.settings_saved")[0]:
                st.rerun()

st.subheader(t("case.team"))
if not team:
    st.info(t("case.team_empty"), icon=":material/group_add:")
staff_names = {
    person["id"]: f"{person['name']} ({person['initials']})" for person in staff
}
for member in team.values():
    staff_names.setdefault(member["id"], f"{member['name']} ({member['initials']})")
with st.form(f"team_{case_id}"):
    columns = st.columns(4)
    chosen_team = {}
    for index, role in enumerate(workflow.roles):
        current = team.get(role.id)
        options = list(staff_names)
        chosen_team[role.id] = columns[index % 4].selectbox(
            role.name,
            options,
            index=options.index(current["id"]) if current else None,
            format_func=staff_names.get,
            placeholder=t("case.nobody"),
            key=f"team_{case_id}_{role.id}",
        )
    if st.form_submit_button(t("case.save_team")):
        save = partial(store.assign_team, case_id, chosen_team)
        if ui.write(save, "case.team_saved")[0]:
            st.rerun()

st.subheader(t("case.steps"))
status_versions = st.session_state.setdefault("_status_versions", {})
for progress in steps:
    scheduled = progress.scheduled
    step = scheduled.step
    marker = " :red[**⚠**]" if progress.overdue else ""
    title = (
        f"{scheduled.number}. {escape_markdown(step.title)} · {ui.due_text(progress)} · "
        f"{ui.status_label(progress.status)}{marker}"
    )
    version_key = (case_id, step.id)
    loaded = statuses.get(step.id)
    with st.expander(
        title, icon=":material/check_circle:" if progress.finished else None
    ):
        st.text(step.text)
        responsible, involved = step_people(step, workflow, team, ui.language())
        st.markdown(f"**{t('case.responsible')}:** {escape_markdown(responsible)}")
        if involved:
            st.markdown(f"**{t('case.involved')}:** {escape_markdown(involved)}")
        with st.form(f"step_{case_id}_{step.id}"):
            status = st.selectbox(
                t("case.status"),
                STATUSES,
                index=STATUSES.index(progress.status),
                format_func=ui.status_label,
                key=f"status_{case_id}_{step.id}",
            )
            tick_values = {}
            slot_values = {}
            new_items = {}
            for item in step.checklist:
                if not item.open:
                    tick = ticks.get((step.id, item.id))
                    tick_values[item.id] = st.checkbox(
                        escape_markdown(item.text),
                        value=bool(tick and tick["checked"]),
                        key=f"tick_{case_id}_{step.id}_{item.id}",
                        help=t(
                            "case.ticked_by",
                            who=escape_markdown(tick["updated_by"]),
                            when=format_timestamp(tick["updated_at"]),
                        )
                        if tick
                        else None,
                    )
                    continue
                for slot_item in slot_items:
                    if (
                        slot_item["step_id"] == step.id
                        and slot_item["slot_id"] == item.id
                    ):
                        slot_values[slot_item["id"]] = st.checkbox(
                            escape_markdown(slot_item["text"]),
                            value=bool(slot_item["checked"]),
                            key=f"slot_{case_id}_{slot_item['id']}",
                        )
                new_items[item.id] = st.text_input(
                    t("case.open_slot"),
                    key=f"new_slot_{case_id}_{step.id}_{item.id}",
                    help=t("case.open_slot_help"),
                    max_chars=300,
                )
            known_items = {item.id for item in step.checklist}
            for (tick_step, item_id), tick in ticks.items():
                if tick_step == step.id and item_id not in known_items:
                    mark = t("event.ticked") if tick["checked"] else t("event.unticked")
                    st.caption(t("case.removed_item", item=item_id, mark=mark))
            comment = st.text_area(
                t("case.comment"),
                key=f"comment_{case_id}_{step.id}",
                max_chars=4000,
                placeholder=t("case.comment_placeholder"),
            )
            if st.form_submit_button(t("case.save_step"), type="primary"):
                loaded_ticks = {
                    item_id: bool(ticks.get((step.id, item_id), {}).get("checked"))
                    for item_id in tick_values
                }
                changes = {
                    "status": status if status != progress.status else None,
                    "expected_version": status_versions.get(version_key),
                    "ticks": {
                        k: v for k, v in tick_values.items() if v != loaded_ticks[k]
                    },
                    "slot_ticks": {
                        k: v
                        for k, v in slot_values.items()
                        if v
                        != bool(next(i for i in slot_items if i["id"] == k)["checked"])
                    },
                    "new_slot_items": {k: v for k, v in new_items.items() if v.strip()},
                    "comment": comment if comment.strip() else None,
                }
                save = partial(
                    store.save_step,
                    case_id,
                    step.id,
                    keep_rest_on_conflict=True,
                    **changes,
                )
                saved, conflict = ui.write(
                    save, "case.step_saved", step=scheduled.number
                )
                if conflict is not None:
                    ui.flash(
                        escape_markdown(
                            conflict.localized(ui.language(), "error.stale_status_kept")
                        ),
                        warning=True,
                    )
                if saved:
                    for key in list(st.session_state):
                        if str(key).endswith(f"_{case_id}_{step.id}") or str(
                            key
                        ).startswith(
                            (
                                f"new_slot_{case_id}_{step.id}_",
                                f"tick_{case_id}_{step.id}_",
                            )
                        ):
                            del st.session_state[key]
                    status_versions.pop(version_key, None)
                    st.rerun()
        status_versions[version_key] = loaded["version"] if loaded else 0
        if loaded:
            st.caption(
                t(
                    "case.status_by",
                    who=escape_markdown(loaded["updated_by"]),
                    when=format_timestamp(loaded["updated_at"]),
                )
            )
        comments = store.comments(case_id, step.id)
        st.markdown(f"**{t('case.comments', count=len(comments))}**")
        for comment_row in comments:
            with st.container(border=True):
                st.caption(
                    f"{escape_markdown(comment_row['author'])} · "
                    f"{format_timestamp(comment_row['created_at'])}"
                )
                st.text(comment_row["text"])

removed = sorted(store.steps_with_data(case_id) - {step.id for step in workflow.steps})
if removed:
    st.subheader(t("case.removed_steps"))
    st.caption(t("case.removed_steps_help"))
    old_workflow = workflow_of_version(store, case["workflow_version"])
    for step_id in removed:
        status = statuses.get(step_id, {}).get("status", "not_started")
        title = escape_markdown(removed_step_title(step_id, old_workflow))
        with st.expander(
            f"{title} · {ui.status_label(status)}", icon=":material/archive:"
        ):
            st.caption(t("case.removed_step_id", step=step_id))
            for (tick_step, item_id), tick in ticks.items():
                if tick_step == step_id:
                    mark = t("event.ticked") if tick["checked"] else t("event.unticked")
                    st.text(f"{item_id}: {mark}")
            for slot_item in slot_items:
                if slot_item["step_id"] == step_id:
                    mark = (
                        t("event.ticked")
                        if slot_item["checked"]
                        else t("event.unticked")
                    )
                    st.text(f"{slot_item['text']}: {mark}")
            for comment_row in store.comments(case_id, step_id):
                with st.container(border=True):
                    st.caption(
                        f"{escape_markdown(comment_row['author'])} · "
                        f"{format_timestamp(comment_row['created_at'])}"
                    )
                    st.text(comment_row["text"])

with st.expander(t("case.events"), icon=":material/history:"):
    st.dataframe(
        event_table(store.events(case_id), workflow, ui.language()),
        hide_index=True,
        width="stretch",
        key=f"events_{case_id}",
    )
