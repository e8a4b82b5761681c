"""Overview page: filter the cases by person and lateness, then open one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from onboarding.overview import filter_summaries, summarize
from onboarding.progress import CaseSummary
from onboarding.store import Store
from onboarding.workflow import Workflow
from tests.browser.streamlit_ui import (
    case_header,
    choose_option,
    open_page,
    page_title,
    wait_for_script,
)

pytestmark = pytest.mark.browser

# The case states that the overview lists until the user changes its filter.
SHOWN_STATES = ["active", "paused"]
# Geometry of Streamlit's data grid, in CSS pixels from the grid's top left
# corner. The grid is drawn on a canvas, so rows and links have no elements
# to click on. Measured on Streamlit 1.67 with its default row height.
HEADER_HEIGHT = 35
ROW_HEIGHT = 35
CHECKBOX_X = 17
LINK_X = 42


def cell_centre(row: int, x: int) -> dict[str, float]:
    return {"x": x, "y": HEADER_HEIGHT + ROW_HEIGHT * row + ROW_HEIGHT / 2}


def accessible_table(grid: Locator) -> Locator:
    """Locate the hidden table that the data grid keeps for screen readers."""
    return grid.get_by_test_id("data-grid-canvas").locator("table[role='grid']")


def column_cells(grid: Locator, header: str) -> Locator:
    """Locate the cells of the column headed ``header``, in the rows on screen."""
    table = accessible_table(grid)
    # Canvas content is hidden from Playwright's role queries, so match by CSS.
    heading = table.locator("thead th").filter(
        has_text=re.compile(f"^{re.escape(header)}$")
    )
    column = heading.get_attribute("aria-colindex")
    return table.locator(f"tbody td[aria-colindex='{column}']")


def metric_value(page: Page, label: str) -> Locator:
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    return metric.get_by_test_id("stMetricValue")


def choose_person(
    summaries: list[CaseSummary], store: Store
) -> tuple[dict, list[CaseSummary], list[CaseSummary]]:
    """Find the person on the fewest cases, of which some are late and some not.

    Each filter must then change the number of rows, and that change is what
    the test waits for. Few rows also fit in the grid without scrolling.
    """
    default_cases = filter_summaries(summaries, SHOWN_STATES)
    staff = store.list_staff()
    case_counts = {
        person["id"]: len(filter_summaries(summaries, SHOWN_STATES, person["id"]))
        for person in staff
    }
    for person in sorted(staff, key=lambda person: case_counts[person["id"]]):
        cases = filter_summaries(summaries, SHOWN_STATES, person["id"])
        late = filter_summaries(summaries, SHOWN_STATES, person["id"], only_late=True)
        if 0 < len(late) < len(cases) < len(default_cases):
            return person, cases, late
    pytest.fail("the demo data has no person on some late and some on-time cases")


def case_links(summaries: list[CaseSummary]) -> list[str]:
    return [f"case?case={summary.case['id']}" for summary in summaries]


def test_overview_filters_and_opens_case(
    page: Page, base_url: str, demo_store: Store, demo_workflow: Workflow
) -> None:
    summaries = summarize(demo_store, demo_workflow, dt.date.today())
    person, person_cases, late_cases = choose_person(summaries, demo_store)
    default_cases = filter_summaries(summaries, SHOWN_STATES)

    open_page(page, base_url, "/")
    expect(page_title(page)).to_have_text("Overblik over alle sager")
    grid = page.get_by_test_id("stDataFrame").first
    expect(accessible_table(grid)).to_have_attribute(
        "aria-rowcount", str(len(default_cases) + 1)
    )

    choose_option(page, "Person på holdet", f"{person['name']} ({person['initials']})")
    expect(accessible_table(grid)).to_have_attribute(
        "aria-rowcount", str(len(person_cases) + 1)
    )
    wait_for_script(page)
    expect(column_cells(grid, "Sag")).to_have_text(case_links(person_cases))

    late_toggle = page.get_by_test_id("stCheckbox").filter(
        has_text="Kun forsinkede sager"
    )
    late_toggle.click()
    expect(late_toggle.locator("input")).to_be_checked()
    expect(accessible_table(grid)).to_have_attribute(
        "aria-rowcount", str(len(late_cases) + 1)
    )
    wait_for_script(page)
    expect(column_cells(grid, "Sag")).to_have_text(case_links(late_cases))
    overdue_counts = column_cells(grid, "Forsinket").all_inner_texts()
    assert all(int(count) > 0 for count in overdue_counts), overdue_counts
    expect(metric_value(page, "Sager med forsinkede trin")).to_have_text(
        str(len(late_cases))
    )

    first_case = late_cases[0].case
    case_path = f"/case?case={first_case['id']}"
    expect(column_cells(grid, "Kundenavn").first).to_have_text(
        first_case["customer_name"]
    )

    # The grid follows a link only if the pointer hovered it before the click,
    # which the pointer cursor shows. The link opens the case in a new tab.
    canvas = grid.get_by_test_id("data-grid-canvas")
    scroller = grid.locator(".dvn-scroller")
    scroller.hover(position=cell_centre(0, LINK_X))
    expect(canvas).to_have_css("cursor", "pointer")
    with page.context.expect_page() as new_tab:
        scroller.click(position=cell_centre(0, LINK_X))
    tab = new_tab.value
    expect(tab).to_have_url(re.compile(re.escape(case_path) + "$"))
    expect(case_header(tab, first_case["customer_name"])).to_be_visible()
    tab.close()

    # Selecting the row switches to the case page in the same tab.
    scroller.click(position=cell_centre(0, CHECKBOX_X))
    expect(page).to_have_url(re.compile(re.escape(case_path) + "$"))
    expect(page_title(page)).to_have_text("Sag")
    expect(case_header(page, first_case["customer_name"])).to_be_visible()
