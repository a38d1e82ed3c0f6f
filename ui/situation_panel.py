"""The Situation panel: open or create a situation store, import dated snapshots
(with a preview of the dates found), see its sources and statuses, add its
layers to the map and step through dates with the Temporal Controller.

The panel computes nothing itself: imports run ``situationmapper:importsnapshots``
through :class:`~.algorithm_runner.AlgorithmRun`; layers come from
``layers/situation_layers.py``; the choices are saved in the project by
``layers/project_state.py``.
"""

import datetime
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from qgis.core import Qgis, QgsProject
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QDate, Qt, QTimer, pyqtSlot
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import QHeaderView, QListWidgetItem, QTableWidgetItem, QWidget

from ..infra.i18n import tr
from ..infra.log import log
from ..core.snapshot_dates import SnapshotDateError, date_from_file_name
from ..layers.snapshot_files import snapshot_files_in_folder
from ..core.validity import missing_days
from ..store import (
    ControlLayerError,
    ControlRecord,
    open_control_layer,
    read_records,
    select_records,
    snapshot_days,
)
from ..layers.project_state import ProjectStateWatcher, SituationState, read_state, write_state
from ..store.schema import KNOWN_STATUSES
from ..layers.situation_layers import load_situation_layers, set_visible_sources
from ..store import NoStoreYet, StoreError
from ..store import display_name, is_team_store, public_location
from ..store import validate as validate_store
from .algorithm_runner import AlgorithmRun
from .canvas_time import show_day_on_canvas
from .form_loader import load_ui
from .postgis_store_dialog import STORE_TYPING_PAUSE_MS, PostgisStoreDialog
from .messages import show_message

PANEL_OBJECT_NAME = "SituationPanel"
IMPORT_ALGORITHM = "situationmapper:importsnapshots"
CONFIDENCE_CHOICES = ("assessed", "claimed", "unverified")
PLAY_INTERVAL_MS = 1000
# a snapshot older than this (days) than the day shown is flagged in the date label
STALE_SNAPSHOT_DAYS = 7
STALE_COLOUR = "#b00020"


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


def to_qdate(day: datetime.date) -> QDate:
    """A QDate of a Python date."""
    return QDate(day.year, day.month, day.day)


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


