"""The sections of the case page, each a function that draws one part of it.

Every text that comes from a person is escaped before Streamlit renders it
as Markdown, or shown with ``st.text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from onboarding import ui
from onboarding.case_view import (
    event_table,
    removed_step_title,
    step_people,
    workflow_of_version,
)
from onboarding.errors import StaleWriteError
from onboarding.exports import case_plan
from onboarding.formatting import escape_markdown, format_date, format_timestamp
from onboarding.inputs import (
    MAX_COMMENT_LENGTH,
    MAX_NAME_LENGTH,
    customer_number_checks_out,
)
from onboarding.matrix import to_csv, to_xlsx
from onboarding.progress import StepProgress, case_steps, paused_days
from onboarding.store import CASE_STATES, STATUSES, Actor, Store
from onboarding.workflow import Step, Workflow

t = ui.t


@dataclass
class CaseContext:
    """Data the sections of one case page read, loaded once per run."""

    store: Store
    workflow: Workflow
    case: dict
    team: dict[str, dict]
    statuses: dict[str, dict]
    steps: list[StepProgress]
    ticks: dict[tuple[str, str], dict]
    slot_items: list[dict]
    pause_shift: int

    @classmethod
    def load(cls, store: Store, workflow: Workflow, case_id: int) -> CaseContext:
        case = store.get_case(case_id)
        statuses = store.step_statuses(case_id)
        shift = paused_days(store.pauses(case_id), ui.today())
        steps = case_steps(
            workflow,
            case,
            {k: v["status"] for k, v in statuses.items()},
            ui.today(),
            shift,
        )
        return cls(
            store,
            workflow,
            case,
            store.team(case_id),
            statuses,
            steps,
            store.checklist_ticks(case_id),
            store.slot_items(case_id),
            shift,
        )

    @property
    def case_id(self) -> int:
        return self.case["id"]


def _comment_list(comments: list[dict]) -> None:
    for comment in comments:
        with st.container(border=True):
            st.caption(
                f"{escape_markdown(comment['author'])} · {format_timestamp(comment['created_at'])}"
            )
            st.text(comment["text"])


def header(ctx: CaseContext) -> None:
    case = ctx.case
    st.header(escape_markdown(case["customer_name"]))
    facts = st.columns(5)
    facts[0].metric(t("field.customer_number"), case["customer_number"])
    facts[1].metric(t("field.start_date"), format_date(case["start_date"]))
    facts[2].metric(t("case.state"), t(f"state.{case['state']}"))
    finished = sum(step.finished for step in ctx.steps)
    facts[3].metric(t("case.progress"), f"{finished}/{len(ctx.steps)}")
    facts[4].metric(t("case.overdue"), sum(step.overdue for step in ctx.steps))

    st.caption(
        t(
            "case.created_by",
            who=escape_markdown(case["created_by"]),
            when=format_timestamp(case["created_at"]),
            version=case["workflow_version"] or "",
        )
    )

    _customer_number_warnings(ctx)
    if case["state"] == "paused":
        st.info(t("case.paused_info"), icon=":material/pause_circle:")
    if ctx.pause_shift:
        st.caption(t("case.pause_shift", days=ctx.pause_shift))
    if case["state"] == "closed":
        reason = case.get("closed_reason")
        st.info(
            t(
                "case.closed_info",
                reason=escape_markdown(reason or t("case.closed_all_done")),
            ),
            icon=":material/task_alt:",
        )


def _customer_number_warnings(ctx: CaseContext) -> None:
    """Warn about a CVR number that fails its check or that other cases share."""
    number = ctx.case["customer_number"]
    if not customer_number_checks_out(number):
        st.warning(t("case.number_check_failed", number=number), icon=":material/pin:")
    others = ctx.store.cases_with_number(number, exclude=ctx.case_id)
    if others:
        links = ", ".join(
            f"[{t('case.case_link', case=other['id'])} "
            f"({escape_markdown(other['customer_name'])}, "
            f"{t('state.' + other['state']).lower()})](case?case={other['id']})"
            for other in others
        )
        st.warning(
            t("case.number_shared", number=number, cases=links),
            icon=":material/content_copy:",
        )


def settings(ctx: CaseContext) -> None:
    """Draw the forms for the customer, state, prerequisites and start date of the case."""
    case_id, case = ctx.case_id, ctx.case
    keys = _settings_keys(ctx)
    seen_key = f"case_settings_seen_{case_id}"
    # After a conflict, the form takes over values stored by others.
    ui.apply_queued_widgets(f"case_settings_{case_id}")
    if keys["customer_name"] not in st.session_state:
        # The form starts from the stored values. Remembering them lets a save
        # send only what the person changed and notice what others changed.
        st.session_state[seen_key] = _settings_values(case, ctx.workflow)
    seen = st.session_state.get(seen_key) or _settings_values(case, ctx.workflow)

    def initial(field: str, value: object, empty: object) -> object:
        # Once a widget has a value in the session, that value wins. Giving
        # the stored value as well would make Streamlit warn about the clash.
        return empty if keys[field] in st.session_state else value

    with st.expander(t("case.settings"), icon=":material/tune:"):
        with st.form(f"case_settings_{case_id}", enter_to_submit=False):
            form = {
                "customer_name": st.text_input(
                    t("field.customer_name"),
                    value=initial("customer_name", case["customer_name"], ""),
                    max_chars=MAX_NAME_LENGTH,
                    key=keys["customer_name"],
                ),
                "customer_number": st.text_input(
                    t("field.customer_number"),
                    value=initial("customer_number", case["customer_number"], ""),
                    max_chars=20,
                    key=keys["customer_number"],
                ),
                "state": st.selectbox(
                    t("case.state"),
                    CASE_STATES,
                    index=initial("state", CASE_STATES.index(case["state"]), 0),
                    format_func={
                        state: t(f"state.{state}") for state in CASE_STATES
                    }.get,
                    key=keys["state"],
                    help=t("case.state_help"),
                ),
            }
            reason = st.text_input(
                t("case.close_reason"),
                key=f"case_reason_{case_id}",
                help=t("case.close_reason_help"),
            )
            form["prerequisites"] = {
                item.id: st.checkbox(
                    item.text,
                    value=initial(
                        f"prerequisite:{item.id}",
                        bool(case["prerequisites"].get(item.id)),
                        False,
                    ),
                    key=keys[f"prerequisite:{item.id}"],
                )
                for item in ctx.workflow.model.prerequisites
            }
            if st.form_submit_button(t("case.save_settings")):
                _save_settings(ctx, form, seen, reason, keys)
        _start_date(ctx)


def _settings_keys(ctx: CaseContext) -> dict[str, str]:
    case_id = ctx.case_id
    keys = {
        "customer_name": f"case_customer_name_{case_id}",
        "customer_number": f"case_customer_number_{case_id}",
        "state": ui.language_key(f"case_state_{case_id}"),
    }
    for item in ctx.workflow.model.prerequisites:
        keys[f"prerequisite:{item.id}"] = f"case_prerequisite_{case_id}_{item.id}"
    return keys


def _settings_values(case: dict, workflow: Workflow) -> dict[str, object]:
    return {
        "customer_name": case["customer_name"],
        "customer_number": case["customer_number"],
        "state": case["state"],
        "prerequisites": {
            item.id: bool(case["prerequisites"].get(item.id))
            for item in workflow.model.prerequisites
        },
    }


def _save_settings(
    ctx: CaseContext,
    form: dict[str, object],
    seen: dict[str, object],
    reason: str,
    keys: dict[str, str],
) -> None:
    """Save the fields the person changed in the settings form, then reload it."""
    case_id = ctx.case_id
    changed = {field: value for field, value in form.items() if value != seen[field]}
    if not changed:
        st.info(t("case.nothing_to_save"), icon=":material/info:")
        return
    conflicts: list[StaleWriteError] = []

    def save(actor: Actor) -> None:
        try:
            ctx.store.update_case(
                case_id,
                actor,
                reason=reason or None,
                today=ui.today(),
                expected=seen,
                **changed,
            )
        except StaleWriteError as exc:
            conflicts.append(exc)
            raise

    if ui.write(save, "case.settings_saved")[0]:
        for key in [*keys.values(), f"case_reason_{case_id}"]:
            st.session_state.pop(key, None)
        st.rerun()
    if conflicts:
        _take_over_stored_settings(ctx, changed, keys)
        ui.flash(conflicts[0].localized(ui.language()), warning=True)
        st.rerun()


def _take_over_stored_settings(
    ctx: CaseContext, changed: dict[str, object], keys: dict[str, str]
) -> None:
    """After a conflict, show what others stored in every field the person left alone.

    The person's own entries stay in the form, and the stored values become
    the ones a new save is checked against.
    """
    stored = _settings_values(ctx.store.get_case(ctx.case_id), ctx.workflow)
    refresh: dict[str, object] = {}
    for field in ("customer_name", "customer_number", "state"):
        if field not in changed:
            refresh[keys[field]] = stored[field]
    if "prerequisites" not in changed:
        for item_id, ticked in stored["prerequisites"].items():
            refresh[keys[f"prerequisite:{item_id}"]] = ticked
    ui.set_widgets_next_run(f"case_settings_{ctx.case_id}", refresh)
    st.session_state[f"case_settings_seen_{ctx.case_id}"] = stored


def _start_date(ctx: CaseContext) -> None:
    """Move the start date: show every step's old and new due date, then confirm."""
    case_id = ctx.case_id
    preview_key = f"start_preview_{case_id}"
    with st.form(f"case_start_{case_id}", enter_to_submit=False):
        new_start = st.date_input(
            t("case.new_start"),
            value=dt.date.fromisoformat(ctx.case["start_date"]),
            format="DD.MM.YYYY",
            key=f"case_new_start_{case_id}",
        )
        if st.form_submit_button(t("case.preview_start")):
            st.session_state[preview_key] = new_start

    new_start = st.session_state.get(preview_key)
    if new_start is None or new_start.isoformat() == ctx.case["start_date"]:
        return

    statuses = {k: v["status"] for k, v in ctx.statuses.items()}
    moved = case_steps(
        ctx.workflow, ctx.case, statuses, ui.today(), ctx.pause_shift, start=new_start
    )
    st.dataframe(
        pd.DataFrame(
            {
                t("plan.column.step"): [
                    f"{s.scheduled.number}. {s.scheduled.step.title}" for s in ctx.steps
                ],
                t("case.old_due"): [format_date(s.due) for s in ctx.steps],
                t("case.new_due"): [format_date(s.due) for s in moved],
            }
        ),
        hide_index=True,
        key=f"start_preview_table_{case_id}",
    )

    confirm, cancel = st.columns([1, 4])
    if confirm.button(
        t("case.confirm_start"), type="primary", key=f"case_start_confirm_{case_id}"
    ):
        save = partial(ctx.store.move_start_date, case_id, new_start, today=ui.today())
        if ui.write(save, "case.start_moved", start=format_date(new_start))[0]:
            st.session_state.pop(preview_key, None)
            st.rerun()
    if cancel.button(t("case.cancel_start"), key=f"case_start_cancel_{case_id}"):
        st.session_state.pop(preview_key, None)
        st.rerun()


