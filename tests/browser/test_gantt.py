"""Gantt page: bars for the workflow, then for one case."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from onboarding.store import Store
from onboarding.workflow import Workflow
from tests.browser.streamlit_ui import (
    choose_option,
    open_page,
    page_title,
    wait_for_script,
)

pytestmark = pytest.mark.browser

STEP_COUNT = 13


def test_gantt_bars_for_workflow_and_case(
    page: Page, base_url: str, demo_store: Store, demo_workflow: Workflow
) -> None:
    step_labels = {
        f"{scheduled.number}. {scheduled.step.title}"
        for scheduled in demo_workflow.scheduled_steps()
    }
    open_page(page, base_url, "/gantt")
    expect(page_title(page)).to_have_text("Gantt-diagram")
    chart = page.get_by_test_id("stPlotlyChart")
    bars = chart.locator(".bars .point path")
    expect(bars).to_have_count(STEP_COUNT)
    expect(chart.locator(".ytick")).to_have_count(STEP_COUNT)
    assert set(chart.locator(".ytick").all_text_contents()) == step_labels
    expect(chart).to_contain_text("Dage fra sagens start")

    case = demo_store.list_cases()[-1]
    label = f"{case['id']} · {case['customer_name']} ({case['customer_number']})"
    choose_option(page, "Sag", label)
    # Only the chart of a case marks today.
    expect(chart.locator(".annotation")).to_have_text("I dag")
    wait_for_script(page)
    expect(bars).to_have_count(STEP_COUNT)
    expect(chart.locator(".ytick")).to_have_count(STEP_COUNT)
    assert set(chart.locator(".ytick").all_text_contents()) == step_labels
