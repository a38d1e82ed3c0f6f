"""The Analysis panel: occupied share of areas by date and source, as a sortable
table and a time-series chart.

The panel computes nothing itself: it fills the parameters of
``situationmapper:occupiedshare`` and runs it through
:class:`~.algorithm_runner.AlgorithmRun`. Clicking a row shows that date on the
map and zooms to the area; the last result is kept in the project file
(scope ``situation_mapper``, keys ``analysis/...``) and restored when the
project is read.
"""

import datetime
from typing import Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsMapLayerProxyModel,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import (
    QEvent,
    QSortFilterProxyModel,
    Qt,
)
from qgis.PyQt.QtWidgets import QFileDialog, QHeaderView, QWidget

from ..infra.i18n import tr
from ..infra.log import log
from ..store import check_control_layer, open_control_layer, public_location
from .store_chooser import StoreTypingPause
from .algorithm_runner import AlgorithmRun
from .area_picker import AreaPickerBinding
from .chart_canvas import chart_file_path
from .control_choices import LIST_ROWS, ControlChoicesMixin  # noqa: F401
from .figure_choice import FigureChoice
from .share_chart import ShareChart
from .share_results import (
    area_extent,
    fit_share_columns,
    keep_longest_rows,
    longest_rows,
    read_result,
    result_entry,
    write_result,
)
from .share_table import (
    SORT_ROLE,
    LayerSnapshot,
    ShareTableModel,
    layer_from_rows,
    rows_from_layer,
    write_csv_atomically,
)
from .situation_clock import SituationClock
from .situation_context import SituationContext
from .form_loader import load_ui
from .messages import show_message

PANEL_OBJECT_NAME = "AnalysisPanel"
ALGORITHM_ID = "situationmapper:occupiedshare"