def downloads(ctx: CaseContext) -> None:
    """Offer the case's plan as CSV and Excel downloads."""
    plan = case_plan(
        ctx.workflow,
        ctx.steps,
        ctx.team,
        ctx.store.last_comments(ctx.case_id),
        ui.language(),
    )
    name = t("file.plan", case=ctx.case_id)
    # A row that fits each button to its label, in either language.
    ui.download_buttons(
        st.container(horizontal=True),
        name,
        f"plan_{ctx.case_id}",
        csv=(t("case.download_plan_csv"), to_csv(plan)),
        xlsx=(
            t("case.download_plan_xlsx"),
            to_xlsx(plan, t("case.plan_sheet"), frozen_columns=2),
        ),
    )


def team(ctx: CaseContext, staff: list[dict]) -> None:
    """Who fills each role of the workflow on this case."""
    case_id = ctx.case_id
    st.subheader(t("case.team"))
    if not ctx.team:
        st.info(t("case.team_empty"), icon=":material/group_add:")
    names = {
        person["id"]: f"{person['name']} ({person['initials']})" for person in staff
    }
    for member in ctx.team.values():
        # A deactivated person stays on the team until someone replaces them.
        if member["id"] not in names:
            names[member["id"]] = t(
                "case.inactive_person", name=f"{member['name']} ({member['initials']})"
            )
    keys = {role.id: f"team_{case_id}_{role.id}" for role in ctx.workflow.roles}
    submit_key = f"team_save_{case_id}"
    seen_key = f"team_seen_{case_id}"
    stored = {
        role.id: (ctx.team.get(role.id) or {}).get("id") for role in ctx.workflow.roles
    }
    if not st.session_state.get(submit_key):
        # Unless this run saves the form, it shows the stored team, so a
        # handover or a colleague's change is not sent back by a later save.
        for role_id, key in keys.items():
            st.session_state[key] = stored[role_id]
        st.session_state[seen_key] = stored
    seen = st.session_state.get(seen_key, stored)
    with st.form(f"team_{case_id}", enter_to_submit=False):
        columns = st.columns(4)
        chosen = {}
        for index, role in enumerate(ctx.workflow.roles):
            chosen[role.id] = columns[index % 4].selectbox(
                role.name,
                list(names),
                index=None,
                format_func=names.get,
                placeholder=t("case.nobody"),
                key=keys[role.id],
            )
        if st.form_submit_button(t("case.save_team"), key=submit_key):
            changed = {r: person for r, person in chosen.items() if person != seen[r]}
            if not changed:
                st.info(t("case.nothing_to_save"), icon=":material/info:")
                return
            save = partial(ctx.store.assign_team, case_id, changed, expected=seen)
            if ui.write(save, "case.team_saved")[0]:
                st.rerun()


