"""Danish dates and numbers, and text shown literally in Streamlit."""

from __future__ import annotations

import datetime as dt

import pytest

from onboarding.formatting import (
    escape_markdown,
    format_date,
    format_number,
    format_timestamp,
    format_week,
    parse_date,
)


def test_dates_as_danes_write_them() -> None:
    assert format_date(dt.date(2026, 12, 24)) == "24.12.2026"
    assert format_date("2026-12-24") == "24.12.2026"
    assert format_week(dt.date(2026, 12, 31), "da") == "uge 53"
    assert format_timestamp("2026-12-04T15:43:16.000000+00:00") == "04.12.2026 16:43"


def test_numbers_with_danish_separators() -> None:
    assert format_number(9876543.21, "da", decimals=2) == "9.876.543,21"
    assert format_number(9876543.21, "en", decimals=2) == "9,876,543.21"


@pytest.mark.parametrize("text", ["24.12.2026", "24-12-2026", "2026-12-24"])
def test_parse_date_forms(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 12, 24)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Hedegaard I/S", "Hedegaard I/S"),
        ("Konsulent: Skat/drift", "Konsulent: Skat/drift"),
        ("**Fed** <b>gård</b>", r"\*\*Fed\*\* \<b\>gård\</b\>"),
        ("[klik](http://x) ![](y)", "\\[klik\\](http\\:\u2060//x) \\!\\[\\](y)"),
        ("www.gård.dk mk@firma.dk", "www\u2060.gård.dk mk@\u2060firma.dk"),
        (
            ":red[rød] :material/home: :smile:",
            "\\:\u2060red\\[rød\\] \\:\u2060material/home: \\:\u2060smile:",
        ),
        ("$x$ & y", r"\$x\$ \& y"),
        ("1. punkt\n- liste\n# titel", "1\\. punkt\n\\- liste\n\\# titel"),
        ("Æblegården 🐄", "Æblegården 🐄"),
    ],
)
def test_escape_markdown(text: str, escaped: str) -> None:
    assert escape_markdown(text) == escaped
