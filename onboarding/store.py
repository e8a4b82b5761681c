"""SQLite storage of cases, teams, step progress, comments and the event log.

``Store`` is the one interface the pages and the command line write through.
Every write method takes the acting person, runs as one ``BEGIN IMMEDIATE``
transaction and appends an event (what, old value, new value, who, when)
to the log in that same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from onboarding.errors import (
    ActorRequiredError,
    InputError,
    NotFoundError,
    StaleWriteError,
    StorageError,
)
from onboarding.inputs import (
    CaseInput,
    CommentInput,
    CustomerInput,
    SlotItemInput,
    StaffInput,
    validate,
)
from onboarding.migrations import MIGRATION_NAMES, MIGRATION_SET, migrations
from onboarding.workflow import Workflow

log = logging.getLogger(__name__)

STATUSES = ("not_started", "in_progress", "waiting", "done", "not_relevant")
FINISHED_STATUSES = ("done", "not_relevant")
CASE_STATES = ("active", "paused", "closed")
# The columns of a case that the overview keeps for every case, in memory.
SUMMARY_COLUMNS = (
    "id",
    "customer_name",
    "customer_number",
    "start_date",
    "state",
    "updated_at",
)
# How long a read or a write waits for another connection before it gives
# up, in seconds, and how long SQLite's busy handler waits within one attempt
# to take the write lock.
BUSY_TIMEOUT_SECONDS = 5.0
BUSY_WAIT_SECONDS = 0.25


@dataclass(frozen=True)
class Actor:
    """The person making a change, as recorded in the event log."""

    staff_id: int
    name: str

    @classmethod
    def from_staff(cls, row: dict) -> Actor:
        return cls(staff_id=row["id"], name=f"{row['name']} ({row['initials']})")


def now() -> str:
    """Current time in UTC as ISO 8601 with microseconds, the stored form."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class Store:
    """Access to one onboarding database for one session or command.

    A connection is not shared between sessions: open one ``Store`` per
    Streamlit session or process. ``workflow`` is used to reject writes to
    steps, roles and checklist items it does not define.
    """

    def __init__(
        self, db: Database, path: str, workflow: Workflow | None = None
    ) -> None:
        self.db = db
        self.path = path
        self.workflow = workflow

    @classmethod
    def open(cls, path: str | Path, workflow: Workflow | None = None) -> Store:
        """Open (creating if needed) and upgrade the database at ``path``.

        Raises StorageError when the file cannot be opened or created, or was
        written by a newer version of the dashboard.
        """
        path = str(path)
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
            db = Database(conn)
            db.execute("PRAGMA foreign_keys = ON")
            db.enable_wal()
            _upgrade(db, path)
        except sqlite3.DatabaseError as exc:
            log.error("Cannot open database %s: %s", path, exc)
            # OperationalError is a DatabaseError too. Only the plain one
            # means the file contains something other than a database.
            key = (
                "error.db_open"
                if isinstance(exc, sqlite3.OperationalError)
                else "error.db_not_database"
            )
            raise StorageError(key, path=path, detail=str(exc)) from exc
        except OSError as exc:
            log.error("Cannot create database %s: %s", path, exc)
            raise StorageError("error.db_open", path=path, detail=str(exc)) from exc
        return cls(db, path, workflow)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _write(self, actor: Actor | None) -> Iterator[Actor]:
        """Run a block as one immediate transaction on behalf of ``actor``."""
        if actor is None:
            raise ActorRequiredError()
        self._begin(actor)
        try:
            yield actor
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            log.warning("Write by %s failed to commit: %s", actor.name, exc)
            raise StorageError("error.db_locked", path=self.path) from exc

    def _begin(self, actor: Actor) -> None:
        """Take the write lock, retrying for up to BUSY_TIMEOUT_SECONDS.

        Each attempt lets SQLite's busy handler wait BUSY_WAIT_SECONDS. Short
        random pauses between attempts keep several writers in a tight loop
        from starving one of them. Reads keep the full BUSY_TIMEOUT_SECONDS.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        attempts = 0
        self._busy_timeout(min(BUSY_WAIT_SECONDS, BUSY_TIMEOUT_SECONDS))
        try:
            while True:
                try:
                    self.db.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    attempts += 1
                    if "locked" not in str(exc) or time.monotonic() >= deadline:
                        log.warning(
                            "Write by %s failed to start after %d attempts: %s",
                            actor.name,
                            attempts,
                            exc,
                        )
                        raise StorageError("error.db_locked", path=self.path) from exc
                    time.sleep(random.uniform(0.001, 0.02))
        finally:
            self._busy_timeout(BUSY_TIMEOUT_SECONDS)
        if attempts:
            log.info("Write by %s started after %d retries", actor.name, attempts)

    def _busy_timeout(self, seconds: float) -> None:
        """Set how long SQLite waits for a lock held by another connection."""
        self.db.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def _event(
        self,
        actor: Actor,
        action: str,
        *,
        case_id: int | None = None,
        step_id: str | None = None,
        subject: str | None = None,
        old: object = None,
        new: object = None,
        at: str | None = None,
    ) -> None:
        self.db["events"].insert(
            {
                "case_id": case_id,
                "at": at or now(),
                "actor_id": actor.staff_id,
                "actor": actor.name,
                "action": action,
                "step_id": step_id,
                "subject": subject,
                "old_value": None if old is None else str(old),
                "new_value": None if new is None else str(new),
            }
        )
        log.info(
            "%s by %s: case=%s step=%s %s -> %s",
            action,
            actor.name,
            case_id,
            step_id,
            old,
            new,
        )

    # Staff

    def list_staff(self, include_inactive: bool = False) -> list[dict]:
        where = "" if include_inactive else "WHERE active = 1"
        return list(self.db.query(f"SELECT * FROM staff {where} ORDER BY name"))

    def get_staff(self, staff_id: int) -> dict:
        rows = list(self.db.query("SELECT * FROM staff WHERE id = ?", [staff_id]))
        if not rows:
            raise NotFoundError("error.staff_not_found", value=staff_id)
        return rows[0]

    def add_staff(
        self,
        name: str,
        initials: str,
        email: str,
        actor: Actor | None,
        as_self: bool = False,
    ) -> int:
        """Add a person to the staff list.

        The very first person may be added without an actor and is then
        recorded as adding themselves, so a new database can be started.
        With ``as_self`` and no actor, anyone is recorded as adding themselves.
        """
        person = validate(StaffInput, name=name, initials=initials, email=email)
        bootstrap = actor is None and (
            as_self or not self.list_staff(include_inactive=True)
        )
        with self._write(actor if not bootstrap else Actor(0, person.name)) as actor:
            self._check_initials_free(person.initials)
            at = now()
            staff_id = (
                self.db["staff"]
                .insert(
                    {
                        "name": person.name,
                        "initials": person.initials,
                        "email": person.email,
                        "active": 1,
                        "created_by": actor.name,
                        "created_at": at,
                    }
                )
                .last_pk
            )
            if bootstrap:
                actor = Actor(staff_id, f"{person.name} ({person.initials})")
            self._event(
                actor, "staff_added", subject=str(staff_id), new=person.name, at=at
            )
        return staff_id

    def update_staff(
        self,
        staff_id: int,
        name: str,
        initials: str,
        email: str,
        active: bool,
        actor: Actor | None,
    ) -> None:
        person = validate(StaffInput, name=name, initials=initials, email=email)
        with self._write(actor) as actor:
            old = self.get_staff(staff_id)
            if person.initials != old["initials"]:
                self._check_initials_free(person.initials)
            new = {
                "name": person.name,
                "initials": person.initials,
                "email": person.email,
                "active": int(active),
            }
            self.db["staff"].update(staff_id, new)
            for column, value in new.items():
                if old[column] != value:
                    self._event(
                        actor,
                        f"staff_{column}",
                        subject=str(staff_id),
                        old=old[column],
                        new=value,
                    )

    def _check_initials_free(self, initials: str) -> None:
        if list(self.db.query("SELECT 1 FROM staff WHERE initials = ?", [initials])):
            raise InputError("input.initials_taken", field="initials", value=initials)

    # Cases

    def create_case(
        self,
        customer_name: str,
        customer_number: str,
        start_date: dt.date,
        actor: Actor | None,
        prerequisites: dict[str, bool] | None = None,
        today: dt.date | None = None,
    ) -> int:
        case = validate(
            CaseInput,
            customer_name=customer_name,
            customer_number=customer_number,
            start_date=start_date,
        )
        case.check_start_date(today or dt.date.today())
        prerequisites = prerequisites or {}
        if self.workflow is not None:
            known = {p.id for p in self.workflow.model.prerequisites}
            for key in prerequisites:
                if key not in known:
                    raise NotFoundError("error.prerequisite_not_found", value=key)
        with self._write(actor) as actor:
            at = now()
            version = self._record_workflow_version(at)
            case_id = (
                self.db["cases"]
                .insert(
                    {
                        "customer_name": case.customer_name,
                        "customer_number": case.customer_number,
                        "start_date": case.start_date.isoformat(),
                        "state": "active",
                        "prerequisites": json.dumps(prerequisites, sort_keys=True),
                        "workflow_version": version,
                        "created_by": actor.name,
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                .last_pk
            )
            self._event(
                actor, "case_created", case_id=case_id, new=case.customer_name, at=at
            )
        return case_id

    def _record_workflow_version(self, at: str) -> str | None:
        if self.workflow is None:
            return None
        self.db["workflow_versions"].insert(
            {
                "version": self.workflow.version,
                "source": self.workflow.source,
                "text": self.workflow.text,
                "first_seen_at": at,
            },
            ignore=True,
        )
        return self.workflow.version

    def get_case(self, case_id: int) -> dict:
        rows = list(self.db.query("SELECT * FROM cases WHERE id = ?", [case_id]))
        if not rows:
            raise NotFoundError("error.case_not_found", value=case_id)
        case = rows[0]
        case["prerequisites"] = json.loads(case["prerequisites"] or "{}")
        return case

    def cases_with_number(
        self, customer_number: str, exclude: int | None = None
    ) -> list[dict]:
        """Return the other cases of a customer number, oldest first."""
        return list(
            self.db.query(
                "SELECT id, customer_name, state FROM cases "
                "WHERE customer_number = ? AND id IS NOT ? ORDER BY id",
                [customer_number, exclude],
            )
        )

    def list_cases(self, state: str | None = None) -> list[dict]:
        if state is None:
            rows = self.db.query("SELECT * FROM cases ORDER BY id")
        else:
            rows = self.db.query(
                "SELECT * FROM cases WHERE state = ? ORDER BY id", [state]
            )
        return list(rows)

    def case_choices(
        self, search: str = "", include: int | None = None, limit: int = 300
    ) -> list[dict]:
        """Return cases to pick from, newest first: those not closed, or with
        ``search`` in the customer's name or number, plus the case ``include``."""
        text = search.strip()
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        columns = "SELECT id, customer_name, customer_number, state FROM cases "
        if text:
            rows = self.db.query(
                columns + "WHERE customer_name LIKE :pattern ESCAPE '\\' "
                "OR customer_number LIKE :pattern ESCAPE '\\' ORDER BY id DESC LIMIT :limit",
                {"pattern": f"%{escaped}%", "limit": limit},
            )
        else:
            rows = self.db.query(
                columns + "WHERE state != 'closed' ORDER BY id DESC LIMIT :limit",
                {"limit": limit},
            )
        choices = list(rows)
        if include is not None and include not in {row["id"] for row in choices}:
            choices += list(self.db.query(columns + "WHERE id = ?", [include]))
            choices.sort(key=lambda row: row["id"], reverse=True)
        return choices

    def update_case(
        self,
        case_id: int,
        actor: Actor | None,
        *,
        state: str | None = None,
        prerequisites: dict[str, bool] | None = None,
        reason: str | None = None,
        customer_name: str | None = None,
        customer_number: str | None = None,
        today: dt.date | None = None,
        expected: dict[str, object] | None = None,
    ) -> None:
        """Change the customer, state or prerequisites of a case, as one transaction.

        Pausing records a pause that resuming ends; the days in between push
        the due dates of open steps. Closing needs every step done or not
        relevant, or a ``reason``. Reopening a closed case makes it active.
        ``expected`` holds the values the person saw, by field: when a field
        to change differs from it, someone else changed it meanwhile, and
        StaleWriteError is raised with nothing stored.
        """
        if state is not None and state not in CASE_STATES:
            raise InputError(
                "input.unknown_state", value=state, known=", ".join(CASE_STATES)
            )
        day = (today or dt.date.today()).isoformat()
        with self._write(actor) as actor:
            case = self.get_case(case_id)
            requested = {
                "customer_name": customer_name,
                "customer_number": customer_number,
                "state": state,
                "prerequisites": prerequisites,
            }
            self._check_not_stale(case, requested, expected or {})
            at = now()
            changes: dict[str, object] = {}
            if customer_name is not None or customer_number is not None:
                customer = validate(
                    CustomerInput,
                    customer_name=case["customer_name"]
                    if customer_name is None
                    else customer_name,
                    customer_number=case["customer_number"]
                    if customer_number is None
                    else customer_number,
                )
                for field, value in customer.model_dump().items():
                    if value != case[field]:
                        changes[field] = value
                        self._event(
                            actor,
                            f"case_{field}",
                            case_id=case_id,
                            old=case[field],
                            new=value,
                            at=at,
                        )
            if state is not None and state != case["state"]:
                changes.update(self._change_state(case, state, reason, actor, at, day))
            if prerequisites is not None and prerequisites != case["prerequisites"]:
                changes["prerequisites"] = json.dumps(prerequisites, sort_keys=True)
                self._event(
                    actor,
                    "case_prerequisites",
                    case_id=case_id,
                    old=json.dumps(case["prerequisites"], sort_keys=True),
                    new=changes["prerequisites"],
                    at=at,
                )
            if changes:
                self.db["cases"].update(case_id, {**changes, "updated_at": at})

    def _last_change(
        self, case_id: int, actions: tuple[str, ...], subject: str | None = None
    ) -> tuple[str, str]:
        """Return who made the newest of the case's events with these actions, and when."""
        placeholders = ", ".join("?" for _ in actions)
        sql = f"SELECT actor, at FROM events WHERE case_id = ? AND action IN ({placeholders})"
        params: list[object] = [case_id, *actions]
        if subject is not None:
            sql += " AND subject = ?"
            params.append(subject)
        row = self.db.execute(sql + " ORDER BY id DESC LIMIT 1", params).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def _check_not_stale(
        self, case: dict, requested: dict[str, object], expected: dict[str, object]
    ) -> None:
        """Raise StaleWriteError when a field to change moved away from what was seen."""
        for field, value in requested.items():
            if value is None or field not in expected:
                continue
            if case[field] != expected[field] and case[field] != value:
                who, when = self._last_change(case["id"], (f"case_{field}",))
                raise StaleWriteError(
                    "error.stale_case", field=field, who=who, when=when
                )

    def _change_state(
        self,
        case: dict,
        state: str,
        reason: str | None,
        actor: Actor,
        at: str,
        day: str,
    ) -> dict[str, object]:
        case_id, old = case["id"], case["state"]
        if old == "closed" and state == "paused":
            raise InputError("input.state_transition")
        changes: dict[str, object] = {"state": state}
        reason_text = None
        if state == "closed":
            unfinished = self._unfinished_steps(case_id)
            if unfinished and not (reason or "").strip():
                raise InputError("input.close_reason", count=len(unfinished))
            if reason and reason.strip():
                reason_text = validate(CommentInput, text=reason).text
            changes["closed_reason"] = reason_text
        if old == "closed":
            changes["closed_reason"] = None
        if state == "paused":
            self.db["case_pauses"].insert(
                {"case_id": case_id, "paused_on": day, "paused_by": actor.name}
            )
        if old == "paused":
            self.db.execute(
                "UPDATE case_pauses SET resumed_on = ?, resumed_by = ? "
                "WHERE case_id = ? AND resumed_on IS NULL",
                [day, actor.name, case_id],
            )
        self._event(
            actor,
            "case_state",
            case_id=case_id,
            subject=reason_text,
            old=old,
            new=state,
            at=at,
        )
        return changes

    def _unfinished_steps(self, case_id: int) -> list[str]:
        if self.workflow is None:
            return []
        statuses = self.step_statuses(case_id)
        return [
            step.id
            for step in self.workflow.steps
            if statuses.get(step.id, {}).get("status") not in FINISHED_STATUSES
        ]

    def pauses(self, case_id: int | None = None) -> list[dict]:
        """Pauses of one case, or of all cases, oldest first."""
        if case_id is None:
            return list(self.db.query("SELECT * FROM case_pauses ORDER BY id"))
        return list(
            self.db.query(
                "SELECT * FROM case_pauses WHERE case_id = ? ORDER BY id", [case_id]
            )
        )

    def move_start_date(
        self,
        case_id: int,
        start_date: dt.date,
        actor: Actor | None,
        today: dt.date | None = None,
    ) -> None:
        """Move a case's start date, which moves the due date of every step."""
        case_input = validate(
            CaseInput,
            customer_name="x",
            customer_number="00000000",
            start_date=start_date,
        )
        case_input.check_start_date(today or dt.date.today())
        with self._write(actor) as actor:
            case = self.get_case(case_id)
            new = start_date.isoformat()
            if new == case["start_date"]:
                return
            at = now()
            self.db["cases"].update(case_id, {"start_date": new, "updated_at": at})
            self._event(
                actor,
                "case_start_date",
                case_id=case_id,
                old=case["start_date"],
                new=new,
                at=at,
            )

    def hand_over(self, case_id: int, handover_id: str, actor: Actor | None) -> None:
        """Carry out a handover of the workflow: the person in its ``from_role`` takes ``to_role``.

        The handover step is marked done in the same transaction, and the
        event log records the handover with the old and the new person.
        """
        handover = (
            next(
                (h for h in self.workflow.model.handovers if h.id == handover_id), None
            )
            if self.workflow
            else None
        )
        if handover is None:
            raise NotFoundError("error.handover_not_found", value=handover_id)
        with self._write(actor) as actor:
            self.get_case(case_id)
            team = self.team(case_id)
            taking_over = team.get(handover.from_role)
            if taking_over is None:
                raise InputError(
                    "input.handover_nobody",
                    role=self.workflow.role(handover.from_role).name,
                )
            old = team.get(handover.to_role)
            at = now()
            self._put_team_member(
                case_id, handover.to_role, taking_over["id"], actor, at
            )
            self._event(
                actor,
                "handover",
                case_id=case_id,
                step_id=handover.step,
                subject=handover.to_role,
                old=old["name"] if old else None,
                new=taking_over["name"],
                at=at,
            )
            self._set_status(case_id, handover.step, "done", actor, at, None)
            self.db["cases"].update(case_id, {"updated_at": at})

    # Team

    def team(self, case_id: int) -> dict[str, dict]:
        """Return the people assigned to a case, by role id."""
        rows = self.db.query(
            "SELECT t.role_id, s.* FROM case_team t JOIN staff s ON s.id = t.staff_id "
            "WHERE t.case_id = ?",
            [case_id],
        )
        return {row.pop("role_id"): row for row in rows}

    def assign_role(
        self, case_id: int, role_id: str, staff_id: int | None, actor: Actor | None
    ) -> None:
        """Put a person in a role on a case; ``None`` clears the role."""
        self.assign_team(case_id, {role_id: staff_id}, actor)

    def assign_team(
        self,
        case_id: int,
        team: dict[str, int | None],
        actor: Actor | None,
        expected: dict[str, int | None] | None = None,
    ) -> None:
        """Set the person of each given role (``None`` clears it), as one transaction.

        ``expected`` contains the staff id each role had when the person
        looked. A role to change that has since moved to someone else raises
        StaleWriteError, and nothing is stored.
        """
        if self.workflow is not None:
            known = {r.id for r in self.workflow.roles}
            for role_id in team:
                if role_id not in known:
                    raise NotFoundError("error.role_not_found", value=role_id)
        with self._write(actor) as actor:
            self.get_case(case_id)
            current = self.team(case_id)
            for role_id, staff_id in team.items():
                now_id = current[role_id]["id"] if role_id in current else None
                if (
                    expected is not None
                    and role_id in expected
                    and now_id not in (expected[role_id], staff_id)
                ):
                    actions = ("team_assigned", "handover")
                    who, when = self._last_change(case_id, actions, role_id)
                    role = (
                        self.workflow.role(role_id).name if self.workflow else role_id
                    )
                    raise StaleWriteError(
                        "error.stale_team", role=role, who=who, when=when
                    )
            at = now()
            for role_id, staff_id in team.items():
                old = current.get(role_id)
                if (old["id"] if old else None) == staff_id:
                    continue
                if staff_id is None:
                    self.db.execute(
                        "DELETE FROM case_team WHERE case_id = ? AND role_id = ?",
                        [case_id, role_id],
                    )
                    new_name = None
                else:
                    new_name = self.get_staff(staff_id)["name"]
                    self._put_team_member(case_id, role_id, staff_id, actor, at)
                self._event(
                    actor,
                    "team_assigned",
                    case_id=case_id,
                    subject=role_id,
                    old=old["name"] if old else None,
                    new=new_name,
                    at=at,
                )
                self.db["cases"].update(case_id, {"updated_at": at})

    def _put_team_member(
        self, case_id: int, role_id: str, staff_id: int, actor: Actor, at: str
    ) -> None:
        self.db["case_team"].upsert(
            {
                "case_id": case_id,
                "role_id": role_id,
                "staff_id": staff_id,
                "assigned_by": actor.name,
                "assigned_at": at,
            },
            pk=("case_id", "role_id"),
        )

    # Steps, checklists and comments

    def _check_step(
        self, step_id: str, item_id: str | None = None, open_slot: bool = False
    ) -> None:
        if self.workflow is None:
            return
        step = self.workflow.step(step_id)
        if step is None:
            raise NotFoundError("error.step_not_found", value=step_id)
        if item_id is not None:
            item = next((i for i in step.checklist if i.id == item_id), None)
            if item is None or item.open != open_slot:
                raise NotFoundError("error.item_not_found", value=item_id, step=step_id)

    def _step_label(self, step_id: str) -> str:
        """Name a step as people know it, ``9. Overlevering …``, or by id without a workflow."""
        if self.workflow is not None:
            for scheduled in self.workflow.scheduled_steps():
                if scheduled.step.id == step_id:
                    return f"{scheduled.number}. {scheduled.step.title}"
        return step_id

    def step_statuses(self, case_id: int) -> dict[str, dict]:
        rows = self.db.query("SELECT * FROM step_status WHERE case_id = ?", [case_id])
        return {row["step_id"]: row for row in rows}

    def checklist_ticks(self, case_id: int) -> dict[tuple[str, str], dict]:
        rows = self.db.query(
            "SELECT * FROM checklist_ticks WHERE case_id = ?", [case_id]
        )
        return {(row["step_id"], row["item_id"]): row for row in rows}

    def slot_items(self, case_id: int) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM slot_items WHERE case_id = ? ORDER BY id", [case_id]
            )
        )

    def last_comments(self, case_id: int) -> dict[str, dict]:
        """Return the newest comment on each step of a case, by step id."""
        rows = self.db.query(
            "SELECT * FROM comments WHERE id IN "
            "(SELECT max(id) FROM comments WHERE case_id = ? GROUP BY step_id)",
            [case_id],
        )
        return {row["step_id"]: row for row in rows}

    def comments(self, case_id: int, step_id: str | None = None) -> list[dict]:
        """Comments of a case (or one step of it), newest first."""
        if step_id is None:
            sql, params = "SELECT * FROM comments WHERE case_id = ?", [case_id]
        else:
            sql = "SELECT * FROM comments WHERE case_id = ? AND step_id = ?"
            params = [case_id, step_id]
        return list(self.db.query(sql + " ORDER BY id DESC", params))

    def save_step(
        self,
        case_id: int,
        step_id: str,
        actor: Actor | None,
        *,
        status: str | None = None,
        expected_version: int | None = None,
        ticks: dict[str, bool] | None = None,
        slot_ticks: dict[int, bool] | None = None,
        new_slot_items: dict[str, str] | None = None,
        comment: str | None = None,
        keep_rest_on_conflict: bool = False,
    ) -> StaleWriteError | None:
        """Save what a person changed on one step of a case, as one transaction.

        ``status`` (with the ``expected_version`` the person saw), checklist
        ``ticks`` by item id, ``slot_ticks`` by slot item id, ``new_slot_items``
        as text by open slot id, and a ``comment``. Anything left ``None`` is
        not touched. Nothing is stored unless all of it is valid.

        When someone else changed the status after ``expected_version``, the
        save raises StaleWriteError. With ``keep_rest_on_conflict`` it keeps
        the stored status instead, saves everything else and returns the
        error, so a comment written meanwhile is not lost.
        """
        self._check_step(step_id)
        if status is not None and status not in STATUSES:
            raise InputError(
                "input.unknown_status", value=status, known=", ".join(STATUSES)
            )
        for item_id in ticks or {}:
            self._check_step(step_id, item_id)
        texts = {}
        for slot_id, text in (new_slot_items or {}).items():
            self._check_step(step_id, slot_id, open_slot=True)
            texts[slot_id] = validate(SlotItemInput, text=text).text
        comment_text = (
            validate(CommentInput, text=comment).text if comment is not None else None
        )

        conflict = None
        with self._write(actor) as actor:
            self.get_case(case_id)
            at = now()
            if status is not None:
                try:
                    self._set_status(
                        case_id, step_id, status, actor, at, expected_version
                    )
                except StaleWriteError as exc:
                    if not keep_rest_on_conflict:
                        raise
                    conflict = exc
            for item_id, checked in (ticks or {}).items():
                self._set_tick(case_id, step_id, item_id, checked, actor, at)
            for slot_item_id, checked in (slot_ticks or {}).items():
                self._set_slot_item_checked(case_id, slot_item_id, checked, actor, at)
            for slot_id, text in texts.items():
                self._add_slot_item(case_id, step_id, slot_id, text, actor, at)
            if comment_text is not None:
                self._add_comment(case_id, step_id, comment_text, actor, at)
            self.db["cases"].update(case_id, {"updated_at": at})
        return conflict

    def set_step_status(
        self,
        case_id: int,
        step_id: str,
        status: str,
        actor: Actor | None,
        expected_version: int | None = None,
    ) -> None:
        """Set a step's status; see ``save_step`` for ``expected_version``."""
        self.save_step(
            case_id, step_id, actor, status=status, expected_version=expected_version
        )

    def set_checklist_tick(
        self,
        case_id: int,
        step_id: str,
        item_id: str,
        checked: bool,
        actor: Actor | None,
    ) -> None:
        self.save_step(case_id, step_id, actor, ticks={item_id: checked})

    def add_slot_item(
        self, case_id: int, step_id: str, slot_id: str, text: str, actor: Actor | None
    ) -> None:
        """Add a case's own item to an open checklist slot (a ``?`` bullet)."""
        self.save_step(case_id, step_id, actor, new_slot_items={slot_id: text})

    def add_comment(
        self, case_id: int, step_id: str, text: str, actor: Actor | None
    ) -> None:
        self.save_step(case_id, step_id, actor, comment=text)

    def _set_status(
        self,
        case_id: int,
        step_id: str,
        status: str,
        actor: Actor,
        at: str,
        expected_version: int | None,
    ) -> None:
        current = self.step_statuses(case_id).get(step_id)
        old_status = current["status"] if current else "not_started"
        version = current["version"] if current else 0
        if (
            expected_version is not None
            and expected_version != version
            and status != old_status
        ):
            raise StaleWriteError(
                "error.stale_status",
                step=self._step_label(step_id),
                status=old_status,
                who=current["updated_by"] if current else "",
                when=current["updated_at"] if current else "",
            )
        if status == old_status:
            return
        self.db["step_status"].upsert(
            {
                "case_id": case_id,
                "step_id": step_id,
                "status": status,
                "version": version + 1,
                "updated_by": actor.name,
                "updated_at": at,
            },
            pk=("case_id", "step_id"),
        )
        self._event(
            actor,
            "step_status",
            case_id=case_id,
            step_id=step_id,
            old=old_status,
            new=status,
            at=at,
        )

    def _set_tick(
        self,
        case_id: int,
        step_id: str,
        item_id: str,
        checked: bool,
        actor: Actor,
        at: str,
    ) -> None:
        current = self.checklist_ticks(case_id).get((step_id, item_id))
        was_checked = bool(current and current["checked"])
        if was_checked == checked:
            return
        self.db["checklist_ticks"].upsert(
            {
                "case_id": case_id,
                "step_id": step_id,
                "item_id": item_id,
                "checked": int(checked),
                "updated_by": actor.name,
                "updated_at": at,
            },
            pk=("case_id", "step_id", "item_id"),
        )
        self._event(
            actor,
            "checklist_tick",
            case_id=case_id,
            step_id=step_id,
            subject=item_id,
            old=int(was_checked),
            new=int(checked),
            at=at,
        )

    def _add_slot_item(
        self, case_id: int, step_id: str, slot_id: str, text: str, actor: Actor, at: str
    ) -> None:
        item_id = (
            self.db["slot_items"]
            .insert(
                {
                    "case_id": case_id,
                    "step_id": step_id,
                    "slot_id": slot_id,
                    "text": text,
                    "checked": 0,
                    "created_by": actor.name,
                    "created_at": at,
                }
            )
            .last_pk
        )
        self._event(
            actor,
            "slot_item_added",
            case_id=case_id,
            step_id=step_id,
            subject=f"{slot_id}:{item_id}",
            new=text,
            at=at,
        )

    def _set_slot_item_checked(
        self, case_id: int, item_id: int, checked: bool, actor: Actor, at: str
    ) -> None:
        rows = list(
            self.db.query(
                "SELECT * FROM slot_items WHERE id = ? AND case_id = ?",
                [item_id, case_id],
            )
        )
        if not rows:
            raise NotFoundError("error.item_not_found", value=item_id, step="")
        item = rows[0]
        if bool(item["checked"]) == checked:
            return
        self.db["slot_items"].update(
            item_id,
            {"checked": int(checked), "updated_by": actor.name, "updated_at": at},
        )
        self._event(
            actor,
            "slot_item_tick",
            case_id=case_id,
            step_id=item["step_id"],
            subject=f"{item['slot_id']}:{item_id}",
            old=item["checked"],
            new=int(checked),
            at=at,
        )

    def _add_comment(
        self, case_id: int, step_id: str, text: str, actor: Actor, at: str
    ) -> None:
        comment_id = (
            self.db["comments"]
            .insert(
                {
                    "case_id": case_id,
                    "step_id": step_id,
                    "text": text,
                    "author_id": actor.staff_id,
                    "author": actor.name,
                    "created_at": at,
                }
            )
            .last_pk
        )
        self._event(
            actor,
            "comment_added",
            case_id=case_id,
            step_id=step_id,
            subject=str(comment_id),
            at=at,
        )

    def events(self, case_id: int | None = None) -> list[dict]:
        """Return the event log, newest first: all events, or those of one case."""
        if case_id is None:
            return list(self.db.query("SELECT * FROM events ORDER BY id DESC"))
        return list(
            self.db.query(
                "SELECT * FROM events WHERE case_id = ? ORDER BY id DESC", [case_id]
            )
        )

    # Workflow versions

    def workflow_version(self, version: str) -> dict | None:
        """The stored text of a workflow version that a case was created under."""
        rows = list(
            self.db.query(
                "SELECT * FROM workflow_versions WHERE version = ?", [version]
            )
        )
        return rows[0] if rows else None

    def workflow_versions_in_use(self) -> dict[str, int]:
        """Number of cases per workflow version."""
        rows = self.db.query(
            "SELECT workflow_version, count(*) AS cases FROM cases "
            "WHERE workflow_version IS NOT NULL GROUP BY workflow_version"
        )
        return {row["workflow_version"]: row["cases"] for row in rows}

    def steps_with_data(self, case_id: int) -> set[str]:
        """Ids of the steps that have a status, tick, item or comment on a case."""
        rows = self.db.query(
            "SELECT step_id FROM step_status WHERE case_id = :case "
            "UNION SELECT step_id FROM checklist_ticks WHERE case_id = :case "
            "UNION SELECT step_id FROM slot_items WHERE case_id = :case "
            "UNION SELECT step_id FROM comments WHERE case_id = :case AND step_id IS NOT NULL",
            {"case": case_id},
        )
        return {row["step_id"] for row in rows}

    # Whole-database reads used by the overview. Each takes the case states
    # to include (None for all) and filters in SQL, through the state index.

    def data_version(self) -> int:
        """Return a number that grows with every change, because each write appends an event."""
        return self.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]

    def cases_in(self, states: tuple[str, ...] | None = None) -> list[dict]:
        """Return the overview's columns (SUMMARY_COLUMNS) of the cases in ``states``."""
        sql, params = _state_filter("c", states)
        columns = ", ".join(f"c.{column}" for column in SUMMARY_COLUMNS)
        return list(
            self.db.query(f"SELECT {columns} FROM cases c {sql} ORDER BY c.id", params)
        )

    def all_step_statuses(self, states: tuple[str, ...] | None = None) -> list[dict]:
        sql, params = _state_filter("c", states)
        join = f"JOIN cases c ON c.id = s.case_id {sql}" if states is not None else ""
        rows = self.db.execute(
            f"SELECT s.case_id, s.step_id, s.status, s.version FROM step_status s {join}",
            params,
        )
        return [
            {
                "case_id": case_id,
                "step_id": step_id,
                "status": status,
                "version": version,
            }
            for case_id, step_id, status, version in rows
        ]

    def all_team_members(self, states: tuple[str, ...] | None = None) -> list[dict]:
        sql, params = _state_filter("c", states)
        return list(
            self.db.query(
                "SELECT t.case_id, t.role_id, s.id AS staff_id, s.name, s.initials "
                "FROM case_team t JOIN staff s ON s.id = t.staff_id "
                f"JOIN cases c ON c.id = t.case_id {sql}",
                params,
            )
        )

    def all_pauses(self, states: tuple[str, ...] | None = None) -> list[dict]:
        sql, params = _state_filter("c", states)
        return list(
            self.db.query(
                f"SELECT p.* FROM case_pauses p JOIN cases c ON c.id = p.case_id {sql} "
                "ORDER BY p.id",
                params,
            )
        )

    def staff_version(self) -> int:
        """Return a number that grows with every change to the staff list."""
        row = self.db.execute(
            "SELECT coalesce(max(id), 0) FROM events WHERE case_id IS NULL"
        ).fetchone()
        return row[0]

    def case_stamps(
        self, states: tuple[str, ...] | None = None
    ) -> list[tuple[int, str]]:
        """(id, updated_at) of the cases in ``states``; every write to a case moves its stamp."""
        sql, params = _state_filter("c", states)
        rows = self.db.execute(
            f"SELECT c.id, c.updated_at FROM cases c {sql} ORDER BY c.id", params
        )
        return [(row[0], row[1]) for row in rows]

    def case_rows(self, case_ids: list[int]) -> dict[str, list[dict]]:
        """Cases, statuses, team members and pauses of the given cases, for the overview."""
        result: dict[str, list[dict]] = {
            "cases": [],
            "statuses": [],
            "team": [],
            "pauses": [],
        }
        queries = {
            "cases": f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM cases WHERE id IN ({{}})",
            "statuses": "SELECT case_id, step_id, status, version FROM step_status "
            "WHERE case_id IN ({})",
            "team": "SELECT t.case_id, t.role_id, s.id AS staff_id, s.name, s.initials "
            "FROM case_team t JOIN staff s ON s.id = t.staff_id WHERE t.case_id IN ({})",
            "pauses": "SELECT * FROM case_pauses WHERE case_id IN ({}) ORDER BY id",
        }
        # SQLite allows at most 32,766 parameters per statement (3.32 and later).
        for start in range(0, len(case_ids), 10_000):
            chunk = case_ids[start : start + 10_000]
            placeholders = ", ".join("?" for _ in chunk)
            for name, sql in queries.items():
                result[name] += list(self.db.query(sql.format(placeholders), chunk))
        return result

    def count_cases_by_state(self) -> dict[str, int]:
        rows = self.db.query(
            "SELECT state, count(*) AS cases FROM cases GROUP BY state"
        )
        return {row["state"]: row["cases"] for row in rows}


def _state_filter(alias: str, states: tuple[str, ...] | None) -> tuple[str, list]:
    """Build a WHERE clause that keeps cases in ``states``, with placeholders."""
    if states is None:
        return "", []
    unknown = [state for state in states if state not in CASE_STATES]
    if unknown:
        raise InputError(
            "input.unknown_state", value=unknown[0], known=", ".join(CASE_STATES)
        )
    placeholders = ", ".join("?" for _ in states) or "NULL"
    return f"WHERE {alias}.state IN ({placeholders})", list(states)


def _upgrade(db: Database, path: str) -> None:
    """Apply pending migrations; reject a file from a newer version of the code."""
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise StorageError("error.db_newer", path=path, migrations=", ".join(unknown))
    if len(applied) < len(MIGRATION_NAMES):
        log.info("Upgrading database %s in migration set %s", path, MIGRATION_SET)
        migrations.apply(db)
