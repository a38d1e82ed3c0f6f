"""The Draw panel: map tools and numeric entry for encirclement arcs and
corridors drawn by hand, and a "Compute from data" section that runs the
encirclement and corridor algorithms in the background (AlgorithmRun).

The panel never computes figures: drawings are built by ``layers.drawings`` (on
``core`` geodesy) and analyses run as Processing algorithms.
"""

import datetime
from typing import Optional

from qgis.core import (
    Qgis,
    QgsMapLayerProxyModel,
    QgsPointXY,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QDate, pyqtSlot
from qgis.PyQt.QtWidgets import QFileDialog, QWidget

from ..infra.i18n import tr
from ..infra.log import log
from ..infra.settings import DEFAULT_ARC_MAX_SEGMENT_M, DEFAULT_AUTHOR
from ..icons import icon
from ..layers.drawings import (
    KIND_ARC,
    KIND_CORRIDOR,
    DrawingStoreError,
    add_computed_layers,
    add_drawing,
    add_to_project,
    apply_style,
    arc_geometry,
    configure_day_temporal,
    corridor_geometry,
    open_drawing_layers,
    save_drawings,
)
from ..layers.project_state import ProjectStateWatcher, read_state
from ..store.schema import DRAWING_SIDES
from ..store import public_location
from ..layers.temporal import as_qdate
from .algorithm_runner import AlgorithmRun
from .drawing_summary import result_summary, store_status_text
from .area_picker import AreaPickerBinding
from .situation_clock import SituationClock
from .situation_context import SituationContext
from .map_tools.arc_tool import ArcMapTool
from .map_tools.corridor_tool import CorridorMapTool
from .form_loader import load_ui
from .messages import show_message

PANEL_OBJECT_NAME = "DrawPanel"
NAME_FIELD_CANDIDATES = ("name", "NAME", "Name")


class DrawPanel(QWidget, load_ui("draw_panel")):
    """Draw encirclement arcs and corridors; compute them from control data."""

    def __init__(self, iface, parent=None, clock=None, context=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.iface = iface
        self.canvas = iface.mapCanvas() if iface is not None else None
        self.project = QgsProject.instance()
        self._owns_clock = clock is None
        self.clock = clock if clock is not None else SituationClock(self.canvas, self.project, self)
        self._owns_context = context is None
        self.context = context if context is not None else SituationContext(self.project, self)
        self.drawing_layers = None
        self.run: Optional[AlgorithmRun] = None
        # the store and the date follow the Situation panel (the project's state)
        # and the map's date until the user chooses their own
        self._store_follows_project = True
        self._date_follows_map = True
        self._setting_date = False

        self.sideCombo.addItems(list(DRAWING_SIDES))
        self.dateEdit.setDate(QDate.currentDate())
        self.authorEdit.setText(DEFAULT_AUTHOR.value() or "")
        self.arcToolButton.setIcon(icon("arc_tool"))
        self.corridorToolButton.setIcon(icon("corridor_tool"))
        self.areaLayerCombo.setFilters(QgsMapLayerProxyModel.PolygonLayer | QgsMapLayerProxyModel.PointLayer)
        self.controlLayerCombo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.nameFieldCombo.setAllowEmptyFieldName(True)
        self.areaLayerCombo.layerChanged.connect(self._areas_changed)
        self._areas_changed(self.areaLayerCombo.currentLayer())
        self.cancelButton.setEnabled(False)

        self.arc_tool = self.corridor_tool = None
        if self.canvas is not None:
            self.arc_tool = ArcMapTool(self.canvas)
            self.arc_tool.arcFinished.connect(self.add_arc)
            self.arc_tool.arcChanged.connect(self._show_arc_values)
            self.corridor_tool = CorridorMapTool(self.canvas, self.widthSpin.value)
            self.corridor_tool.routeFinished.connect(self.add_corridor)
            for tool, button in ((self.arc_tool, self.arcToolButton),
                                 (self.corridor_tool, self.corridorToolButton)):
                tool.activated.connect(lambda b=button: b.setChecked(True))
                tool.deactivated.connect(lambda b=button: b.setChecked(False))
        self.arcToolButton.clicked.connect(lambda checked: self.activate_tool(self.arc_tool, checked))
        self.corridorToolButton.clicked.connect(
            lambda checked: self.activate_tool(self.corridor_tool, checked))
        for spin in (self.radiusSpin, self.startAzSpin, self.endAzSpin):
            spin.valueChanged.connect(self._values_to_tool)
        self.addArcButton.clicked.connect(self.add_arc_from_values)
        self.storeBrowseButton.clicked.connect(self._browse_store)
        self.storePathEdit.textEdited.connect(self._store_typed)
        self.storePathEdit.editingFinished.connect(self._store_changed)
        self.dateEdit.dateChanged.connect(self._date_edited)
        self.saveButton.clicked.connect(self.save)
        self.computeEncirclementButton.clicked.connect(self.compute_encirclement)
        self.computeCorridorButton.clicked.connect(self.compute_corridor)
        self.cancelButton.clicked.connect(self.cancel)

        # project read / cleared (recorded, removed by unload()); the Situation
        # panel writes its store and date into the project (dirtySet follows that);
        # the map's date moves the default drawing date
        self.state_watcher = ProjectStateWatcher(self._project_read, self._project_cleared,
                                                 self.project, self)
        self.connections = []  # (signal, slot) pairs, disconnected by unload()
        self._connect(self.project.dirtySet, self._project_changed)
        self._connect(self.clock.dayChanged, self._map_date_changed)
        self._connect(self.context.storeChanged, self._context_store_changed)
        self.areas_binding = AreaPickerBinding(self.context, self.areaLayerCombo, self.nameFieldCombo, self)
        # the rear point is the context's: set here, kept for every tab and in the project
        self._show_rear_point(self.context.rear_point)
        self._connect(self.context.rearPointChanged, self._show_rear_point)
        for spin in (self.rearLonSpin, self.rearLatSpin):
            self._connect(spin.valueChanged, self._rear_point_edited)
        self.follow_project()

    def _connect(self, signal, slot):
        signal.connect(slot)
        self.connections.append((signal, slot))

    # -- tools -----------------------------------------------------------------
    def activate_tool(self, tool, checked=True):
        """Set ``tool`` on the canvas (or unset it when ``checked`` is False)."""
        if tool is None or self.canvas is None:
            return
        if checked:
            self.canvas.setMapTool(tool)
        elif self.canvas.mapTool() is tool:
            self.canvas.unsetMapTool(tool)

    def activate_arc_tool(self):
        self.activate_tool(self.arc_tool)

    def activate_corridor_tool(self):
        self.activate_tool(self.corridor_tool)

    def unload(self):
        """Disconnect from the project and canvas, unset the map tools from the
        canvas and delete them (plugin unload)."""
        if self.run is not None and self.run.is_running():
            self.run.cancel()
        self.state_watcher.disconnect_all()
        if self._owns_clock:
            self.clock.unload()
        self.areas_binding.unload()
        if self._owns_context:
            self.context.unload()
        while self.connections:
            signal, slot = self.connections.pop()
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):  # already gone with its object
                pass
        self.drawing_layers = None
        for tool in (self.arc_tool, self.corridor_tool):
            if tool is None:
                continue
            if self.canvas.mapTool() is tool:
                self.canvas.unsetMapTool(tool)
            tool.setAction(None)
            tool.remove_from_canvas()
            tool.deleteLater()
        self.arc_tool = self.corridor_tool = None

    def _show_arc_values(self, centre, radius, start, end):
        for spin, value in ((self.centreLonSpin, centre.x()), (self.centreLatSpin, centre.y()),
                            (self.radiusSpin, radius), (self.startAzSpin, start), (self.endAzSpin, end)):
            spin.blockSignals(True)
            if value:
                spin.setValue(value)
            spin.blockSignals(False)

    def _values_to_tool(self):
        if self.arc_tool is not None and self.arc_tool.centre is not None:
            self.arc_tool.set_values(self.radiusSpin.value(), self.startAzSpin.value(),
                                     self.endAzSpin.value())

    # -- store -----------------------------------------------------------------
    def _browse_store(self):
        path, _filter = QFileDialog.getOpenFileName(self, tr("Situation store"), "",
                                                    tr("GeoPackage (*.gpkg)"))
        if path:
            self.storePathEdit.setText(path)
            self._store_follows_project = False
            self._store_changed()

    def _store_typed(self, text):
        # a path of the user's own; emptied, the field follows the project again
        self._store_follows_project = not text.strip()

    def _store_changed(self):
        path = self.storePathEdit.text().strip()
        # a path other than the project's is the user's choice: keep it
        self._store_follows_project = not path or path == self._project_store()
        if self.drawing_layers is not None and self.drawing_layers.store_path != public_location(path):
            self.drawing_layers = None
        if not path and self._store_follows_project:
            self.storePathEdit.setText(self._project_store())
        self._show_store_status()

    # -- following the project and the map ---------------------------------------
    def follow_project(self):
        """Take the Situation panel's store (saved in the project) unless the user
        chose another, and the map's date unless the user set one."""
        if self._store_follows_project:
            store = self._project_store()
            if store != self.storePathEdit.text().strip():
                self.storePathEdit.setText(store)
                self._store_changed()
        self._show_store_status()
        if self._date_follows_map:
            self._show_day(self.situation_day())

    @pyqtSlot()
    def _project_changed(self):
        if self._store_follows_project or self._date_follows_map:
            self.follow_project()

    def _show_rear_point(self, point):
        if point is None:
            return
        for spin, value in ((self.rearLonSpin, point[0]), (self.rearLatSpin, point[1])):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)

    def _rear_point_edited(self, _value=None):
        self.context.set_rear_point((self.rearLonSpin.value(), self.rearLatSpin.value()))

    def _context_store_changed(self, _location):
        if self._store_follows_project:
            self.follow_project()

    def _project_read(self, _state=None):
        self.follow_project()

    def _project_cleared(self):
        # the project deleted its layers: the drawing layers and results are gone
        self.drawing_layers = None
        self._store_follows_project = True
        self._date_follows_map = True
        self.storePathEdit.clear()
        self.resultLabel.clear()
        self.progressBar.setValue(0)
        self.follow_project()

    def _map_date_changed(self, _day=None):
        if self._date_follows_map:
            self._show_day(self.situation_day())

    def situation_day(self) -> QDate:
        """The situation clock's day (the map's, else the project's), else today."""
        return as_qdate(self.clock.day_or_latest())

    def _show_day(self, day: QDate):
        self._setting_date = True
        try:
            self.dateEdit.setDate(day)
        finally:
            self._setting_date = False

    def _date_edited(self, _date):
        if not self._setting_date:
            self._date_follows_map = False

    def _show_store_status(self):
        self.storeStatusLabel.setText(store_status_text(self.storePathEdit.text()))

    def _project_store(self) -> str:
        """The store the Situation panel saved in the project, if any."""
        return read_state(self.project).store_path or ""

    def _drawing_layers_alive(self) -> bool:
        """False when the project removed (and deleted) a drawing layer."""
        for layer in (self.drawing_layers.arcs, self.drawing_layers.corridors):
            if sip.isdeleted(layer) or self.project.mapLayer(layer.id()) is not layer:
                return False
        return True

    def has_drawings(self) -> bool:
        """True when the drawing layers hold an arc or a corridor."""
        if self.drawing_layers is None or not self._drawing_layers_alive():
            return False
        return (self.drawing_layers.arcs.featureCount() + self.drawing_layers.corridors.featureCount()) > 0

    def layers(self):
        """The drawing layers (opened and added to the project on first use); the
        store is the panel's field, else the project's situation store, else memory."""
        if self.drawing_layers is not None and not self._drawing_layers_alive():
            self.drawing_layers = None
        if self.drawing_layers is None:
            if not self.storePathEdit.text().strip() and self._project_store():
                self.storePathEdit.setText(self._project_store())
                self._show_store_status()
            path = self.storePathEdit.text().strip()
            self.drawing_layers = open_drawing_layers(path or None)
            add_to_project(self.drawing_layers)
            if self.drawing_layers.in_memory:
                self._message(tr("No store open: drawings go to the memory layers under "
                                 "'Drawings' and are not saved with a store."), Qgis.Info)
        return self.drawing_layers

    def _attributes(self, **extra):
        date = self.dateEdit.date()
        attributes = {
            "date": datetime.date(date.year(), date.month(), date.day()),
            "author": self.authorEdit.text().strip() or DEFAULT_AUTHOR.value() or None,
            "note": self.noteEdit.text().strip() or None,
            "side": self.sideCombo.currentText().strip() or None,
            "colour": self.colourEdit.text().strip() or None,
        }
        attributes.update(extra)
        return attributes

    # -- drawing -----------------------------------------------------------------
    def add_arc(self, centre: QgsPointXY, radius_m: float, start_az: float, end_az: float):
        """Store an encirclement arc (one undoable edit); returns the feature or None."""
        try:
            geometry = arc_geometry(centre, radius_m, start_az, end_az,
                                    DEFAULT_ARC_MAX_SEGMENT_M.value())
            layer = self.layers().arcs
            feature = add_drawing(layer, geometry, self._attributes(
                kind=KIND_ARC, radius_m=radius_m, start_az=start_az % 360.0, end_az=end_az % 360.0),
                tr("Draw encirclement arc"))
        except (ValueError, DrawingStoreError) as error:
            self._message(tr("The arc was not stored: {}").format(error), Qgis.Warning)
            return None
        layer.triggerRepaint()
        return feature

    def add_arc_from_values(self):
        centre = QgsPointXY(self.centreLonSpin.value(), self.centreLatSpin.value())
        return self.add_arc(centre, self.radiusSpin.value(), self.startAzSpin.value(),
                            self.endAzSpin.value())

    def add_corridor(self, route):
        """Store a corridor polygon around ``route`` (EPSG:4326 points) at the panel's width."""
        width = self.widthSpin.value()
        try:
            geometry = corridor_geometry(route, width)
            layer = self.layers().corridors
            feature = add_drawing(layer, geometry, self._attributes(kind=KIND_CORRIDOR, width_m=width),
                                  tr("Draw corridor"))
        except (ValueError, DrawingStoreError) as error:
            self._message(tr("The corridor was not stored: {}").format(error), Qgis.Warning)
            return None
        layer.triggerRepaint()
        return feature

    def save(self):
        """Commit both drawing layers; a failure keeps the edits and says why."""
        if self.drawing_layers is None or not self._drawing_layers_alive():
            self.drawing_layers = None
            return True
        try:
            guards = self.drawing_layers.guards or [None, None]
            for layer, guard in zip((self.drawing_layers.arcs, self.drawing_layers.corridors), guards):
                save_drawings(layer, guard)
        except DrawingStoreError as error:
            self._message(str(error), Qgis.Critical)
            return False
        if self.drawing_layers.in_memory:
            self._message(tr("Drawings kept in memory layers: open a store to save them in it."),
                          Qgis.Info)
        return True

    # -- compute from data -------------------------------------------------------
    def _areas_changed(self, layer):
        self.nameFieldCombo.setLayer(layer)
        self._pick_name_field(layer)

    def _pick_name_field(self, layer):
        """Choose a field called name (any of the usual spellings) when there is one."""
        if layer is None:
            return
        names = layer.fields().names()
        for candidate in NAME_FIELD_CANDIDATES + tuple(n for n in names if n.lower() == "name"):
            if candidate in names:
                self.nameFieldCombo.setField(candidate)
                return

    def _common_parameters(self):
        area = self.areaLayerCombo.currentLayer()
        control = self.controlLayerCombo.currentLayer()
        if area is None or control is None:
            self._message(tr("Choose an area layer and a control layer first."), Qgis.Warning)
            return None
        area_input = area
        if self.selectedOnlyCheck.isChecked():
            if area.selectedFeatureCount() == 0:
                self._message(tr("'Selected features only' is checked but no area of '{}' is "
                                 "selected.").format(area.name()), Qgis.Warning)
                return None
            area_input = QgsProcessingFeatureSourceDefinition(area.id(), True)
        return {"AREA": area_input, "CONTROL": control, "STATUSES": self.statusesEdit.text(),
                "DATES": self.datesEdit.text()}

    def compute_encirclement(self):
        parameters = self._common_parameters()
        if parameters is None:
            return None
        parameters.update({"AREA_NAME_FIELD": self.nameFieldCombo.currentField() or None,
                           "RADIUS_M": self.radiiEdit.text(), "TABLE": "TEMPORARY_OUTPUT",
                           "ARCS": "TEMPORARY_OUTPUT"})
        return self._start("situationmapper:encirclement", parameters, tr("Encirclement"))

    def compute_corridor(self):
        parameters = self._common_parameters()
        if parameters is None:
            return None
        parameters.update({
            "REAR": f"{self.rearLonSpin.value()},{self.rearLatSpin.value()} [EPSG:4326]",
            "TABLE": "TEMPORARY_OUTPUT", "THROAT": "TEMPORARY_OUTPUT",
            "PASSAGE": "TEMPORARY_OUTPUT", "CENTRELINE": "TEMPORARY_OUTPUT"})
        return self._start("situationmapper:corridor", parameters, tr("Corridor"))

    def _start(self, algorithm_id, parameters, description):
        if self.run is not None and self.run.is_running():
            self._message(tr("A computation is already running."), Qgis.Info)
            return None
        bar = self.iface.messageBar() if self.iface is not None else None
        if self.run is not None:
            self.run.deleteLater()  # finished: its layers were taken
        self.run = AlgorithmRun(algorithm_id, parameters, description, bar, self)
        self.run.progress.connect(lambda value: self.progressBar.setValue(int(value)))
        self.run.finished.connect(self._finished)
        self.progressBar.setValue(0)
        self.resultLabel.setText(tr("{} running…").format(description))
        if self.run.start():
            self.cancelButton.setEnabled(True)
            self.computeEncirclementButton.setEnabled(False)
            self.computeCorridorButton.setEnabled(False)
        return self.run

    def cancel(self):
        if self.run is not None:
            self.run.cancel()

    _STYLES = {"ARCS": "encirclement_arcs", "THROAT": "corridor_throat",
               "PASSAGE": "corridor_passage", "CENTRELINE": "corridor_centreline"}
    # drawing order in the results group, top first; the table last
    _ORDER = ("ARCS", "THROAT", "CENTRELINE", "PASSAGE", "TABLE")
    _NAMES = {"TABLE": "{} table", "ARCS": "Encirclement arcs (computed)",
              "THROAT": "Corridor throat", "PASSAGE": "Corridor passage",
              "CENTRELINE": "Corridor centreline"}

    def _finished(self, ok, results):
        self.cancelButton.setEnabled(False)
        self.computeEncirclementButton.setEnabled(True)
        self.computeCorridorButton.setEnabled(True)
        run = self.run
        if not ok:
            self.resultLabel.setText(tr("{} did not finish.").format(run.description))
            return
        self.progressBar.setValue(100)
        summary = []
        layers = []
        keys = sorted(results, key=lambda k: self._ORDER.index(k) if k in self._ORDER else len(self._ORDER))
        for key in keys:
            layer = run.take_layer(results[key])
            if layer is None:
                continue
            layer.setName(tr(self._NAMES.get(key, key)).format(run.description))
            if key in self._STYLES:
                apply_style(layer, self._STYLES[key])
            # after the style: loading a QML resets the temporal properties
            configure_day_temporal(layer)
            layers.append(layer)
            if key == "TABLE":
                summary = result_summary(layer)
        if layers:
            dates = str(run.parameters.get("DATES") or "").strip() or tr("all dates")
            add_computed_layers(layers, tr("{} ({})").format(run.description, dates), self.project)
        self.resultLabel.setText("\n".join(summary) or tr("{} finished.").format(run.description))
        log.info(f"{run.description}: " + "; ".join(summary))

    def _message(self, text, level):
        log.info(text)
        if self.iface is not None:
            show_message(self.iface.messageBar(), text, level)
