"""Save a 1440x900 screenshot of every page of the dashboard, on demo data.

Usage, from the project folder: ``python tests/screenshots.py [OUTPUT_DIR]``
(default: docs/screenshots/). The app is started on a new 12-case demo
database in a temporary folder, as for the browser tests, and driven through
Debian's Chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Run as a script, Python puts tests/ on the path but not the project folder.
sys.path.insert(0, str(PROJECT_ROOT))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from onboarding.config import DEFAULT_WORKFLOW  # noqa: E402
from onboarding.store import Store  # noqa: E402
from onboarding.workflow import Workflow, load_workflow  # noqa: E402
from tests.appserver import find_chromium  # noqa: E402
from tests.browser.demo_app import (  # noqa: E402
    VIEWPORT,
    launch_chromium,
    serve_demo_app,
)
from tests.browser.streamlit_ui import (  # noqa: E402
    case_header,
    choose_option,
    open_expander,
    open_page,
    page_title,
    sidebar,
    step_expander,
    wait_for_script,
)

DEFAULT_OUTPUT = PROJECT_ROOT / "docs" / "screenshots"
ACTOR = "Mette Kjær (MK)"
TIMEOUT_MS = 30_000


def pick_case_step(db_path: Path, workflow: Workflow) -> tuple[dict, int]:
    """Find the first case with a started, unfinished step that has comments.

    Returns the case and the step's number, or the first case and step 1
    when no such step exists.
    """
    store = Store.open(db_path, workflow)
    try:
        cases = store.list_cases()
        for case in cases:
            statuses = store.step_statuses(case["id"])
            for scheduled in workflow.scheduled_steps():
                status = statuses.get(scheduled.step.id, {}).get("status")
                if status in ("in_progress", "waiting") and store.comments(
                    case["id"], scheduled.step.id
                ):
                    return case, scheduled.number
        return cases[0], 1
    finally:
        store.close()


def wait_until_drawn(page: Page) -> None:
    """Wait for the run, the web fonts, the data grids and the charts on the page."""
    wait_for_script(page)
    page.evaluate("document.fonts.ready.then(() => true)")
    # A grid in a closed expander is not drawn, so only visible grids count.
    for grid in page.get_by_test_id("stDataFrame").filter(visible=True).all():
        # The grid builds its hidden table for screen readers from the rows it
        # shows, so the table is there once the rows are.
        expect(grid.locator("table[role='grid']")).to_be_attached()
    for chart in page.get_by_test_id("stPlotlyChart").all():
        expect(chart.locator(".main-svg").first).to_be_visible()


def open_from_sidebar(page: Page, link_text: str, title: str) -> None:
    """Follow a sidebar link, which keeps the session and so the chosen person."""
    sidebar(page).get_by_test_id("stSidebarNavLink").filter(has_text=link_text).click()
    expect(page_title(page)).to_have_text(title)


def save(page: Page, folder: Path, name: str) -> None:
    wait_until_drawn(page)
    # Park the pointer in the empty right margin and drop the focus, so that no
    # hover button, heading anchor or focus ring shows up in the picture.
    page.mouse.move(VIEWPORT["width"] - 20, VIEWPORT["height"] / 2)
    page.evaluate("document.activeElement?.blur()")
    path = folder / f"{name}.png"
    page.screenshot(path=path)
    print(path)


def take_screenshots(
    page: Page, base_url: str, db_path: Path, workflow: Workflow, folder: Path
) -> None:
    open_page(page, base_url, "/")
    expect(page_title(page)).to_have_text("Overblik over alle sager")
    choose_option(page, "Hvem er du?", ACTOR, within=sidebar(page))
    expect(
        sidebar(page).get_by_text("Vælg dig selv på medarbejderlisten")
    ).to_be_hidden()
    save(page, folder, "overview")

    case, step_number = pick_case_step(db_path, workflow)
    open_from_sidebar(page, "Sag", "Sag")
    label = f"{case['id']} · {case['customer_name']} ({case['customer_number']})"
    choose_option(page, "Sag", label)
    expect(case_header(page, case["customer_name"])).to_be_visible()
    expander = step_expander(page, step_number)
    open_expander(expander)
    expander.scroll_into_view_if_needed()
    save(page, folder, "case")

    open_from_sidebar(page, "Mine opgaver", "Mine opgaver")
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    save(page, folder, "my_tasks")

    open_from_sidebar(page, "Arbejdsbyrde", "Arbejdsbyrde")
    expect(page.get_by_test_id("stPlotlyChart").locator(".bars")).not_to_have_count(0)
    save(page, folder, "workload")

    open_from_sidebar(page, "Matrix", "Ansvarsmatrix")
    expect(page.get_by_test_id("stTable")).to_be_visible()
    save(page, folder, "matrix")

    open_from_sidebar(page, "Gantt-diagram", "Gantt-diagram")
    expect(page.get_by_test_id("stPlotlyChart").locator(".bars")).not_to_have_count(0)
    save(page, folder, "gantt")

    open_from_sidebar(page, "Arbejdsgang", "Arbejdsgang")
    save(page, folder, "workflow")

    open_from_sidebar(page, "Medarbejdere", "Medarbejdere")
    save(page, folder, "staff")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "output",
        nargs="?",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"folder for the PNG files (default: {DEFAULT_OUTPUT})",
    )
    args = parser.parse_args(argv)
    chromium = find_chromium()
    if chromium is None:
        print(
            "error: Chromium was not found. Install Debian's chromium package "
            "(apt-get install chromium) or set CHROMIUM_PATH.",
            file=sys.stderr,
        )
        return 1
    args.output.mkdir(parents=True, exist_ok=True)
    workflow = load_workflow(DEFAULT_WORKFLOW)
    expect.set_options(timeout=TIMEOUT_MS)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder:
        with serve_demo_app(Path(folder)) as (base_url, db_path):
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright, chromium)
                try:
                    page = browser.new_page(viewport=VIEWPORT)
                    page.set_default_timeout(TIMEOUT_MS)
                    take_screenshots(page, base_url, db_path, workflow, args.output)
                finally:
                    browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