def steps(ctx: CaseContext) -> None:
    st.subheader(t("case.steps"))
    versions = st.session_state.setdefault("_status_versions", {})
    for progress in ctx.steps:
        _step(ctx, progress, versions)


def _step(ctx: CaseContext, progress: StepProgress, versions: dict) -> None:
    scheduled = progress.scheduled
    step = scheduled.step
    case_id = ctx.case_id
    marker = " :red[**⚠**]" if progress.overdue else ""
    title = (
        f"{scheduled.number}. {escape_markdown(step.title)} · {ui.due_text(progress)} · "
        f"{ui.status_label(progress.status)}{marker}"
    )
    loaded = ctx.statuses.get(step.id)
    # The key keeps a step open across the rerun after a save, which
    # changes the title.
    with st.expander(
        title,
        icon=":material/check_circle:" if progress.finished else None,
        key=f"step_open:{case_id}:{step.id}",
    ):
        st.text(step.text)
        responsible, involved = step_people(step, ctx.workflow, ctx.team, ui.language())
        st.markdown(f"**{t('case.responsible')}:** {escape_markdown(responsible)}")
        if involved:
            st.markdown(f"**{t('case.involved')}:** {escape_markdown(involved)}")
        if progress.moved_from:
            reason = ctx.workflow.calendar.reason_closed(
                progress.moved_from, ui.language()
            )
            st.caption(
                t(
                    "case.due_moved",
                    planned=format_date(progress.moved_from),
                    reason=f" ({reason})" if reason else "",
                    due=format_date(progress.due),
                )
            )
        _handover(ctx, step)
        _step_form(ctx, progress, versions)
        versions[(case_id, step.id)] = loaded["version"] if loaded else 0
        if loaded:
            st.caption(
                t(
                    "case.status_by",
                    who=escape_markdown(loaded["updated_by"]),
                    when=format_timestamp(loaded["updated_at"]),
                )
            )
        comments = ctx.store.comments(case_id, step.id)
        st.markdown(f"**{t('case.comments', count=len(comments))}**")
        _comment_list(comments)


