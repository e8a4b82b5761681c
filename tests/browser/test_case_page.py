"""Case page: a controller saves a step's status, checklist tick and comment."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from onboarding.store import Store
from onboarding.workflow import Workflow
from tests.browser.streamlit_ui import (
    case_header,
    choose_option,
    open_expander,
    open_page,
    sidebar,
    step_expander,
    wait_for_script,
)

pytestmark = pytest.mark.browser

ACTOR = "Mette Kjær (MK)"
COMMENT = "Kundemødet er aftalt til tirsdag; dagsordenen er sendt."


def case_without_ticks(store: Store, step_id: str) -> dict:
    """Find the first active case with no checklist item of ``step_id`` ticked."""
    for case in store.list_cases(state="active"):
        ticks = store.checklist_ticks(case["id"])
        if not any(
            tick["checked"] for (step, _), tick in ticks.items() if step == step_id
        ):
            return case
    pytest.fail(f"every active demo case has a checklist tick in step {step_id!r}")


def test_step_changes_survive_reload(
    page: Page, base_url: str, demo_store: Store, demo_workflow: Workflow
) -> None:
    scheduled = next(s for s in demo_workflow.scheduled_steps() if s.step.checklist)
    step = scheduled.step
    item = next(item for item in step.checklist if not item.open)
    case = case_without_ticks(demo_store, step.id)
    saved_status = demo_store.step_statuses(case["id"]).get(step.id)
    new_status = "Afventer"
    if saved_status and saved_status["status"] == "waiting":
        new_status = "I gang"

    open_page(page, base_url, f"/case?case={case['id']}")
    expect(case_header(page, case["customer_name"])).to_be_visible()
    choose_option(page, "Hvem er du?", ACTOR, within=sidebar(page))
    expect(
        sidebar(page).get_by_text("Vælg dig selv på medarbejderlisten")
    ).to_be_hidden()
    wait_for_script(page)

    expander = step_expander(page, scheduled.number)
    open_expander(expander)
    choose_option(page, "Status", new_status, within=expander)
    checkbox = expander.get_by_test_id("stCheckbox").filter(has_text=item.text)
    expect(checkbox.locator("input")).not_to_be_checked()
    checkbox.click()
    expect(checkbox.locator("input")).to_be_checked()
    expander.get_by_test_id("stTextArea").locator("textarea").fill(COMMENT)
    expander.get_by_role("button", name="Gem", exact=True).click()
    expect(
        page.get_by_test_id("stAlert").filter(
            has_text=f"Trin {scheduled.number} er gemt."
        )
    ).to_be_visible()
    # The step stays open, and as the comment is saved, its box is empty.
    wait_for_script(page)
    expander = step_expander(page, scheduled.number)
    expect(expander.locator("details")).to_have_attribute("open", "")
    expect(expander.get_by_test_id("stTextArea").locator("textarea")).to_have_value("")

    page.reload()
    wait_for_script(page)
    expander = step_expander(page, scheduled.number)
    expect(expander.locator("summary")).to_contain_text(f"· {new_status}")
    open_expander(expander)
    checkbox = expander.get_by_test_id("stCheckbox").filter(has_text=item.text)
    expect(checkbox.locator("input")).to_be_checked()
    expect(expander.get_by_test_id("stText").filter(has_text=COMMENT)).to_be_visible()
    expect(expander).to_contain_text(f"Status sidst ændret af {ACTOR}")
