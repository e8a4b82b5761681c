"""Validation of what people type: case data, staff records and comments.

Each rule raises a pydantic error whose type is a catalogue key, so the
message reaches the person in their language, naming the value and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError
from stdnum.dk import cvr

from onboarding.errors import InputError

MAX_NAME_LENGTH = 200
MAX_COMMENT_LENGTH = 4000
MAX_ITEM_LENGTH = 300
MAX_YEARS_BACK = 5
MAX_YEARS_AHEAD = 2

_CONTROL_ALLOWED = {"\n", "\t"}


# Characters that reorder the text around them, so what a reader sees
# differs from what is stored.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _reject_control_characters(value: str, *, multiline: bool) -> None:
    """Reject control, line-separator and direction characters.

    A single line also rejects every invisible format character, such as a
    zero-width space, since a name containing one looks like a name without it.
    """
    allowed = _CONTROL_ALLOWED if multiline else set()
    for char in value:
        category = unicodedata.category(char)
        invisible = category == "Cf" and not multiline
        if (
            (category == "Cc" and char not in allowed)
            or category in ("Zl", "Zp")
            or char in _BIDI_CONTROLS
            or invisible
        ):
            raise PydanticCustomError(
                "input.control_character",
                "control character",
                {"code": f"U+{ord(char):04X}"},
            )


def _single_line(max_length: int):
    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise PydanticCustomError("input.empty", "empty")
        if len(value) > max_length:
            raise PydanticCustomError(
                "input.too_long",
                "too long",
                {"length": len(value), "limit": max_length},
            )
        _reject_control_characters(value, multiline=False)
        return value

    return check


def _check_comment(value: str) -> str:
    # The text is stored exactly as written; only the check ignores the
    # surrounding whitespace.
    if not value.strip():
        raise PydanticCustomError("input.empty", "empty")
    if len(value) > MAX_COMMENT_LENGTH:
        raise PydanticCustomError(
            "input.too_long",
            "too long",
            {"length": len(value), "limit": MAX_COMMENT_LENGTH},
        )
    _reject_control_characters(value.replace("\r\n", "\n"), multiline=True)
    return value.replace("\r\n", "\n")


def _check_customer_number(value: str) -> str:
    value = value.strip().replace(" ", "")
    # Digits of other scripts, such as full-width ones, are stored as ASCII
    # digits, so searches and the check for a shared number find them.
    value = "".join(
        str(unicodedata.decimal(char)) if char.isdecimal() else char for char in value
    )
    if not re.fullmatch(r"[0-9]{8}", value):
        raise PydanticCustomError(
            "input.customer_number", "not 8 digits", {"value": value}
        )
    return value


def customer_number_checks_out(number: str) -> bool:
    """Tell whether an 8-digit CVR number passes its modulus 11 check.

    A number that fails is most likely mistyped, so the case page warns
    about it. Such a number is still accepted, because only the CVR register
    can tell which numbers exist.
    """
    return cvr.is_valid(number)


def _check_initials(value: str) -> str:
    value = value.strip().upper()
    if not re.fullmatch(r"[A-ZÆØÅ0-9]{1,6}", value):
        raise PydanticCustomError("input.initials", "bad initials", {"value": value})
    return value


def _check_email(value: str) -> str:
    value = value.strip()
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise PydanticCustomError("input.email", "bad e-mail", {"value": value})
    return value


Name = Annotated[str, AfterValidator(_single_line(MAX_NAME_LENGTH))]
ItemText = Annotated[str, AfterValidator(_single_line(MAX_ITEM_LENGTH))]
CommentText = Annotated[str, AfterValidator(_check_comment)]
CustomerNumber = Annotated[str, AfterValidator(_check_customer_number)]
Initials = Annotated[str, AfterValidator(_check_initials)]
Email = Annotated[str, AfterValidator(_check_email)]


class _Input(BaseModel):
    model_config = ConfigDict(frozen=True)


class CustomerInput(_Input):
    customer_name: Name
    customer_number: CustomerNumber


class CaseInput(CustomerInput):
    start_date: dt.date

    def check_start_date(self, today: dt.date) -> None:
        earliest = today - dt.timedelta(days=round(365.25 * MAX_YEARS_BACK))
        latest = today + dt.timedelta(days=round(365.25 * MAX_YEARS_AHEAD))
        if not earliest <= self.start_date <= latest:
            raise InputError(
                "input.start_date",
                value=self.start_date.strftime("%d.%m.%Y"),
                earliest=earliest.strftime("%d.%m.%Y"),
                latest=latest.strftime("%d.%m.%Y"),
            )


class StaffInput(_Input):
    name: Name
    initials: Initials
    email: Email = ""


class CommentInput(_Input):
    text: CommentText


class SlotItemInput(_Input):
    text: ItemText


def validate(model: type[_Input], **values: object) -> _Input:
    """Validate ``values`` with ``model``; raise InputError on the first problem."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        field = str(error["loc"][0]) if error["loc"] else ""
        key = error["type"] if error["type"].startswith("input.") else "input.invalid"
        params = dict(error.get("ctx") or {})
        params.setdefault("value", error.get("input"))
        raise InputError(key, field=field, **params) from exc
