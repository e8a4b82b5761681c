"""Schema migrations of the onboarding database, applied in order on open.

Add a new function at the end for every schema change; never edit one that
has shipped, because users' files record it as applied.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "onboarding"

migrations = Migrations(MIGRATION_SET)
MIGRATION_NAMES: list[str] = []


def migration(function):
    """Register ``function`` as the next migration of the set."""
    MIGRATION_NAMES.append(function.__name__)
    return migrations()(function)


@migration
def create_core_tables(db: Database) -> None:
    db["staff"].create(
        {
            "id": int,
            "name": str,
            "initials": str,
            "email": str,
            "active": int,
            "created_by": str,
            "created_at": str,
        },
        pk="id",
        not_null={"name", "initials", "active", "created_at"},
        defaults={"active": 1, "email": ""},
    )
    db["staff"].create_index(["initials"], unique=True)

    db["workflow_versions"].create(
        {"version": str, "source": str, "text": str, "first_seen_at": str},
        pk="version",
        not_null={"text", "first_seen_at"},
    )

    db["cases"].create(
        {
            "id": int,
            "customer_name": str,
            "customer_number": str,
            "start_date": str,
            "state": str,
            "prerequisites": str,
            "workflow_version": str,
            "created_by": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={
            "customer_name",
            "customer_number",
            "start_date",
            "state",
            "created_at",
        },
        defaults={"state": "active", "prerequisites": "{}"},
    )
    db["cases"].create_index(["state"])

    db["case_team"].create(
        {
            "case_id": int,
            "role_id": str,
            "staff_id": int,
            "assigned_by": str,
            "assigned_at": str,
        },
        pk=("case_id", "role_id"),
        foreign_keys=[("case_id", "cases", "id"), ("staff_id", "staff", "id")],
    )
    db["case_team"].create_index(["staff_id"])

    db["step_status"].create(
        {
            "case_id": int,
            "step_id": str,
            "status": str,
            "version": int,
            "updated_by": str,
            "updated_at": str,
        },
        pk=("case_id", "step_id"),
        foreign_keys=[("case_id", "cases", "id")],
        not_null={"status", "version"},
    )

    db["checklist_ticks"].create(
        {
            "case_id": int,
            "step_id": str,
            "item_id": str,
            "checked": int,
            "updated_by": str,
            "updated_at": str,
        },
        pk=("case_id", "step_id", "item_id"),
        foreign_keys=[("case_id", "cases", "id")],
    )

    db["slot_items"].create(
        {
            "id": int,
            "case_id": int,
            "step_id": str,
            "slot_id": str,
            "text": str,
            "checked": int,
            "created_by": str,
            "created_at": str,
            "updated_by": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("case_id", "cases", "id")],
        not_null={"text"},
        defaults={"checked": 0},
    )
    db["slot_items"].create_index(["case_id", "step_id"])

    db["comments"].create(
        {
            "id": int,
            "case_id": int,
            "step_id": str,
            "text": str,
            "author_id": int,
            "author": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("case_id", "cases", "id")],
        not_null={"text", "author", "created_at"},
    )
    db["comments"].create_index(["case_id", "step_id"])

    db["events"].create(
        {
            "id": int,
            "case_id": int,
            "at": str,
            "actor_id": int,
            "actor": str,
            "action": str,
            "step_id": str,
            "subject": str,
            "old_value": str,
            "new_value": str,
        },
        pk="id",
        not_null={"at", "actor", "action"},
    )
    db["events"].create_index(["case_id", "id"])

    # Comments and the event log are append-only: the database itself
    # rejects any attempt to change or remove a row.
    for table in ("comments", "events"):
        for operation in ("UPDATE", "DELETE"):
            db.execute(
                f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} are append-only'); END"
            )


@migration
def index_event_times(db: Database) -> None:
    # The event log is read by time across cases when auditing who changed
    # what on a day.
    db["events"].create_index(["at"])


@migration
def add_pauses_and_close_reason(db: Database) -> None:
    db["case_pauses"].create(
        {
            "id": int,
            "case_id": int,
            "paused_on": str,
            "resumed_on": str,
            "paused_by": str,
            "resumed_by": str,
        },
        pk="id",
        foreign_keys=[("case_id", "cases", "id")],
        not_null={"paused_on", "paused_by"},
    )
    db["case_pauses"].create_index(["case_id"])
    db["cases"].add_column("closed_reason", str)


@migration
def index_customer_numbers(db: Database) -> None:
    # The case page looks up other cases of the same customer number.
    db["cases"].create_index(["customer_number"])
