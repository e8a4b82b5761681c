"""The SQLite store: transactions, the event log, append-only comments."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from onboarding import store as store_module
from onboarding.errors import (
    ActorRequiredError,
    InputError,
    NotFoundError,
    StaleWriteError,
    StorageError,
)
from onboarding.inputs import MAX_COMMENT_LENGTH
from onboarding.migrations import MIGRATION_NAMES
from onboarding.store import Actor, Store
from onboarding.workflow import Workflow
from tests.conftest import TODAY


def _snapshot(store: Store) -> dict[str, list]:
    tables = [
        "cases",
        "case_team",
        "step_status",
        "checklist_ticks",
        "slot_items",
        "comments",
        "events",
    ]
    return {table: list(store.db.query(f"SELECT * FROM {table}")) for table in tables}


def test_open_creates_file_in_wal_mode(store: Store, db_path: Path) -> None:
    assert db_path.exists()
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_open_records_migrations(store: Store) -> None:
    names = [
        row["name"]
        for row in store.db.query("SELECT name FROM _sqlite_migrations ORDER BY id")
    ]
    assert names == MIGRATION_NAMES


def test_open_twice_applies_nothing_new(db_path: Path, workflow: Workflow) -> None:
    Store.open(db_path, workflow).close()
    reopened = Store.open(db_path, workflow)
    count = reopened.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert count == len(MIGRATION_NAMES)


def test_create_case_stores_fields_and_event(
    store: Store, actor: Actor, case_id: int
) -> None:
    case = store.get_case(case_id)
    assert case["customer_name"] == "Hedegaard I/S"
    assert case["customer_number"] == "12345678"
    assert case["start_date"] == "2026-11-02"
    assert case["state"] == "active"
    assert case["prerequisites"] == {"summax": True}
    assert case["created_by"] == "Mette Kjær (MK)"
    assert case["workflow_version"] == store.workflow.version
    events = store.events(case_id)
    assert [(e["action"], e["actor"], e["new_value"]) for e in events] == [
        ("case_created", "Mette Kjær (MK)", "Hedegaard I/S")
    ]


def test_write_without_actor_rejected(store: Store, case_id: int) -> None:
    before = _snapshot(store)
    with pytest.raises(ActorRequiredError):
        store.set_step_status(case_id, "kundehenvendelse", "done", None)
    with pytest.raises(ActorRequiredError):
        store.create_case("Ny kunde", "87654321", TODAY, None, today=TODAY)
    assert _snapshot(store) == before


def test_first_staff_member_added_without_actor(store: Store) -> None:
    staff_id = store.add_staff("Sofie Bach", "sb", "", None)
    person = store.get_staff(staff_id)
    assert person["initials"] == "SB"
    assert store.events()[0]["actor"] == "Sofie Bach (SB)"


def test_second_staff_member_needs_actor(store: Store, actor: Actor) -> None:
    with pytest.raises(ActorRequiredError):
        store.add_staff("Jens Dam", "JD", "", None)


def test_duplicate_initials_rejected(store: Store, actor: Actor) -> None:
    with pytest.raises(InputError) as caught:
        store.add_staff("Maria Krogh", "mk", "", actor)
    assert "'MK' are already used" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "number", "key"),
    [
        ("", "12345678", "input.empty"),
        ("   ", "12345678", "input.empty"),
        ("Gård", "1234567", "input.customer_number"),
        ("Gård", "12345678a", "input.customer_number"),
        ("x" * 201, "12345678", "input.too_long"),
        ("Gård\x07", "12345678", "input.control_character"),
    ],
)
def test_invalid_case_input_rejected(
    store: Store, actor: Actor, name: str, number: str, key: str
) -> None:
    before = _snapshot(store)
    with pytest.raises(InputError) as caught:
        store.create_case(name, number, TODAY, actor, today=TODAY)
    assert caught.value.key == key
    assert _snapshot(store) == before


def test_start_date_far_off_rejected(store: Store, actor: Actor) -> None:
    with pytest.raises(InputError) as caught:
        store.create_case("Gård", "12345678", dt.date(1999, 1, 1), actor, today=TODAY)
    assert "01.01.1999" in caught.value.localized("da")


def test_danish_letters_and_emoji_kept(store: Store, actor: Actor) -> None:
    case_id = store.create_case(
        "Æblegården Ø/Å 🐄", "12345678", TODAY, actor, today=TODAY
    )
    store.add_comment(
        case_id, "kundehenvendelse", "Møde på gården 🚜\nNæste uge", actor
    )
    assert store.get_case(case_id)["customer_name"] == "Æblegården Ø/Å 🐄"
    assert store.comments(case_id)[0]["text"] == "Møde på gården 🚜\nNæste uge"


def test_status_change_logged_with_old_and_new(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    store.set_step_status(case_id, "kundehenvendelse", "in_progress", actor)
    store.set_step_status(case_id, "kundehenvendelse", "done", other_actor)
    status = store.step_statuses(case_id)["kundehenvendelse"]
    assert (status["status"], status["version"], status["updated_by"]) == (
        "done",
        2,
        "Lars Østergaard (LØ)",
    )
    changes = [
        (e["old_value"], e["new_value"], e["actor"])
        for e in reversed(store.events(case_id))
        if e["action"] == "step_status"
    ]
    assert changes == [
        ("not_started", "in_progress", "Mette Kjær (MK)"),
        ("in_progress", "done", "Lars Østergaard (LØ)"),
    ]


def test_unknown_status_rejected(store: Store, actor: Actor, case_id: int) -> None:
    with pytest.raises(InputError):
        store.set_step_status(case_id, "kundehenvendelse", "finished", actor)


def test_unknown_step_rejected(store: Store, actor: Actor, case_id: int) -> None:
    before = _snapshot(store)
    with pytest.raises(NotFoundError) as caught:
        store.set_step_status(case_id, "no_such_step", "done", actor)
    assert "'no_such_step'" in str(caught.value)
    assert _snapshot(store) == before


def test_unknown_case_rejected(store: Store, actor: Actor) -> None:
    with pytest.raises(NotFoundError):
        store.set_step_status(999, "kundehenvendelse", "done", actor)


def test_stale_status_rejected(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    seen = store.step_statuses(case_id).get("kundemoede")
    seen_version = seen["version"] if seen else 0
    store.set_step_status(case_id, "kundemoede", "waiting", other_actor)
    with pytest.raises(StaleWriteError) as caught:
        store.save_step(
            case_id,
            "kundemoede",
            actor,
            status="done",
            expected_version=seen_version,
            comment="Mødet er holdt.",
        )
    assert "Lars Østergaard (LØ)" in str(caught.value)
    assert store.step_statuses(case_id)["kundemoede"]["status"] == "waiting"
    assert store.comments(case_id) == []


def test_stale_status_keeps_rest_when_asked(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    store.set_step_status(case_id, "kundemoede", "waiting", other_actor)
    conflict = store.save_step(
        case_id,
        "kundemoede",
        actor,
        status="done",
        expected_version=0,
        ticks={"leverancer": True},
        comment="Mødet er holdt.",
        keep_rest_on_conflict=True,
    )
    assert conflict is not None
    assert "Lars Østergaard (LØ)" in conflict.localized("da", "error.stale_status_kept")
    assert "Afventer" in conflict.localized("da")
    assert store.step_statuses(case_id)["kundemoede"]["status"] == "waiting"
    assert store.comments(case_id)[0]["text"] == "Mødet er holdt."
    assert store.checklist_ticks(case_id)[("kundemoede", "leverancer")]["checked"] == 1


def test_save_step_is_one_transaction(store: Store, actor: Actor, case_id: int) -> None:
    before = _snapshot(store)
    with pytest.raises(NotFoundError):
        store.save_step(
            case_id,
            "struktur_o90",
            actor,
            status="done",
            ticks={"nemfaktura": True},
            slot_ticks={12345: True},
            comment="Struktur tilpasset.",
        )
    assert _snapshot(store) == before


def test_save_step_stores_everything(store: Store, actor: Actor, case_id: int) -> None:
    store.save_step(
        case_id,
        "struktur_o90",
        actor,
        status="in_progress",
        expected_version=0,
        ticks={"nemfaktura": True},
        new_slot_items={"andet": "Markdrift-app"},
        comment="Nemfaktura er sat op.",
    )
    assert store.step_statuses(case_id)["struktur_o90"]["status"] == "in_progress"
    assert (
        store.checklist_ticks(case_id)[("struktur_o90", "nemfaktura")]["checked"] == 1
    )
    assert [i["text"] for i in store.slot_items(case_id)] == ["Markdrift-app"]
    assert store.comments(case_id, "struktur_o90")[0]["text"] == "Nemfaktura er sat op."
    actions = sorted(e["action"] for e in store.events(case_id))
    assert actions == [
        "case_created",
        "checklist_tick",
        "comment_added",
        "slot_item_added",
        "step_status",
    ]
    times = {e["at"] for e in store.events(case_id) if e["action"] != "case_created"}
    assert len(times) == 1


def test_tick_on_open_slot_rejected(store: Store, actor: Actor, case_id: int) -> None:
    with pytest.raises(NotFoundError):
        store.set_checklist_tick(case_id, "struktur_o90", "andet", True, actor)


def test_slot_item_ticked_and_logged(store: Store, actor: Actor, case_id: int) -> None:
    store.add_slot_item(case_id, "opkoblinger", "andet", "Markdrift-app", actor)
    item = store.slot_items(case_id)[0]
    store.save_step(case_id, "opkoblinger", actor, slot_ticks={item["id"]: True})
    assert store.slot_items(case_id)[0]["checked"] == 1
    assert store.events(case_id)[0]["action"] == "slot_item_tick"


def test_comments_never_overwritten(store: Store, actor: Actor, case_id: int) -> None:
    store.add_comment(case_id, "kundehenvendelse", "Første", actor)
    store.add_comment(case_id, "kundehenvendelse", "Anden", actor)
    assert [c["text"] for c in store.comments(case_id)] == ["Anden", "Første"]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("UPDATE comments SET text = 'ændret'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM comments")
    assert [c["text"] for c in store.comments(case_id)] == ["Anden", "Første"]


def test_event_log_cannot_be_changed(store: Store, case_id: int) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute("DELETE FROM events")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "input.empty"),
        (" \n\t ", "input.empty"),
        ("x" * (MAX_COMMENT_LENGTH + 1), "input.too_long"),
        ("bip\x1b[31m", "input.control_character"),
    ],
)
def test_invalid_comment_rejected(
    store: Store, actor: Actor, case_id: int, text: str, key: str
) -> None:
    before = _snapshot(store)
    with pytest.raises(InputError) as caught:
        store.add_comment(case_id, "kundehenvendelse", text, actor)
    assert caught.value.key == key
    assert _snapshot(store) == before


def test_comment_at_maximum_length_kept(
    store: Store, actor: Actor, case_id: int
) -> None:
    text = "æ" * MAX_COMMENT_LENGTH
    store.add_comment(case_id, "kundehenvendelse", text, actor)
    assert store.comments(case_id)[0]["text"] == text


def test_team_assignment_logged(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    store.assign_team(case_id, {"controller": actor.staff_id, "seges": None}, actor)
    store.assign_role(case_id, "controller", other_actor.staff_id, actor)
    assert store.team(case_id)["controller"]["name"] == "Lars Østergaard"
    changes = [
        (e["subject"], e["old_value"], e["new_value"])
        for e in reversed(store.events(case_id))
        if e["action"] == "team_assigned"
    ]
    assert changes == [
        ("controller", None, "Mette Kjær"),
        ("controller", "Mette Kjær", "Lars Østergaard"),
    ]


def test_unknown_role_rejected(store: Store, actor: Actor, case_id: int) -> None:
    with pytest.raises(NotFoundError):
        store.assign_role(case_id, "revisor", actor.staff_id, actor)


def test_case_state_change_logged(store: Store, actor: Actor, case_id: int) -> None:
    store.update_case(case_id, actor, state="paused")
    assert store.get_case(case_id)["state"] == "paused"
    assert store.events(case_id)[0]["old_value"] == "active"
    with pytest.raises(InputError):
        store.update_case(case_id, actor, state="archived")


def test_locked_database_gives_clear_error(
    store: Store,
    actor: Actor,
    case_id: int,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.1)
    impatient = Store.open(db_path, store.workflow)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError) as caught:
            impatient.add_comment(case_id, "kundehenvendelse", "Hej", actor)
        assert "busy" in str(caught.value)
        assert caught.value.key == "error.db_locked"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.comments(case_id) == []
    impatient.add_comment(case_id, "kundehenvendelse", "Hej", actor)
    assert len(store.comments(case_id)) == 1


def test_newer_schema_refused_and_untouched(db_path: Path, workflow: Workflow) -> None:
    Store.open(db_path, workflow).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('onboarding', 'from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(StorageError) as caught:
        Store.open(db_path, workflow)
    assert "from_the_future" in str(caught.value)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest


def test_unwritable_path_gives_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError) as caught:
        Store.open(blocker / "onboarding.db")
    assert caught.value.key == "error.db_open"


def test_not_a_database_gives_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database" * 100)
    with pytest.raises(StorageError) as caught:
        Store.open(path)
    assert str(path) in str(caught.value)
    assert caught.value.key == "error.db_not_database"
    assert "restore" in str(caught.value)


def test_title_change_keeps_case_data(
    store: Store, actor: Actor, case_id: int, workflow_text: str
) -> None:
    from onboarding.progress import case_steps
    from onboarding.workflow import parse_workflow

    store.set_step_status(case_id, "kundemoede", "done", actor)
    store.add_comment(case_id, "kundemoede", "Holdt.", actor)
    edited = parse_workflow(
        workflow_text.replace("Kundemøde om det operationelle", "Driftsmøde hos kunden")
    )
    store.workflow = edited
    statuses = {k: v["status"] for k, v in store.step_statuses(case_id).items()}
    steps = case_steps(edited, store.get_case(case_id), statuses, TODAY)
    meeting = next(s for s in steps if s.scheduled.step.id == "kundemoede")
    assert meeting.scheduled.step.title == "Driftsmøde hos kunden"
    assert meeting.status == "done"
    assert store.comments(case_id, "kundemoede")[0]["text"] == "Holdt."


def test_first_schema_database_upgraded(tmp_path: Path, workflow: Workflow) -> None:
    fixture = Path(__file__).parent / "fixtures" / "schema_v1.db"
    copy = tmp_path / "old.db"
    copy.write_bytes(fixture.read_bytes())
    upgraded = Store.open(copy, workflow)
    names = [
        row["name"]
        for row in upgraded.db.query("SELECT name FROM _sqlite_migrations ORDER BY id")
    ]
    assert names == MIGRATION_NAMES
    assert len(upgraded.list_cases()) == 3
    assert len(upgraded.events()) == 85
    indexes = {tuple(index.columns) for index in upgraded.db["events"].indexes}
    assert ("at",) in indexes
    staff = Actor.from_staff(upgraded.list_staff()[0])
    upgraded.add_comment(1, "kundehenvendelse", "Efter opgradering", staff)
    assert upgraded.comments(1)[0]["text"] == "Efter opgradering"


def test_start_date_far_ahead_rejected(store: Store, actor: Actor) -> None:
    with pytest.raises(InputError) as caught:
        store.create_case("Gård", "12345678", dt.date(2031, 1, 1), actor, today=TODAY)
    assert caught.value.key == "input.start_date"


def test_case_choices_hide_closed_unless_searched(store: Store, actor: Actor) -> None:
    open_case = store.create_case("Egelund ApS", "11111111", TODAY, actor, today=TODAY)
    closed = store.create_case(
        "Fjordgården 100%_", "22222222", TODAY, actor, today=TODAY
    )
    store.update_case(closed, actor, state="closed", reason="Fejloprettet.")
    assert [c["id"] for c in store.case_choices()] == [open_case]
    assert [c["id"] for c in store.case_choices("fjord")] == [closed]
    assert [c["id"] for c in store.case_choices("2222")] == [closed]
    assert [c["id"] for c in store.case_choices("100%_")] == [closed]
    assert [c["id"] for c in store.case_choices("0%")] == [closed]
    assert store.case_choices("r%n") == []
    assert [c["id"] for c in store.case_choices(include=closed)] == [closed, open_case]


def test_stale_message_names_step_by_title(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    store.set_step_status(case_id, "kundemoede", "waiting", other_actor)
    with pytest.raises(StaleWriteError) as caught:
        store.set_step_status(case_id, "kundemoede", "done", actor, expected_version=0)
    assert "'7. Kundemøde om det operationelle'" in caught.value.localized("da")


def test_event_table_names_items_and_roles(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    from onboarding.case_view import event_table

    store.set_checklist_tick(case_id, "kundemoede", "leverancer", True, actor)
    store.assign_role(case_id, "controller", actor.staff_id, actor)
    store.add_comment(case_id, "kundemoede", "Hej", actor)
    table = event_table(store.events(case_id), workflow, "da")
    assert list(table["Punkt"])[:3] == ["", "Controller", "Leverancer"]
    assert list(table["Ændring"])[:3] == [
        "Kommentar tilføjet",
        "Hold ændret",
        "Tjeklistepunkt",
    ]


def test_case_choices_always_include_requested(store: Store, actor: Actor) -> None:
    ids = [
        store.create_case(f"Gård {n}", f"1000000{n}", TODAY, actor, today=TODAY)
        for n in range(5)
    ]
    assert [c["id"] for c in store.case_choices(limit=2)] == [ids[4], ids[3]]
    assert [c["id"] for c in store.case_choices(include=ids[0], limit=2)] == [
        ids[4],
        ids[3],
        ids[0],
    ]


def test_event_table_shows_comment_text(
    store: Store, actor: Actor, case_id: int, workflow: Workflow
) -> None:
    from onboarding.case_view import event_table

    store.add_comment(case_id, "kundemoede", "Mødet er aftalt.", actor)
    comments = {c["id"]: c["text"] for c in store.comments(case_id)}
    table = event_table(store.events(case_id), workflow, "da", comments)
    assert table["Ny værdi"].iloc[0] == "Mødet er aftalt."
    without = event_table(store.events(case_id), workflow, "da")
    assert without["Ny værdi"].iloc[0] == ""