class SituationPanel(QWidget, load_ui("situation_panel")):
    """The Situation tab of the dock. ``iface`` gives the canvas and message bar."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.iface = iface
        self.project = QgsProject.instance()
        self.records: List[ControlRecord] = []
        self.current_day: Optional[datetime.date] = None
        self.preview_rows: List[PreviewRow] = []
        self.import_run: Optional[AlgorithmRun] = None
        self._restoring = False

        self.storeFileWidget.setStorageMode(QgsFileWidget.SaveFile)
        self.storeFileWidget.setConfirmOverwrite(False)
        self.storeFileWidget.setFilter(tr("GeoPackage (*.gpkg)"))
        self.storeFileWidget.setDialogTitle(tr("Open or create a situation store"))
        self.importFolderWidget.setStorageMode(QgsFileWidget.GetDirectory)
        self.importFolderWidget.setDialogTitle(tr("Folder of dated snapshot files"))
        # dates are short: file names take the rest (full texts in tooltips)
        self.importPreviewTable.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.importPreviewTable.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.statusComboBox.addItems(KNOWN_STATUSES)
        self.confidenceComboBox.addItems(CONFIDENCE_CHOICES)
        self.dateEdit.setAllowNull(False)
        self.dateEdit.setDisplayFormat("yyyy-MM-dd")
        self.importProgressBar.setRange(0, 100)
        self._date_label_tooltip = self.dateLabel.toolTip()
        self._fit_series_table()

        self.play_timer = QTimer(self)
        self.play_timer.setInterval(PLAY_INTERVAL_MS)
        self.play_timer.timeout.connect(self._play_step)
        self.store_timer = QTimer(self)
        self.store_timer.setSingleShot(True)
        self.store_timer.setInterval(STORE_TYPING_PAUSE_MS)
        self.store_timer.timeout.connect(self._store_settled)

        self.storeFileWidget.fileChanged.connect(self._store_changed)
        self._unsaid_store_error: Optional[str] = None  # kept quiet while the user types
        if self.storeFileWidget.lineEdit() is not None:
            self.storeFileWidget.lineEdit().editingFinished.connect(self._store_editing_finished)
        self.teamStoreButton.clicked.connect(self.choose_team_store)
        self.loadLayersButton.clicked.connect(self.add_layers_to_map)
        self.importFolderWidget.fileChanged.connect(self.set_import_folder)
        self.importButton.clicked.connect(self.start_import)
        self.cancelImportButton.clicked.connect(self.cancel_import)
        self.sourcesList.itemChanged.connect(self._sources_changed)
        self.dateEdit.dateValueChanged.connect(self._date_edited)
        self.previousButton.clicked.connect(self.show_previous_snapshot)
        self.nextButton.clicked.connect(self.show_next_snapshot)
        self.playButton.toggled.connect(self.set_playing)
        # project read/cleared/saved: recorded connections, removed by unload()
        self.state_watcher = ProjectStateWatcher(self.restore_state, self.clear, self.project, self,
                                                 current_state=self.state)
        # every way of changing the map's date (Temporal Controller, an Analysis
        # row, a script) moves the panel's date too; removed by unload()
        self.canvas_connections = []
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is not None:
            canvas.temporalRangeChanged.connect(self._canvas_range_changed)
            self.canvas_connections.append((canvas.temporalRangeChanged, self._canvas_range_changed))
        self._update_enabled()

    # -- lifecycle -----------------------------------------------------------
    def unload(self):
        """Stop playing and importing and disconnect from the project (plugin unload)."""
        self.play_timer.stop()
        self.store_timer.stop()
        if self.import_run is not None and self.import_run.is_running():
            self.import_run.cancel()
        self.state_watcher.disconnect_all()
        while self.canvas_connections:
            signal, slot = self.canvas_connections.pop()
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):  # already gone with the canvas
                pass

    # -- store ---------------------------------------------------------------
    @property
    def store_path(self) -> str:
        return self.storeFileWidget.filePath().strip()

    def set_store(self, location: str) -> bool:
        """Show the store at ``location`` (a .gpkg path or a PostGIS location),
        as if the user chose it; False when it has no snapshots yet."""
        self.storeFileWidget.blockSignals(True)
        self.storeFileWidget.setFilePath(public_location(location))
        self.storeFileWidget.blockSignals(False)
        ok = self.refresh_store()
        self.save_state()
        return ok

    def choose_team_store(self):
        """Ask for a PostGIS database and schema and show that store."""
        dialog = PostgisStoreDialog(self.store_path if is_team_store(self.store_path) else "", self)
        if dialog.exec_() and dialog.location():
            self.set_store(dialog.location())

    def _store_changed(self, _path=None):
        if is_team_store(self.store_path):
            # typed key by key: ask the database once the typing pauses
            self.store_timer.start()
            return
        self._store_settled()

    def _store_settled(self):
        self.store_timer.stop()
        self.refresh_store()
        self.save_state()

    def _store_editing_finished(self):
        """Enter or leaving the field: a store location typed in full is read
        now, and what was wrong with it (kept quiet while typing) is said."""
        if self.store_timer.isActive():
            self._store_settled()
        if self._unsaid_store_error:
            self._message(self._unsaid_store_error, Qgis.Warning)
            self._unsaid_store_error = None

    def refresh_store(self) -> bool:
        """Read the store's control records and fill the tables; False when the
        store does not exist yet or cannot be read (said in the message bar)."""
        path = self.store_path
        self.records = []
        self._unsaid_store_error = None
        self._show_store_location(path)
        if path and is_team_store(path):
            self._read_team_store(path)
        elif path and os.path.isfile(path):
            try:
                self.records = read_records(open_control_layer(path))
            except ControlLayerError as error:
                self._message(tr("{} is not a situation store: {}").format(path, error), Qgis.Warning)
        self._fill_series_table()
        self._fill_sources_list()
        days = snapshot_days(self.records)
        if days:
            # a new range clamps the shown date: that is not a user's choice of day
            self.dateEdit.blockSignals(True)
            self.dateEdit.setDateRange(to_qdate(days[0]), to_qdate(days[-1]).addYears(1))
            if self.current_day is not None:
                self.dateEdit.setDate(to_qdate(self.current_day))
            self.dateEdit.blockSignals(False)
        self._update_enabled()
        if self.current_day is not None:
            self._update_date_label()
        return bool(self.records)

    def _show_store_location(self, path: str) -> None:
        """A long location shows from its start (postgres:service=...), whole in the tooltip."""
        line = self.storeFileWidget.lineEdit()
        if line is None:
            return
        if not line.hasFocus():
            line.setCursorPosition(0)
        line.setToolTip(public_location(path) if path else self.storeFileWidget.toolTip())

    def _read_team_store(self, location: str) -> None:
        """Read a PostGIS store's records; an absent schema is a new store (the
        first import creates it), anything else is said in the message bar."""
        try:
            validate_store(location)
            self.records = read_records(open_control_layer(location))
        except NoStoreYet as error:
            self._message(tr("{} The first import creates it.").format(error), Qgis.Info)
        except (StoreError, ControlLayerError) as error:
            message = tr("The PostGIS store {} cannot be read: {}").format(
                public_location(location), getattr(error, "reason", None) or error)
            line = self.storeFileWidget.lineEdit()
            if line is not None and line.hasFocus():
                # read when typing paused: maybe not typed in full yet
                self._unsaid_store_error = message
                line.setToolTip(message)
            else:
                self._message(message, Qgis.Warning)

    def _fill_series_table(self):
        """One row per source and status; two lines per cell (source over status,
        first over last date) so that every column fits a 400 px dock."""
        rows = series_rows(self.records)
        self.seriesTable.setRowCount(len(rows))
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
                self.seriesTable.setItem(row, column, item)
        self._fit_series_table()
        self.seriesTable.resizeRowsToContents()

    def _fit_series_table(self):
        """Dates and counts keep their width; source and status take the rest,
        elided in a narrow dock (full text in the tooltips)."""
        header = self.seriesTable.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        for column in range(self.seriesTable.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self.seriesTable.setTextElideMode(Qt.ElideRight)
        self.seriesTable.setWordWrap(False)

    def _fill_sources_list(self):
        # sources the user switched off stay off; new ones (a new import) show
        hidden = {self.sourcesList.item(i).data(Qt.UserRole) for i in range(self.sourcesList.count())
                  if self.sourcesList.item(i).checkState() != Qt.Checked}
        self.sourcesList.blockSignals(True)
        self.sourcesList.clear()
        for source in sorted({r.source for r in self.records}):
            item = QListWidgetItem(source or tr("(no source)"))
            item.setData(Qt.UserRole, source)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked if source in hidden else Qt.Checked)
            item.setToolTip(tr("Show the situation layers of {}").format(source))
            self.sourcesList.addItem(item)
        self.sourcesList.blockSignals(False)

    def visible_sources(self) -> Optional[List[str]]:
        """The checked sources; None when all are checked (or none are listed)."""
        items = [self.sourcesList.item(i) for i in range(self.sourcesList.count())]
        if all(item.checkState() == Qt.Checked for item in items):
            return None
        return [item.data(Qt.UserRole) for item in items if item.checkState() == Qt.Checked]

    def set_visible_sources(self, sources: Optional[Sequence[str]]):
        """Check exactly ``sources`` (all when None) and apply it to the layers."""
        self.sourcesList.blockSignals(True)
        for i in range(self.sourcesList.count()):
            item = self.sourcesList.item(i)
            shown = sources is None or item.data(Qt.UserRole) in sources
            item.setCheckState(Qt.Checked if shown else Qt.Unchecked)
        self.sourcesList.blockSignals(False)
        self._sources_changed()

    def _sources_changed(self, _item=None):
        if self.store_path:
            set_visible_sources(self.project, self.store_path, self.visible_sources())
        if self.current_day is not None:
            self._update_date_label()
        self.save_state()

    def add_layers_to_map(self) -> list:
        """Add (or reuse) the store's situation layers and show the current day."""
        if not self.records and not self.refresh_store():
            self._message(tr("Choose a situation store with snapshots first."), Qgis.Warning)
            return []
        try:
            layers = load_situation_layers(self.store_path, self.project)
        except ControlLayerError as error:
            self._message(str(error), Qgis.Critical)
            return []
        set_visible_sources(self.project, self.store_path, self.visible_sources())
        if self.current_day is None:
            days = self.navigation_days()
            if days:
                self.show_day(days[-1])
        else:
            self.show_day(self.current_day)
        return layers

    # -- import --------------------------------------------------------------
    def set_import_folder(self, folder: str = ""):
        """List the folder's files with the date found in each name or the problem."""
        folder = folder or self.importFolderWidget.filePath()
        self.preview_rows = []
        if folder and os.path.isdir(folder):
            self.preview_rows = preview_folder(folder)
        self.importPreviewTable.setRowCount(len(self.preview_rows))
        for row, entry in enumerate(self.preview_rows):
            name_item = QTableWidgetItem(os.path.basename(entry.path))
            name_item.setToolTip(entry.path)
            found = entry.day.isoformat() if entry.importable else entry.problem
            date_item = QTableWidgetItem(found)
            date_item.setToolTip(found)
            if not entry.importable:
                date_item.setForeground(QBrush(QColor(200, 0, 0)))
                date_item.setToolTip(tr("Not imported: {}").format(entry.problem))
            self.importPreviewTable.setItem(row, 0, name_item)
            self.importPreviewTable.setItem(row, 1, date_item)
        self.importSummaryLabel.setText(preview_summary(self.preview_rows) if folder
                                        else tr("Choose a folder of snapshot files."))
        self._update_enabled()

    def import_parameters(self) -> Dict:
        """The importsnapshots parameters the panel's inputs describe."""
        return {
            "INPUT": [r.path for r in self.preview_rows if r.importable],
            "DATE_SOURCE": 0,
            "STATUS": self.statusComboBox.currentText().strip(),
            "SOURCE": self.sourceLineEdit.text().strip(),
            "SIDE": self.sideLineEdit.text().strip(),
            "CONFIDENCE": self.confidenceComboBox.currentText().strip(),
            "OUTPUT": self.store_path,
        }

    def start_import(self) -> Optional[AlgorithmRun]:
        """Import the previewed dated files into the store in the background."""
        parameters = self.import_parameters()
        problem = None
        if not parameters["OUTPUT"]:
            problem = tr("Choose or name a situation store (.gpkg or PostGIS) first.")
        elif not is_team_store(parameters["OUTPUT"]) and not parameters["OUTPUT"].lower().endswith(".gpkg"):
            problem = tr("The situation store must be a GeoPackage (.gpkg) or a PostGIS store "
                         "(postgres:service=... schema=...): {}").format(parameters["OUTPUT"])
        elif not parameters["INPUT"]:
            problem = tr("No file with a date in its name to import.")
        elif not parameters["STATUS"]:
            problem = tr("Give the status of the imported ground (e.g. occupied).")
        elif not parameters["SOURCE"]:
            problem = tr("Give the source of the snapshots (e.g. DeepStateMap).")
        if problem:
            self._message(problem, Qgis.Warning)
            return None
        run = AlgorithmRun(IMPORT_ALGORITHM, parameters, tr("Import of {} snapshots").format(
            len(parameters["INPUT"])), self._message_bar(), self)
        run.progress.connect(lambda value: self.importProgressBar.setValue(int(value)))
        run.finished.connect(self._import_finished)
        self.importProgressBar.setValue(0)
        self.import_run = run
        if not run.start():
            self.import_run = None
            return None
        self._update_enabled()
        log.info("Import of %d snapshot files into %s started", len(parameters["INPUT"]), parameters["OUTPUT"])
        return run

    def cancel_import(self):
        """Ask the running import to stop."""
        if self.import_run is not None and self.import_run.is_running():
            self.import_run.cancel()

    def _import_finished(self, ok: bool, results: dict):
        self._update_enabled()
        if not ok:
            self.importProgressBar.setValue(0)
            self.refresh_store()
            return
        self.importProgressBar.setValue(100)
        self.refresh_store()
        self.add_layers_to_map()
        text = tr("Imported {} snapshots ({} to {}) into {}.").format(
            results.get("IMPORTED", "?"), results.get("FIRST_DATE", "?"),
            results.get("LAST_DATE", "?"), display_name(self.store_path))
        if results.get("SKIPPED"):
            text += " " + tr("{} skipped.").format(results["SKIPPED"])
        self._message(text, Qgis.Success)

    # -- dates ---------------------------------------------------------------
    def navigation_days(self) -> List[datetime.date]:
        """The snapshot dates of the shown sources, sorted."""
        return snapshot_days(select_records(self.records, sources=self.visible_sources()))

    def show_day(self, day: Optional[datetime.date]):
        """Show ``day`` on the canvas (Temporal Controller) and in the date widgets."""
        if day is None:
            return
        self.current_day = day
        self.dateEdit.blockSignals(True)
        self.dateEdit.setDate(to_qdate(day))
        self.dateEdit.blockSignals(False)
        show_day_on_canvas(self.iface.mapCanvas(), day)
        self._update_date_label()
        self._update_enabled()
        self.save_state()

    @pyqtSlot()
    def _canvas_range_changed(self):
        """Follow a date set on the map by anything but this panel (the Temporal
        Controller, a click in the Analysis table): the date widget and label
        change, the canvas is not set again (no feedback loop)."""
        if not self.records or self.iface is None:
            return
        begin = self.iface.mapCanvas().temporalRange().begin()
        if begin is None or not begin.isValid():  # temporal navigation switched off
            return
        day = begin.date().toPyDate()
        if day == self.current_day:
            return  # the panel's own show_day, or nothing new
        self.current_day = day
        self.dateEdit.blockSignals(True)
        self.dateEdit.setDate(to_qdate(day))
        self.dateEdit.blockSignals(False)
        self._update_date_label()
        self.save_state()

    def _date_edited(self, qdate: QDate):
        if qdate is not None and qdate.isValid():
            self.show_day(qdate.toPyDate())

    def show_previous_snapshot(self) -> bool:
        """Step back to the previous snapshot date; False when there is none."""
        earlier = [d for d in self.navigation_days() if self.current_day is None or d < self.current_day]
        if not earlier:
            return False
        self.show_day(earlier[-1])
        return True

    def show_next_snapshot(self) -> bool:
        """Step to the next snapshot date; False when there is none."""
        later = [d for d in self.navigation_days() if self.current_day is None or d > self.current_day]
        if not later:
            return False
        self.show_day(later[0])
        return True

    def set_playing(self, playing: bool):
        """Start or pause stepping through the snapshot dates."""
        if playing and self.navigation_days():
            self.play_timer.start()
        else:
            self.play_timer.stop()
            if self.playButton.isChecked():
                self.playButton.blockSignals(True)
                self.playButton.setChecked(False)
                self.playButton.blockSignals(False)
        self.playButton.setText(tr("Pause") if self.play_timer.isActive() else tr("Play"))

    def _play_step(self):
        if not self.show_next_snapshot():
            self.set_playing(False)

    def _update_date_label(self):
        """The day shown and its snapshot(s); flagged (colour, warning line and
        tooltip) when the snapshot is more than STALE_SNAPSHOT_DAYS older than the day."""
        visible = self.visible_sources()
        text = snapshot_label(self.current_day, self.records, visible)
        age = snapshot_age_days(self.current_day, self.records, visible)
        if age is not None and age > STALE_SNAPSHOT_DAYS:
            warning = tr("snapshot {} days old").format(age)
            self.dateLabel.setText("{}\n⚠ {}".format(text, warning))
            self.dateLabel.setStyleSheet("QLabel {{ color: {}; }}".format(STALE_COLOUR))
            self.dateLabel.setToolTip(tr(
                "{}: the map shows ground as it was {} days before the day shown (more than {} days), "
                "not as it is on that day.").format(warning.capitalize(), age, STALE_SNAPSHOT_DAYS))
        else:
            self.dateLabel.setText(text)
            self._unflag_date_label()

    def _unflag_date_label(self):
        self.dateLabel.setStyleSheet("")
        self.dateLabel.setToolTip(self._date_label_tooltip)

    # -- project state -------------------------------------------------------
    def state(self) -> SituationState:
        """What the panel shows, as saved in the project."""
        return SituationState(self.store_path, self.current_day, self.visible_sources())

    def save_state(self):
        if not self._restoring:
            write_state(self.project, self.state())

    def restore_state(self, state: Optional[SituationState] = None):
        """Show the store, sources and date saved in the project (or ``state``)."""
        state = state or read_state(self.project)
        self._restoring = True
        try:
            self.storeFileWidget.blockSignals(True)
            self.storeFileWidget.setFilePath(state.store_path)
            self.storeFileWidget.blockSignals(False)
            self.refresh_store()
            if state.store_path and not is_team_store(state.store_path) and not os.path.isfile(state.store_path):
                self._message(tr("The project's situation store {} was not found.").format(state.store_path),
                              Qgis.Warning)
            self.set_visible_sources(state.visible_sources)
            if state.current_date is not None:
                self.show_day(state.current_date)
        finally:
            self._restoring = False

    def clear(self):
        """Forget the store and date (the project was closed)."""
        self._restoring = True
        try:
            self.set_playing(False)
            self.current_day = None
            self.storeFileWidget.blockSignals(True)
            self.storeFileWidget.setFilePath("")
            self.storeFileWidget.blockSignals(False)
            self.refresh_store()
            self.dateLabel.setText(tr("No date shown."))
            self._unflag_date_label()
            # the next project starts without the previous one's import folder
            self.importFolderWidget.blockSignals(True)
            self.importFolderWidget.setFilePath("")
            self.importFolderWidget.blockSignals(False)
            self.set_import_folder("")
            self.importProgressBar.setValue(0)
        finally:
            self._restoring = False

    # -- helpers -------------------------------------------------------------
    def _update_enabled(self):
        running = self.import_run is not None and self.import_run.is_running()
        has_days = bool(self.records)
        self.importButton.setEnabled(not running and any(r.importable for r in self.preview_rows))
        self.cancelImportButton.setEnabled(running)
        self.loadLayersButton.setEnabled(has_days and not running)
        for widget in (self.previousButton, self.nextButton, self.playButton, self.dateEdit):
            widget.setEnabled(has_days)

    def _message_bar(self):
        return self.iface.messageBar() if self.iface is not None else None

    def _message(self, text: str, level=Qgis.Info):
        if level in (Qgis.Warning, Qgis.Critical):
            log.warning(text)
        show_message(self._message_bar(), text, level)
