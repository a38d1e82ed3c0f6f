"""Hand-drawn encirclement arcs and corridors: the store's ``drawings_arcs`` and
``drawings_corridors`` tables (see ``store/schema.py``; a GeoPackage file or a
PostGIS schema), or memory layers when no store is open, with their styles
from ``layers/styles``.

Every edit goes through the layer's edit buffer inside an edit command, so it
can be undone; :func:`save_drawings` commits it to the store.
"""

import datetime
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core import geodesy
from ..infra.i18n import tr
from ..core.local_projection import geodesic_buffer
from .. import store
from ..store.schema import (
    DRAWINGS_ARCS_TABLE,
    DRAWINGS_CORRIDORS_TABLE,
    STORE_CRS,
    drawing_fields,
)
from ..store import StoreError, public_location
from .temporal import as_qdate, configure_validity_time

STYLE_DIR = os.path.join(os.path.dirname(__file__), "styles")
ARCS_LAYER_NAME = "Encirclement arcs (drawn)"
CORRIDORS_LAYER_NAME = "Corridors (drawn)"
MEMORY_GROUP_NAME = "Drawings"
COMPUTED_GROUP_NAME = "Computed"
# virtual date-time views of a computed layer's ``date``: [date 00:00, date+1 00:00)
DAY_START_FIELD = "day_start_time"
DAY_END_FIELD = "day_end_time"
KIND_ARC = "encirclement_arc"
KIND_CORRIDOR = "corridor"

_TABLES = {KIND_ARC: (DRAWINGS_ARCS_TABLE, "LineString", ARCS_LAYER_NAME, "drawings_arcs"),
           KIND_CORRIDOR: (DRAWINGS_CORRIDORS_TABLE, "Polygon", CORRIDORS_LAYER_NAME,
                           "drawings_corridors")}


class DrawingStoreError(RuntimeError):
    """The drawings table cannot be created, opened or saved; the message says why."""


def style_path(name: str) -> str:
    """Absolute path of ``layers/styles/<name>.qml``."""
    return os.path.join(STYLE_DIR, f"{name}.qml")


def apply_style(layer: QgsVectorLayer, name: str) -> bool:
    """Load ``layers/styles/<name>.qml`` onto ``layer``; True when it loaded."""
    _message, ok = layer.loadNamedStyle(style_path(name))
    layer.triggerRepaint()
    return bool(ok)


@dataclass
class DrawingLayers:
    """The two drawing layers and whether they live only in memory."""

    arcs: QgsVectorLayer
    corridors: QgsVectorLayer
    in_memory: bool
    store_path: str = ""
    # PostGIS: the conflict guards of the two layers (kept alive with them)
    guards: List[object] = field(default_factory=list)

    def layer(self, kind: str) -> QgsVectorLayer:
        return self.arcs if kind == KIND_ARC else self.corridors


def _table_exists(gpkg_path: str, table: str) -> bool:
    probe = QgsVectorLayer(f"{gpkg_path}|layername={table}", "probe", "ogr")
    return probe.isValid()


def ensure_drawing_tables(gpkg_path: str) -> None:
    """Create the drawings tables in the store ``gpkg_path`` when they are missing.

    Existing tables (and every other table of the store) are left untouched.
    """
    if not os.path.exists(gpkg_path):
        raise DrawingStoreError(f"The store '{gpkg_path}' does not exist.")
    for kind, (table, geometry, _name, _style) in _TABLES.items():
        if _table_exists(gpkg_path, table):
            continue
        template = memory_layer(kind, "template")
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = table
        options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
        # V3 (QGIS 3.20+) returns (error, message, new file name, new layer)
        result = QgsVectorFileWriter.writeAsVectorFormatV3(
            template, gpkg_path, QgsCoordinateTransformContext(), options)
        error, message = result[0], result[1]
        if error != QgsVectorFileWriter.NoError:
            raise DrawingStoreError(
                f"Cannot create the table '{table}' in '{gpkg_path}': {message}")


def memory_layer(kind: str, name: Optional[str] = None) -> QgsVectorLayer:
    """An empty memory drawing layer (EPSG:4326) of ``kind``."""
    _table, geometry, default_name, _style = _TABLES[kind]
    layer = QgsVectorLayer(f"{geometry}?crs={STORE_CRS}", name or default_name, "memory")
    layer.dataProvider().addAttributes(drawing_fields().toList())
    layer.updateFields()
    return layer