def _handover(ctx: CaseContext, step: Step) -> None:
    handover = ctx.workflow.handover_at(step.id)
    if handover is None:
        return

    taking_over = ctx.team.get(handover.from_role)
    current = ctx.team.get(handover.to_role)
    role = ctx.workflow.role(handover.to_role).name
    if taking_over is None:
        st.caption(
            t("case.handover_nobody", role=ctx.workflow.role(handover.from_role).name)
        )
        return
    if current is not None and current["id"] == taking_over["id"]:
        st.caption(
            t(
                "case.handover_done",
                name=escape_markdown(taking_over["name"]),
                role=role,
            )
        )
        return

    label = t("case.handover_button", name=taking_over["name"], role=role)
    confirm_key = f"handover_confirm_{ctx.case_id}_{handover.id}"
    if st.button(
        label, key=f"handover_{ctx.case_id}_{handover.id}", icon=":material/swap_horiz:"
    ):
        st.session_state[confirm_key] = True
    if not st.session_state.get(confirm_key):
        return

    # A handover changes the team and closes the step, so it is confirmed first.
    old = current["name"] if current else t("matrix.unassigned")
    st.warning(
        t(
            "case.handover_confirm",
            name=escape_markdown(taking_over["name"]),
            role=role,
            old=escape_markdown(old),
            step=_step_label(ctx, step),
        ),
        icon=":material/swap_horiz:",
    )

    confirm, cancel = st.columns([1, 4])
    if confirm.button(t("case.handover_do"), type="primary", key=f"{confirm_key}_yes"):
        save = partial(ctx.store.hand_over, ctx.case_id, handover.id)
        saved, _ = ui.write(
            save, "case.handover_saved", name=taking_over["name"], role=role
        )
        if saved:
            st.session_state.pop(confirm_key, None)
            st.rerun()
    if cancel.button(t("case.cancel_start"), key=f"{confirm_key}_no"):
        st.session_state.pop(confirm_key, None)
        st.rerun()


