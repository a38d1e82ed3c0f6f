"""The situation context: what every tab works on, set in one place.

The store location, the areas layer and its name field, the focus area (an
area's name), the rear point (longitude, latitude in degrees, WGS84) and the
claims table. The Situation tab (or whichever tab the user sets a value in)
writes it here; every tab's widgets default from it and follow its change
signals. The context is saved in the project (scope ``situation_mapper``, keys
``context/...``; the store under ``store``, as layers/project_state.py writes it)
and read back when a project is read, or when the context is made while a
project is open (a reloaded plugin).

Area pickers never default to a situation or control layer:
:func:`is_area_candidate` tells them apart.
"""

from typing import Optional, Tuple

from qgis.core import QgsMapLayer, QgsProject, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QObject, pyqtSignal, pyqtSlot

from ..layers.project_state import KEY_STORE, SCOPE, read_state
from ..layers.situation_layers import is_situation_layer
from ..store import is_team_store, public_location

KEY_AREAS_LAYER = "context/areas_layer"
KEY_NAME_FIELD = "context/name_field"
KEY_FOCUS_AREA = "context/focus_area"
KEY_REAR_POINT = "context/rear_point"
KEY_CLAIMS_TABLE = "context/claims_table"
# the fields of a store's control table: a layer with them all is control data, not areas
CONTROL_FIELDS = ("valid_from", "valid_to", "status", "source")


def is_control_data(layer: QgsMapLayer) -> bool:
    """True for a situation layer or any layer with the control table's fields."""
    if not isinstance(layer, QgsVectorLayer):
        return False
    if is_situation_layer(layer):
        return True
    names = set(layer.fields().names())
    return all(name in names for name in CONTROL_FIELDS)


def is_area_candidate(layer: QgsMapLayer) -> bool:
    """True for a polygon layer that is not control data: what an area picker may default to."""
    return (isinstance(layer, QgsVectorLayer) and layer.isValid()
            and layer.geometryType() == QgsWkbTypes.PolygonGeometry and not is_control_data(layer))


