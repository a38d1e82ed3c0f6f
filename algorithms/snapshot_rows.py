"""Reading the input files of ``importsnapshots`` into control rows: features
grouped by (day, status, source), their polygons checked, repaired and unioned,
with the ellipsoidal area. Files are read ahead by worker threads; nothing here
writes to a store (``import_snapshots.py`` does)."""

import datetime
import os
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

from osgeo import ogr
from qgis.core import QgsMapLayer, QgsProcessingException, QgsWkbTypes

from ..core import control_geometry
from ..core.snapshot_dates import SnapshotDateError, date_from_file_name
from ..infra.i18n import tr
from ..infra.responsive import lower_thread_priority
from ..layers.snapshot_files import (
    SnapshotFileError,
    new_crs_cache,
    read_snapshot,
    source_name_from_file,
    split_layer_uri,
)
from ..store import to_day

Day = datetime.date


@dataclass
class Group:
    """The features of one file that become one control row."""

    day: Day
    status: str
    source: str
    side: str
    confidence: str
    geometries: list = field(default_factory=list)  # SnapshotFeature


@dataclass
class PrepareSettings:
    from_field: bool
    date_field: str
    constants: Dict[str, str]
    override_fields: Dict[str, str]
    wanted_fields: List[str]


@dataclass
class PreparedRow:
    """A control row ready to write (geometry: QgsGeometry or ogr.Geometry)."""

    day: Day
    status: str
    source: str
    side: str
    confidence: str
    geometry: object
    area_km2: float
    note: str
    repaired: bool
    empty: bool


@dataclass
class PreparedFile:
    name: str  # shown in messages
    file_name: str  # stored as imported_from
    rows: List[PreparedRow]
    messages: List[Tuple[str, str]]  # (level, text), in the order they arose


# files read and checked ahead of the one being written, and by how many threads
PREPARE_AHEAD = 4
PREPARE_THREADS = 2
_THREAD_STATE = threading.local()


def item_name(item) -> str:
    if isinstance(item, QgsMapLayer):
        path = split_layer_uri(item.source())[0]
        return os.path.basename(path) if os.path.isfile(path) else item.name()
    return os.path.basename(split_layer_uri(str(item))[0])

# -- main -----------------------------------------------------------------


def file_groups(read, from_field, date_field, constants, override_fields, messages) -> List[Group]:
    """The rows one file makes: features grouped by (day, status, source)."""
    name = read.name
    file_day = None if from_field else date_from_file_name(name)
    groups: Dict[tuple, Group] = {}
    for feature in read.features:
        geometry = feature.geometry
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            messages.append(("warning", tr("{}: feature {} has an empty geometry; skipped.").format(
                name, feature.feature_id)))
            continue
        if QgsWkbTypes.geometryType(geometry.wkbType()) != QgsWkbTypes.PolygonGeometry:
            raise QgsProcessingException(tr(
                "{}: feature {} is a {}, not a polygon; snapshots must be polygons.").format(
                name, feature.feature_id, QgsWkbTypes.displayString(geometry.wkbType())))
        if from_field:
            value = feature.attributes.get(date_field)
            try:
                day = to_day(value)
            except (ValueError, TypeError):
                day = None
            if day is None:
                raise QgsProcessingException(tr("{}: feature {} has no date in field '{}' "
                                                "(value: {}).").format(name, feature.feature_id,
                                                                       date_field, value))
        else:
            day = file_day
        values = {}
        for key in ("status", "side", "source", "confidence"):
            value = constants[key]
            if key in override_fields:
                field_value = feature.attributes.get(override_fields[key])
                if field_value is not None and str(field_value).strip():
                    value = str(field_value).strip()
            values[key] = value
        if not values["source"]:
            values["source"] = source_name_from_file(name, None if from_field else day)
        if not values["status"]:
            raise QgsProcessingException(tr("{}: feature {} has no status (field '{}' is empty and "
                                            "STATUS is not set).").format(
                name, feature.feature_id, override_fields.get("status", "")))
        key = (day, values["status"], values["source"])
        group = groups.get(key)
        if group is None:
            group = groups[key] = Group(day, values["status"], values["source"],
                                         values["side"], values["confidence"])
        elif (values["side"], values["confidence"]) != (group.side, group.confidence):
            messages.append(("warning", tr("{}: features of {} ({}, {}) differ in side or confidence; "
                                           "the row keeps '{}' / '{}'.").format(
                name, day.isoformat(), values["source"], values["status"], group.side, group.confidence)))
        group.geometries.append(feature)
    return sorted(groups.values(), key=lambda g: (g.day, g.source, g.status))


