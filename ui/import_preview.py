"""The Situation tab's import box: which files of a folder the import would read,
with the date found in each name or why a file is left out, and a one-line summary."""

import datetime
import os
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import QTableWidgetItem

from ..core.snapshot_dates import SnapshotDateError, date_from_file_name
from ..core.validity import missing_days
from ..infra.i18n import tr
from ..layers.snapshot_files import snapshot_files_in_folder


@dataclass(frozen=True)
class PreviewRow:
    """One file of an import folder: the date in its name, or why it is left out."""

    path: str
    day: Optional[datetime.date]
    problem: str = ""

    @property
    def importable(self) -> bool:
        return self.day is not None and not self.problem


def preview_folder(folder: str) -> List[PreviewRow]:
    """Every snapshot file of ``folder`` that the import would read (sorted by
    name) with its date or its problem: no date, two dates, or the same date as
    an earlier file."""
    paths = snapshot_files_in_folder(folder)
    rows = []
    first_with_day: Dict[datetime.date, str] = {}
    for path in paths:
        name = os.path.basename(path)
        try:
            day = date_from_file_name(name)
        except SnapshotDateError as error:
            # the message starts with the file name, already in the first column
            rows.append(PreviewRow(path, None, str(error).split(": ", 1)[-1]))
            continue
        if day in first_with_day:
            rows.append(PreviewRow(path, day, tr("same date as {}").format(first_with_day[day])))
            continue
        first_with_day[day] = name
        rows.append(PreviewRow(path, day))
    return rows


def preview_summary(rows: Sequence[PreviewRow]) -> str:
    """One sentence on what an import of ``rows`` would do."""
    if not rows:
        return tr("No snapshot files (GeoJSON, GeoPackage, Shapefile...) in this folder.")
    days = [r.day for r in rows if r.importable]
    problems = len(rows) - len(days)
    if not days:
        return tr("{} files, none with a usable date in its name.").format(len(rows))
    gaps = missing_days(days)
    missing = sum((last - first).days + 1 for first, last in gaps)
    text = tr("{} files to import, {} to {}").format(len(days), min(days).isoformat(), max(days).isoformat())
    if missing:
        text += tr("; {} missing days").format(missing)
    if problems:
        text += tr("; {} files left out (see the table)").format(problems)
    return text + "."


def fill_preview_table(table, rows: Sequence[PreviewRow]) -> None:
    """The file names and the date found in each (or, in red, why it is left out)."""
    table.setRowCount(len(rows))
    for row, entry in enumerate(rows):
        name_item = QTableWidgetItem(os.path.basename(entry.path))
        name_item.setToolTip(entry.path)
        found = entry.day.isoformat() if entry.importable else entry.problem
        date_item = QTableWidgetItem(found)
        date_item.setToolTip(found)
        if not entry.importable:
            date_item.setForeground(QBrush(QColor(200, 0, 0)))
            date_item.setToolTip(tr("Not imported: {}").format(entry.problem))
        table.setItem(row, 0, name_item)
        table.setItem(row, 1, date_item)
