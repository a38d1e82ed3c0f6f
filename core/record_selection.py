"""Choosing control records by day, status and source: pure date logic over
any records with ``valid_from``, ``valid_to`` (exclusive, None: open),
``status`` and ``source`` attributes (``store.records.ControlRecord``)."""

import datetime
from typing import Iterable, List, Optional, Sequence

from .validity import is_valid_on


def select_records(records: Iterable, day: Optional[datetime.date] = None,
                   statuses: Optional[Sequence[str]] = None,
                   sources: Optional[Sequence[str]] = None) -> List:
    """Records valid on ``day`` (all days when None) with a status and source
    among those given (all when None or empty)."""
    status_set = set(statuses) if statuses else None
    source_set = set(sources) if sources else None
    return [r for r in records
            if (status_set is None or r.status in status_set)
            and (source_set is None or r.source in source_set)
            and (day is None or is_valid_on(day, r.valid_from, r.valid_to))]


def snapshot_days(records: Iterable) -> List[datetime.date]:
    """The distinct snapshot dates of ``records``, sorted."""
    return sorted({r.valid_from for r in records})
