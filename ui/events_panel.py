"""The Events panel: the store's events shown on the map for the day the clock
shows (each for its display window), a list of them (time, type, verification,
source; a click zooms to one), an import of an event file in the background,
and the "Add event" map tool with its short form, added undoably and saved in
the store (a team store's edit rules apply).

The panel computes nothing: events are read by ``importevents`` and checked by
``core.events``; the layer is ``layers.events``.
"""

import datetime
import html
from typing import List, Optional

from qgis.core import Qgis, QgsFeatureRequest, QgsPointXY, QgsProject, QgsRectangle
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import store
from ..core.events import EventRowError
from ..infra.i18n import tr
from ..infra.settings import EVENT_DISPLAY_DAYS, LAST_IMPORT_FOLDER
from ..layers.drawings import DrawingStoreError, save_drawings
from ..layers.events import (
    display_days,
    event_feature,
    find_events_layer,
    load_events_layer,
    restyle_events_layers,
    type_label,
    verification_label,
)
from .algorithm_runner import AlgorithmRun
from .event_dialog import EventDialog
from .map_tools.event_tool import EventMapTool
from .messages import show_message
from .situation_clock import SituationClock
from .situation_context import SituationContext

PANEL_OBJECT_NAME = "EventsPanel"
COLUMNS = ("time", "event", "source")  # event: its type and verification in words


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as written: Qt would read text that looks
    like HTML as HTML."""
    return "<p style='white-space:pre-wrap'>{}</p>".format(html.escape(text or ""))


class EventsPanel(QWidget):
    """Events of the shown period: list, zoom, import, add on the map."""

    def __init__(self, iface, parent=None, clock=None, context=None):
        super().__init__(parent)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.iface = iface
        self.canvas = iface.mapCanvas() if iface is not None else None
        self.project = QgsProject.instance()
        self.clock = clock if clock is not None else SituationClock(self.canvas, self.project, self)
        self.context = context if context is not None else SituationContext(self.project, self)
        self.run: Optional[AlgorithmRun] = None
        self.guard = None
        self.shown_fids: List[int] = []
        self._connections = []

        layout = QVBoxLayout(self)
        self.storeLabel = QLabel()
        self.storeLabel.setWordWrap(True)
        layout.addWidget(self.storeLabel)
        row = QHBoxLayout()
        self.importButton = QPushButton(tr("Import events…"))
        self.importButton.setToolTip(tr("Read a CSV, GeoJSON, GeoPackage, Shapefile, KML or KMZ file of events "
                                        "into the store (a file with a bad row is refused, naming it)."))
        self.showButton = QPushButton(tr("Show on map"))
        self.showButton.setToolTip(tr("Add the store's events layer to the map (it follows the day shown)."))
        row.addWidget(self.importButton)
        row.addWidget(self.showButton)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Shown for")))
        self.daysSpin = QSpinBox()
        self.daysSpin.setRange(1, 365)
        self.daysSpin.setSuffix(tr(" day(s)"))
        self.daysSpin.setValue(display_days())
        self.daysSpin.setToolTip(tr("How long an event stays on the map from its day (its day included)."))
        row.addWidget(self.daysSpin)
        row.addStretch(1)
        layout.addLayout(row)
        self.periodLabel = QLabel()
        self.periodLabel.setWordWrap(True)
        layout.addWidget(self.periodLabel)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr("Time (UTC)"), tr("Event"), tr("Source")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Interactive)
        header.resizeSection(2, 80)  # the event's words get the rest; the tooltip has all
        self.table.setWordWrap(True)  # a narrow dock: the event's words wrap, rows grow
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.setToolTip(tr("The events on the map for the day shown; click one to zoom to it."))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.explainButton = QPushButton(tr("Why the line moved"))
        self.explainButton.setToolTip(tr("The ground gained and lost over the last days up to the day shown, "
                                         "each with the events within 2 km of it in that time "
                                         "(changeevidence), as a layer."))
        self.sinceSpin = QSpinBox()
        self.sinceSpin.setRange(1, 365)
        self.sinceSpin.setValue(7)
        self.sinceSpin.setPrefix(tr("last "))
        self.sinceSpin.setSuffix(tr(" day(s)"))
        self.sinceSpin.setToolTip(tr("How far back from the day shown the change is measured."))
        row.addWidget(self.explainButton)
        row.addWidget(self.sinceSpin)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.addButton = QPushButton(tr("Add event"))
        self.addButton.setCheckable(True)
        self.addButton.setToolTip(tr("Click the map where it happened, then fill in the short form."))
        self.undoButton = QPushButton(tr("Undo"))
        self.undoButton.setToolTip(tr("Take back the last unsaved change to the events."))
        self.saveButton = QPushButton(tr("Save"))
        self.saveButton.setToolTip(tr("Write the added events into the store."))
        for button in (self.addButton, self.undoButton, self.saveButton):
            row.addWidget(button)
        layout.addLayout(row)

        self.tool = None
        if self.canvas is not None:
            self.tool = EventMapTool(self.canvas)
            self.tool.placed.connect(self.ask_event)
            self.tool.activated.connect(lambda: self.addButton.setChecked(True))
            self.tool.deactivated.connect(lambda: self.addButton.setChecked(False))
        self.addButton.clicked.connect(self._toggle_tool)
        self.importButton.clicked.connect(self.browse_import)
        self.showButton.clicked.connect(self.show_layer)
        self.undoButton.clicked.connect(self.undo)
        self.explainButton.clicked.connect(self.explain_changes)
        self.saveButton.clicked.connect(self.save)
        self.daysSpin.valueChanged.connect(self._days_changed)
        self.table.cellClicked.connect(lambda row, _column: self.zoom_to_row(row))
        self._connect(self.clock.dayChanged, lambda _day: self.refresh())
        self._connect(self.context.storeChanged, lambda _location: self._store_changed())
        self._store_changed()

    def _connect(self, signal, slot):
        signal.connect(slot)
        self._connections.append((signal, slot))

    def unload(self):
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        self._connections = []
        if self.tool is not None and self.canvas is not None and self.canvas.mapTool() is self.tool:
            self.canvas.unsetMapTool(self.tool)

    # -- store and layer ---------------------------------------------------------
    @property
    def location(self) -> str:
        return self.context.store_location or ""

    def layer(self):
        """The store's events layer in the project, or None."""
        if not self.location:
            return None
        layer = find_events_layer(self.project, self.location)
        return layer if layer is not None and not sip.isdeleted(layer) else None

    def _store_changed(self):
        shown = store.public_location(self.location) if self.location else ""
        self.storeLabel.setText(tr("Store: {}").format(shown) if shown else
                                tr("No store yet: create or open one in the Situation tab."))
        for button in (self.importButton, self.showButton, self.addButton, self.explainButton):
            button.setEnabled(bool(shown))
        self.guard = None
        self.refresh()

    def show_layer(self):
        """Add (or reload) the events layer of the store; the layer, or None."""
        if not self.location:
            return None
        try:
            layer = load_events_layer(self.location, self.project)
        except store.StoreError as error:
            self._message(str(error), Qgis.Warning)
            return None
        if self.guard is None:
            self.guard = store.edit_guard(layer)
        self.refresh()
        return layer

    def _days_changed(self, days: int):
        EVENT_DISPLAY_DAYS.setValue(int(days))
        restyle_events_layers(self.project)
        self.refresh()

    # -- the list ------------------------------------------------------------------
    def period(self):
        """(first, last) day whose events the map shows on the clock's day; None without a day."""
        day = self.clock.day()
        if day is None:
            return None
        return day - datetime.timedelta(days=display_days() - 1), day

    def refresh(self):
        self.table.setRowCount(0)
        self.shown_fids = []
        layer = self.layer()
        period = self.period()
        if layer is None or period is None:
            self.periodLabel.setText(tr("Show the events on the map and pick a day in the Situation tab "
                                        "to list them.") if self.location else "")
            return
        first, last = period
        request = QgsFeatureRequest().setFilterExpression(
            "\"event_day\" >= to_date('{}') AND \"event_day\" <= to_date('{}')".format(
                first.isoformat(), last.isoformat()))
        features = sorted(layer.getFeatures(request), key=lambda f: (f["event_time"].toUTC().toString(Qt.ISODate)
                                                                     if f["event_time"] else ""))
        for feature in features:
            row = self.table.rowCount()
            self.table.insertRow(row)
            when = feature["event_time"]
            text = when.toUTC().toString("MM-dd HH:mm") if when else ""  # the year is in the period line
            values = (text, tr("{}, {}").format(type_label(feature["type"] or ""),
                                                verification_label(feature["verification"] or "")),
                      feature["source"] or "")
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(plain_tooltip("\n".join(part for part in (
                    " · ".join(values), feature["description"] or "", feature["url"] or "") if part)))
                self.table.setItem(row, column, item)
            self.shown_fids.append(feature.id())
        self.periodLabel.setText(tr("{} event(s) on the map for {} (from {}).").format(
            len(features), last.isoformat(), first.isoformat()))

    def zoom_to_row(self, row: int):
        layer = self.layer()
        if layer is None or self.canvas is None or not 0 <= row < len(self.shown_fids):
            return
        feature = layer.getFeature(self.shown_fids[row])
        if not feature.hasGeometry():
            return
        from qgis.core import QgsCoordinateTransform

        transform = QgsCoordinateTransform(layer.crs(), self.canvas.mapSettings().destinationCrs(), self.project)
        point = transform.transform(feature.geometry().asPoint())
        extent = self.canvas.extent()
        if extent.width() > 0 and self.canvas.scale() <= 50000:
            self.canvas.setCenter(point)
        else:
            half = transform.transform(QgsPointXY(feature.geometry().asPoint().x() + 0.03,
                                                  feature.geometry().asPoint().y())).x() - point.x()
            self.canvas.setExtent(QgsRectangle(point.x() - half, point.y() - half, point.x() + half,
                                               point.y() + half))
        self.canvas.flashGeometries([feature.geometry()], layer.crs())
        self.canvas.refresh()

    # -- import ----------------------------------------------------------------------
    def browse_import(self):
        path, _filter = QFileDialog.getOpenFileName(
            self, tr("Import events"), LAST_IMPORT_FOLDER.value() or "",
            tr("Event files (*.csv *.txt *.geojson *.json *.gpkg *.shp *.kml *.kmz *.fgb)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str, skip_invalid: bool = False) -> Optional[AlgorithmRun]:
        """Run importevents on ``path`` into the store in the background."""
        if not self.location or (self.run is not None and self.run.is_running()):
            return None
        layer = self.layer()
        if layer is not None and layer.isEditable() and layer.isModified():
            self._message(tr("Save or undo the events you added before importing."), Qgis.Warning)
            return None
        bar = self.iface.messageBar() if self.iface is not None else None
        self.run = AlgorithmRun("situationmapper:importevents",
                                {"INPUT": path, "OUTPUT": self.location, "SKIP_INVALID": skip_invalid},
                                tr("Importing events"), bar, self)
        self.run.finished.connect(self._imported)
        self.importButton.setEnabled(False)
        if not self.run.start():
            self.importButton.setEnabled(True)
            return None
        return self.run

    def _imported(self, ok: bool, results: dict):
        self.importButton.setEnabled(bool(self.location))
        if not ok:
            return
        from ..algorithms.import_events import event_counts

        self._message(event_counts(results), Qgis.Success if results.get("IMPORTED") else Qgis.Info)
        self.show_layer()

    # -- why the line moved ----------------------------------------------------------
    def explain_changes(self) -> Optional[AlgorithmRun]:
        """Run changeevidence from (day shown − the days asked) to the day shown,
        in the background; its changes are added to the map, styled."""
        day = self.clock.day()
        if not self.location or day is None:
            self._message(tr("Pick a day in the Situation tab first."), Qgis.Info)
            return None
        if self.run is not None and self.run.is_running():
            return None
        first = day - datetime.timedelta(days=self.sinceSpin.value())
        bar = self.iface.messageBar() if self.iface is not None else None
        self.run = AlgorithmRun("situationmapper:changeevidence", {
            "CONTROL": self.location, "EVENTS": self.location, "DATE_A": first.isoformat(),
            "DATE_B": day.isoformat(), "STATUSES": "occupied", "PARTS": True,
            "OUTPUT": "TEMPORARY_OUTPUT"}, tr("Why the line moved"), bar, self)
        self.run.finished.connect(lambda ok, results, a=first, b=day: self._explained(ok, results, a, b))
        self.explainButton.setEnabled(False)
        if not self.run.start():
            self.explainButton.setEnabled(True)
            return None
        return self.run

    def _explained(self, ok: bool, results: dict, first: datetime.date, last: datetime.date):
        self.explainButton.setEnabled(bool(self.location))
        if not ok:
            return
        from ..layers.drawings import add_computed_layers
        from ..layers.change_style import style_changes

        layer = self.run.take_layer(results.get("OUTPUT"))
        if layer is None:
            return
        layer.setName(tr("Changes {} to {} with their events").format(first.isoformat(), last.isoformat()))
        style_changes(layer)
        add_computed_layers([layer], tr("Why the line moved"), self.project)
        explained = sum(1 for feature in layer.getFeatures() if (feature["event_count"] or 0) > 0)
        self._message(tr("{} change(s) from {} to {}, {} with events nearby; {} event(s) linked, {} near no "
                         "change.").format(layer.featureCount(), first.isoformat(), last.isoformat(), explained,
                                           results.get("LINKED", 0), results.get("UNLINKED", 0)), Qgis.Info)

    # -- add on the map ----------------------------------------------------------------
    def _toggle_tool(self, checked: bool):
        if self.canvas is None or self.tool is None:
            return
        if checked:
            if self.show_layer() is None:
                self.addButton.setChecked(False)
                return
            self.canvas.setMapTool(self.tool)
        elif self.canvas.mapTool() is self.tool:
            self.canvas.unsetMapTool(self.tool)

    def ask_event(self, point: QgsPointXY):
        dialog = EventDialog(point, self.clock.day(), parent=self)
        if dialog.exec_():
            self.add_event(dialog)

    def add_event(self, dialog: EventDialog):
        """Add the dialog's event to the layer's edit buffer (one undoable edit)."""
        layer = self.layer() or self.show_layer()
        if layer is None:
            return None
        try:
            event = dialog.checked_event()
        except EventRowError as error:
            self._message(tr("The event was not added: {}.").format(error), Qgis.Warning)
            return None
        if not layer.isEditable() and not layer.startEditing():
            self._message(tr("The events layer cannot be edited."), Qgis.Warning)
            return None
        feature = event_feature(layer, event)
        layer.beginEditCommand(tr("Add event"))
        if not layer.addFeature(feature):
            layer.destroyEditCommand()
            self._message(tr("The events layer refused the new event."), Qgis.Warning)
            return None
        layer.endEditCommand()
        layer.triggerRepaint()
        self.refresh()
        return feature

    def undo(self):
        layer = self.layer()
        if layer is not None and layer.isEditable():
            layer.undoStack().undo()
            layer.triggerRepaint()
            self.refresh()

    def save(self) -> bool:
        layer = self.layer()
        if layer is None or not layer.isEditable():
            return True
        try:
            save_drawings(layer, self.guard)
        except DrawingStoreError as error:
            self._message(str(error), Qgis.Critical)
            return False
        self._message(tr("Events saved in {}.").format(store.public_location(self.location)), Qgis.Success)
        self.refresh()
        return True

    def _message(self, text, level):
        if self.iface is not None:
            show_message(self.iface.messageBar(), text, level)
