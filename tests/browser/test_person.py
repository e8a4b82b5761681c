"""The person chosen in the sidebar is remembered by the browser, not by links."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.demo_app import VIEWPORT
from tests.browser.streamlit_ui import choose_option, open_page, selectbox, sidebar

pytestmark = pytest.mark.browser

PERSON = "Lars Østergaard (LØ)"
LABEL = "Hvem er du?"


def test_person_survives_reload_and_new_tab(
    page: Page, base_url: str, browser: Browser
) -> None:
    open_page(page, base_url, "/")
    combobox = selectbox(page, LABEL, within=sidebar(page)).get_by_role("combobox")
    expect(combobox).to_have_value("")
    choose_option(page, LABEL, PERSON, within=sidebar(page))
    page.wait_for_function("() => document.cookie.includes('onboarding_person=')")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("onboarding_person", "").isdigit()

    page.reload()
    combobox = selectbox(page, LABEL, within=sidebar(page)).get_by_role("combobox")
    expect(combobox).to_have_value(PERSON)

    tab = page.context.new_page()
    open_page(tab, base_url, "/my_tasks")
    combobox = selectbox(tab, LABEL, within=sidebar(tab)).get_by_role("combobox")
    expect(combobox).to_have_value(PERSON)
    tab.close()

    # Another browser, given the same address, starts without a person.
    other = browser.new_context(viewport=VIEWPORT)
    try:
        stranger = other.new_page()
        open_page(stranger, base_url, page.url.removeprefix(base_url))
        combobox = selectbox(stranger, LABEL, within=sidebar(stranger)).get_by_role(
            "combobox"
        )
        expect(combobox).to_have_value("")
    finally:
        other.close()