class SituationContext(QObject):
    """Store, areas, focus area, rear point and claims table shared by the tabs."""

    storeChanged = pyqtSignal(str)
    areasChanged = pyqtSignal(object, str)  # layer (or None), name field
    focusAreaChanged = pyqtSignal(str)
    rearPointChanged = pyqtSignal(object)  # (lon, lat) or None
    claimsTableChanged = pyqtSignal(str)
    # a store's contents changed (an import finished): the tabs showing it read it again
    storeWritten = pyqtSignal(str)

    def __init__(self, project: Optional[QgsProject] = None, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.project = project or QgsProject.instance()
        self.store_location = ""
        self.areas_layer_id = ""
        self.name_field = ""
        self.focus_area = ""
        self.rear_point: Optional[Tuple[float, float]] = None
        self.claims_table = ""
        self.restoring = False  # True while values come from the project (read, cleared)
        # True while the project removes layers (one by one, or all on clear): a
        # picker's own change of layer then is no user choice, and the layers it
        # would name are being deleted
        self.removing = False
        self.connections = []
        for signal, slot in ((self.project.readProject, self._project_read),
                             (self.project.cleared, self._project_cleared),
                             (self.project.layersWillBeRemoved, self._layers_removed),
                             (self.project.layersRemoved, self._layers_gone)):
            signal.connect(slot)
            self.connections.append((signal, slot))
        self.read_from_project()

    def unload(self):
        """Disconnect from the project (plugin unload); safe twice."""
        while self.connections:
            signal, slot = self.connections.pop()
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    # -- values ------------------------------------------------------------------
    def areas_layer(self) -> Optional[QgsVectorLayer]:
        """The areas layer, if it is still in the project (never control data)."""
        layer = self.project.mapLayer(self.areas_layer_id) if self.areas_layer_id else None
        return layer if isinstance(layer, QgsVectorLayer) and not is_control_data(layer) else None

    def default_areas_layer(self) -> Optional[QgsVectorLayer]:
        """The context's areas layer, else the first polygon layer that is not
        control data (in legend order), else None."""
        layer = self.areas_layer()
        if layer is not None:
            return layer
        for candidate in self.project.layerTreeRoot().layerOrder():
            if is_area_candidate(candidate):
                return candidate
        return None

    def set_store_location(self, location: str) -> None:
        location = public_location(location.strip()) if location else ""
        if location == self.store_location:
            return
        self.store_location = location
        store = location if (not location or is_team_store(location)) else self.project.writePath(location)
        self.project.writeEntry(SCOPE, KEY_STORE, store)
        self.storeChanged.emit(location)

    def announce_store_written(self, location: str) -> None:
        """Tell the tabs that the store at ``location`` was written (new
        snapshots, sources or statuses): those showing it read it again."""
        location = public_location(location.strip()) if location else ""
        if location:
            self.storeWritten.emit(location)

    def set_areas(self, layer: Optional[QgsMapLayer], name_field: Optional[str] = None) -> None:
        """Set the areas layer (None: none) and its name field (None: keep it
        when the layer is the same, else empty). Control data (a situation layer,
        a control table) is never the areas: refused, nothing changes."""
        if layer is not None and is_control_data(layer):
            return
        layer_id = layer.id() if layer is not None else ""
        if name_field is None:
            name_field = self.name_field if layer_id == self.areas_layer_id else ""
        if layer_id == self.areas_layer_id and name_field == self.name_field:
            return
        self.areas_layer_id, self.name_field = layer_id, name_field or ""
        self.project.writeEntry(SCOPE, KEY_AREAS_LAYER, self.areas_layer_id)
        self.project.writeEntry(SCOPE, KEY_NAME_FIELD, self.name_field)
        self.areasChanged.emit(self.areas_layer(), self.name_field)

    def set_name_field(self, name_field: str) -> None:
        self.set_areas(self.areas_layer(), name_field or "")

    def set_focus_area(self, name: str) -> None:
        if (name or "") != self.focus_area:
            self.focus_area = name or ""
            self.project.writeEntry(SCOPE, KEY_FOCUS_AREA, self.focus_area)
            self.focusAreaChanged.emit(self.focus_area)

    def set_rear_point(self, point: Optional[Tuple[float, float]]) -> None:
        point = (float(point[0]), float(point[1])) if point is not None else None
        if point != self.rear_point:
            self.rear_point = point
            self.project.writeEntry(SCOPE, KEY_REAR_POINT,
                                    "" if point is None else "{!r},{!r}".format(*point))
            self.rearPointChanged.emit(point)

    def set_claims_table(self, table: str) -> None:
        if (table or "") != self.claims_table:
            self.claims_table = table or ""
            self.project.writeEntry(SCOPE, KEY_CLAIMS_TABLE, self.claims_table)
            self.claimsTableChanged.emit(self.claims_table)

    # -- the project ---------------------------------------------------------------
    def read_from_project(self) -> None:
        """Take the values saved in the project (signals for those that change)."""
        self.restoring = True
        try:
            self._read_from_project()
        finally:
            self.restoring = False

    def _read_from_project(self) -> None:
        project = self.project
        store = read_state(project).store_path
        areas = project.readEntry(SCOPE, KEY_AREAS_LAYER, "")[0]
        name_field = project.readEntry(SCOPE, KEY_NAME_FIELD, "")[0]
        rear_text = project.readEntry(SCOPE, KEY_REAR_POINT, "")[0]
        rear = None
        if rear_text:
            try:
                lon, lat = (float(part) for part in rear_text.split(","))
                rear = (lon, lat)
            except ValueError:
                rear = None
        if store != self.store_location:
            self.store_location = store
            self.storeChanged.emit(store)
        if (areas, name_field) != (self.areas_layer_id, self.name_field):
            self.areas_layer_id, self.name_field = areas, name_field
            self.areasChanged.emit(self.areas_layer(), name_field)
        self.set_focus_area(project.readEntry(SCOPE, KEY_FOCUS_AREA, "")[0])
        self.set_rear_point(rear)
        self.set_claims_table(project.readEntry(SCOPE, KEY_CLAIMS_TABLE, "")[0])

    @pyqtSlot()
    def _project_read(self):
        self.read_from_project()

    @pyqtSlot()
    def _project_cleared(self):
        self.restoring = True
        try:
            self._clear()
        finally:
            self.restoring = False

    def _clear(self):
        self.removing = False
        self.store_location = ""
        self.areas_layer_id = self.name_field = self.focus_area = self.claims_table = ""
        self.rear_point = None
        self.storeChanged.emit("")
        self.areasChanged.emit(None, "")

    def _layers_gone(self, _layer_ids):
        self.removing = False

    def _layers_removed(self, layer_ids):
        self.removing = True
        if self.areas_layer_id and self.areas_layer_id in layer_ids:
            self.areas_layer_id = ""
            self.areasChanged.emit(None, self.name_field)
