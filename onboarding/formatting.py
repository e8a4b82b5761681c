"""Dates, times and numbers as Danish office users write them."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from onboarding.i18n import translate

LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")
_BABEL_LOCALES = {"da": "da_DK", "en": "en_GB"}


def format_date(value: dt.date | str | None) -> str:
    """Format a date as ``24.12.2026``; ISO strings are accepted."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")


def format_week(value: dt.date, language: str) -> str:
    """ISO week of a date, such as ``uge 53``."""
    return translate("format.week", language, week=value.isocalendar().week)


def format_timestamp(value: str | None) -> str:
    """Format a stored UTC timestamp as local time, ``04.12.2026 16:43``."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(value).astimezone(LOCAL_ZONE)
    return moment.strftime("%d.%m.%Y %H:%M")


def format_number(value: float, language: str, decimals: int = 0) -> str:
    """Format a number with the language's separators, ``9.876.543,21`` in Danish."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_BABEL_LOCALES[language])


def format_percent(fraction: float, language: str) -> str:
    return f"{format_number(fraction * 100, language)} %"


def parse_date(text: str) -> dt.date:
    """Parse ``24.12.2026``, ``24-12-2026`` or ISO ``2026-12-24``."""
    text = text.strip()
    for pattern in ("%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"Invalid date {text!r}; write it as 24.12.2026.")


# Characters that start Markdown, HTML, LaTeX or Streamlit's own syntax
# anywhere in a line, and line starts that make a heading, list or quote.
_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>~|$&!])")
_DIRECTIVE_COLON = re.compile(r":(?=\S)")
_LINE_START = re.compile(r"^([ \t]*)(?:([#+\-=>])|(\d+)([.)]))", re.MULTILINE)
# GitHub-flavoured Markdown turns bare addresses (http://..., www. and
# e-mail addresses) into links after escapes are resolved, so escaping
# cannot stop it. An invisible word joiner (U+2060) breaks the pattern.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def escape_markdown(text: str) -> str:
    """Backslash-escape what Streamlit would render as markup, so text shows literally.

    Streamlit renders Markdown, LaTeX (``$``) and its own ``:red[...]`` and
    ``:icon:`` directives in headers, captions, labels and table cells.
    CommonMark allows a backslash before any ASCII punctuation character.
    Plain punctuation such as ``.``, ``/`` or ``: `` stays as it is, because
    screen readers read a widget's label, backslashes included. Bare web and
    e-mail addresses get an invisible word joiner, so they are not linked.
    """
    text = _INLINE_SPECIALS.sub(r"\\\1", text)
    # Streamlit turns :name: into an emoji or icon even after the colon is
    # escaped, so a word joiner also follows the colon.
    text = _DIRECTIVE_COLON.sub("\\\\:" + WORD_JOINER, text)

    def line_start(match: re.Match) -> str:
        indent, mark, number, punctuation = match.groups()
        return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{punctuation}"

    text = _LINE_START.sub(line_start, text)
    return _AUTOLINK.sub(WORD_JOINER, text)
