"""The Analysis panel: occupied share of areas by date and source, as a sortable
table and a time-series chart.

The panel computes nothing itself: it fills the parameters of
``situationmapper:occupiedshare`` and runs it through
:class:`~.algorithm_runner.AlgorithmRun`. Clicking a row shows that date on the
map and zooms to the area; the last result is kept in the project file
(scope ``situation_mapper``, keys ``analysis/...``) and restored when the
project is read.
"""

import csv
import datetime
import json
import os
from typing import Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsExpression,
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsMapLayerProxyModel,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QDateTime,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QVariant,
)
from qgis.PyQt.QtWidgets import QFileDialog, QHeaderView, QListWidgetItem, QWidget

from ..infra.atomic_files import atomic_path
from ..infra.i18n import tr
from ..infra.log import log
from ..store import ControlLayerError, check_control_layer, open_control_layer, read_records
from ..store.schema import KNOWN_STATUSES, STATUS_CONTESTED, STATUS_OCCUPIED
from ..store import is_team_store
from .postgis_store_dialog import STORE_TYPING_PAUSE_MS
from .algorithm_runner import AlgorithmRun
from .canvas_time import show_day_on_canvas
from .form_loader import load_ui
from .messages import show_message

PANEL_OBJECT_NAME = "AnalysisPanel"
ALGORITHM_ID = "situationmapper:occupiedshare"
PROJECT_SCOPE = "situation_mapper"
KEY_ROWS = "analysis/rows"
KEY_AREAS_LAYER = "analysis/areas_layer"
KEY_NAME_FIELD = "analysis/name_field"
SORT_ROLE = Qt.UserRole + 1
LIST_ROWS = 4  # rows a check list shows before it scrolls

# (key in a result row, header, decimals for display; None: text)
COLUMNS = (
    ("date", "Date", None),
    ("area", "Area", None),
    ("source", "Source", None),
    ("occupied_pct", "Share %", 2),
    ("occupied_km2", "km²", 3),
    ("change_pct", "Δ pts", 2),
)
# header tooltips: the short titles keep the numbers in view in a 400 px dock
COLUMN_TIPS = (
    "Date measured",
    "Area (the name field of the areas layer)",
    "Source of the control data",
    "Occupied share of the area, percent",
    "Occupied area, km² (ellipsoidal)",
    "Change of the share since the previous date, percentage points",
)
AREA_COLUMN, SOURCE_COLUMN = 1, 2  # shrink (elided, in full in the tooltip) in a narrow dock
SOURCE_SHARE = 0.4  # at most this part of the width left by dates and numbers goes to the source
ROW_KEYS = ("date", "area", "source", "area_km2", "occupied_km2", "occupied_pct", "upper_km2",
            "upper_pct", "change_pct", "snapshot_date", "note")


