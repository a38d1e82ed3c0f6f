"""What the Situation tab says about the day shown: the snapshot(s) valid on it,
how old they are, and the series of a store."""

import datetime
from collections import defaultdict
from typing import Dict, List, Optional, Sequence

from ..infra.i18n import tr
from ..layers.control import ControlRecord, select_records, snapshot_days

# a snapshot older than this (days) than the day shown is flagged in the date label
STALE_SNAPSHOT_DAYS = 7
STALE_COLOUR = "#b00020"


def snapshot_label(day: datetime.date, records: Sequence[ControlRecord],
                   visible_sources: Optional[Sequence[str]]) -> str:
    """"2025-11-20 (snapshot of 2025-11-19)": the day shown and the snapshot
    date(s) valid on it, per source when they differ."""
    valid = select_records(records, day, sources=visible_sources)
    dates_by_source = defaultdict(set)
    for record in valid:
        dates_by_source[record.source].add(record.valid_from)
    if not dates_by_source:
        return tr("{} (no snapshot valid on this day)").format(day.isoformat())
    every_date = set().union(*dates_by_source.values())
    if len(every_date) == 1:
        return tr("{} (snapshot of {})").format(day.isoformat(), every_date.pop().isoformat())
    parts = ["{} {}".format(source, "/".join(d.isoformat() for d in sorted(dates)))
             for source, dates in sorted(dates_by_source.items())]
    return tr("{} (snapshots: {})").format(day.isoformat(), "; ".join(parts))


def snapshot_age_days(day: datetime.date, records: Sequence[ControlRecord],
                      visible_sources: Optional[Sequence[str]]) -> Optional[int]:
    """How many days the oldest snapshot shown on ``day`` is older than ``day``
    (per source, the latest snapshot valid that day); None when none is valid."""
    latest_by_source: Dict[str, datetime.date] = {}
    for record in select_records(records, day, sources=visible_sources):
        if record.source not in latest_by_source or record.valid_from > latest_by_source[record.source]:
            latest_by_source[record.source] = record.valid_from
    if not latest_by_source:
        return None
    return (day - min(latest_by_source.values())).days


def series_rows(records: Sequence[ControlRecord]) -> List[tuple]:
    """``(source, status, first day, last day, dates, features)`` per series, sorted."""
    by_series = defaultdict(list)
    for record in records:
        by_series[(record.source, record.status)].append(record)
    rows = []
    for (source, status), members in sorted(by_series.items()):
        days = snapshot_days(members)
        rows.append((source, status, days[0], days[-1], len(days), len(members)))
    return rows