def _step_label(ctx: CaseContext, step: Step) -> str:
    number = next(
        p.scheduled.number for p in ctx.steps if p.scheduled.step.id == step.id
    )
    return f"{number}. {escape_markdown(step.title)}"


def _step_form(ctx: CaseContext, progress: StepProgress, versions: dict) -> None:
    """Status, checklist, open-slot items and a comment of a step, saved together."""
    step = progress.scheduled.step
    case_id = ctx.case_id
    form = f"step_{case_id}_{step.id}"
    # After a save, the comment and new-item boxes are emptied.
    ui.apply_queued_widgets(form)
    with st.form(form, enter_to_submit=False):
        status = st.selectbox(
            t("case.status"),
            STATUSES,
            index=STATUSES.index(progress.status),
            format_func={status: ui.status_label(status) for status in STATUSES}.get,
            key=ui.language_key(f"status_{case_id}_{step.id}"),
        )
        tick_values: dict[str, bool] = {}
        slot_values: dict[int, bool] = {}
        new_items: dict[str, str] = {}
        for item in step.checklist:
            if not item.open:
                tick = ctx.ticks.get((step.id, item.id))
                help_text = None
                if tick:
                    help_text = t(
                        "case.ticked_by",
                        who=escape_markdown(tick["updated_by"]),
                        when=format_timestamp(tick["updated_at"]),
                    )
                tick_values[item.id] = st.checkbox(
                    escape_markdown(item.text),
                    value=bool(tick and tick["checked"]),
                    key=f"tick_{case_id}_{step.id}_{item.id}",
                    help=help_text,
                )
                continue
            for slot_item in ctx.slot_items:
                if slot_item["step_id"] == step.id and slot_item["slot_id"] == item.id:
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
        for (tick_step, item_id), tick in ctx.ticks.items():
            if tick_step == step.id and item_id not in known_items:
                mark = t("event.ticked") if tick["checked"] else t("event.unticked")
                st.caption(t("case.removed_item", item=item_id, mark=mark))
        comment = st.text_area(
            t("case.comment"),
            key=f"comment_{case_id}_{step.id}",
            help=t("case.comment_help", limit=MAX_COMMENT_LENGTH),
            placeholder=t("case.comment_placeholder"),
        )
        if not st.form_submit_button(t("case.save_step"), type="primary"):
            return

    loaded_ticks = {
        item_id: bool(ctx.ticks.get((step.id, item_id), {}).get("checked"))
        for item_id in tick_values
    }
    loaded_slots = {item["id"]: bool(item["checked"]) for item in ctx.slot_items}
    save = partial(
        ctx.store.save_step,
        case_id,
        step.id,
        keep_rest_on_conflict=True,
        status=status if status != progress.status else None,
        expected_version=versions.get((case_id, step.id)),
        ticks={k: v for k, v in tick_values.items() if v != loaded_ticks[k]},
        slot_ticks={k: v for k, v in slot_values.items() if v != loaded_slots[k]},
        new_slot_items={k: v for k, v in new_items.items() if v.strip()},
        comment=comment if comment.strip() else None,
    )
    changes = save.keywords
    if not any(
        changes[name]
        for name in ("status", "ticks", "slot_ticks", "new_slot_items", "comment")
    ):
        st.info(t("case.nothing_to_save"), icon=":material/info:")
        return
    saved, conflict = ui.write(save, "case.step_saved", step=progress.scheduled.number)
    if conflict is not None:
        message = conflict.localized(ui.language(), "error.stale_status_kept")
        ui.flash(escape_markdown(message), warning=True)
    if saved:
        # Drop the form's widget values so they are drawn again from the
        # stored data on the rerun.
        prefixes = (f"new_slot_{case_id}_{step.id}_", f"tick_{case_id}_{step.id}_")
        for key in list(st.session_state):
            if str(key).endswith(f"_{case_id}_{step.id}") or str(key).startswith(
                prefixes
            ):
                del st.session_state[key]
        boxes = [f"comment_{case_id}_{step.id}"] + [
            f"new_slot_{case_id}_{step.id}_{item.id}"
            for item in step.checklist
            if item.open
        ]
        ui.set_widgets_next_run(f"step_{case_id}_{step.id}", dict.fromkeys(boxes, ""))
        versions.pop((case_id, step.id), None)
        st.rerun()