class AnalysisPanel(ControlChoicesMixin, QWidget, load_ui("analysis_panel")):
    """Runs occupiedshare on the chosen areas and control layer and shows the result."""

    def __init__(self, iface, parent=None, clock=None, context=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.iface = iface
        canvas = iface.mapCanvas() if iface is not None else None
        self._owns_clock = clock is None
        self.clock = clock if clock is not None else SituationClock(canvas, QgsProject.instance(), self)
        self._owns_context = context is None
        self.context = context if context is not None else SituationContext(QgsProject.instance(), self)
        self.run: Optional[AlgorithmRun] = None
        self.result_layer: Optional[QgsVectorLayer] = None
        self._output_layer: Optional[QgsVectorLayer] = None  # of the run reading its rows
        self.rows: List[Dict] = []
        self.areas_layer_id = ""
        self.name_field = ""
        self.chart = None

        self.areasCombo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.controlCombo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.controlCombo.setAllowEmptyLayer(True)
        self.storeFileWidget.setStorageMode(self.storeFileWidget.GetFile)
        self.nameFieldCombo.setLayer(self.areasCombo.currentLayer())
        self._pick_name_field()

        self.model = ShareTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.resultsView.setModel(self.proxy)
        # the columns are fitted to the dock's width by fit_share_columns (ui/share_results.py):
        # the area names keep their width, the columns that give way hide first
        header = self.resultsView.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        self.resultsView.setTextElideMode(Qt.ElideRight)
        self.resultsView.setWordWrap(False)
        # the viewport: it also narrows when the vertical scroll bar appears
        self.resultsView.viewport().installEventFilter(self)
        self._statuses_by_source: Dict[str, set] = {}
        self._all_statuses: List[str] = []
        self._upper_memory: Optional[set] = None
        # sources the user switched off, kept across control layers and stores:
        # any other source (a new store's, say) starts checked
        self._unchecked_sources: set = set()
        self._pending_sources: List[str] = []
        self._pending_statuses: List[str] = []

        self.areasCombo.layerChanged.connect(self._areas_changed)
        self.controlCombo.layerChanged.connect(self.refresh_control_choices)
        self.statusesList.itemChanged.connect(self._occupied_statuses_changed)
        self.sourcesList.itemChanged.connect(self._source_toggled)
        # a PostGIS location typed key by key is opened once the typing pauses
        # (each incomplete location would otherwise ask the database, or for a login)
        self.store_pause = StoreTypingPause(self.store_location, self._store_settled, self)
        self.store_timer = self.store_pause.timer
        self.storeFileWidget.fileChanged.connect(self._store_edited)
        self.allDatesButton.clicked.connect(lambda: self.datesEdit.setText("all"))
        self.runButton.clicked.connect(self.start_run)
        self.cancelButton.clicked.connect(self.cancel_run)
        self.resultsView.clicked.connect(self.show_row)
        self.exportCsvButton.clicked.connect(self._export_csv_clicked)
        self.exportChartButton.clicked.connect(self._export_chart_clicked)
        self.addLayerButton.clicked.connect(self.add_result_layer)
        self._connect_project()
        # the store and areas come from the situation context and follow it; a
        # choice made here goes back to it (the other tabs follow)
        self.areas_binding = AreaPickerBinding(self.context, self.areasCombo, self.nameFieldCombo, self)
        self.context.storeChanged.connect(self._context_store_changed)
        self.context.storeWritten.connect(self._context_store_written)
        if self.context.store_location and not self.storeFileWidget.filePath().strip():
            self._context_store_changed(self.context.store_location)

        self._setup_chart()
        self.refresh_control_choices()
        self._update_buttons()
        # made while a project is open (the plugin reloaded): show its saved result
        self.restore_from_project()

    def _connect_project(self):
        """Follow project reads and clears; disconnected when the panel is
        destroyed, so loading and unloading the plugin leaves QgsProject as it was."""
        project = QgsProject.instance()
        connections = [(project.readProject, self.restore_from_project),
                       (project.cleared, self.clear_results)]
        for signal, slot in connections:
            signal.connect(slot)

        def disconnect(*_args):
            while connections:
                signal, slot = connections.pop()
                try:
                    signal.disconnect(slot)
                except TypeError:  # already gone
                    pass

        self._disconnect_project = disconnect
        self.destroyed.connect(disconnect)

    def _store_edited(self, text=""):
        self.store_pause.changed()

    def _store_settled(self):
        self.refresh_control_choices()
        self._store_to_context()

    def store_location(self) -> str:
        """The store the analysis reads (the field's text)."""
        return self.storeFileWidget.filePath().strip()

    def _store_to_context(self):
        if self.store_location():
            self.context.set_store_location(self.store_location())

    def _context_store_changed(self, location):
        if location and location != self.store_location():
            self.storeFileWidget.setFilePath(location)

    def _context_store_written(self, location):
        """Another tab wrote the store this tab reads (an import): its sources
        and statuses are read again (checks kept)."""
        if location and public_location(location) == public_location(self.store_location()):
            self.refresh_control_choices()

    def unload(self):
        """Cancel a running analysis and disconnect from the project (plugin unload)."""
        self.store_timer.stop()
        if self.run is not None and self.run.is_running():
            self.run.cancel()
        if self._owns_clock:
            self.clock.unload()
        self.areas_binding.unload()
        self.figures.unload()
        try:
            self.context.storeChanged.disconnect(self._context_store_changed)
            self.context.storeWritten.disconnect(self._context_store_written)
        except (TypeError, RuntimeError):
            pass
        if self._owns_context:
            self.context.unload()
        self._disconnect_project()

    # -- inputs ---------------------------------------------------------------
    def _areas_changed(self, layer):
        self.nameFieldCombo.setLayer(layer)
        self._pick_name_field()

    def _pick_name_field(self):
        layer = self.areasCombo.currentLayer()
        if layer is not None and layer.fields().indexOf("name") >= 0:
            self.nameFieldCombo.setField("name")

    def control_source(self):
        """The CONTROL parameter: the store path when given, else the layer."""
        path = self.storeFileWidget.filePath().strip()
        if path:
            return path
        return self.controlCombo.currentLayer()

    def _control_layer(self):
        source = self.control_source()
        if isinstance(source, str):
            return open_control_layer(source)
        if source is None:
            return None
        check_control_layer(source)
        return source

    def parameters(self) -> Dict:
        """The occupiedshare parameters from the widgets; raises ValueError when
        something is missing (the message says what)."""
        areas = self.areasCombo.currentLayer()
        if areas is None:
            raise ValueError(tr("Choose an areas layer."))
        control = self.control_source()
        if control is None:
            raise ValueError(tr("Choose a control layer or a store."))
        statuses = self._checked(self.statusesList)
        if not statuses:
            raise ValueError(tr("Check at least one status counted as occupied."))
        sources = self._checked(self.sourcesList)
        if self.sourcesList.count() and not sources:
            raise ValueError(tr("Check at least one source."))
        selected = self.selectedOnlyCheck.isChecked()
        if selected and areas.selectedFeatureCount() == 0:
            raise ValueError(tr("No area is selected in '{}'.").format(areas.name()))
        upper = [s for s in self._checked(self.upperStatusesList) if s not in statuses]
        all_sources = len(sources) == self.sourcesList.count()
        return {
            "AREAS": QgsProcessingFeatureSourceDefinition(areas.id(), selected) if selected else areas.id(),
            "AREA_NAME_FIELD": self.nameFieldCombo.currentField(),
            "CONTROL": control if isinstance(control, str) else control.id(),
            "STATUSES": ",".join(statuses),
            "UPPER_STATUSES": ",".join(upper),
            "SOURCES": "" if all_sources else ",".join(sources),
            "DATES": self.datesEdit.text().strip(),
            "OUTPUT": "TEMPORARY_OUTPUT",
        }

    # -- running ----------------------------------------------------------------
    def start_run(self) -> bool:
        """Start the algorithm in the background; False when the inputs are incomplete."""
        if self.run is not None and self.run.is_running():
            return False
        try:
            parameters = self.parameters()
        except ValueError as error:
            self.statusLabel.setText(str(error))
            return False
        bar = self.iface.messageBar() if self.iface is not None else None
        # the rows are read from the output in the background: thousands of rows
        # (every date of many areas) read on the main thread froze the GUI
        self.run = AlgorithmRun(ALGORITHM_ID, parameters, tr("Occupied share"), bar, self,
                                collect=self._rows_reader)
        self._output_layer = None
        self.run.progress.connect(lambda value: self.progressBar.setValue(int(value)))
        self.run.finished.connect(self._finished)
        self._pending = (self.areasCombo.currentLayer().id(), self.nameFieldCombo.currentField())
        self._pending_sources = self._checked(self.sourcesList)
        self._pending_statuses = self._checked(self.statusesList)
        self.progressBar.setValue(0)
        if not self.run.start():
            return False
        self.statusLabel.setText(tr("Measuring…"))
        self._update_buttons()
        return True

    def cancel_run(self):
        if self.run is not None and self.run.is_running():
            self.run.cancel()

    def _rows_reader(self, run, results):
        """Main thread, the algorithm done: its output layer taken; the reading of
        its rows, for the run's background task (None without an output layer)."""
        layer = self._output_layer = run.take_layer(results.get("OUTPUT"))
        if layer is None:
            return lambda: None
        snapshot = LayerSnapshot(layer)

        def read():
            rows = rows_from_layer(snapshot)
            return rows, result_entry(rows), longest_rows(rows)
        return read

    def _finished(self, ok, results):
        run = self.run
        if ok and run is not None:
            layer, self._output_layer = self._output_layer, None
            if layer is not None:
                self.areas_layer_id, self.name_field = self._pending
                self.result_layer = layer
                rows, entry, longest = run.collected or ([], None, None)
                self.set_rows(rows, longest)
                self.save_to_project(entry)
                notes = [m for m in run.feedback.messages if "no " in m]
                notes = self.silent_source_notes() + notes[:1]
                measured_on = results.get("MEASURED_ON") or ""  # PostGIS stores: desktop or database
                self.statusLabel.setText(" ".join([tr("{} rows.").format(len(self.rows))] + notes
                                                  + ([measured_on] if measured_on else [])))
        elif run is not None:
            self.statusLabel.setText("\n".join(run.feedback.errors) or tr("Cancelled."))
        self._update_buttons()

    def silent_source_notes(self) -> List[str]:
        """One sentence per checked source of the last run that gave no row, and why."""
        counted = list(self._pending_statuses)
        with_rows = {row.get("source") for row in self.rows}
        notes = []
        for source in self._pending_sources:
            if source in with_rows:
                continue
            own = sorted(self._statuses_by_source.get(source, set()))
            if own and not set(own) & set(counted):
                notes.append(tr("{} gave no rows: none of its features has a status counted as "
                                "occupied ({}); its statuses: {}.").format(
                    source, ", ".join(counted), ", ".join(own)))
            else:
                notes.append(tr("{} gave no rows: no feature with the counted statuses ({}) "
                                "on these dates.").format(source, ", ".join(counted)))
        return notes

    def _update_buttons(self):
        running = self.run is not None and self.run.is_running()
        self.runButton.setEnabled(not running)
        self.cancelButton.setEnabled(running)
        has_rows = bool(self.rows)
        for button in (self.exportCsvButton, self.addLayerButton):
            button.setEnabled(has_rows and not running)
        # the canvas, not the figure: asking for the figure waits for a render under way
        has_chart = self.chart is not None and self.chart.canvas is not None
        # a figure measured by its own algorithm (events, ground, distance…) has its
        # chart without any share rows in the table
        figure_drawn = self.figures.has_drawn_figure() if hasattr(self, "figures") else False
        self.exportChartButton.setEnabled((has_rows or figure_drawn) and has_chart and not running)

    # -- results ------------------------------------------------------------------
    def set_rows(self, rows: List[Dict], longest: Optional[Dict[int, List[int]]] = None):
        """Show ``rows`` in the table and the chart (``longest``: their
        share_results.longest_rows, when found already)."""
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        if longest is not None:
            keep_longest_rows(self.model, longest)
        self.proxy.sort(-1)
        self.fit_result_columns()
        self.draw_chart()
        self._update_buttons()

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Resize and watched is self.resultsView.viewport():
            self.fit_result_columns()
        return super().eventFilter(watched, event)

    def fit_result_columns(self):
        """Dates and numbers at the width of their values; see share_results.fit_share_columns."""
        fit_share_columns(self.resultsView, self.model)

    def clear_results(self):
        self.result_layer = None
        self.areas_layer_id = self.name_field = ""
        self.set_rows([])

    def row_at(self, proxy_index) -> Dict:
        return self.model.rows[self.proxy.mapToSource(proxy_index).row()]

    def show_row(self, proxy_index):
        """Show the row's date on the map (canvas and Temporal Controller) and zoom to its area."""
        row = self.row_at(proxy_index)
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None or not row.get("date"):
            return
        day = datetime.date.fromisoformat(row["date"])
        self.clock.set_day(day)
        extent = self._area_extent(row["area"], canvas.mapSettings().destinationCrs())
        if extent is not None:
            canvas.setExtent(extent)
        canvas.refresh()

    def _area_extent(self, name, crs):
        return area_extent(QgsProject.instance(), self.areas_layer_id, self.name_field, name, crs)

    # -- chart -------------------------------------------------------------------
    def _setup_chart(self):
        self.chart = ShareChart(self.chartLayout, self.chartMessageLabel)
        self.figures = FigureChoice(self)  # the figure choice: share, events, ground, timelines, distance, corridor

    @property
    def figure(self):
        """The chart's matplotlib figure; None without matplotlib."""
        return self.chart.figure if self.chart is not None else None

    @property
    def chart_canvas(self):
        return self.chart.canvas if self.chart is not None else None

    def draw_chart(self):
        """One line per area and source: share (percent) against date; the day the map shows dashed."""
        self.chart.draw(self.rows, self.clock.day() if self.clock is not None else None)

    def export_chart(self, path: str) -> None:
        """Save the chart in view to ``path`` (.png or .svg, by its extension), atomically."""
        self.figures.shown_chart(self.chart).export(path)

    def _export_chart_clicked(self):
        path, chosen = QFileDialog.getSaveFileName(
            self, tr("Save the chart"), "", tr("PNG image (*.png);;SVG image (*.svg)"))
        if path:  # a name without .png/.svg: the chosen format's extension
            self._report(self.export_chart, chart_file_path(path, chosen))

    # -- table exports -------------------------------------------------------------
    def export_csv(self, path: str) -> None:
        """Save every result row to ``path`` as CSV (atomic write)."""
        write_csv_atomically(path, self.rows)

    def _export_csv_clicked(self):
        path, _filter = QFileDialog.getSaveFileName(self, tr("Save the table"), "",
                                                    tr("CSV file (*.csv)"))
        if path:
            if not path.lower().endswith(".csv"):
                path += ".csv"
            self._report(self.export_csv, path)

    def _report(self, action, path):
        try:
            action(path)
        except (OSError, RuntimeError, ValueError) as error:
            message = tr("Cannot write {}: {}").format(path, error)
            log.error(message)
            self.statusLabel.setText(message)
            if self.iface is not None:
                show_message(self.iface.messageBar(), message, Qgis.Critical)
            return
        self.statusLabel.setText(tr("Saved {}").format(path))

    def add_result_layer(self) -> Optional[QgsVectorLayer]:
        """Add the result table to the project (rebuilt from the rows when the
        result came back with the project); the layer added."""
        if not self.rows:
            return None
        layer = self.result_layer
        if layer is None or QgsProject.instance().mapLayer(layer.id()) is not None:
            layer = layer_from_rows(self.rows, tr("Occupied share"))
        else:
            layer.setName(tr("Occupied share"))
        # added to the tree without becoming the current layer (as the Draw panel does)
        project = QgsProject.instance()
        project.addMapLayer(layer, False)
        project.layerTreeRoot().insertLayer(0, layer)
        self.result_layer = None  # the project owns it now
        return layer

    # -- project state -------------------------------------------------------------
    def save_to_project(self, entry: Optional[str] = None):
        """Keep the last result in the project file (restored on project read);
        ``entry``: the rows' project entry when made already (share_results.result_entry)."""
        write_result(QgsProject.instance(), self.rows, self.areas_layer_id, self.name_field, entry)

    def restore_from_project(self, *_args):
        """Show the result stored in the current project, if any."""
        rows, self.areas_layer_id, self.name_field = read_result(QgsProject.instance())
        self.result_layer = None
        self.set_rows(rows)
        if rows:
            self.statusLabel.setText(tr("{} rows restored from the project.").format(len(rows)))
