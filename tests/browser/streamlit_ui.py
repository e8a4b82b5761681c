"""Drive Streamlit widgets by their data-testid attributes and visible labels."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect


def open_page(page: Page, base_url: str, path: str) -> None:
    """Load ``path`` of the app and wait for its first script run to finish."""
    page.goto(base_url + path)
    wait_for_script(page)


def wait_for_script(page: Page) -> None:
    """Wait until no script run is going on and no element is left stale.

    NOTE: right after a click, the browser may not have started the new run
    yet, so callers first wait for an element that only the new run shows.
    """
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-script-state", "notRunning")
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def selectbox(page: Page, label: str, within: Locator | None = None) -> Locator:
    """Locate the selectbox labelled exactly ``label``, inside ``within`` if given."""
    scope = within or page
    label_locator = page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True)
    return scope.get_by_test_id("stSelectbox").filter(has=label_locator)


def choose_option(
    page: Page, label: str, option: str, within: Locator | None = None
) -> Locator:
    """Pick ``option`` in the selectbox labelled ``label`` and return the selectbox."""
    box = selectbox(page, label, within)
    combobox = box.get_by_role("combobox")
    # Seen with Streamlit 1.67: the open listbox closes on a scroll event, and
    # the browser fires the event for scrolling the box into view one frame
    # later. A click right after that scroll opened the list for one frame only.
    combobox.scroll_into_view_if_needed()
    next_frames(page)
    combobox.click()
    page.get_by_role("listbox").get_by_role("option", name=option, exact=True).click()
    expect(combobox).to_have_value(option)
    return box


def next_frames(page: Page, count: int = 2) -> None:
    """Wait until the browser has drawn ``count`` more animation frames."""
    page.evaluate(
        """count => new Promise(resolve => {
            const step = left => left ? requestAnimationFrame(() => step(left - 1)) : resolve();
            step(count);
        })""",
        count,
    )


def expander(page: Page, title_start: str) -> Locator:
    """Locate the expander whose title starts with ``title_start``, such as ``5. ``."""
    title = page.locator(
        "summary [data-testid='stMarkdownContainer']",
        has_text=re.compile("^" + re.escape(title_start)),
    )
    return page.get_by_test_id("stExpander").filter(has=title)


def step_expander(page: Page, number: int) -> Locator:
    return expander(page, f"{number}. ")


def open_expander(expander: Locator) -> None:
    """Open ``expander`` and wait until its opening animation has ended.

    While it grows, the expander clips its content and scrolls a focused widget
    into view, and that scroll closes a listbox opened inside it.
    """
    details = expander.locator("details")
    if details.get_attribute("open") is None:
        expander.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    # The animation sets the height inline and removes it at the end.
    expect(details).not_to_have_attribute("style", re.compile("height"))


def case_header(page: Page, customer_name: str) -> Locator:
    """Locate the case page's header, which is the customer's name."""
    return page.get_by_role("heading", level=2, name=customer_name, exact=True)


def page_title(page: Page) -> Locator:
    return page.get_by_test_id("stMainBlockContainer").locator("h1")


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")
