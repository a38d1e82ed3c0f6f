"""The one conversion between the spellings of a calendar day: Python dates,
QDate, QDateTime and ISO text (2025-11-20), as attribute values, widgets and
temporal ranges hold them."""

import datetime
from typing import Dict, Optional

from qgis.PyQt.QtCore import QDate, QDateTime


def to_day(value) -> Optional[datetime.date]:
    """A Python date from a QDate, QDateTime, date, datetime or ISO text; None for
    NULL or an empty or invalid QDate; ValueError for text that is no ISO date."""
    if value is None:
        return None
    if isinstance(value, QDateTime):
        value = value.date()
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text or text.upper() == "NULL":
        return None
    return datetime.date.fromisoformat(text[:10])


def as_date(value) -> Optional[datetime.date]:
    """Like :func:`to_day`, but None for text that is no ISO date either."""
    try:
        return to_day(value)
    except ValueError:
        return None


def as_qdate(day) -> QDate:
    """A QDate of a ``datetime.date`` (or of a QDate / QDateTime)."""
    if isinstance(day, QDate):
        return day
    if isinstance(day, QDateTime):
        return day.date()
    return QDate(day.year, day.month, day.day)


def qdate(day: Optional[datetime.date], cache: Optional[Dict[datetime.date, QDate]] = None):
    """A QDate of a Python date (None stays None); with ``cache``, built once
    per day (feature attributes take a copy, so sharing it is safe)."""
    if day is None:
        return None
    if cache is None:
        return as_qdate(day)
    value = cache.get(day)
    if value is None:
        value = cache[day] = as_qdate(day)
    return value
