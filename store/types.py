"""The store's value types, shared by both backends and the facade."""

import datetime
from dataclasses import dataclass
from typing import Optional


class StoreError(ValueError):
    """The path is not a usable situation store; the message says why."""


@dataclass(frozen=True)
class StoreInfo:
    """What :func:`validate` found in a store."""

    path: str
    schema_version: int
    control_rows: int
    created: str


@dataclass(frozen=True)
class SeriesSummary:
    """One (source, status) series of a store: its first and last snapshot day
    and how many snapshots it has."""

    source: str
    status: str
    first_day: datetime.date
    last_day: datetime.date
    count: int


@dataclass(frozen=True)
class SourceInfo:
    """A row of the ``sources`` table."""

    source: str
    licence: str = ""
    url: str = ""
    attribution: str = ""
    retrieved: str = ""  # YYYY-MM-DD, the day the data were last fetched; "": unknown


@dataclass(frozen=True)
class StoredRow:
    """A control row's identity and validity, as :class:`StoreUpdate` reads it."""

    fid: int
    source: str
    status: str
    valid_from: datetime.date
    valid_to: Optional[datetime.date]
