"""The real app driven through Streamlit's AppTest, page by page."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from onboarding.config import PROJECT_ROOT
from onboarding.demo import create_demo_cases
from onboarding.formatting import escape_markdown
from onboarding.store import STATUSES, Actor, Store
from onboarding.workflow import Workflow

APP = str(PROJECT_ROOT / "app.py")
PAGES = [
    "pages/case.py",
    "pages/matrix.py",
    "pages/gantt.py",
    "pages/workflow.py",
    "pages/staff.py",
]


@pytest.fixture
def app_db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ONBOARDING_DB", str(db_path))
    monkeypatch.setenv("ONBOARDING_TODAY", "2026-12-04")
    return db_path


@pytest.fixture
def demo_db(app_db: Path, workflow: Workflow) -> Path:
    store = Store.open(app_db, workflow)
    create_demo_cases(store, workflow, 8, today=dt.date(2026, 12, 4), seed=3)
    store.close()
    return app_db


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Files handed to st.download_button, by file name."""
    captured: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            captured[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return captured


def _app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _page(at: AppTest, page: str) -> AppTest:
    return at.switch_page(page).run()


def _no_problems(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _choose_actor(at: AppTest, initials: str) -> None:
    person = next(
        p
        for p in Store.open(os.environ["ONBOARDING_DB"]).list_staff()
        if p["initials"] == initials
    )
    at.sidebar.selectbox(key="actor_id").select(person["id"]).run()


def test_every_page_opens_on_empty_database(app_db: Path) -> None:
    at = _app()
    _no_problems(at)
    assert at.title[0].value == "Overblik over alle sager"
    assert "Der er ingen sager endnu" in at.info[0].value
    for page in PAGES:
        _page(at, page)
        _no_problems(at)
        assert at.title, page


def test_every_page_opens_on_demo_database(demo_db: Path) -> None:
    at = _app()
    _no_problems(at)
    assert [m.label for m in at.metric][:3] == [
        "Aktive sager",
        "Forsinkede trin",
        "Sager med forsinkede trin",
    ]
    for page in PAGES:
        _page(at, page)
        _no_problems(at)


def test_overview_figures_match_store(demo_db: Path, workflow: Workflow) -> None:
    from onboarding.overview import filter_summaries, summarize
    from onboarding.progress import key_figures

    store = Store.open(demo_db, workflow)
    summaries = filter_summaries(
        summarize(store, workflow, dt.date(2026, 12, 4)), states=["active", "paused"]
    )
    figures = key_figures(summaries)
    at = _app()
    values = {m.label: m.value for m in at.metric}
    assert values["Aktive sager"] == str(figures["active"])
    assert values["Forsinkede trin"] == str(figures["overdue_steps"])
    table = at.dataframe[0].value
    assert list(table["progress"]) == [round(s.progress * 100) for s in summaries]
    assert list(table["link"]) == [f"case?case={s.case['id']}" for s in summaries]


def test_write_without_person_refused(demo_db: Path) -> None:
    before = len(Store.open(demo_db).events())
    at = _app(case="1")
    _page(at, "pages/case.py")
    at.text_area(key="comment_1_kundehenvendelse").input("Hej")
    at.button(key="FormSubmitter:step_1_kundehenvendelse-Gem").click().run()
    assert "Vælg, hvem du er" in at.error[0].value
    assert at.text_area(key="comment_1_kundehenvendelse").value == "Hej"
    assert len(Store.open(demo_db).events()) == before


def test_full_journey_survives_new_session(
    app_db: Path, downloads: dict[str, bytes]
) -> None:
    at = _app()
    _page(at, "pages/staff.py")
    at.text_input(key="staff_add_name").input("Mette Kjær")
    at.text_input(key="staff_add_initials").input("mk")
    at.text_input(key="staff_add_email").input("mk@example.dk")
    at.button(key="FormSubmitter:staff_add-Tilføj").click().run()
    _no_problems(at)
    assert at.sidebar.selectbox(key="actor_id").value == 1
    at.text_input(key="staff_add_name").input("Lars Østergaard")
    at.text_input(key="staff_add_initials").input("LØ")
    at.button(key="FormSubmitter:staff_add-Tilføj").click().run()
    _no_problems(at)

    _page(at, "pages/case.py")
    at.text_input(key="new_case_name").input("Hedegaard I/S")
    at.text_input(key="new_case_number").input("12345678")
    at.date_input(key="new_case_start").set_value(dt.date(2026, 11, 2))
    at.checkbox(key="new_case_prerequisite_summax").check()
    at.button(key="FormSubmitter:new_case-Opret sag").click().run()
    _no_problems(at)
    assert at.header[0].value == escape_markdown("Hedegaard I/S")
    assert at.query_params["case"] == "1"

    at.selectbox(key="team_1_controller").select(2)
    at.selectbox(key="team_1_digitaliseringskonsulent").select(1)
    at.button(key="team_save_1").click().run()
    _no_problems(at)
    assert "Holdet er gemt." in [s.value for s in at.success]

    at.selectbox(key="da:status_1_book_moeder").select("in_progress")
    at.checkbox(key="tick_1_book_moeder_book_kundemoede").check()
    at.text_area(key="comment_1_book_moeder").input(
        "Kundemødet er booket til **uge 50**."
    )
    at.button(key="FormSubmitter:step_1_book_moeder-Gem").click().run()
    _no_problems(at)
    assert "Trin 5 er gemt." in [s.value for s in at.success]

    _page(at, "pages/matrix.py")
    at.selectbox(key="matrix_case").select(1).run()
    _no_problems(at)
    csv_file = next(
        data for name, data in downloads.items() if name.startswith("matrix-sag-1")
    )
    rows = list(csv.reader(io.StringIO(csv_file.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 14
    assert rows[5][4] == "I: Lars Østergaard"
    assert rows[5][-2] == "I gang"

    fresh = _app(case="1")
    _page(fresh, "pages/case.py")
    _no_problems(fresh)
    assert fresh.header[0].value == escape_markdown("Hedegaard I/S")
    assert fresh.selectbox(key="team_1_controller").value == 2
    assert fresh.selectbox(key="da:status_1_book_moeder").value == "in_progress"
    assert fresh.checkbox(key="tick_1_book_moeder_book_kundemoede").value is True
    assert "Kundemødet er booket til **uge 50**." in [t.value for t in fresh.text]
    events = Store.open(app_db).events(1)
    assert {e["actor"] for e in events} == {"Mette Kjær (MK)"}
    assert {e["action"] for e in events} >= {
        "case_created",
        "team_assigned",
        "step_status",
        "checklist_tick",
        "comment_added",
    }


def test_stale_status_kept_comment_saved(demo_db: Path, workflow: Workflow) -> None:
    at = _app(case="2")
    _page(at, "pages/case.py")
    _choose_actor(at, "MK")
    store = Store.open(demo_db, workflow)
    other = store.list_staff()[1]
    current = store.step_statuses(2).get("datafangst", {}).get("status", "not_started")
    target = "waiting" if current != "waiting" else "in_progress"
    store.set_step_status(2, "datafangst", target, Actor.from_staff(other))
    mine = "done" if target != "done" else "not_relevant"
    at.selectbox(key="da:status_2_datafangst").select(mine)
    at.text_area(key="comment_2_datafangst").input("Lager er koblet på.")
    at.button(key="FormSubmitter:step_2_datafangst-Gem").click().run()
    _no_problems(at)
    warning = at.warning[0].value
    assert "Status blev ikke gemt" in warning
    assert other["name"] in warning
    assert store.step_statuses(2)["datafangst"]["status"] == target
    assert store.comments(2, "datafangst")[0]["text"] == "Lager er koblet på."
    assert at.selectbox(key="da:status_2_datafangst").value == target


def test_invalid_input_shown_and_nothing_stored(demo_db: Path) -> None:
    at = _app()
    _page(at, "pages/case.py")
    _choose_actor(at, "MK")
    at.text_input(key="new_case_name").input("Ny gård")
    at.text_input(key="new_case_number").input("1234")
    at.button(key="FormSubmitter:new_case-Opret sag").click().run()
    assert "ikke 8 cifre" in at.error[0].value
    assert len(Store.open(demo_db).list_cases()) == 8


def test_user_text_shown_literally(app_db: Path, workflow: Workflow) -> None:
    store = Store.open(app_db, workflow)
    staff_id = store.add_staff("Mette Kjær", "MK", "", None)
    actor = Actor.from_staff(store.get_staff(staff_id))
    case_id = store.create_case(
        "**Fed** <b>gård</b>",
        "12345678",
        dt.date(2026, 11, 2),
        actor,
        today=dt.date(2026, 12, 4),
    )
    store.add_comment(
        case_id, "kundehenvendelse", "[klik](http://x) ![](http://y/z.png)", actor
    )
    at = _app(case=str(case_id))
    _page(at, "pages/case.py")
    assert at.header[0].value == r"\*\*Fed\*\* \<b\>gård\</b\>"
    assert "[klik](http://x) ![](http://y/z.png)" in [t.value for t in at.text]


def test_language_switch_to_english(demo_db: Path) -> None:
    at = _app()
    at.sidebar.button_group(key="language").set_value("en").run()
    assert at.title[0].value == "Overview of all cases"
    _page(at, "pages/staff.py")
    assert at.title[0].value == "Staff"
    at.sidebar.button_group(key="language").set_value("da").run()
    assert at.title[0].value == "Medarbejdere"


def test_step_texts_follow_language(demo_db: Path) -> None:
    at = _app()
    current = at.dataframe[0].value["current"].tolist()
    assert any(text.endswith("Chefgruppen orienteres") for text in current)
    at.sidebar.button_group(key="language").set_value("en").run()
    _no_problems(at)
    current = at.dataframe[0].value["current"].tolist()
    assert any(text.endswith("The management group is informed") for text in current)
    assert not any(text.endswith("Chefgruppen orienteres") for text in current)
    at.query_params["case"] = "3"
    _page(at, "pages/case.py")
    _no_problems(at)
    labels = [expander.label for expander in at.expander]
    assert any("The customer gets in touch" in label for label in labels)
    assert not any("Kunden henvender sig" in label for label in labels)


def test_invalid_workflow_shown_not_raised(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workflow_text: str
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        workflow_text.replace("responsible: [chefgruppe]", "responsible: [chef]")
    )
    monkeypatch.setenv("ONBOARDING_WORKFLOW", str(broken))
    at = _app()
    assert not at.exception
    assert "Arbejdsgangsfilen kan ikke bruges" in at.error[0].value
    assert "'chef'" in at.code[0].value
    _page(at, "pages/workflow.py")
    assert not at.exception
    assert str(broken) in at.error[0].value


def test_workflow_page_shows_source_and_version(
    demo_db: Path, workflow: Workflow
) -> None:
    at = _app()
    _page(at, "pages/workflow.py")
    assert workflow.version in at.success[0].value
    assert len(at.expander) == 13


def test_matrix_page_downloads(demo_db: Path, downloads: dict[str, bytes]) -> None:
    at = _app()
    _page(at, "pages/matrix.py")
    _no_problems(at)
    data = downloads["matrix-2026-12-04.csv"]
    assert data.startswith(b"\xef\xbb\xbfNr.;Trin;Dag;Digitaliserings-konsulent;")
    assert downloads["matrix-2026-12-04.xlsx"][:2] == b"PK"
    at.radio(key="da:matrix_csv_format").set_value("comma").run()
    assert downloads["matrix-2026-12-04.csv"].startswith(b"Nr.,Trin,Dag,")
    table = at.table[0].value
    assert len(table) == 13


def test_gantt_page_workflow_and_case(demo_db: Path) -> None:
    at = _app()
    _page(at, "pages/gantt.py")
    _no_problems(at)
    assert len(at.get("plotly_chart")) == 1
    at.selectbox(key="gantt_case").select(1).run()
    _no_problems(at)
    assert len(at.get("plotly_chart")) == 1


def test_case_lifecycle_on_page(demo_db: Path, workflow: Workflow) -> None:
    at = _app(case="3")
    _page(at, "pages/case.py")
    _choose_actor(at, "MK")
    at.selectbox(key="da:case_state_3").select("closed")
    at.button(key="FormSubmitter:case_settings_3-Gem sagens oplysninger").click().run()
    assert "begrundelse" in at.error[0].value
    assert Store.open(demo_db).get_case(3)["state"] != "closed"
    at.text_input(key="case_reason_3").input("Kunden har opsagt aftalen.")
    at.button(key="FormSubmitter:case_settings_3-Gem sagens oplysninger").click().run()
    _no_problems(at)
    case = Store.open(demo_db).get_case(3)
    assert (case["state"], case["closed_reason"]) == (
        "closed",
        "Kunden har opsagt aftalen.",
    )
    assert any(
        escape_markdown("Kunden har opsagt aftalen.") in i.value for i in at.info
    )


def test_customer_corrected_on_page(demo_db: Path, workflow: Workflow) -> None:
    store = Store.open(demo_db, workflow)
    number = store.get_case(3)["customer_number"]
    at = _app(case="3")
    _page(at, "pages/case.py")
    _choose_actor(at, "MK")
    assert not at.warning
    at.text_input(key="case_customer_name_3").input("Ny Kunde <b>ApS</b>")
    at.text_input(key="case_customer_number_3").input("12345678")
    at.button(key="FormSubmitter:case_settings_3-Gem sagens oplysninger").click().run()
    _no_problems(at)
    case = store.get_case(3)
    assert (case["customer_name"], case["customer_number"]) == (
        "Ny Kunde <b>ApS</b>",
        "12345678",
    )
    assert at.header[0].value == escape_markdown("Ny Kunde <b>ApS</b>")
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert "12345678" in warnings[0]
    assert "modulus 11" in warnings[0]
    actions = [e["action"] for e in store.events(3)[:2]]
    assert sorted(actions) == ["case_customer_name", "case_customer_number"]

    actor = Actor.from_staff(store.list_staff()[0])
    store.update_case(3, actor, customer_number=number)
    twin = store.create_case(
        "Tvilling I/S", number, dt.date(2026, 12, 1), actor, today=dt.date(2026, 12, 4)
    )
    at.run()
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert f"case?case={twin}" in warnings[0]
    assert "Tvilling I/S" in warnings[0]


SAVE_SETTINGS = "FormSubmitter:case_settings_3-Gem sagens oplysninger"


def _case_3_as_mk(demo_db: Path, workflow: Workflow) -> tuple[Store, Actor, AppTest]:
    """Open case 3 as Mette Kjær. Return the store, a colleague and the app."""
    store = Store.open(demo_db, workflow)
    colleague = Actor.from_staff(store.list_staff()[1])
    at = _app(case="3")
    _page(at, "pages/case.py")
    _choose_actor(at, "MK")
    return store, colleague, at


def test_settings_keep_a_colleagues_correction(
    demo_db: Path, workflow: Workflow
) -> None:
    store, colleague, at = _case_3_as_mk(demo_db, workflow)
    store.update_case(3, colleague, customer_name="Rettet Navn ApS")
    at.selectbox(key="da:case_state_3").select("paused")
    at.button(key=SAVE_SETTINGS).click().run()
    _no_problems(at)
    case = store.get_case(3)
    assert case["state"] == "paused"
    assert case["customer_name"] == "Rettet Navn ApS"
    assert at.text_input(key="case_customer_name_3").value == "Rettet Navn ApS"


def test_settings_conflict_warns_and_keeps_entry(
    demo_db: Path, workflow: Workflow
) -> None:
    store, colleague, at = _case_3_as_mk(demo_db, workflow)
    store.update_case(3, colleague, customer_name="Kollegas Navn", state="paused")
    at.text_input(key="case_customer_name_3").input("Mit Navn")
    at.button(key=SAVE_SETTINGS).click().run()
    _no_problems(at)
    assert store.get_case(3)["customer_name"] == "Kollegas Navn"
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert colleague.name in warnings[0]
    assert "Kundenavn" in warnings[0]
    assert at.text_input(key="case_customer_name_3").value == "Mit Navn"
    # The state the colleague set is taken over, not sent back.
    assert at.selectbox(key="da:case_state_3").value == "paused"

    at.button(key=SAVE_SETTINGS).click().run()
    _no_problems(at)
    case = store.get_case(3)
    assert (case["customer_name"], case["state"]) == ("Mit Navn", "paused")


def test_settings_without_changes_save_nothing(demo_db: Path) -> None:
    before = len(Store.open(demo_db).events(3))
    at = _app(case="3")
    _page(at, "pages/case.py")
    _choose_actor(at, "MK")
    at.button(key=SAVE_SETTINGS).click().run()
    assert any("Intet er ændret" in i.value for i in at.info)
    assert len(Store.open(demo_db).events(3)) == before


def test_start_date_preview_then_confirm(demo_db: Path, workflow: Workflow) -> None:
    store = Store.open(demo_db, workflow)
    old_start = dt.date.fromisoformat(store.get_case(4)["start_date"])
    new_start = old_start + dt.timedelta(days=7)
    at = _app(case="4")
    _page(at, "pages/case.py")
    _choose_actor(at, "MK")
    at.date_input(key="case_new_start_4").set_value(new_start)
    at.button(key="FormSubmitter:case_start_4-Vis nye frister").click().run()
    _no_problems(at)
    preview = next(d.value for d in at.dataframe if "Ny frist" in d.value.columns)
    assert list(preview.columns) == ["Trin", "Frist nu", "Ny frist"]
    assert len(preview) == 13
    assert store.get_case(4)["start_date"] == old_start.isoformat()
    at.button(key="case_start_confirm_4").click().run()
    _no_problems(at)
    assert store.get_case(4)["start_date"] == new_start.isoformat()
    assert store.events(4)[0]["action"] == "case_start_date"


def test_handover_button(demo_db: Path, workflow: Workflow) -> None:
    store = Store.open(demo_db, workflow)
    team = store.team(5)
    at = _app(case="5")
    _page(at, "pages/case.py")
    _choose_actor(at, "MK")
    at.button(key="handover_5_controller_overdragelse").click().run()
    _no_problems(at)
    assert "markeres som færdigt" in at.warning[0].value
    assert store.team(5)["controller"]["id"] == team["controller"]["id"]
    at.button(key="handover_confirm_5_controller_overdragelse_yes").click().run()
    _no_problems(at)
    assert store.team(5)["controller"]["id"] == team["controller_assistent"]["id"]
    assert store.step_statuses(5)["overlevering"]["status"] == "done"
    # The team form now shows the handover, and saving it keeps it.
    new_controller = team["controller_assistent"]["id"]
    assert at.selectbox(key="team_5_controller").value == new_controller
    events = len(store.events(5))
    at.button(key="team_save_5").click().run()
    assert any("Intet er ændret" in i.value for i in at.info)
    assert store.team(5)["controller"]["id"] == new_controller
    assert len(store.events(5)) == events


def test_case_plan_download(demo_db: Path, downloads: dict[str, bytes]) -> None:
    at = _app(case="2")
    _page(at, "pages/case.py")
    _no_problems(at)
    rows = list(
        csv.reader(
            io.StringIO(downloads["plan-sag-2-2026-12-04.csv"].decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert rows[0][:6] == ["Nr.", "Trin", "Dag", "Frist", "Uge", "Status"]
    assert len(rows) == 14
    assert downloads["plan-sag-2-2026-12-04.xlsx"][:2] == b"PK"


def test_my_tasks_lists_and_saves(demo_db: Path, workflow: Workflow) -> None:
    at = _app()
    _page(at, "pages/my_tasks.py")
    assert "Vælg dig selv" in at.info[0].value
    _choose_actor(at, "MK")
    _no_problems(at)
    assert at.subheader[0].value.startswith("Du er ansvarlig (")
    table = at.dataframe[0].value
    late = list(table["late"])
    assert late == sorted(late, key=lambda mark: mark != "⚠")
    first = table.iloc[0]
    case_id = int(first["link"].split("=")[1])
    number = int(first["step"].split(".")[0])
    step_id = workflow.steps[number - 1].id
    at.session_state["tasks_responsible"] = {
        "edited_rows": {0: {"status": "Færdig"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.button(key="FormSubmitter:tasks_responsible_form-Gem ændringer").click().run()
    _no_problems(at)
    assert Store.open(demo_db).step_statuses(case_id)[step_id]["status"] == "done"


def test_workload_page(demo_db: Path) -> None:
    at = _app()
    _page(at, "pages/workload.py")
    _no_problems(at)
    assert len(at.get("plotly_chart")) == 1
    pivot = at.dataframe[0].value
    assert "I alt" in pivot.columns
    at.radio(key="da:workload_by").set_value("role").run()
    _no_problems(at)
    assert "Controller" in list(at.dataframe[0].value.index)


def test_overview_search_and_export(demo_db: Path, workflow: Workflow) -> None:
    from onboarding.exports import overview_table
    from onboarding.matrix import to_csv
    from onboarding.overview import filter_summaries, summarize

    store = Store.open(demo_db, workflow)
    case = store.get_case(2)
    at = _app()
    at.text_input(key="overview_search").input(case["customer_number"]).run()
    _no_problems(at)
    assert list(at.dataframe[0].value["number"]) == [case["customer_number"]]
    assert [b.label for b in at.get("download_button")][:2] == [
        "Hent sager (CSV)",
        "Hent sager (Excel)",
    ]
    shown = filter_summaries(
        summarize(store, workflow, dt.date(2026, 12, 4)), search=case["customer_number"]
    )
    data = to_csv(overview_table(shown, workflow, "da"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Sag", "Kunde", "Kundenummer"]
    assert [row[2] for row in rows[1:]] == [case["customer_number"]]


def test_case_picked_after_link_stays(demo_db: Path) -> None:
    store = Store.open(demo_db)
    at = _app(case="2")
    _page(at, "pages/case.py")
    assert at.header[0].value == escape_markdown(store.get_case(2)["customer_name"])
    at.selectbox(key="case_select").select(5).run()
    _no_problems(at)
    assert at.header[0].value == escape_markdown(store.get_case(5)["customer_name"])
    assert at.query_params["case"] == "5"
    at.run()
    assert at.selectbox(key="case_select").value == 5
    at.selectbox(key="case_select").set_value(None).run()
    assert not at.header
    assert "case" not in at.query_params


def test_language_switch_keeps_translated_choices(demo_db: Path) -> None:
    at = _app()
    at.multiselect(key="da:overview_states").set_value(["closed", "paused"]).run()
    at.sidebar.button_group(key="language").set_value("en").run()
    _no_problems(at)
    assert at.multiselect(key="en:overview_states").value == ["closed", "paused"]
    at.query_params["case"] = "3"
    _page(at, "pages/case.py")
    at.sidebar.button_group(key="language").set_value("da").run()
    _no_problems(at)
    at.sidebar.button_group(key="language").set_value("en").run()
    _no_problems(at)
    assert at.selectbox(key="en:case_state_3").value == "active"
    assert at.selectbox(key="en:status_3_kundehenvendelse").value in STATUSES


def test_newcomer_adds_themselves(demo_db: Path) -> None:
    at = _app()
    _page(at, "pages/staff.py")
    assert any("ikke valgt dig selv" in c.value for c in at.caption)
    at.text_input(key="staff_add_name").input("Alex Turner")
    at.text_input(key="staff_add_initials").input("AT")
    at.button(key="FormSubmitter:staff_add-Tilføj").click().run()
    _no_problems(at)
    store = Store.open(demo_db)
    newcomer = next(p for p in store.list_staff() if p["initials"] == "AT")
    event = store.events()[0]
    assert (event["action"], event["actor"]) == ("staff_added", "Alex Turner (AT)")
    assert at.sidebar.selectbox(key="actor_id").value == newcomer["id"]
    assert at.text_input(key="staff_add_name").value == ""


def test_download_names_follow_language(
    demo_db: Path, downloads: dict[str, bytes]
) -> None:
    at = _app()
    at.sidebar.button_group(key="language").set_value("en").run()
    at.query_params["case"] = "2"
    _page(at, "pages/case.py")
    _no_problems(at)
    assert "plan-case-2-2026-12-04.csv" in downloads
    assert "plan-sag-2-2026-12-04.xlsx" not in downloads
    assert downloads["plan-case-2-2026-12-04.xlsx"][:2] == b"PK"