def row_geometry(name, group: Group, messages):
    """The group's polygons repaired and unioned, with its area (km2), a note,
    and whether any polygon was repaired.

    A single valid polygon read from a lon/lat file is returned as the OGR
    geometry it was read as (no conversion on the way to the store)."""
    if len(group.geometries) == 1:
        read = group.geometries[0]
        if (read.ogr_geometry is not None and read.geometry.isGeosValid()
                and read.geometry.wkbType() in (QgsWkbTypes.MultiPolygon, QgsWkbTypes.Polygon)):
            area_km2 = control_geometry.ellipsoidal_area_m2_of_wkb(read.wkb, read.geometry) / 1e6
            written = read.ogr_geometry
            if read.geometry.wkbType() == QgsWkbTypes.Polygon:
                written = ogr.ForceToMultiPolygon(written)
            return written, area_km2, "", False
    parts = []
    notes = []
    for read in group.geometries:
        fixed = control_geometry.repaired(read.geometry)
        if fixed.repaired:
            percent = 100.0 * fixed.area_change
            notes.append(tr("feature {} repaired (area change {:.3f} %)").format(read.feature_id, percent))
            message = tr("{}: the geometry of feature {} ({}) was invalid and was repaired; "
                         "its area changed by {:.3f} %.").format(name, read.feature_id,
                                                                 group.day.isoformat(), percent)
            level = "warning" if fixed.area_change > control_geometry.REPAIR_AREA_TOLERANCE else "info"
            messages.append((level, message))
        parts.append(fixed.geometry)
    geometry = control_geometry.union_polygons(parts)
    return geometry, control_geometry.ellipsoidal_area_km2(geometry), "; ".join(notes), bool(notes)


def prepare(item, settings: PrepareSettings) -> PreparedFile:
    """Read one file and build its rows (runs in a worker thread: no feedback,
    messages are returned)."""
    caches = _THREAD_STATE.__dict__.setdefault("crs_caches", {})
    if id(settings) not in caches:
        caches.clear()  # a cache per thread and import run
        caches[id(settings)] = new_crs_cache()
    crs_cache = caches[id(settings)]
    name = item_name(item)
    messages: List[Tuple[str, str]] = []
    try:
        read = read_snapshot(item, settings.wanted_fields, crs_cache)
    except SnapshotFileError as error:
        raise QgsProcessingException(str(error)) from error
    messages.extend(("warning", w) for w in read.warnings)
    try:
        groups = file_groups(read, settings.from_field, settings.date_field, settings.constants,
                              settings.override_fields, messages)
    except SnapshotDateError as error:
        raise QgsProcessingException(str(error)) from error
    rows = []
    for group in groups:
        geometry, area_km2, note, was_repaired = row_geometry(name, group, messages)
        empty = geometry.IsEmpty() if isinstance(geometry, ogr.Geometry) else geometry.isEmpty()
        rows.append(PreparedRow(group.day, group.status, group.source, group.side,
                                 group.confidence, geometry, area_km2, note, was_repaired, empty))
    return PreparedFile(name, read.name, rows, messages)


def prepared_in_order(items, settings, feedback):
    """:meth:`_prepare` of each item, in order, computed ahead by worker threads
    (GDAL and GEOS release the GIL: reading the next files overlaps checking and
    writing this one). Stops early when cancelled. Layers (not files) are read
    in the calling thread: a QGIS layer belongs to one thread."""
    if any(isinstance(item, QgsMapLayer) for item in items):
        for item in items:
            if feedback.isCanceled():
                return
            yield prepare(item, settings)
        return
    workers = max(1, min(PREPARE_THREADS, os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="snapshot-read",
                            initializer=lower_thread_priority) as pool:
        pending = deque()
        upcoming = iter(items)
        try:
            while True:
                while len(pending) < PREPARE_AHEAD:
                    item = next(upcoming, None)
                    if item is None:
                        break
                    pending.append(pool.submit(prepare, item, settings))
                if not pending or feedback.isCanceled():
                    return
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
