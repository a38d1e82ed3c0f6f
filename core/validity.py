"""Validity intervals of dated snapshots (see the domain definition).

A snapshot is valid from its date (inclusive) to the next snapshot's date of the
same source and status (exclusive); the last one stays open (``None``) or ends at
a given date. A day with no snapshot shows the latest earlier one.
"""

import datetime
from bisect import bisect_right
from typing import Dict, Hashable, Iterable, List, Optional, Sequence, Tuple

Day = datetime.date


def validity_intervals(days: Iterable[Day], end: Optional[Day] = None
                       ) -> List[Tuple[Day, Optional[Day]]]:
    """``(valid_from, valid_to)`` for each distinct day, sorted; the last ends at ``end``."""
    ordered = sorted(set(days))
    ends = ordered[1:] + [end]
    return list(zip(ordered, ends))


def validity_by_series(rows: Iterable[Tuple[Hashable, Day]], end: Optional[Day] = None
                       ) -> Dict[Tuple[Hashable, Day], Optional[Day]]:
    """``valid_to`` of every ``(series key, day)``, chained within each series.

    ``rows`` are ``(key, day)`` pairs where the key names a series, e.g.
    ``(source, status)``; duplicated pairs share one interval.
    """
    series: Dict[Hashable, List[Day]] = {}
    for key, day in rows:
        series.setdefault(key, []).append(day)
    return {(key, start): stop
            for key, days in series.items()
            for start, stop in validity_intervals(days, end)}


def is_valid_on(day: Day, valid_from: Day, valid_to: Optional[Day]) -> bool:
    """True when ``day`` lies in ``[valid_from, valid_to)`` (open when valid_to is None)."""
    return valid_from <= day and (valid_to is None or day < valid_to)


def latest_on_or_before(days: Sequence[Day], day: Day) -> Optional[Day]:
    """The latest of the sorted ``days`` that is not after ``day``; None if all are later."""
    index = bisect_right(days, day)
    return days[index - 1] if index else None


def missing_days(days: Iterable[Day]) -> List[Tuple[Day, Day]]:
    """Gaps in a daily series: ``(first missing day, last missing day)`` runs."""
    ordered = sorted(set(days))
    gaps = []
    for before, after in zip(ordered, ordered[1:]):
        if (after - before).days > 1:
            gaps.append((before + datetime.timedelta(days=1), after - datetime.timedelta(days=1)))
    return gaps
