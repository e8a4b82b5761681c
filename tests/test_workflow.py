"""Loading, validating and scheduling workflow.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from onboarding.errors import WorkflowError
from onboarding.workflow import Workflow, load_workflow, parse_workflow

ROLE_IDS = [
    "digitaliseringskonsulent",
    "controller",
    "controller_assistent",
    "konsulent_skat_drift",
    "teamledere",
    "chefgruppe",
    "seges",
]


def test_shipped_workflow_roles_in_document_order(workflow: Workflow) -> None:
    assert [role.id for role in workflow.roles] == ROLE_IDS
    assert [role.name for role in workflow.roles][:3] == [
        "Digitaliserings-konsulent",
        "Controller",
        "Controller/revisor-assistent",
    ]


def test_shipped_workflow_has_thirteen_steps(workflow: Workflow) -> None:
    assert len(workflow.steps) == 13
    assert len({step.id for step in workflow.steps}) == 13


def test_shipped_workflow_days_only_where_document_gives_them(
    workflow: Workflow,
) -> None:
    dated = {
        index + 1: step.day
        for index, step in enumerate(workflow.steps)
        if step.day is not None
    }
    assert dated == {1: 0, 5: 5, 7: 44}


def test_shipped_workflow_prerequisites(workflow: Workflow) -> None:
    assert [p.id for p in workflow.model.prerequisites] == ["summax", "ku"]


def test_shipped_workflow_checklists_and_open_slots(workflow: Workflow) -> None:
    counts = {
        step.id: (
            sum(not i.open for i in step.checklist),
            sum(i.open for i in step.checklist),
        )
        for step in workflow.steps
        if step.checklist
    }
    assert counts == {
        "book_moeder": (4, 0),
        "kundemoede": (4, 0),
        "struktur_o90": (4, 1),
        "opkoblinger": (3, 1),
        "datafangst": (2, 1),
    }


def test_shipped_workflow_keeps_firm_text(workflow: Workflow) -> None:
    step = workflow.step("kundehenvendelse")
    assert step.text == (
        "Kunden kontakter rådgivningsvirksomhed. Kontakten kan ske på alle niveauer, "
        "hvorefter medarbejderen orienterer digitaliseringskonsulent."
    )
    assert workflow.step("struktur_o90").checklist[3].text == "Dataoverførelse"


def test_shipped_workflow_responsibilities(workflow: Workflow) -> None:
    responsible = {step.id: step.responsible for step in workflow.steps}
    assert responsible["orienter_teamledere"] == ["chefgruppe"]
    assert responsible["kundemoede"] == ["controller"]
    assert workflow.step("aktiver_dashboard").involved == ["seges"]
    assert workflow.step("overlevering").involved == ["controller_assistent"]


def test_scheduled_days_spread_and_follow(workflow: Workflow) -> None:
    days = [(s.day, s.derived) for s in workflow.scheduled_steps()]
    assert days == [
        (0, False),
        (1, True),
        (2, True),
        (3, True),
        (5, False),
        (24, True),
        (44, False),
        (51, True),
        (58, True),
        (65, True),
        (72, True),
        (79, True),
        (86, True),
    ]


def test_schedule_without_dated_steps_counts_from_zero() -> None:
    text = """
title: T
schedule: {days_after_last_dated: 3}
roles: [{id: a, name: A}]
steps:
  - {id: one, title: One, responsible: [a]}
  - {id: two, title: Two, responsible: [a]}
