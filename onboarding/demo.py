"""Sample staff and cases at different stages, for trying the dashboard.

Everything is written through ``Store``, so demo data passes the same
checks and leaves the same event log as work done in the dashboard.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from stdnum.dk import cvr

from onboarding.store import Actor, Store
from onboarding.workflow import Workflow

DEMO_STAFF = [
    ("Mette Kjær", "MK", "mk@raadgivning.example"),
    ("Lars Østergaard", "LØ", "lo@raadgivning.example"),
    ("Sofie Bach", "SB", "sb@raadgivning.example"),
    ("Jens Præstegaard", "JP", "jp@raadgivning.example"),
    ("Anne Mølgaard", "AM", "am@raadgivning.example"),
    ("Peter Friis", "PF", "pf@raadgivning.example"),
    ("Karen Holm", "KH", "kh@raadgivning.example"),
    ("Niels Dam", "ND", "nd@raadgivning.example"),
    ("Birgitte Lund", "BL", "bl@raadgivning.example"),
    ("Henrik Vestergaard", "HV", "hv@raadgivning.example"),
]

_FARM_NAMES = [
    "Hedegaard",
    "Bakkegården",
    "Søndergaard",
    "Nørremølle",
    "Engholm",
    "Lystrup",
    "Kærgaard",
    "Vesterled",
    "Egelund",
    "Højgaard",
    "Rosenlund",
    "Fjordgården",
]
_FARM_KINDS = [
    "I/S",
    "ApS",
    "Mælkeproduktion",
    "Svineproduktion",
    "Planteavl",
    "Landbrug",
]
_COMMENTS = [
    "Kunden har sendt regnskab og budget.",
    "Venter på svar fra kunden om mødedato.",
    "Aftalt opfølgning i næste uge.",
    "Leverandøraftaler er sendt til underskrift.",
    "SEGES har bekræftet opsætningen.",
]


def ensure_staff(store: Store) -> list[dict]:
    """Add the demo staff that are not yet on the staff list."""
    existing = {row["initials"] for row in store.list_staff(include_inactive=True)}
    actor = None
    if existing:
        actor = Actor.from_staff(store.list_staff(include_inactive=True)[0])
    for name, initials, email in DEMO_STAFF:
        if initials in existing:
            continue
        staff_id = store.add_staff(name, initials, email, actor)
        if actor is None:
            actor = Actor.from_staff(store.get_staff(staff_id))
    return store.list_staff()


def create_demo_cases(
    store: Store,
    workflow: Workflow,
    count: int,
    today: dt.date | None = None,
    seed: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Create ``count`` cases started over the last 120 days, each advanced to its stage."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    demo_initials = {initials for _, initials, _ in DEMO_STAFF}
    # Only the sample people fill roles, so real staff get no sample work.
    staff = [p for p in ensure_staff(store) if p["initials"] in demo_initials]
    roles = [role.id for role in workflow.roles]
    case_ids = []
    for index in range(count):
        creator = Actor.from_staff(rng.choice(staff))
        name = f"{rng.choice(_FARM_NAMES)} {rng.choice(_FARM_KINDS)}"
        number = _checked_number(rng.randrange(1_000_000, 9_999_999))
        start = today - dt.timedelta(days=rng.randrange(0, 120))
        prerequisites = {p.id: True for p in workflow.model.prerequisites}
        case_id = store.create_case(
            name, number, start, creator, prerequisites, today=today
        )
        team = {}
        for role_id in roles:
            person = rng.choice(staff)
            team[role_id] = person
            store.assign_role(case_id, role_id, person["id"], creator)
        _advance(store, workflow, case_id, start, team, today, rng)
        if rng.random() < 0.08:
            store.update_case(case_id, creator, state="paused")
        case_ids.append(case_id)
        if on_progress:
            on_progress(index + 1, count)
    return case_ids


def _advance(
    store: Store,
    workflow: Workflow,
    case_id: int,
    start: dt.date,
    team: dict[str, dict],
    today: dt.date,
    rng: random.Random,
) -> None:
    """Mark the steps whose due date has passed, leaving some late or waiting."""
    elapsed = (today - start).days
    for scheduled in workflow.scheduled_steps():
        step = scheduled.step
        actor = Actor.from_staff(team[step.responsible[0]])
        if scheduled.day > elapsed + 3:
            break
        roll = rng.random()
        if scheduled.day > elapsed:
            status = "in_progress" if roll < 0.5 else "not_started"
        elif roll < 0.75:
            status = "done"
        elif roll < 0.85:
            status = "waiting"
        elif roll < 0.92:
            status = "in_progress"
        else:
            status = "not_started"
        if status != "not_started":
            store.set_step_status(case_id, step.id, status, actor)
        for item in step.checklist:
            if item.open:
                if status == "done" and rng.random() < 0.5:
                    store.add_slot_item(
                        case_id, step.id, item.id, "Markdrift-app", actor
                    )
            elif status == "done" or (status != "not_started" and rng.random() < 0.5):
                store.set_checklist_tick(case_id, step.id, item.id, True, actor)
        if status in ("waiting", "in_progress") or rng.random() < 0.2:
            store.add_comment(case_id, step.id, rng.choice(_COMMENTS), actor)


def _checked_number(first_seven: int) -> str:
    """Complete seven digits into a CVR number that passes the modulus 11 check."""
    while True:
        digits = f"{first_seven:07d}"
        # The last digit has weight 1, so it must make up what the others miss.
        check = -cvr.checksum(digits + "0") % 11
        if check < 10:
            return f"{digits}{check}"
        # No single digit completes these seven, so try the next seven.
        first_seven = first_seven + 1 if first_seven < 9_999_999 else 1_000_000
