"""What the Situation tab says about the day shown: the snapshot(s) valid on it,
how old they are, and the series of a store."""

import datetime
from collections import defaultdict
from typing import Dict, List, Optional, Sequence

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QHeaderView, QTableWidgetItem

from ..infra.i18n import tr
from ..store import ControlRecord, select_records, snapshot_days

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


def show_date_label(label, day: datetime.date, records: Sequence[ControlRecord],
                    visible_sources: Optional[Sequence[str]], default_tooltip: str) -> None:
    """The day shown and its snapshot(s) in ``label``; flagged (colour, warning
    line and tooltip) when the snapshot is more than STALE_SNAPSHOT_DAYS older than the day."""
    text = snapshot_label(day, records, visible_sources)
    age = snapshot_age_days(day, records, visible_sources)
    if age is not None and age > STALE_SNAPSHOT_DAYS:
        warning = tr("snapshot {} days old").format(age)
        label.setText("{}\n⚠ {}".format(text, warning))
        label.setStyleSheet("QLabel {{ color: {}; }}".format(STALE_COLOUR))
        label.setToolTip(tr(
            "{}: the map shows ground as it was {} days before the day shown (more than {} days), "
            "not as it is on that day.").format(warning.capitalize(), age, STALE_SNAPSHOT_DAYS))
    else:
        label.setText(text)
        label.setStyleSheet("")
        label.setToolTip(default_tooltip)


def fill_series_table(table, records: Sequence[ControlRecord]) -> None:
    """One row per source and status; two lines per cell (source over status,
    first over last date) so that every column fits a 400 px dock."""
    rows = series_rows(records)
    table.setRowCount(len(rows))
    for row, (source, status, first, last, dates, features) in enumerate(rows):
        cells = (
            ("{}\n{}".format(source, status), tr("Source {}, status {}").format(source, status)),
            ("{}\n{}".format(first.isoformat(), last.isoformat()),
             tr("First snapshot {}, last snapshot {}").format(first.isoformat(), last.isoformat())),
            (str(dates), tr("{} snapshot dates").format(dates)),
            (str(features), tr("{} features (rows of the control table)").format(features)),
        )
        for column, (text, tip) in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            if column >= 2:
                item.setTextAlignment(int(Qt.AlignRight | Qt.AlignVCenter))
            table.setItem(row, column, item)
    fit_series_table(table)
    table.resizeRowsToContents()


def fit_series_table(table) -> None:
    """Dates and counts keep their width; source and status take the rest,
    elided in a narrow dock (full text in the tooltips)."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(24)
    for column in range(table.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.Stretch)
    table.setTextElideMode(Qt.ElideRight)
    table.setWordWrap(False)
