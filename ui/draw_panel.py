"""The Draw panel: map tools and numeric entry for encirclement arcs and
corridors drawn by hand, and a "Compute from data" section that runs the
encirclement and corridor algorithms in the background (AlgorithmRun).

The panel never computes figures: drawings are built by ``layers.drawings`` (on
``core`` geodesy) and analyses run as Processing algorithms.
"""

import datetime
from typing import Optional

from qgis.core import Qgis, QgsMapLayerProxyModel, QgsPointXY, QgsProject
from qgis.PyQt.QtCore import QDate
from qgis.PyQt.QtWidgets import QFileDialog, QWidget

from ..core.i18n import tr
from ..core.log import log
from ..core.settings import DEFAULT_ARC_MAX_SEGMENT_M, DEFAULT_AUTHOR
from ..icons import icon
from ..layers.drawings import (
    KIND_ARC,
    KIND_CORRIDOR,
    DrawingStoreError,
    add_drawing,
    add_to_project,
    apply_style,
    arc_geometry,
    corridor_geometry,
    open_drawing_layers,
    save_drawings,
)
from ..layers.schema import DRAWING_SIDES
from .algorithm_runner import AlgorithmRun
from .map_tools.arc_tool import ArcMapTool
from .map_tools.corridor_tool import CorridorMapTool
from .ui_loader import load_ui

PANEL_OBJECT_NAME = "DrawPanel"


class DrawPanel(QWidget, load_ui("draw_panel")):
    """Draw encirclement arcs and corridors; compute them from control data."""

    def __init__(self, iface, parent=None):
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(PANEL_OBJECT_NAME)
        self.iface = iface
        self.canvas = iface.mapCanvas() if iface is not None else None
        self.drawing_layers = None
        self.run: Optional[AlgorithmRun] = None

        self.sideCombo.addItems(list(DRAWING_SIDES))
        self.dateEdit.setDate(QDate.currentDate())
        self.authorEdit.setText(DEFAULT_AUTHOR.value() or "")
        self.arcToolButton.setIcon(icon("arc_tool"))
        self.corridorToolButton.setIcon(icon("corridor_tool"))
        self.areaLayerCombo.setFilters(QgsMapLayerProxyModel.PolygonLayer | QgsMapLayerProxyModel.PointLayer)
        self.controlLayerCombo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.cancelButton.setEnabled(False)
        self._show_store_status()

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
        self.storePathEdit.editingFinished.connect(self._store_changed)
        self.saveButton.clicked.connect(self.save)
        self.computeEncirclementButton.clicked.connect(self.compute_encirclement)
        self.computeCorridorButton.clicked.connect(self.compute_corridor)
        self.cancelButton.clicked.connect(self.cancel)

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
        """Unset the map tools from the canvas and delete them (plugin unload)."""
        if self.run is not None and self.run.is_running():
            self.run.cancel()
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
            self._store_changed()

    def _store_changed(self):
        path = self.storePathEdit.text().strip()
        if self.drawing_layers is not None and self.drawing_layers.store_path != path:
            self.drawing_layers = None
        self._show_store_status()

    def _show_store_status(self):
        if self.storePathEdit.text().strip():
            self.storeStatusLabel.setText(tr("Drawings go to the store's drawings tables; "
                                             "Save writes them."))
        else:
            self.storeStatusLabel.setText(tr("No store open: drawings go to memory layers "
                                             "under 'Drawings' and are not saved."))

    def _project_store(self) -> str:
        """The store the Situation panel saved in the project, if any."""
        from ..layers.project_state import read_state

        return read_state(QgsProject.instance()).store_path or ""

    def layers(self):
        """The drawing layers (opened and added to the project on first use); the
        store is the panel's field, else the project's situation store, else memory."""
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
        if self.drawing_layers is None:
            return True
        try:
            for layer in (self.drawing_layers.arcs, self.drawing_layers.corridors):
                save_drawings(layer)
        except DrawingStoreError as error:
            self._message(str(error), Qgis.Critical)
            return False
        if self.drawing_layers.in_memory:
            self._message(tr("Drawings kept in memory layers: open a store to save them in it."),
                          Qgis.Info)
        return True

    # -- compute from data -------------------------------------------------------
    def _common_parameters(self):
        area = self.areaLayerCombo.currentLayer()
        control = self.controlLayerCombo.currentLayer()
        if area is None or control is None:
            self._message(tr("Choose an area layer and a control layer first."), Qgis.Warning)
            return None
        return {"AREA": area, "CONTROL": control, "STATUSES": self.statusesEdit.text(),
                "DATES": self.datesEdit.text()}

    def compute_encirclement(self):
        parameters = self._common_parameters()
        if parameters is None:
            return None
        parameters.update({"RADIUS_M": self.radiiEdit.text(), "TABLE": "TEMPORARY_OUTPUT",
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

    _STYLES = {"ARCS": "encirclement_arcs", "THROAT": "corridor_throat"}
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
        for key, value in results.items():
            layer = run.take_layer(value)
            if layer is None:
                continue
            layer.setName(tr(self._NAMES.get(key, key)).format(run.description))
            if key in self._STYLES:
                apply_style(layer, self._STYLES[key])
            QgsProject.instance().addMapLayer(layer)
            if key == "TABLE":
                summary = self._summary(layer)
        self.resultLabel.setText("\n".join(summary) or tr("{} finished.").format(run.description))
        log.info(f"{run.description}: " + "; ".join(summary))

    @staticmethod
    def _summary(table):
        lines = []
        names = table.fields().names()
        for feature in list(table.getFeatures())[:6]:
            date = feature["date"].toString("yyyy-MM-dd") if feature["date"] else ""
            if "enclosed_deg" in names:
                lines.append(tr("{} {} at {:.0f} m: {:.1f}° enclosed").format(
                    date, feature["area"], feature["radius_m"], feature["enclosed_deg"]))
            elif "width_m" in names:
                lines.append(tr("{}: {} ({:.0f} m)").format(date, feature["status"], feature["width_m"]))
        return lines

    def _message(self, text, level):
        log.info(text)
        if self.iface is not None:
            self.iface.messageBar().pushMessage(tr("Situation Mapper"), text, level, 6)
