"""The role-by-step matrix and its CSV and Excel exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from onboarding.exports import all_cases_csv, all_cases_matrix, all_cases_xlsx
from onboarding.matrix import (
    DARK_BLUE,
    LIGHT_BLUE,
    case_matrix,
    matrix_to_xlsx,
    neutralize_formula,
    to_csv,
    workflow_matrix,
)
from onboarding.overview import summarize
from onboarding.progress import case_steps
from onboarding.store import Actor, Store
from onboarding.workflow import Workflow
from tests.conftest import TODAY


def _rows(
    data: bytes, delimiter: str = ";", encoding: str = "utf-8-sig"
) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding)), delimiter=delimiter))


def test_matrix_columns_in_document_order(workflow: Workflow) -> None:
    frame = workflow_matrix(workflow, "da")
    assert list(frame.columns) == ["Nr.", "Trin", "Dag"] + [
        r.name for r in workflow.roles
    ]
    assert len(frame) == 13


def test_matrix_cells_follow_workflow(workflow: Workflow) -> None:
    frame = workflow_matrix(workflow, "da")
    for index, step in enumerate(workflow.steps):
        for role in workflow.roles:
            expected = (
                "A"
                if role.id in step.responsible
                else "I"
                if role.id in step.involved
                else ""
            )
            assert frame.loc[index, role.name] == expected, (step.id, role.id)


def test_matrix_marks_derived_days(workflow: Workflow) -> None:
    days = list(workflow_matrix(workflow, "da")["Dag"])
    assert days[:5] == ["0", "ca.\u00a01", "ca.\u00a02", "ca.\u00a03", "5"]
    assert days[6] == "44"
    assert list(workflow_matrix(workflow, "en")["Day"])[1] == "approx.\u00a01"


def test_csv_for_danish_excel(workflow: Workflow) -> None:
    data = to_csv(workflow_matrix(workflow, "da", words=True))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[0][:3] == ["Nr.", "Trin", "Dag"]
    assert rows[0][3:] == [r.name for r in workflow.roles]
    assert len(rows) == 14
    assert rows[1][:4] == ["1", "Kunden henvender sig", "0", "Ansvarlig"]
    assert rows[2][8] == "Involveret"


def test_csv_with_commas(workflow: Workflow) -> None:
    data = to_csv(workflow_matrix(workflow, "en", words=True), excel=False)
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data, ",", "utf-8")
    assert rows[0][:3] == ["No.", "Step", "Day"]
    assert rows[0][6] == "Konsulent: Skat/drift"
    assert len(rows) == 14


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
)
def test_formula_prefix_neutralized(text: str) -> None:
    assert neutralize_formula(text) == "'" + text


def test_plain_text_untouched() -> None:
    assert neutralize_formula("Mette Kjær") == "Mette Kjær"
    assert neutralize_formula(5) == 5


def test_case_csv_cannot_carry_formula(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    evil = store.add_staff('=HYPERLINK("http://evil.example","klik")', "EV", "", actor)
    store.assign_role(case_id, "controller", evil, actor)
    steps = case_steps(workflow, store.get_case(case_id), {}, TODAY)
    data = to_csv(case_matrix(workflow, steps, store.team(case_id), "da"))
    for row in _rows(data):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_case_matrix_names_people_and_status(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    store.assign_role(case_id, "controller", actor.staff_id, actor)
    store.set_step_status(case_id, "kundemoede", "done", actor)
    statuses = {k: v["status"] for k, v in store.step_statuses(case_id).items()}
    steps = case_steps(workflow, store.get_case(case_id), statuses, TODAY)
    frame = case_matrix(workflow, steps, store.team(case_id), "da")
    assert list(frame.columns)[-2:] == ["Status", "Frist"]
    meeting = frame.iloc[6]
    assert meeting["Controller"] == "A: Mette Kjær"
    assert meeting["Digitaliserings-konsulent"] == "I: (ikke tildelt)"
    assert meeting["Status"] == "Færdig"
    assert meeting["Frist"] == "16.12.2026"


def test_xlsx_fills_responsible_cells(workflow: Workflow) -> None:
    data = matrix_to_xlsx(
        workflow_matrix(workflow, "da", words=True), workflow, "Matrix", "da"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Matrix"]
    assert sheet.freeze_panes == "D2"
    assert sheet["D2"].value == "Ansvarlig"
    assert sheet["D2"].fill.fgColor.rgb.endswith(DARK_BLUE[1:])
    assert sheet["I3"].value == "Involveret"
    assert sheet["I3"].fill.fgColor.rgb.endswith(LIGHT_BLUE[1:])
    assert sheet["A14"].value == 13
    assert sheet["A15"].value is None
    assert sheet["B16"].value == "Ansvarlig"
    assert sheet["B16"].fill.fgColor.rgb.endswith(DARK_BLUE[1:])
    assert sheet["B17"].value == "Involveret"
    assert sheet["B17"].fill.fgColor.rgb.endswith(LIGHT_BLUE[1:])


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_dark_blue_contrast_with_white() -> None:
    ratio = (1.0 + 0.05) / (_luminance(DARK_BLUE) + 0.05)
    assert ratio >= 4.5


def test_due_date_follows_start(workflow: Workflow) -> None:
    case = {"start_date": "2026-12-20", "state": "active"}
    steps = case_steps(workflow, case, {}, dt.date(2026, 12, 24))
    # Day 5 is Christmas Day; the due date moves past the weekend after it.
    assert steps[4].due == dt.date(2026, 12, 28)
    assert steps[4].moved_from == dt.date(2026, 12, 25)
    assert [s.overdue for s in steps[:5]] == [True, True, True, True, False]


def test_xlsx_cannot_carry_formula(workflow: Workflow) -> None:
    frame = workflow_matrix(workflow, "da", words=True)
    frame.iloc[0, 1] = '=HYPERLINK("http://evil.example","klik")'
    sheet = openpyxl.load_workbook(
        io.BytesIO(matrix_to_xlsx(frame, workflow, "Matrix", "da"))
    )["Matrix"]
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value == '\'=HYPERLINK("http://evil.example","klik")'
    cells = [
        cell for row in sheet.iter_rows() for cell in row if cell.value is not None
    ]
    assert all(cell.data_type != "f" for cell in cells)


def test_safe_frame_keeps_other_values() -> None:
    import pandas as pd

    from onboarding.matrix import safe_frame

    frame = pd.DataFrame({"mixed": [1, "=2", None, "-x", 4.5], "n": [1, 2, 3, 4, 5]})
    safe = safe_frame(frame)
    assert list(safe["mixed"])[:2] == [1, "'=2"]
    assert list(safe["mixed"])[3:] == ["'-x", 4.5]
    assert list(safe["n"]) == [1, 2, 3, 4, 5]


def test_all_cases_csv_cannot_carry_formula(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    other = store.create_case("@SUM(A1:A9)", "87654321", TODAY, actor, today=TODAY)
    evil = store.add_staff("-2+3", "EV", "", actor)
    store.assign_role(other, "controller", evil, actor)
    summaries = summarize(store, workflow, TODAY)
    rows = _rows(all_cases_csv(workflow, summaries, "da"))
    assert len(rows) == 1 + 2 * len(workflow.steps)
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    customers = {row[1] for row in rows[1:]}
    assert customers == {"Hedegaard I/S", "'@SUM(A1:A9)"}
    assert any(cell.endswith(": -2+3") for row in rows for cell in row)


def test_all_cases_csv_matches_table(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    store.assign_role(case_id, "controller", actor.staff_id, actor)
    store.set_step_status(case_id, "kundemoede", "waiting", actor)
    summaries = summarize(store, workflow, TODAY)
    for excel in (True, False):
        fast = all_cases_csv(workflow, summaries, "en", excel)
        table = to_csv(all_cases_matrix(workflow, summaries, "en"), excel)
        assert fast == table
    rows = _rows(all_cases_csv(workflow, summaries, "en"))
    meeting = next(
        row for row in rows[1:] if row[3] == workflow.step("kundemoede").title
    )
    assert meeting[6] == "Waiting"


def test_all_cases_xlsx_fills_role_cells(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    store.create_case("Mosegaard", "31060915", TODAY, actor, today=TODAY)
    store.assign_role(case_id, "controller", actor.staff_id, actor)
    summaries = summarize(store, workflow, TODAY)
    data = all_cases_xlsx(workflow, summaries, "da", "Sager")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Sager"]
    headers = [cell.value for cell in sheet[1]]
    first_role = headers.index(workflow.roles[0].name) + 1
    colours = {"A": DARK_BLUE[1:], "I": LIGHT_BLUE[1:]}
    checked = 0
    for row in range(2, 2 + 2 * len(workflow.steps)):
        for offset in range(len(workflow.roles)):
            cell = sheet.cell(row=row, column=first_role + offset)
            letter = (cell.value or "")[:1]
            if letter:
                assert cell.fill.fgColor.rgb.endswith(colours[letter]), cell.coordinate
                checked += 1
            else:
                assert cell.fill.fill_type is None, cell.coordinate
    assert checked == 2 * sum(
        len(s.responsible) + len(s.involved) for s in workflow.steps
    )
    controller = headers.index("Controller") + 1
    meeting = 1 + next(
        i for i, s in enumerate(workflow.steps, 1) if s.id == "kundemoede"
    )
    assert sheet.cell(row=meeting, column=controller).value == "A: Mette Kjær"
    assert sheet.cell(row=meeting + 13, column=controller).value == "A: (ikke tildelt)"
    assert sheet.cell(row=meeting, column=4).fill.fill_type is None