"""
    days = [s.day for s in parse_workflow(text).scheduled_steps()]
    assert days == [3, 6]


def test_version_changes_with_content(workflow: Workflow, workflow_text: str) -> None:
    edited = parse_workflow(
        workflow_text.replace("Dashboard aktiveres", "Dashboard slås til")
    )
    assert edited.version != workflow.version
    assert len(workflow.version) == 12


def _problems(text: str, tmp_path: Path) -> tuple[str, WorkflowError]:
    path = tmp_path / "workflow.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkflowError) as caught:
        load_workflow(path)
    return str(path), caught.value


def _line_of(text: str, fragment: str) -> int:
    return text[: text.rindex(fragment)].count("\n") + 1


BREAKAGES = {
    "unknown role": (
        "responsible: [teamledere]",
        "responsible: [teamleder]",
        "'teamleder'",
    ),
    "negative day": ("day: 5\n", "day: -5\n", "-5"),
    "day backwards": ("day: 44", "day: 3", "day 3 comes before day 5"),
    "text day": ("day: 44", 'day: "44"', "'44' is not a whole number"),
    "no responsible": (
        "responsible: [chefgruppe]",
        "responsible: []",
        "no responsible role",
    ),
    "duplicate step id": (
        "id: alloker_ressourcer",
        "id: sammensaet_hold",
        "'sammensaet_hold'",
    ),
    "duplicate role id": ("id: seges", "id: controller", "'controller' is used twice"),
    "unknown key": ("    day: 44", "    dag: 44", "key 'dag' is not known"),
    "bad id": ("id: kundemoede", "id: Kundemøde", "'Kundemøde' is invalid"),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_invalid_workflow_names_file_line_value(
    name: str, workflow_text: str, tmp_path: Path
) -> None:
    old, new, expected = BREAKAGES[name]
    assert old in workflow_text
    broken = workflow_text.replace(old, new, 1)
    source, error = _problems(broken, tmp_path)
    message = error.localized("en")
    line = _line_of(broken, new)
    assert f"{source}:{line}:" in message
    assert expected in message


def test_yaml_syntax_error_names_line(workflow_text: str, tmp_path: Path) -> None:
    broken = workflow_text.replace(
        "  - id: controller\n", "  - id: controller\n   bad: [\n", 1
    )
    source, error = _problems(broken, tmp_path)
    message = error.localized("en")
    assert message.startswith(f"{source}:")
    assert "YAML syntax error" in message
    assert error.problems[0].line is not None


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_workflow_rejected(text: str, tmp_path: Path) -> None:
    _, error = _problems(text, tmp_path)
    assert error.problems[0].key in ("workflow.empty", "workflow.not_mapping")


def test_missing_workflow_file_rejected(tmp_path: Path) -> None:
    with pytest.raises(WorkflowError) as caught:
        load_workflow(tmp_path / "absent.yaml")
    assert "file not found" in caught.value.localized("en")


def test_tab_indentation_rejected(tmp_path: Path) -> None:
    _, error = _problems("title: T\nroles:\n\t- id: a\n", tmp_path)
    assert error.problems[0].line == 3
    assert "tab" in error.localized("en")


def test_duplicate_key_rejected(tmp_path: Path) -> None:
    _, error = _problems("title: A\ntitle: B\nroles: []\nsteps: []\n", tmp_path)
    assert error.problems[0].line == 2
    assert "'title' appears twice" in error.localized("en")


def test_alias_rejected(tmp_path: Path) -> None:
    text = "title: T\nroles: &r [{id: a, name: A}]\nsteps: *r\n"
    _, error = _problems(text, tmp_path)
    assert "not allowed" in error.localized("en")


def test_every_problem_reported_at_once(workflow_text: str, tmp_path: Path) -> None:
    broken = workflow_text.replace("responsible: [teamledere]", "responsible: [ukendt]")
    _, error = _problems(broken, tmp_path)
    assert len(error.problems) == 2


def test_message_in_danish(workflow_text: str, tmp_path: Path) -> None:
    broken = workflow_text.replace("day: 44", "day: -1", 1)
    _, error = _problems(broken, tmp_path)
    assert "Dage tælles fra 0" in error.localized("da")


def test_very_large_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "workflow.yaml"
    path.write_text("title: T\n" + "# padding\n" * 200_000, encoding="utf-8")
    with pytest.raises(WorkflowError) as caught:
        load_workflow(path)
    assert "the maximum is 1000000" in caught.value.localized("en")


@pytest.mark.parametrize("day", ["4.5", "true", "[5]", "null5"])
def test_non_integer_day_rejected(day: str, workflow_text: str, tmp_path: Path) -> None:
    _, error = _problems(workflow_text.replace("day: 44", f"day: {day}", 1), tmp_path)
    assert error.problems[0].location == "steps[6].day"


def test_role_both_responsible_and_involved_rejected(
    workflow_text: str, tmp_path: Path
) -> None:
    broken = workflow_text.replace("involved: [seges]", "involved: [seges, controller]")
    _, error = _problems(broken, tmp_path)
    assert "both responsible and involved" in error.localized("en")


def test_duplicate_checklist_item_rejected(workflow_text: str, tmp_path: Path) -> None:
    broken = workflow_text.replace("- id: lager\n", "- id: e_controller_dms\n", 1)
    _, error = _problems(broken, tmp_path)
    assert "'e_controller_dms' is used twice" in error.localized("en")


def test_not_utf8_rejected(tmp_path: Path) -> None:
    path = tmp_path / "workflow.yaml"
    path.write_bytes("title: Ø90\n".encode("latin-1"))
    with pytest.raises(WorkflowError) as caught:
        load_workflow(path)
    assert "not UTF-8" in caught.value.localized("en")


def test_english_texts_keep_ids_and_days(workflow: Workflow) -> None:
    english = workflow.localized("en")
    assert english.version == workflow.version
    assert [s.id for s in english.steps] == [s.id for s in workflow.steps]
    assert [s.day for s in english.scheduled_steps()] == [
        s.day for s in workflow.scheduled_steps()
    ]
    assert english.step("kundemoede").title == "Customer meeting on operations"
    assert english.role("chefgruppe").name == "Management group"
    assert english.step("kundemoede").responsible == ["controller"]
    assert english.step_title("overlevering").startswith("Handover")
    assert workflow.step_title("overlevering").startswith("Overlevering")


def test_untranslated_texts_stay_danish(workflow: Workflow) -> None:
    english = workflow.localized("en")
    items = {item.id: item.text for item in english.step("struktur_o90").checklist}
    assert items["hoved_undergrupper"] == "Hoved/undergrupper"
    assert items["nemfaktura"] == "Nemfaktura"
    assert items["leverandoeraftaler"] == "Supplier agreements"
    assert english.model.prerequisites[1].text == "The customer runs KU"


def test_unknown_language_keeps_file_texts(workflow: Workflow) -> None:
    assert workflow.localized("de") is workflow
    assert workflow.localized("da") is workflow
    assert workflow.localized("en") is workflow.localized("en")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      chefgruppe: Management group",
            "      chefen: Management group",
            "'chefen' does not exist in the workflow",
        ),
        (
            "      kundemoede:\n",
            "      kundemode:\n",
            "'kundemode' does not exist in the workflow",
        ),
        (
            "          lager: Stock",
            "          lagre: Stock",
            "'lagre' does not exist in the workflow",
        ),
        ("\n  en:\n", "\n  eng:\n", "'eng' is not a language code"),
        ("\n  en:\n", "\n  EN:\n", "'EN' is not a language code"),
        ("      chefgruppe: Management group", '      chefgruppe: "  "', "is empty"),
        (
            "      chefgruppe: Management group",
            '      chefgruppe: "\\u200b"',
            "is empty",
        ),
    ],
)
def test_bad_translation_named_at_line(
    old: str, new: str, expected: str, workflow_text: str, tmp_path: Path
) -> None:
    assert workflow_text.count(old) == 1
    broken = workflow_text.replace(old, new)
    source, error = _problems(broken, tmp_path)
    message = error.localized("en")
    assert f"{source}:{_line_of(broken, new.strip())}:" in message
    assert expected in message
