"""Large databases of realistic cases for the benchmark, written in bulk.

Rows go straight into the tables in large transactions, because ``Store``
writes one transaction per change. The rows follow the same rules: each
change has its event, and comments and events only grow.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from onboarding.demo import DEMO_STAFF
from onboarding.store import Store
from onboarding.workflow import Workflow

COMMENTS_PER_CASE = 10
YEARS = 5
_TEXTS = [
    "Kunden har sendt regnskab og budget.",
    "Venter på svar fra kunden om mødedato.",
    "Aftalt opfølgning i næste uge.",
    "Leverandøraftaler er sendt til underskrift.",
    "SEGES har bekræftet opsætningen.",
]


def _timestamp(day: dt.date, seconds: int) -> str:
    moment = dt.datetime(day.year, day.month, day.day, 8, tzinfo=dt.UTC)
    return (moment + dt.timedelta(seconds=seconds)).isoformat(timespec="microseconds")


def build(
    path: Path, workflow: Workflow, cases: int, today: dt.date, seed: int = 1
) -> None:
    """Create a database at ``path`` with ``cases`` cases started over the last years.

    Cases older than about four months are mostly closed, as in a firm that
    keeps every case it ever onboarded. Younger ones are active at their
    stage. Each case has 10 comments and, measured at 10,000 cases, about
    46 events.
    """
    rng = random.Random(seed)
    store = Store.open(path, workflow)
    db = store.db
    staff_rows = []
    for number in range(30):
        name, initials, email = DEMO_STAFF[number % len(DEMO_STAFF)]
        suffix = "" if number < len(DEMO_STAFF) else str(number // len(DEMO_STAFF) + 1)
        staff_rows.append(
            {
                "id": number + 1,
                "name": f"{name} {suffix}".strip(),
                "initials": f"{initials}{suffix}",
                "email": email,
                "active": 1,
                "created_by": "benchmark",
                "created_at": _timestamp(today - dt.timedelta(days=YEARS * 366), 0),
            }
        )
    names = {row["id"]: f"{row['name']} ({row['initials']})" for row in staff_rows}
    scheduled = workflow.scheduled_steps()
    version = workflow.version

    db.execute("BEGIN IMMEDIATE")
    db["staff"].insert_all(staff_rows)
    db["workflow_versions"].insert(
        {
            "version": version,
            "source": workflow.source,
            "text": workflow.text,
            "first_seen_at": _timestamp(today, 0),
        },
        ignore=True,
    )
    batch = {
        name: []
        for name in (
            "cases",
            "case_team",
            "step_status",
            "checklist_ticks",
            "comments",
            "events",
            "case_pauses",
        )
    }
    for case_id in range(1, cases + 1):
        _case_rows(batch, rng, case_id, today, scheduled, workflow, names, version)
        if case_id % 2000 == 0 or case_id == cases:
            for table, rows in batch.items():
                if rows:
                    db[table].insert_all(rows, batch_size=5000)
                rows.clear()
    db.execute("COMMIT")
    db.execute("ANALYZE")
    store.close()


def _case_rows(batch, rng, case_id, today, scheduled, workflow, names, version) -> None:
    start = today - dt.timedelta(days=rng.randrange(0, YEARS * 365))
    elapsed = (today - start).days
    if elapsed > 120:
        state = rng.choices(["closed", "active", "paused"], [85, 10, 5])[0]
    else:
        state = rng.choices(["active", "paused"], [95, 5])[0]
    team = {role.id: rng.randrange(1, 31) for role in workflow.roles}
    creator = names[team[workflow.roles[0].id]]
    second = 0
    events = batch["events"]

    def event(action, actor, step_id=None, subject=None, old=None, new=None):
        nonlocal second
        second += 1
        events.append(
            {
                "case_id": case_id,
                "at": _timestamp(start, second),
                "actor_id": None,
                "actor": actor,
                "action": action,
                "step_id": step_id,
                "subject": subject,
                "old_value": old,
                "new_value": new,
            }
        )
        return _timestamp(start, second)

    created_at = event("case_created", creator, new=f"Gård {case_id}")
    batch["cases"].append(
        {
            "id": case_id,
            "customer_name": f"Gård {case_id} I/S",
            "customer_number": f"{10_000_000 + case_id:08d}",
            "start_date": start.isoformat(),
            "state": state,
            "prerequisites": json.dumps({"ku": True, "summax": True}),
            "workflow_version": version,
            "created_by": creator,
            "created_at": created_at,
            "updated_at": created_at,
            "closed_reason": "Kunden sprang fra."
            if state == "closed" and rng.random() < 0.1
            else None,
        }
    )
    for role_id, staff_id in team.items():
        at = event(
            "team_assigned",
            creator,
            subject=role_id,
            new=names[staff_id].split(" (")[0],
        )
        batch["case_team"].append(
            {
                "case_id": case_id,
                "role_id": role_id,
                "staff_id": staff_id,
                "assigned_by": creator,
                "assigned_at": at,
            }
        )
    for item in scheduled:
        step = item.step
        actor = names[team[step.responsible[0]]]
        if state == "closed":
            status = "not_relevant" if rng.random() < 0.05 else "done"
        elif item.day <= elapsed - 3:
            status = rng.choices(
                ["done", "waiting", "in_progress", "not_started"], [80, 8, 7, 5]
            )[0]
        elif item.day <= elapsed + 3:
            status = rng.choice(["in_progress", "not_started"])
        else:
            status = "not_started"
        if status != "not_started":
            version_number = 1
            at = event("step_status", actor, step.id, old="not_started", new=status)
            batch["step_status"].append(
                {
                    "case_id": case_id,
                    "step_id": step.id,
                    "status": status,
                    "version": version_number,
                    "updated_by": actor,
                    "updated_at": at,
                }
            )
        if status in ("done", "in_progress"):
            for checklist_item in step.checklist:
                if not checklist_item.open:
                    at = event(
                        "checklist_tick", actor, step.id, checklist_item.id, "0", "1"
                    )
                    batch["checklist_ticks"].append(
                        {
                            "case_id": case_id,
                            "step_id": step.id,
                            "item_id": checklist_item.id,
                            "checked": 1,
                            "updated_by": actor,
                            "updated_at": at,
                        }
                    )
    for _ in range(COMMENTS_PER_CASE):
        step = rng.choice(scheduled).step
        author = names[team[step.responsible[0]]]
        at = event("comment_added", author, step.id)
        batch["comments"].append(
            {
                "case_id": case_id,
                "step_id": step.id,
                "text": rng.choice(_TEXTS),
                "author_id": None,
                "author": author,
                "created_at": at,
            }
        )
    if state == "paused":
        paused_on = today - dt.timedelta(days=rng.randrange(1, 30))
        event("case_state", creator, old="active", new="paused")
        batch["case_pauses"].append(
            {
                "case_id": case_id,
                "paused_on": paused_on.isoformat(),
                "paused_by": creator,
            }
        )