def _plain(value):
    """A JSON-friendly Python value from a QGIS attribute (NULL: None, QDate: ISO text)."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, (QDate, QDateTime)):
        day = value.date() if isinstance(value, QDateTime) else value
        return day.toString("yyyy-MM-dd") if day.isValid() else None
    if str(value) == "NULL":
        return None
    return value


def rows_from_layer(layer) -> List[Dict]:
    """The result rows of an occupied-share output layer as plain dicts."""
    names = layer.fields().names()
    rows = []
    for feature in layer.getFeatures():
        rows.append({key: _plain(feature[key]) if key in names else None for key in ROW_KEYS})
    return rows


def layer_from_rows(rows: List[Dict], name: str) -> QgsVectorLayer:
    """A memory table (no geometry) of result rows, same fields as the algorithm's."""
    from ..algorithms.occupied_share import OUTPUT_FIELDS

    layer = QgsVectorLayer("None", name, "memory")
    layer.dataProvider().addAttributes([QgsField(n, t) for n, t in OUTPUT_FIELDS])
    layer.updateFields()
    features = []
    for row in rows:
        feature = QgsFeature(layer.fields())
        values = []
        for field_name, variant in OUTPUT_FIELDS:
            value = row.get(field_name)
            if variant == QVariant.Date and value:
                value = QDate.fromString(value, "yyyy-MM-dd")
            values.append(value)
        feature.setAttributes(values)
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def write_csv_atomically(path: str, rows: List[Dict]) -> None:
    """Write ``rows`` (all ROW_KEYS) to ``path`` through a temporary file in the
    same folder, so a failure leaves an earlier file intact."""
    with atomic_path(path) as temporary:
        with open(temporary, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(ROW_KEYS)
            for row in rows:
                writer.writerow(["" if row.get(k) is None else row.get(k) for k in ROW_KEYS])


class ShareTableModel(QAbstractTableModel):
    """Result rows as a table: date, area, source, share %, km², change.

    Display text is rounded; :data:`SORT_ROLE` gives the raw value so that a
    QSortFilterProxyModel sorts numbers as numbers (NULL last).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: List[Dict] = []

    def set_rows(self, rows: List[Dict]):
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return tr(COLUMNS[section][1])
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole:
            return tr(COLUMN_TIPS[section])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key, _header, decimals = COLUMNS[index.column()]
        value = row.get(key)
        if role == Qt.DisplayRole:
            if value is None:
                return "" if key != "occupied_pct" else tr("n/a")
            return f"{value:.{decimals}f}" if decimals is not None else str(value)
        if role == SORT_ROLE:
            if value is None:
                return float("inf") if decimals is not None else ""
            return value
        if role == Qt.ToolTipRole:
            # the area column is elided in a narrow dock: its tooltip names it in full
            parts = [f"{row.get('area')} ({row.get('source')}, {row.get('date')})"]
            parts += [f"{k}: {row.get(k)}" for k in ("snapshot_date", "upper_pct", "note")
                      if row.get(k) not in (None, "")]
            return "\n".join(parts)
        if role == Qt.TextAlignmentRole and decimals is not None:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class AnalysisPanel(QWidget, load_ui("analysis_panel")):
    """Runs occupiedshare on the chosen areas and control layer and shows the result."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.iface = iface
        self.run: Optional[AlgorithmRun] = None
        self.result_layer: Optional[QgsVectorLayer] = None
        self.rows: List[Dict] = []
        self.areas_layer_id = ""
        self.name_field = ""
        self.figure = None
        self.chart_canvas = None

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
        # numbers and dates keep their width; area and source names share what is
        # left, elided (in full in the tooltip), so Share % and km² stay in view
        header = self.resultsView.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(AREA_COLUMN, QHeaderView.Stretch)
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
        self.store_timer = QTimer(self)
        self.store_timer.setSingleShot(True)
        self.store_timer.setInterval(STORE_TYPING_PAUSE_MS)
        self.store_timer.timeout.connect(self.refresh_control_choices)
        self.storeFileWidget.fileChanged.connect(self._store_edited)
        self.allDatesButton.clicked.connect(lambda: self.datesEdit.setText("all"))
        self.runButton.clicked.connect(self.start_run)
        self.cancelButton.clicked.connect(self.cancel_run)
        self.resultsView.clicked.connect(self.show_row)
        self.exportCsvButton.clicked.connect(self._export_csv_clicked)
        self.exportChartButton.clicked.connect(self._export_chart_clicked)
        self.addLayerButton.clicked.connect(self.add_result_layer)
        self._connect_project()

        self._setup_chart()
        self.refresh_control_choices()
        self._update_buttons()

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
        if is_team_store(self.storeFileWidget.filePath()):
            self.store_timer.start()
        else:
            self.store_timer.stop()
            self.refresh_control_choices()

    def unload(self):
        """Cancel a running analysis and disconnect from the project (plugin unload)."""
        self.store_timer.stop()
        if self.run is not None and self.run.is_running():
            self.run.cancel()
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

    def refresh_control_choices(self, *_args):
        """Fill the sources and statuses lists from the control layer's records.

        Sources the user unchecked stay unchecked; every other source (a new
        store or layer) starts checked."""
        checked_statuses = self._checked(self.statusesList)
        checked_upper = self._checked(self.upperStatusesList)
        self._upper_memory = set(checked_upper) if checked_upper else None
        self._statuses_by_source = {}
        self._all_statuses = []
        for widget in (self.sourcesList, self.statusesList, self.upperStatusesList):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        self._fit_lists()
        try:
            layer = self._control_layer()
        except ControlLayerError as error:
            self.statusLabel.setText(str(error))
            return
        if layer is None:
            return
        records = read_records(layer)
        for record in records:
            self._statuses_by_source.setdefault(record.source, set()).add(record.status)
        sources = sorted(self._statuses_by_source)
        self._all_statuses = sorted({r.status for r in records},
                                    key=lambda s: (KNOWN_STATUSES.index(s) if s in KNOWN_STATUSES else 99, s))
        self.sourcesList.blockSignals(True)
        for source in sources:
            self._add_item(self.sourcesList, source, source not in self._unchecked_sources)
        self.sourcesList.blockSignals(False)
        self.statusesList.blockSignals(True)
        for status in self._all_statuses:
            self._add_item(self.statusesList, status, status in checked_statuses if checked_statuses
                           else status == STATUS_OCCUPIED)
        self.statusesList.blockSignals(False)
        self._fill_upper_statuses()
        self.statusLabel.setText(tr("{}: {} features, {} sources.").format(
            layer.name(), len(records), len(sources)))

    def _fit_lists(self):
        """Each check list as tall as its items (one to LIST_ROWS rows, then it
        scrolls): the results table gets the rest of the panel's height."""
        for widget in (self.sourcesList, self.statusesList, self.upperStatusesList):
            row = widget.sizeHintForRow(0) if widget.count() else widget.fontMetrics().height() + 6
            rows = min(max(widget.count(), 1), LIST_ROWS)
            widget.setMaximumHeight(rows * row + 2 * widget.frameWidth() + 2)

    def _fill_upper_statuses(self):
        """List the statuses an upper bound can add: every status not already
        counted as occupied (checks kept across refills)."""
        current = self._checked(self.upperStatusesList)
        remembered = self._upper_memory
        if self.upperStatusesList.count():
            remembered = set(current)
        occupied = set(self._checked(self.statusesList))
        self.upperStatusesList.blockSignals(True)
        self.upperStatusesList.clear()
        for status in self._all_statuses:
            if status in occupied:
                continue
            self._add_item(self.upperStatusesList, status, status in remembered if remembered is not None
                           else status == STATUS_CONTESTED)
        self.upperStatusesList.blockSignals(False)
        self._upper_memory = remembered
        self._fit_lists()

    def _source_toggled(self, item):
        if item.checkState() == Qt.Checked:
            self._unchecked_sources.discard(item.text())
        else:
            self._unchecked_sources.add(item.text())

    def _occupied_statuses_changed(self, _item=None):
        self._fill_upper_statuses()

    @staticmethod
    def _add_item(widget, text, checked):
        item = QListWidgetItem(text, widget)
        item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
        item.setCheckState(Qt.Checked if checked else Qt.Unchecked)
        item.setToolTip(text)

    @staticmethod
    def _checked(widget) -> List[str]:
        return [widget.item(i).text() for i in range(widget.count())
                if widget.item(i).checkState() == Qt.Checked]

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
        self.run = AlgorithmRun(ALGORITHM_ID, parameters, tr("Occupied share"), bar, self)
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

    def _finished(self, ok, results):
        run = self.run
        if ok and run is not None:
            layer = run.take_layer(results.get("OUTPUT"))
            if layer is not None:
                self.areas_layer_id, self.name_field = self._pending
                self.result_layer = layer
                self.set_rows(rows_from_layer(layer))
                self.save_to_project()
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
        self.exportChartButton.setEnabled(has_rows and self.figure is not None and not running)

    # -- results ------------------------------------------------------------------
    def set_rows(self, rows: List[Dict]):
        """Show ``rows`` in the table and the chart."""
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        self.proxy.sort(-1)
        self.fit_result_columns()
        self.draw_chart()
        self._update_buttons()

    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Resize and watched is self.resultsView.viewport():
            self.fit_result_columns()
        return super().eventFilter(watched, event)

    def fit_result_columns(self):
        """Dates and numbers at the width of their values (and titles); the source
        takes at most SOURCE_SHARE of the rest, the area what is left. Sized by
        the values rather than by Qt's header hint, which keeps room for a sort
        arrow in every column and pushed Share % and km² out of a 400 px dock."""
        view = self.resultsView
        header = view.horizontalHeader()
        title_metrics = header.fontMetrics()
        padding = 2 * view.style().pixelMetric(view.style().PM_HeaderMargin) + 4
        fixed = 0
        for column in range(len(COLUMNS)):
            if column in (AREA_COLUMN, SOURCE_COLUMN):
                continue
            width = self._column_width(column, title_metrics, padding)
            header.resizeSection(column, width)
            fixed += width
        left = max(view.viewport().width() - fixed, 0)
        source = self._column_width(SOURCE_COLUMN, title_metrics, padding)
        header.resizeSection(SOURCE_COLUMN,
                             max(min(source, int(left * SOURCE_SHARE)), header.minimumSectionSize()))

    def _column_width(self, column, title_metrics, padding) -> int:
        """Pixels for the widest value of ``column`` or its title, whichever is wider."""
        title = self.model.headerData(column, Qt.Horizontal)
        return max(self.resultsView.sizeHintForColumn(column),
                   title_metrics.horizontalAdvance(title) + padding)

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
        show_day_on_canvas(canvas, day)
        extent = self._area_extent(row["area"], canvas.mapSettings().destinationCrs())
        if extent is not None:
            canvas.setExtent(extent)
        canvas.refresh()

    def _area_extent(self, name, crs):
        layer = QgsProject.instance().mapLayer(self.areas_layer_id) if self.areas_layer_id else None
        if layer is None:
            return None
        if self.name_field:
            expression = "{} = {}".format(
                QgsExpression.quotedColumnRef(self.name_field), QgsExpression.quotedValue(name))
            request = QgsFeatureRequest().setFilterExpression(expression)
        else:
            try:
                request = QgsFeatureRequest(int(name))
            except ValueError:
                return None
        for feature in layer.getFeatures(request):
            geometry = feature.geometry()
            if geometry.isNull():
                return None
            if crs.isValid() and crs != layer.crs():
                geometry.transform(QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance()))
            extent = geometry.boundingBox()
            extent.scale(1.1)
            return extent
        return None

    # -- chart -------------------------------------------------------------------
    def _setup_chart(self):
        try:
            from matplotlib.backends.backend_qt5agg import FigureCanvasQTAgg
            from matplotlib.figure import Figure
        except ImportError:  # Debian: python3-matplotlib
            self.chartMessageLabel.setText(tr(
                "The chart needs matplotlib (Debian: apt install python3-matplotlib; "
                "elsewhere: pip install matplotlib). The table works without it."))
            return
        self.figure = Figure(figsize=(5, 5), tight_layout=True)
        self.chart_canvas = FigureCanvasQTAgg(self.figure)
        self.chart_canvas.setObjectName("analysisChart")
        self.chart_canvas.setToolTip(tr("Occupied share (percent) per area and source over time."))
        self.chartLayout.addWidget(self.chart_canvas)
        self.chartMessageLabel.setVisible(False)

    def draw_chart(self):
        """One line per area and source: share (percent) against date."""
        if self.figure is None:
            return
        self.figure.clear()
        axes = self.figure.add_subplot(111)
        series: Dict[tuple, List[tuple]] = {}
        for row in self.rows:
            if row.get("date") and row.get("occupied_pct") is not None:
                series.setdefault((row["area"], row["source"]), []).append(
                    (datetime.date.fromisoformat(row["date"]), row["occupied_pct"]))
        sources = sorted({source for _area, source in series})
        areas = sorted({area for area, _source in series})
        # one colour per area, one line style per source
        palette = [f"C{i}" for i in range(10)] if len(areas) <= 10 else \
            [f"tab:{c}" for c in ("blue", "orange", "green", "red", "purple", "brown", "pink",
                                  "gray", "olive", "cyan")] + \
            ["navy", "gold", "lime", "maroon", "teal", "magenta", "black", "salmon", "khaki", "indigo"]
        colours = [palette[i % len(palette)] for i in range(len(areas))]
        dashes = ["-", "--", ":", "-."]
        for (area, source), points in sorted(series.items()):
            points.sort()
            label = f"{area} ({source})" if len(sources) > 1 else area
            style = dashes[sources.index(source) % len(dashes)] if len(points) > 1 else "o"
            axes.plot([p[0] for p in points], [p[1] for p in points], style, label=label,
                      color=colours[areas.index(area)], linewidth=1.2)
        axes.set_ylabel(tr("occupied share (%)"))
        axes.set_ylim(-2, 102)
        axes.grid(True, alpha=0.3)
        if series:
            if len(series) <= 6:
                axes.legend(fontsize="x-small")
            else:  # below the plot, so that no line is hidden
                axes.legend(fontsize="x-small", ncol=2, loc="upper center",
                            bbox_to_anchor=(0.5, -0.22), frameon=False)
            self._format_date_axis(axes)
        else:
            axes.text(0.5, 0.5, tr("No result yet"), ha="center", va="center", transform=axes.transAxes)
        self.chart_canvas.draw_idle()

    @staticmethod
    def _format_date_axis(axes):
        """Few, short date ticks ("Nov", "05", "10"... with the year once), so that
        labels never overlap, however narrow the dock or long the series."""
        try:
            from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
        except ImportError:  # matplotlib older than 3.1
            axes.figure.autofmt_xdate()
            return
        locator = AutoDateLocator(minticks=3, maxticks=6)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))

    def export_chart(self, path: str) -> None:
        """Save the chart to ``path`` (.png or .svg, by its extension), atomically."""
        if self.figure is None:
            raise RuntimeError(tr("There is no chart: matplotlib is missing."))
        extension = os.path.splitext(path)[1].lower() or ".png"
        with atomic_path(path) as temporary:
            self.figure.savefig(temporary, format=extension.lstrip("."), dpi=150)

    def _export_chart_clicked(self):
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("Save the chart"), "", tr("PNG image (*.png);;SVG image (*.svg)"))
        if path:
            self._report(self.export_chart, path)

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
    def save_to_project(self):
        """Keep the last result in the project file (restored on project read)."""
        project = QgsProject.instance()
        # columns once, then value lists: half the size of a list of dicts
        table = {"columns": list(ROW_KEYS), "rows": [[row.get(k) for k in ROW_KEYS] for row in self.rows]}
        project.writeEntry(PROJECT_SCOPE, KEY_ROWS, json.dumps(table, separators=(",", ":")))
        project.writeEntry(PROJECT_SCOPE, KEY_AREAS_LAYER, self.areas_layer_id)
        project.writeEntry(PROJECT_SCOPE, KEY_NAME_FIELD, self.name_field)

    def restore_from_project(self, *_args):
        """Show the result stored in the current project, if any."""
        project = QgsProject.instance()
        text, found = project.readEntry(PROJECT_SCOPE, KEY_ROWS, "")
        rows = []
        if found and text:
            try:
                table = json.loads(text)
                columns = table["columns"]
                rows = [dict(zip(columns, values)) for values in table["rows"]]
            except (ValueError, KeyError, TypeError):
                log.warning("The project's analysis/rows entry is not readable; ignored.")
                rows = []
        self.areas_layer_id = project.readEntry(PROJECT_SCOPE, KEY_AREAS_LAYER, "")[0]
        self.name_field = project.readEntry(PROJECT_SCOPE, KEY_NAME_FIELD, "")[0]
        self.result_layer = None
        self.set_rows(rows)
        if rows:
            self.statusLabel.setText(tr("{} rows restored from the project.").format(len(rows)))
