"""Several writers at once, and writers killed mid-work: nothing acknowledged is lost."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from onboarding.config import DEFAULT_WORKFLOW, PROJECT_ROOT
from onboarding.store import Actor, Store
from onboarding.workflow import load_workflow
from tests.conftest import TODAY

WRITERS = 4
UPDATES = 500
SHARED_STEP = "kundemoede"


def _prepare(db_path: Path) -> int:
    store = Store.open(db_path, load_workflow(DEFAULT_WORKFLOW))
    first = store.add_staff("Skriver 0", "W0", "", None)
    actor = Actor.from_staff(store.get_staff(first))
    for number in range(1, WRITERS):
        store.add_staff(f"Skriver {number}", f"W{number}", "", actor)
    case_id = store.create_case("Hedegaard I/S", "12345678", TODAY, actor, today=TODAY)
    store.close()
    return case_id


# Each writer runs in a fresh interpreter. A multiprocessing "spawn" child
# would import the parent's __main__ module, which is app.py once AppTest
# has run it in this process.
WRITER = textwrap.dedent(
    """
    import sys
    from onboarding.config import DEFAULT_WORKFLOW
    from onboarding.store import STATUSES, Actor, Store
    from onboarding.workflow import load_workflow

    db_path, case_id, number, updates, shared_step = sys.argv[1:]
    case_id, number, updates = int(case_id), int(number), int(updates)
    workflow = load_workflow(DEFAULT_WORKFLOW)
    store = Store.open(db_path, workflow)
    actor = Actor.from_staff(store.list_staff()[number])
    own_step = workflow.steps[number].id
    for index in range(updates):
        try:
            store.save_step(
                case_id,
                shared_step,
                actor,
                status=STATUSES[(index + number) % len(STATUSES)],
                comment=f"w{number}-{index}",
            )
            store.set_step_status(case_id, own_step, STATUSES[index % 2 + 1], actor)
        except Exception as exc:
            print(f"{number}/{index}: {exc!r}", flush=True)
    store.close()
    """
)


def test_four_writers_lose_nothing(db_path: Path, workflow) -> None:
    case_id = _prepare(db_path)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    arguments = [str(db_path), str(case_id)]
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                *arguments,
                str(n),
                str(UPDATES),
                SHARED_STEP,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(WRITERS)
    ]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    failures = [line for stdout, _ in outputs for line in stdout.splitlines()]
    assert failures == []
    crashes = [
        stderr
        for writer, (_, stderr) in zip(writers, outputs, strict=True)
        if writer.returncode
    ]
    assert crashes == []

    store = Store.open(db_path, workflow)
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    texts = {c["text"] for c in store.comments(case_id)}
    assert texts == {f"w{n}-{i}" for n in range(WRITERS) for i in range(UPDATES)}
    events = store.events(case_id)
    assert sum(e["action"] == "comment_added" for e in events) == WRITERS * UPDATES
    statuses = store.step_statuses(case_id)
    for step_id, row in statuses.items():
        changes = [
            e
            for e in events
            if e["action"] == "step_status" and e["step_id"] == step_id
        ]
        assert row["version"] == len(changes), step_id
        assert changes[0]["new_value"] == row["status"], step_id
    for number in range(WRITERS):
        own = statuses[workflow.steps[number].id]
        assert own["version"] == UPDATES


CHILD = textwrap.dedent(
    """
    import sys
    from onboarding.config import DEFAULT_WORKFLOW
    from onboarding.store import Actor, Store
    from onboarding.workflow import load_workflow

    store = Store.open(sys.argv[1], load_workflow(DEFAULT_WORKFLOW))
    actor = Actor.from_staff(store.list_staff()[0])
    round_number = sys.argv[2]
    print("ready", flush=True)
    index = 0
    while True:
        text = f"r{round_number}-{index}"
        store.save_step(
            1,
            "kundemoede",
            actor,
            status=("in_progress", "waiting")[index % 2],
            ticks={"leverancer": index % 2 == 0},
            comment=text,
        )
        print(text, flush=True)
        index += 1
    """
)

KILLS = 20


def test_killed_writer_keeps_acknowledged_writes(db_path: Path, workflow) -> None:
    _prepare(db_path)
    rng = random.Random(20261204)
    acknowledged: set[str] = set()
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    for round_number in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db_path), str(round_number)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout.readline().strip() == "ready"
        # Let it write a random number of times, then kill it without warning.
        for _ in range(rng.randrange(1, 40)):
            acknowledged.add(child.stdout.readline().strip())
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        for line in child.stdout:
            acknowledged.add(line.strip())
        acknowledged.discard("")

        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT text FROM comments")}
        conn.close()
        assert acknowledged <= stored, round_number

    store = Store.open(db_path, workflow)
    events = store.events(1)
    assert sum(e["action"] == "comment_added" for e in events) == len(store.comments(1))
    assert len(acknowledged) >= KILLS


def test_busy_database_waits_then_explains(
    db_path: Path, workflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onboarding import store as store_module
    from onboarding.errors import StorageError

    case_id = _prepare(db_path)
    seconds = 0.2
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", seconds)
    store = Store.open(db_path, workflow)
    actor = Actor.from_staff(store.list_staff()[0])
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    started = dt.datetime.now()
    with pytest.raises(StorageError) as caught:
        store.add_comment(case_id, SHARED_STEP, "Hej", actor)
    waited = (dt.datetime.now() - started).total_seconds()
    blocker.execute("ROLLBACK")
    assert waited >= seconds
    assert "try again in a moment" in str(caught.value)
