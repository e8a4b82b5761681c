"""Sidebar language switch."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.streamlit_ui import open_page, page_title, sidebar, wait_for_script

pytestmark = pytest.mark.browser


def test_language_switch_overview(page: Page, base_url: str) -> None:
    open_page(page, base_url, "/")
    expect(page_title(page)).to_have_text("Overblik over alle sager")
    languages = sidebar(page).get_by_test_id("stButtonGroup")

    english = languages.get_by_role("radio", name="English", exact=True)
    danish = languages.get_by_role("radio", name="Dansk", exact=True)
    expect(danish).to_be_checked()

    states = page.get_by_test_id("stMultiSelect").first
    expect(states).to_contain_text("Aktiv")
    english.click()
    expect(english).to_be_checked()
    expect(page_title(page)).to_have_text("Overview of all cases")
    expect(sidebar(page)).to_contain_text("Who are you?")
    expect(states).to_contain_text("Active")
    expect(states).not_to_contain_text("Aktiv")

    # Clicking the chosen language again keeps it.
    english.click()
    wait_for_script(page)
    expect(english).to_be_checked()
    danish.click()
    expect(danish).to_be_checked()
    expect(page_title(page)).to_have_text("Overblik over alle sager")
    expect(sidebar(page)).to_contain_text("Hvem er du?")


def test_language_survives_reload(page: Page, base_url: str) -> None:
    open_page(page, base_url, "/workload")
    languages = sidebar(page).get_by_test_id("stButtonGroup")
    languages.get_by_role("radio", name="English", exact=True).click()
    expect(page_title(page)).to_have_text("Workload")
    page.wait_for_function("() => document.cookie.includes('onboarding_language=en')")

    page.reload()
    expect(page_title(page)).to_have_text("Workload")
    english = (
        sidebar(page)
        .get_by_test_id("stButtonGroup")
        .get_by_role("radio", name="English", exact=True)
    )
    expect(english).to_be_checked()
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("My tasks")
