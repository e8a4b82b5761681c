"""The firm's calendar: weekends, Danish public holidays and its own closing days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    # The holidays package follows Danish law, so Store Bededag is a holiday
    # up to 2023 and not from 2024.
    return frozenset(holidays.country_holidays("DK", years=year))


def public_holiday_name(day: dt.date, language: str) -> str | None:
    """Return the name of the Danish public holiday on ``day`` in ``language``, or None."""
    names = holidays.country_holidays("DK", years=day.year, language=language)
    return names.get(day)


@dataclass(frozen=True)
class FirmCalendar:
    """Whether workflow days count every day or working days, and which days are closed.

    ``closing_days`` are (day, month) pairs closed every year, such as
    (24, 12) for Christmas Eve.
    """

    working_days: bool = False
    closing_days: frozenset[tuple[int, int]] = field(default_factory=frozenset)

    def is_closed(self, day: dt.date) -> bool:
        return (
            day.weekday() >= 5
            or day in _public_holidays(day.year)
            or (day.day, day.month) in self.closing_days
        )

    def next_open_day(self, day: dt.date) -> dt.date:
        while self.is_closed(day):
            day += dt.timedelta(days=1)
        return day

    def add_days(self, start: dt.date, days: int) -> dt.date:
        """Return the date ``days`` workflow days after ``start``, before moving off closed days."""
        if not self.working_days:
            return start + dt.timedelta(days=days)
        day = self.next_open_day(start)
        for _ in range(days):
            day = self.next_open_day(day + dt.timedelta(days=1))
        return day

    def due_date(
        self, start: dt.date, days: int, shift: int = 0
    ) -> tuple[dt.date, dt.date | None]:
        """Due date of a step ``days`` after ``start``, pushed ``shift`` calendar days.

        Returns the date and, when that date had to move off a closed day to
        the next working day, the closed day it moved from.
        """
        planned = self.add_days(start, days) + dt.timedelta(days=shift)
        due = self.next_open_day(planned)
        return due, planned if due != planned else None

    def reason_closed(self, day: dt.date, language: str) -> str:
        """Why ``day`` is closed: the holiday's name, or empty for weekends and closing days."""
        return public_holiday_name(day, language) or ""