def open_drawing_layers(store_path: Optional[str] = None) -> DrawingLayers:
    """The drawing layers of a store, or memory layers named like them when
    ``store_path`` is empty; styled either way.

    A GeoPackage store gets its drawings tables when they are missing. A
    PostGIS store has them from its schema; each layer gets an
    :class:`~store.postgis.EditGuard` (``store.edit_guard``), so saving a drawing another
    analyst changed meanwhile fails with a message naming who and when, and
    the user's edits stay in the edit buffer.
    """
    layers: Dict[str, QgsVectorLayer] = {}
    guards = []
    if store_path and not os.path.exists(store_path) and store.is_file_store(store_path):
        raise DrawingStoreError(f"The store '{store_path}' does not exist.")
    for kind, (table, _geometry, name, style) in _TABLES.items():
        if store_path:
            try:
                layer = store.drawings_layer(store_path, table, name)
            except StoreError as error:
                raise DrawingStoreError(str(error)) from error
            guard = store.edit_guard(layer)
            if guard is not None:
                guards.append(guard)
        else:
            layer = memory_layer(kind)
        apply_style(layer, style)
        layers[kind] = layer
    return DrawingLayers(layers[KIND_ARC], layers[KIND_CORRIDOR], not store_path,
                         public_location(store_path or ""), guards)


def arc_geometry(centre: QgsPointXY, radius_m: float, start_az: float, end_az: float,
                 max_segment_m: float = 50.0) -> QgsGeometry:
    """A geodesic circle arc (EPSG:4326), clockwise from ``start_az`` to ``end_az``
    degrees, every vertex ``radius_m`` metres from ``centre``."""
    sweep = geodesy.sweep_degrees(start_az, end_az)
    segments = geodesy.arc_segment_count(radius_m, sweep, max_segment_m)
    return QgsGeometry.fromPolylineXY(
        geodesy.geodesic_arc_points(centre, radius_m, start_az, end_az, segments))


def corridor_geometry(route: Sequence[QgsPointXY], width_m: float) -> QgsGeometry:
    """The geodesic buffer (EPSG:4326) of a route by half of ``width_m`` metres."""
    if len(route) < 2 or width_m <= 0:
        raise ValueError("a corridor needs two route points and a positive width")
    polygon = geodesic_buffer(QgsGeometry.fromPolylineXY(list(route)), width_m / 2.0)
    if polygon.isMultipart():
        polygon = QgsGeometry.unaryUnion([polygon])
    return polygon


