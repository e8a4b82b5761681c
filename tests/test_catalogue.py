"""The translation catalogues: same keys in every language, every used key present."""

from __future__ import annotations

import re

import pytest

from onboarding.config import PROJECT_ROOT
from onboarding.i18n import LANGUAGES, catalogue, translate

SOURCES = [
    PROJECT_ROOT / "app.py",
    *PROJECT_ROOT.glob("pages/*.py"),
    *PROJECT_ROOT.glob("onboarding/*.py"),
]
LITERAL_KEY = re.compile(
    r"""(?:\bt|translate|Error|Problem)\(\s*"([a-z_]+\.[a-z_.]+)\""""
)


def test_languages_have_same_keys() -> None:
    keys = {language: set(catalogue(language)) for language in LANGUAGES}
    assert keys["da"] - keys["en"] == set()
    assert keys["en"] - keys["da"] == set()


def test_every_literal_key_exists() -> None:
    used = set()
    for path in SOURCES:
        used |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 100
    missing = sorted(key for key in used if key not in catalogue("da"))
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_templates_take_their_parameters(language: str) -> None:
    for key, template in catalogue(language).items():
        names = set(re.findall(r"{(\w+)", template))
        translate(key, language, **dict.fromkeys(names, "x"))


def test_statuses_translated() -> None:
    assert translate("status.done", "da") == "Færdig"
    assert translate("status.done", "en") == "Done"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_value_is_text(language: str) -> None:
    assert [k for k, v in catalogue(language).items() if not isinstance(v, str)] == []


def test_every_event_action_translated(tmp_path) -> None:
    """Run every kind of write and check that its event reads in both languages."""
    import datetime as dt

    from onboarding.config import DEFAULT_WORKFLOW
    from onboarding.store import Actor, Store
    from onboarding.workflow import load_workflow

    store = Store.open(tmp_path / "cases.db", load_workflow(DEFAULT_WORKFLOW))
    first = store.add_staff("Mette Kjær", "MK", "", None)
    actor = Actor.from_staff(store.get_staff(first))
    other = store.add_staff("Lars Dam", "LD", "", actor)
    store.update_staff(other, "Lars Dam", "LD", "ld@firma.dk", False, actor)
    today = dt.date(2026, 12, 4)
    case_id = store.create_case("Gård", "12345678", today, actor, today=today)
    store.update_case(
        case_id, actor, state="paused", prerequisites={"ku": True}, today=today
    )
    store.assign_team(
        case_id, {"controller": first, "controller_assistent": first}, actor
    )
    store.save_step(
        case_id,
        "struktur_o90",
        actor,
        status="in_progress",
        ticks={"nemfaktura": True},
        new_slot_items={"andet": "App"},
        comment="Hej",
    )
    store.save_step(
        case_id,
        "struktur_o90",
        actor,
        slot_ticks={store.slot_items(case_id)[0]["id"]: True},
    )
    store.move_start_date(case_id, today + dt.timedelta(days=1), actor, today=today)
    store.hand_over(case_id, "controller_overdragelse", actor)
    actions = {event["action"] for event in store.events()}
    assert len(actions) >= 13
    for language in LANGUAGES:
        missing = sorted(
            a for a in actions if f"event.action.{a}" not in catalogue(language)
        )
        assert missing == [], language