def removed_steps(ctx: CaseContext) -> None:
    """Steps that left the workflow after work was recorded on them, read-only."""
    current = {step.id for step in ctx.workflow.steps}
    removed = sorted(ctx.store.steps_with_data(ctx.case_id) - current)
    if not removed:
        return
    st.subheader(t("case.removed_steps"))
    st.caption(t("case.removed_steps_help"))
    old_workflow = workflow_of_version(ctx.store, ctx.case["workflow_version"])
    for step_id in removed:
        status = ctx.statuses.get(step_id, {}).get("status", "not_started")
        title = escape_markdown(removed_step_title(step_id, old_workflow))
        with st.expander(
            f"{title} · {ui.status_label(status)}", icon=":material/archive:"
        ):
            st.caption(t("case.removed_step_id", step=step_id))
            for (tick_step, item_id), tick in ctx.ticks.items():
                if tick_step == step_id:
                    mark = t("event.ticked") if tick["checked"] else t("event.unticked")
                    st.text(f"{item_id}: {mark}")
            for slot_item in ctx.slot_items:
                if slot_item["step_id"] == step_id:
                    mark = (
                        t("event.ticked")
                        if slot_item["checked"]
                        else t("event.unticked")
                    )
                    st.text(f"{slot_item['text']}: {mark}")
            _comment_list(ctx.store.comments(ctx.case_id, step_id))


def event_log(ctx: CaseContext) -> None:
    with st.expander(t("case.events"), icon=":material/history:"):
        st.dataframe(
            event_table(
                ctx.store.events(ctx.case_id),
                ctx.workflow,
                ui.language(),
                {c["id"]: c["text"] for c in ctx.store.comments(ctx.case_id)},
            ),
            hide_index=True,
            width="stretch",
            key=f"events_{ctx.case_id}",
        )