def _attribute(value):
    """A Python value as a QGIS attribute: a date as QDate, an aware date-time
    as a QDateTime in UTC."""
    if isinstance(value, datetime.datetime):
        from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime

        utc = value.astimezone(datetime.timezone.utc) if value.tzinfo else value
        return QDateTime(QDate(utc.year, utc.month, utc.day),
                         QTime(utc.hour, utc.minute, utc.second, utc.microsecond // 1000), Qt.UTC)
    if isinstance(value, datetime.date):
        return as_qdate(value)
    return value


def add_drawing(layer: QgsVectorLayer, geometry: QgsGeometry, attributes: Dict,
                description: str) -> QgsFeature:
    """Add a feature through the edit buffer in one undoable edit command.

    ``attributes`` maps field names to values (dates as ``datetime.date`` or QDate).
    Raises DrawingStoreError when the layer refuses the edit.
    """
    if not layer.isEditable() and not layer.startEditing():
        raise DrawingStoreError(f"Layer '{layer.name()}' cannot be edited.")
    if layer.geometryType() == QgsWkbTypes.PolygonGeometry and geometry.isMultipart() \
            and not QgsWkbTypes.isMultiType(layer.wkbType()):
        geometry = QgsGeometry(geometry.constGet().geometryN(0).clone())
    feature = QgsFeature(layer.fields())
    feature.setGeometry(geometry)
    for name, value in attributes.items():
        if layer.fields().indexOf(name) >= 0:
            feature[name] = _attribute(value)
    layer.beginEditCommand(description)
    if not layer.addFeature(feature):
        layer.destroyEditCommand()
        raise DrawingStoreError(f"Layer '{layer.name()}' refused the new drawing.")
    layer.endEditCommand()
    return feature


SAVE_WAIT_S = 30.0
"""How long saving drawings waits for an import writing the same store (seconds)."""


def save_drawings(layer: QgsVectorLayer, guard=None) -> None:
    """Commit the edit buffer to the store (the edits stay editable afterwards).

    Raises DrawingStoreError when it fails; the buffer is kept then, so nothing
    is lost. With ``guard`` (a PostGIS layer's EditGuard), edits of drawings
    another analyst deleted meanwhile, and deletions of drawings another
    analyst changed meanwhile, are refused before anything is written, and a
    conflicting change is reported in one readable sentence.
    """
    if not layer.isEditable():
        return
    if guard is not None:
        gone = guard.vanished()
        if gone:
            raise DrawingStoreError(tr("Not saved: drawing(s) {} of '{}' were deleted by another analyst "
                                       "after you started editing. Your edits are kept: copy what you "
                                       "need, then discard them.").format(
                ", ".join(str(fid) for fid in gone), layer.name()))
        changed = guard.changed_before_deletion()
        if changed:
            raise DrawingStoreError(tr("Not saved: you deleted {} of '{}', which {} after you started "
                                       "editing. Your edits are kept: discard them and reload to see "
                                       "the change, then delete again if you still want to.").format(
                ", ".join(str(fid) for fid, _who, _when in changed), layer.name(),
                "; ".join(tr("{} changed at {}").format(who or tr("another analyst"), when)
                          for _fid, who, when in changed)))
    try:
        # a GeoPackage store: the save waits for an import writing the file meanwhile
        with store.writing(store.location_of_layer(layer), timeout=SAVE_WAIT_S):
            saved = layer.commitChanges(False)
    except StoreError as error:
        raise DrawingStoreError(tr("Not saved: {} Your edits are kept.").format(error)) from error
    if not saved:
        errors = layer.commitErrors()
        conflict = next((_conflict_sentence(e) for e in errors if "edit conflict:" in e), None)
        if conflict:
            raise DrawingStoreError(tr("Not saved: {}. Your edits are kept.").format(conflict))
        raise DrawingStoreError(f"Saving '{layer.name()}' failed: " + "; ".join(errors))


def _conflict_sentence(error: str) -> str:
    """The store trigger's conflict sentence out of a provider error (who, when;
    the time to the second), without the PL/pgSQL context."""
    text = error[error.index("edit conflict:"):]
    text = text.split("CONTEXT:")[0].split(";")[0].strip(" |")
    return re.sub(r"(\d{2}:\d{2}:\d{2})\.\d+", r"\1", text)


def add_to_project(drawing_layers: DrawingLayers, project: Optional[QgsProject] = None) -> None:
    """Add the drawing layers to the project (memory layers under a 'Drawings' group)."""
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    for layer in (drawing_layers.arcs, drawing_layers.corridors):
        if project.mapLayer(layer.id()) is not None:
            continue
        project.addMapLayer(layer, False)
        if drawing_layers.in_memory:
            group = root.findGroup(MEMORY_GROUP_NAME) or root.insertGroup(0, MEMORY_GROUP_NAME)
            group.addLayer(layer)
        else:
            root.insertLayer(0, layer)


def configure_day_temporal(layer: QgsVectorLayer, date_field: str = "date") -> bool:
    """Make ``layer`` draw a feature only on the day of its ``date_field``.

    As in ``layers/situation_layers.py``: QGIS compares a *date* field with the
    Temporal Controller's date-times as text, so the layer gets two virtual
    date-time fields, ``[date 00:00, date+1 00:00)``, and its temporal properties
    use them; on a one-day range the layer draws exactly that day's features.
    False (nothing changed) when the layer has no ``date_field``.
    """
    return configure_validity_time(layer, date_field, None, DAY_START_FIELD, DAY_END_FIELD)


def add_computed_layers(layers, group_name: str, project: Optional[QgsProject] = None):
    """Add computed layers to the project in a group ``group_name`` under the
    "Computed" group (both created at the top when missing); returns the group.

    The layers are added without the legend's automatic placement, so QGIS
    Desktop keeps the user's current layer instead of selecting a new one.
    """
    project = project or QgsProject.instance()
    root = project.layerTreeRoot()
    computed = root.findGroup(COMPUTED_GROUP_NAME) or root.insertGroup(0, COMPUTED_GROUP_NAME)
    group = computed.insertGroup(0, group_name)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
    return group


def wgs84() -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem(STORE_CRS)
