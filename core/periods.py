"""Calendar periods figures are counted in (events per week, ground taken per
month): a day, an ISO week (Monday to Sunday) or a calendar month, and the UTC
day of an event's time.

Pure Python (``datetime`` only); every period is a pair of days, both inclusive.
"""

import datetime
from typing import List, Optional, Tuple

Day = datetime.date
Period = Tuple[Day, Day]

DAY = "day"
WEEK = "week"
MONTH = "month"
PERIODS = (DAY, WEEK, MONTH)


def period_start(day: Day, period: str) -> Day:
    """The first day of the ``period`` (day, week, month) holding ``day``: the
    day itself, the Monday of its ISO week, or the 1st of its month."""
    if period == DAY:
        return day
    if period == WEEK:
        return day - datetime.timedelta(days=day.weekday())  # weekday(): Monday 0 .. Sunday 6
    if period == MONTH:
        return day.replace(day=1)
    raise ValueError(f"'{period}' is not a period (day, week, month)")


def period_end(day: Day, period: str) -> Day:
    """The last day (inclusive) of the ``period`` holding ``day``: the day
    itself, the Sunday of its ISO week, or the last day of its month."""
    start = period_start(day, period)
    if period == DAY:
        return start
    if period == WEEK:
        return start + datetime.timedelta(days=6)
    following = (start.replace(year=start.year + 1, month=1) if start.month == 12
                 else start.replace(month=start.month + 1))
    return following - datetime.timedelta(days=1)


def period_of(day: Day, period: str) -> Period:
    """``(first day, last day)`` of the ``period`` holding ``day``, inclusive."""
    return period_start(day, period), period_end(day, period)


def periods_between(first: Day, last: Day, period: str) -> List[Period]:
    """Every period from the one holding ``first`` to the one holding ``last``,
    in order, gaps included (an empty list when ``last`` is before ``first``)."""
    periods: List[Period] = []
    if last < first:
        return periods
    start, end = period_of(first, period)
    while start <= last:
        periods.append((start, end))
        start, end = period_of(end + datetime.timedelta(days=1), period)
    return periods


def utc_day(moment) -> Optional[Day]:
    """The UTC calendar day of a ``datetime`` (an aware one is converted to UTC
    first; a naive one is taken as UTC), or a ``date`` as it is; None for None."""
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(datetime.timezone.utc)
        return moment.date()
    if isinstance(moment, datetime.date):
        return moment
    raise TypeError(f"not a date or a date-time: {moment!r}")
