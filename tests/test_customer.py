"""Correcting a case's customer name and CVR number, and the warnings about the number."""

from __future__ import annotations

import pytest

from onboarding.errors import InputError, StaleWriteError
from onboarding.inputs import customer_number_checks_out
from onboarding.store import Actor, Store
from tests.conftest import TODAY


def test_rename_customer_logged(store: Store, actor: Actor, case_id: int) -> None:
    store.update_case(case_id, actor, customer_name="  Hedegaard ApS ")
    case = store.get_case(case_id)
    assert case["customer_name"] == "Hedegaard ApS"
    assert case["customer_number"] == "12345678"
    event = store.events(case_id)[0]
    assert event["action"] == "case_customer_name"
    assert (event["old_value"], event["new_value"]) == (
        "Hedegaard I/S",
        "Hedegaard ApS",
    )
    assert event["actor"] == actor.name


def test_new_number_logged_once(store: Store, actor: Actor, case_id: int) -> None:
    before = len(store.events(case_id))
    store.update_case(
        case_id, actor, customer_name="Hedegaard I/S", customer_number="3106 0915"
    )
    events = store.events(case_id)
    assert len(events) == before + 1
    assert (events[0]["action"], events[0]["new_value"]) == (
        "case_customer_number",
        "31060915",
    )
    assert store.get_case(case_id)["customer_number"] == "31060915"


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("customer_number", "1234", "input.customer_number"),
        ("customer_name", "   ", "input.empty"),
    ],
)
def test_bad_customer_rejected_and_untouched(
    store: Store, actor: Actor, case_id: int, field: str, value: str, key: str
) -> None:
    before = store.get_case(case_id)
    events = len(store.events(case_id))
    with pytest.raises(InputError) as caught:
        store.update_case(case_id, actor, state="paused", **{field: value}, today=TODAY)
    assert caught.value.key == key
    assert store.get_case(case_id) == before
    assert len(store.events(case_id)) == events


def test_other_cases_with_number(store: Store, actor: Actor, case_id: int) -> None:
    twin = store.create_case("Hedegaard I/S", "12345678", TODAY, actor, today=TODAY)
    store.create_case("Mosegaard", "31060915", TODAY, actor, today=TODAY)
    others = store.cases_with_number("12345678", exclude=case_id)
    assert [case["id"] for case in others] == [twin]
    both = store.cases_with_number("12345678")
    assert [case["id"] for case in both] == [case_id, twin]
    assert store.cases_with_number("31060915", exclude=None)[0]["state"] == "active"


@pytest.mark.parametrize(
    ("number", "passes"),
    [("31060915", True), ("12345678", False), ("01234567", False)],
)
def test_check_digit(number: str, passes: bool) -> None:
    assert customer_number_checks_out(number) is passes


def test_stale_customer_change_rejected(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    seen = {"customer_name": "Hedegaard I/S", "state": "active"}
    store.update_case(case_id, other_actor, customer_name="Hedegaard ApS")
    events = len(store.events(case_id))
    with pytest.raises(StaleWriteError) as caught:
        store.update_case(
            case_id, actor, customer_name="Hedegård I/S", state="paused", expected=seen
        )
    assert caught.value.params["who"] == other_actor.name
    assert "Kundenavn" in caught.value.localized("da")
    assert store.get_case(case_id)["customer_name"] == "Hedegaard ApS"
    assert store.get_case(case_id)["state"] == "active"
    assert len(store.events(case_id)) == events


def test_untouched_field_not_stale(
    store: Store, actor: Actor, other_actor: Actor, case_id: int
) -> None:
    seen = {"customer_name": "Hedegaard I/S", "state": "active"}
    store.update_case(case_id, other_actor, customer_name="Hedegaard ApS")
    store.update_case(case_id, actor, state="paused", expected=seen, today=TODAY)
    case = store.get_case(case_id)
    assert (case["customer_name"], case["state"]) == ("Hedegaard ApS", "paused")


@pytest.mark.parametrize("number", ["３１０６０９１５", "٣١٠٦٠٩١٥"])
def test_other_script_digits_stored_as_ascii(
    store: Store, actor: Actor, number: str
) -> None:
    case_id = store.create_case("Mosegaard", number, TODAY, actor, today=TODAY)
    assert store.get_case(case_id)["customer_number"] == "31060915"
    twin = store.create_case("Mosegaard", "31060915", TODAY, actor, today=TODAY)
    assert [c["id"] for c in store.cases_with_number("31060915", exclude=twin)] == [
        case_id
    ]


@pytest.mark.parametrize(
    "name", ["Hede\u202egaard", "Hede\u200bgaard", "Hede\u2028gaard", "Hede\u2066gaard"]
)
def test_hidden_characters_in_name_rejected(
    store: Store, actor: Actor, case_id: int, name: str
) -> None:
    with pytest.raises(InputError) as caught:
        store.update_case(case_id, actor, customer_name=name)
    assert caught.value.key == "input.control_character"
    assert store.get_case(case_id)["customer_name"] == "Hedegaard I/S"


def test_direction_override_in_comment_rejected(
    store: Store, actor: Actor, case_id: int
) -> None:
    with pytest.raises(InputError):
        store.add_comment(case_id, "kundehenvendelse", "Betalt \u202e0001 kr", actor)
    store.add_comment(case_id, "kundehenvendelse", "Linje 1\nLinje 2\tmed tab", actor)
    assert [c["text"] for c in store.comments(case_id)] == ["Linje 1\nLinje 2\tmed tab"]


def test_demo_numbers_pass_check(store: Store, workflow) -> None:
    from onboarding.demo import create_demo_cases

    create_demo_cases(store, workflow, 12, today=TODAY, seed=3)
    numbers = [case["customer_number"] for case in store.list_cases()]
    assert len(numbers) == 12
    assert all(customer_number_checks_out(number) for number in numbers), numbers
