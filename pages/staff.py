"""The staff list that team assignments and the sidebar pick people from."""

from functools import partial

import streamlit as st

from onboarding import ui

t = ui.t
store = ui.store()

st.title(t("staff.title"))
st.caption(t("staff.intro"))
ui.show_flash()

staff = store.list_staff(include_inactive=True)
if staff:
    st.dataframe(
        [
            {
                t("field.name"): person["name"],
                t("field.initials"): person["initials"],
                t("field.email"): person["email"],
                t("staff.active"): bool(person["active"]),
            }
            for person in staff
        ],
        hide_index=True,
        key="staff_table",
    )
else:
    st.info(t("staff.empty"), icon=":material/person_add:")

ADD_KEYS = ("staff_add_name", "staff_add_initials", "staff_add_email")

st.subheader(t("staff.add"))
# With no person chosen in the sidebar, the form adds the person using it.
adding_self = ui.actor() is None
if adding_self and staff:
    st.caption(t("staff.add_self"))
ui.apply_queued_widgets("staff_add")
with st.form("staff_add", enter_to_submit=False):
    name = st.text_input(t("field.name"), key=ADD_KEYS[0], max_chars=200)
    initials = st.text_input(t("field.initials"), key=ADD_KEYS[1], max_chars=6)
    email = st.text_input(t("field.email"), key=ADD_KEYS[2])
    if st.form_submit_button(t("staff.add_button"), type="primary"):
        add = partial(store.add_staff, name, initials, email, as_self=adding_self)
        saved, staff_id = ui.write(add, "staff.added", name=name.strip())
        if saved:
            if adding_self:
                st.session_state[ui.PENDING_ACTOR_KEY] = staff_id
            ui.set_widgets_next_run("staff_add", dict.fromkeys(ADD_KEYS, ""))
            st.rerun()

if staff:
    st.subheader(t("staff.edit"))
    names = {
        person["id"]: f"{person['name']} ({person['initials']})" for person in staff
    }
    staff_id = st.selectbox(
        t("staff.choose"),
        list(names),
        index=None,
        format_func=names.get,
        placeholder=t("staff.choose_placeholder"),
        key="staff_edit_choice",
    )
    if staff_id is not None:
        person = next(p for p in staff if p["id"] == staff_id)
        with st.form(f"staff_edit_{staff_id}", enter_to_submit=False):
            new_name = st.text_input(
                t("field.name"), person["name"], key=f"staff_name_{staff_id}"
            )
            new_initials = st.text_input(
                t("field.initials"),
                person["initials"],
                key=f"staff_initials_{staff_id}",
            )
            new_email = st.text_input(
                t("field.email"), person["email"] or "", key=f"staff_email_{staff_id}"
            )
            active = st.checkbox(
                t("staff.active"),
                bool(person["active"]),
                key=f"staff_active_{staff_id}",
            )
            if st.form_submit_button(t("staff.save")):
                save = partial(
                    store.update_staff,
                    staff_id,
                    new_name,
                    new_initials,
                    new_email,
                    active,
                )
                if ui.write(save, "staff.saved", name=new_name.strip())[0]:
                    st.rerun()
