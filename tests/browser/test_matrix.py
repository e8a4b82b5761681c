"""Matrix page: CSV downloads and the colours of the responsibility table."""

from __future__ import annotations

import codecs
import csv
import io
import re

import pytest
from playwright.sync_api import Download, Page, expect

from onboarding.store import Store
from onboarding.workflow import Workflow
from tests.browser.streamlit_ui import (
    choose_option,
    open_page,
    page_title,
    wait_for_script,
)

pytestmark = pytest.mark.browser

ROLE_COLUMNS = [
    "Digitaliserings-konsulent",
    "Controller",
    "Controller/revisor-assistent",
    "Konsulent: Skat/drift",
    "Teamledere",
    "Chef-gruppe",
    "SEGES",
]
STEP_COUNT = 13
# Column positions in the matrix table and its CSV file.
FIRST_ROLE_COLUMN = 3
CONSULTANT_COLUMN = FIRST_ROLE_COLUMN + ROLE_COLUMNS.index("Digitaliserings-konsulent")
CHIEF_GROUP_COLUMN = FIRST_ROLE_COLUMN + ROLE_COLUMNS.index("Chef-gruppe")
DARK_BLUE = "rgb(31, 78, 154)"
LIGHT_BLUE = "rgb(189, 215, 245)"
WHITE = "rgb(255, 255, 255)"


def download_csv(page: Page) -> tuple[Download, list[list[str]], bytes]:
    """Click "Hent CSV" and return the download, its rows and its raw bytes."""
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Hent CSV")
    with page.expect_download() as started:
        button.get_by_role("button").click()
    download = started.value
    data = download.path().read_bytes()
    text = data.decode("utf-8-sig")
    return download, list(csv.reader(io.StringIO(text), delimiter=";")), data


def test_matrix_csv_downloads(page: Page, base_url: str, demo_store: Store) -> None:
    open_page(page, base_url, "/matrix")
    expect(page_title(page)).to_have_text("Ansvarsmatrix")

    download, rows, data = download_csv(page)
    assert re.fullmatch(r"matrix-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    assert data.startswith(codecs.BOM_UTF8)
    assert data.decode("utf-8-sig").startswith("Nr.;Trin;Dag;")
    header, steps = rows[0], rows[1:]
    assert header == ["Nr.", "Trin", "Dag", *ROLE_COLUMNS]
    assert len(steps) == STEP_COUNT
    assert [row[0] for row in steps] == [str(n) for n in range(1, STEP_COUNT + 1)]
    assert steps[0][CONSULTANT_COLUMN] == "Ansvarlig"
    assert steps[1][CHIEF_GROUP_COLUMN] == "Involveret"

    case = demo_store.list_cases()[0]
    label = f"{case['id']} · {case['customer_name']} ({case['customer_number']})"
    choose_option(page, "Sag", label)
    table = page.get_by_test_id("stTable")
    expect(table.locator("thead")).to_contain_text("Frist")
    # The download buttons come after the table, and the run that redraws
    # them may still be going on.
    wait_for_script(page)

    download, rows, data = download_csv(page)
    assert re.fullmatch(
        rf"matrix-sag-{case['id']}-\d{{4}}-\d{{2}}-\d{{2}}\.csv",
        download.suggested_filename,
    )
    assert data.startswith(codecs.BOM_UTF8)
    header, steps = rows[0], rows[1:]
    assert header == ["Nr.", "Trin", "Dag", *ROLE_COLUMNS, "Status", "Frist"]
    assert len(steps) == STEP_COUNT
    consultant = demo_store.team(case["id"])["digitaliseringskonsulent"]
    assert steps[0][CONSULTANT_COLUMN] == f"A: {consultant['name']}"


def test_matrix_cell_colours(
    page: Page, base_url: str, demo_workflow: Workflow
) -> None:
    open_page(page, base_url, "/matrix")
    table = page.get_by_test_id("stTable").locator("table")
    expect(table.locator("tbody tr")).to_have_count(STEP_COUNT)
    expect(table.locator("thead th")).to_have_text(
        ["Nr.", "Trin", "Dag", *ROLE_COLUMNS]
    )

    # One [background, text colour] pair per cell, row by row.
    colours = table.locator("tbody tr").evaluate_all(
        """rows => rows.map(row => Array.from(row.cells, cell => {
            const style = getComputedStyle(cell);
            return [style.backgroundColor, style.color];
        }))"""
    )
    assert colours[0][CONSULTANT_COLUMN] == [DARK_BLUE, WHITE]
    assert colours[1][CHIEF_GROUP_COLUMN][0] == LIGHT_BLUE
    dark_cells = sum(cell[0] == DARK_BLUE for row in colours for cell in row)
    assert dark_cells >= STEP_COUNT

    for scheduled, row in zip(demo_workflow.scheduled_steps(), colours, strict=True):
        step = scheduled.step
        for index, role in enumerate(demo_workflow.roles):
            background = row[FIRST_ROLE_COLUMN + index][0]
            if role.id in step.responsible:
                expected = DARK_BLUE
            elif role.id in step.involved:
                expected = LIGHT_BLUE
            else:
                expected = None
            where = f"step {scheduled.number}, role {role.name}"
            if expected:
                assert background == expected, where
            else:
                assert background not in (DARK_BLUE, LIGHT_BLUE), where
