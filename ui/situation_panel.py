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
from typing import List, Optional, Sequence

from qgis.core import Qgis, QgsProject
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QDate, Qt, QTimer
from qgis.PyQt.QtWidgets import QHeaderView, QListWidgetItem, QWidget

from ..infra.i18n import tr
from ..infra.log import log
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
from ..layers.temporal import as_qdate
from ..layers.situation_layers import load_situation_layers, set_visible_sources
from ..store import NoStoreYet, StoreError
from ..store import is_team_store, public_location
from ..store import validate as validate_store
from .algorithm_runner import AlgorithmRun
from .import_box import IMPORT_ALGORITHM, ImportBoxMixin  # noqa: F401
from .import_preview import PreviewRow, preview_folder, preview_summary  # noqa: F401
from .compare_layers import CompareWithDate
from .situation_clock import SituationClock
from .snapshot_labels import (  # noqa: F401
    STALE_COLOUR,
    STALE_SNAPSHOT_DAYS,
    series_rows,
    snapshot_age_days,
    fill_series_table,
    fit_series_table,
    show_date_label,
    snapshot_label,
)
from .situation_context import SituationContext
from .form_loader import load_ui
from .postgis_store_dialog import PostgisStoreDialog
from .store_chooser import StoreTypingPause
from .messages import show_message

PANEL_OBJECT_NAME = "SituationPanel"
CONFIDENCE_CHOICES = ("assessed", "claimed", "unverified")
PLAY_INTERVAL_MS = 1000


