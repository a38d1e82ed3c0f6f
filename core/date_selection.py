"""Which dates an analysis runs on, from a short text a user can type.

Forms (combinable with commas): empty or ``all`` (every snapshot date),
``2025-11-20`` (one day), ``2025-10-01..2025-11-30`` (every snapshot date in the
range, inclusive; either end may be left out), ``2025-11-20/7`` (every 7th day
from 2025-11-20 to the last snapshot).
"""

import datetime
from typing import List, Sequence

Day = datetime.date


class DateSelectionError(ValueError):
    """The text is not a date selection; the message says which part."""


def _day(text: str) -> Day:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError as error:
        raise DateSelectionError(f"'{text.strip()}' is not a date (YYYY-MM-DD)") from error


def select_days(text: str, snapshot_days: Sequence[Day]) -> List[Day]:
    """The days ``text`` selects, sorted and distinct.

    Ranges and ``all`` pick among ``snapshot_days``; a single day or a stepped
    series is kept even without a snapshot on it (the latest earlier snapshot
    shows then).
    """
    available = sorted(set(snapshot_days))
    chosen = set()
    for part in (p.strip() for p in (text or "").split(",")):
        if not part or part.lower() == "all":
            chosen.update(available)
        elif ".." in part:
            first_text, last_text = part.split("..", 1)
            first = _day(first_text) if first_text.strip() else Day.min
            last = _day(last_text) if last_text.strip() else Day.max
            if first > last:
                raise DateSelectionError(f"'{part}': the range ends before it starts")
            chosen.update(d for d in available if first <= d <= last)
        elif "/" in part:
            start_text, step_text = part.split("/", 1)
            start = _day(start_text)
            try:
                step = int(step_text)
            except ValueError as error:
                raise DateSelectionError(f"'{part}': the step must be a whole number of days") from error
            if step < 1:
                raise DateSelectionError(f"'{part}': the step must be at least 1 day")
            end = available[-1] if available else start
            day = start
            while day <= end:
                chosen.add(day)
                day += datetime.timedelta(days=step)
        else:
            chosen.add(_day(part))
    return sorted(chosen)
