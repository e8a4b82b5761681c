"""Fixtures that build real parts: a workflow file, a SQLite store, staff."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager

from onboarding.config import DEFAULT_WORKFLOW
from onboarding.store import Actor, Store
from onboarding.workflow import Workflow, load_workflow

TODAY = dt.date(2026, 12, 4)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's own settings from reaching the tests."""
    for name in ("ONBOARDING_DB", "ONBOARDING_WORKFLOW", "ONBOARDING_TODAY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def workflow() -> Workflow:
    return load_workflow(DEFAULT_WORKFLOW)


@pytest.fixture
def workflow_text() -> str:
    return DEFAULT_WORKFLOW.read_text(encoding="utf-8")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "onboarding.db"


@pytest.fixture
def store(db_path: Path, workflow: Workflow):
    opened = Store.open(db_path, workflow)
    yield opened
    opened.close()


@pytest.fixture
def actor(store: Store) -> Actor:
    staff_id = store.add_staff("Mette Kjær", "MK", "mk@example.dk", None)
    return Actor.from_staff(store.get_staff(staff_id))


@pytest.fixture
def other_actor(store: Store, actor: Actor) -> Actor:
    staff_id = store.add_staff("Lars Østergaard", "LØ", "", actor)
    return Actor.from_staff(store.get_staff(staff_id))


@pytest.fixture
def case_id(store: Store, actor: Actor) -> int:
    return store.create_case(
        "Hedegaard I/S",
        "12345678",
        dt.date(2026, 11, 2),
        actor,
        {"summax": True},
        today=TODAY,
    )


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every AppTest run through app.py, as a running server does.

    AppTest resets Streamlit's old-multipage-mode flag before each run, so
    each run would start the page without app.py and rerun through it
    (ui.ensure_entry), losing the click that started the run. A server
    clears the flag once for good; the browser tests cover that first run.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