class SituationPanel(ImportBoxMixin, QWidget, load_ui("situation_panel")):
    """The Situation tab of the dock. ``iface`` gives the canvas and message bar."""

    def __init__(self, iface, parent=None, clock: Optional[SituationClock] = None,
                 context: Optional[SituationContext] = None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.iface = iface
        self.project = QgsProject.instance()
        self.records: List[ControlRecord] = []
        self._owns_context = context is None
        self.context = context if context is not None else SituationContext(self.project, self)
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        # the day the map shows: the dock's clock, shared by every tab (or the panel's own)
        self._owns_clock = clock is None
        self.clock = clock if clock is not None else SituationClock(canvas, self.project, self)
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
        # narrow side margins: the tables get the width the dock's side tabs take
        for layout in (self.contentsLayout, self.storeLayout, self.dateLayout, self.seriesLayout,
                       self.importLayout):
            margins = layout.contentsMargins()
            layout.setContentsMargins(3, margins.top(), 3, margins.bottom())

        self.play_timer = QTimer(self)
        self.play_timer.setInterval(PLAY_INTERVAL_MS)
        self.play_timer.timeout.connect(self._play_step)
        self.store_pause = StoreTypingPause(lambda: self.store_path, self._store_settled_now, self)
        self.store_timer = self.store_pause.timer

        self.storeFileWidget.fileChanged.connect(self._store_changed)
        self._unsaid_store_error: Optional[str] = None  # kept quiet while the user types
        if self.storeFileWidget.lineEdit() is not None:
            self.storeFileWidget.lineEdit().editingFinished.connect(self._store_editing_finished)
        self.teamStoreButton.clicked.connect(self.choose_team_store)
        self.loadLayersButton.clicked.connect(self._load_layers_clicked)
        self.importFolderWidget.fileChanged.connect(self.set_import_folder)
        self.importButton.clicked.connect(self.start_import)
        self.connect_source_details()
        self.cancelImportButton.clicked.connect(self.cancel_import)
        self.sourcesList.itemChanged.connect(self._sources_changed)
        self.dateEdit.dateValueChanged.connect(self._date_edited)
        self.previousButton.clicked.connect(self.show_previous_snapshot)
        self.nextButton.clicked.connect(self.show_next_snapshot)
        self.playButton.toggled.connect(self.set_playing)
        # "Compare with": ground gained and lost since a second date, following the day
        self.compare = CompareWithDate(self.dateLayout, self.clock, self.context, self._message_bar(), self)
        # project read/cleared/saved: recorded connections, removed by unload()
        self.state_watcher = ProjectStateWatcher(self.restore_state, self.clear, self.project, self,
                                                 current_state=self.state)
        # every way of changing the map's date (Temporal Controller, an Analysis
        # row, a script) moves the clock, and the panel's date with it; removed by unload()
        self.canvas_connections = [(self.clock.dayChanged, self._clock_day_changed),
                                   (self.context.storeChanged, self._context_store_changed)]
        self.clock.dayChanged.connect(self._clock_day_changed)
        self.context.storeChanged.connect(self._context_store_changed)
        self._update_enabled()
        # a panel made while a project is open (the plugin reloaded, enabled
        # later) shows what the project holds, and never saves an empty state over it
        saved = read_state(self.project)
        if saved.store_path or saved.current_date is not None:
            if self.clock.day() is not None:
                saved.current_date = self.clock.day()
            self.restore_state(saved)

    # -- lifecycle -----------------------------------------------------------
    def unload(self):
        """Stop playing and importing and disconnect from the project (plugin unload)."""
        self.play_timer.stop()
        self.store_timer.stop()
        self.compare.unload()
        if self.import_run is not None and self.import_run.is_running():
            self.import_run.cancel()
        self.state_watcher.disconnect_all()
        if self._owns_clock:
            self.clock.unload()
        if self._owns_context:
            self.context.unload()
        while self.canvas_connections:
            signal, slot = self.canvas_connections.pop()
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):  # already gone with the canvas
                pass

    @property
    def current_day(self) -> Optional[datetime.date]:
        """The day the map shows (the situation clock's)."""
        return self.clock.shown_day()

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
        self.store_pause.changed()

    def _store_settled(self):
        self.store_pause.settle()

    def _store_settled_now(self):
        self.refresh_store()
        self.save_state()

    def _store_editing_finished(self):
        """Enter or leaving the field: a store location typed in full is read
        now, and what was wrong with it (kept quiet while typing) is said."""
        self.store_pause.settle_if_waiting()
        if self._unsaid_store_error:
            self._message(self._unsaid_store_error, Qgis.Warning)
            self._unsaid_store_error = None

    def refresh_store(self, records: Optional[List[ControlRecord]] = None) -> bool:
        """Read the store's control records and fill the tables; False when the
        store does not exist yet or cannot be read (said in the message bar).
        ``records``: the GeoPackage store's records, just read elsewhere (in a background task)."""
        path = self.store_path
        self.records = []
        self._unsaid_store_error = None
        self._show_store_location(path)
        if path and is_team_store(path):
            self._read_team_store(path)
        elif records is not None and path and os.path.isfile(path):
            self.records = list(records)
        elif path and os.path.isfile(path):
            try:
                self.records = read_records(open_control_layer(path))
            except ControlLayerError as error:
                self._message(tr("{} is not a situation store: {}").format(path, error), Qgis.Warning)
        self._fill_series_table()
        self._fill_sources_list()
        self.read_known_sources(path)
        days = snapshot_days(self.records)
        if days:
            # a new range clamps the shown date: that is not a user's choice of day
            self.dateEdit.blockSignals(True)
            self.dateEdit.setDateRange(as_qdate(days[0]), as_qdate(days[-1]).addYears(1))
            if self.current_day is not None:
                self.dateEdit.setDate(as_qdate(self.current_day))
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
        fill_series_table(self.seriesTable, self.records)

    def _fit_series_table(self):
        fit_series_table(self.seriesTable)

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

    def _load_layers_clicked(self):
        self.add_layers_to_map()

    def add_layers_to_map(self, series: Optional[Sequence] = None, prepared: Optional[dict] = None) -> list:
        """Add (or reuse) the store's situation layers and show the current day;
        ``series``: the store's ``(source, status)`` pairs when just read (else read);
        ``prepared``: layers of series made in the background, used for those not shown yet."""
        if not self.records and not self.refresh_store():
            self._message(tr("Choose a situation store with snapshots first."), Qgis.Warning)
            return []
        try:
            layers = load_situation_layers(self.store_path, self.project, series=series, prepared=prepared)
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

    # -- dates ---------------------------------------------------------------
    def navigation_days(self) -> List[datetime.date]:
        """The snapshot dates of the shown sources, sorted."""
        return snapshot_days(select_records(self.records, sources=self.visible_sources()))

    def show_day(self, day: Optional[datetime.date]):
        """Show ``day`` on the canvas (Temporal Controller) and in the date widgets."""
        if day is None:
            return
        self.clock.set_day(day)
        self.dateEdit.blockSignals(True)
        self.dateEdit.setDate(as_qdate(day))
        self.dateEdit.blockSignals(False)
        self._update_date_label()
        self._update_enabled()
        self.save_state()

    def _clock_day_changed(self, day):
        """Follow a date set on the map by anything but this panel (the Temporal
        Controller, a click in the Analysis table): the date widget and label
        change, the canvas is not set again (no feedback loop)."""
        if day is None or not self.records:
            return
        self.dateEdit.blockSignals(True)
        self.dateEdit.setDate(as_qdate(day))
        self.dateEdit.blockSignals(False)
        self._update_date_label()
        self.save_state()

    def _date_edited(self, qdate: QDate):
        if qdate is not None and qdate.isValid():
            self.show_day(qdate.toPyDate())

    def show_previous_snapshot(self) -> bool:
        """Step back to the previous snapshot date; False when there is none."""
        day = self.clock.previous_snapshot(self.navigation_days())
        if day is None:
            return False
        self.show_day(day)
        return True

    def show_next_snapshot(self) -> bool:
        """Step to the next snapshot date; False when there is none."""
        day = self.clock.next_snapshot(self.navigation_days())
        if day is None:
            return False
        self.show_day(day)
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
        show_date_label(self.dateLabel, self.current_day, self.records, self.visible_sources(),
                        self._date_label_tooltip)

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
            self.context.set_store_location(self.store_path)

    def _context_store_changed(self, location):
        """Another tab chose a store: show it here too (not while a project is read or cleared)."""
        if self._restoring or self.context.restoring or not location or location == self.store_path:
            return
        self.set_store(location)

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
            self.clock.set_day(None)
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
