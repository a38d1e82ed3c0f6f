"""The GeoPackage backend of the situation store: one file per situation.

Tables (see ``store/schema.py``): ``control`` (MultiPolygon, EPSG:4326, spatial
index, one row per snapshot file x status x source), ``store_info`` (key/value,
``schema_version``) and ``sources`` (source, licence, url, attribution: the
sources block of a map product).

Reading goes through QGIS providers (:func:`control_layer`), so a PostGIS store
reads the same way. Writing a GeoPackage goes through OGR with one transaction,
on a temporary copy next to the store that replaces it only when everything
succeeded (:class:`StoreUpdate`): a failed or cancelled write leaves the store
byte-for-byte unchanged. No SQL is written anywhere in this module.
"""

import datetime
import os
import shutil
import tempfile
from typing import Callable, Dict, List, Optional

from osgeo import gdal, ogr, osr
from qgis.core import QgsGeometry, QgsVectorLayer, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from ..infra.atomic_files import publish
from ..infra.i18n import tr
from ..infra.log import log
from .records import ControlLayerError, check_control_layer, read_records
from .schema import (
    CONTROL_FIELD_SPECS,
    CONTROL_TABLE,
    DRAWING_TABLES,
    GEOMETRY_COLUMN,
    REQUIRED_CONTROL_FIELDS,
    SCHEMA_HISTORY,
    SCHEMA_VERSION,
    SOURCE_INFO_FIELDS,
    SOURCES_TABLE,
    STORE_INFO_TABLE,
    TABLES,
    table_spec,
)
from .types import SeriesSummary, SourceInfo, StoredRow, StoreError, StoreInfo

_OGR_TYPES = {QVariant.Date: ogr.OFTDate, QVariant.String: ogr.OFTString,
              QVariant.Double: ogr.OFTReal, QVariant.Int: ogr.OFTInteger}


class _QuietGdal:
    """GDAL errors go to :func:`gdal.GetLastErrorMsg`, not to stderr, within the block."""

    def __enter__(self):
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        gdal.ErrorReset()
        return self

    def __exit__(self, *exc):
        gdal.PopErrorHandler()
        return False


def _wgs84_reference() -> osr.SpatialReference:
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(4326)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def _ogr_day(feature, index) -> Optional[datetime.date]:
    if not feature.IsFieldSetAndNotNull(index):
        return None
    year, month, day = feature.GetFieldAsDateTime(index)[:3]
    return datetime.date(year, month, day)


def _set_day(feature, name: str, day: Optional[datetime.date]) -> None:
    if day is None:
        feature.SetFieldNull(name)
    else:
        feature.SetField(name, day.year, day.month, day.day, 0, 0, 0, 0)


_OGR_GEOMETRIES = {QgsWkbTypes.Point: ogr.wkbPoint, QgsWkbTypes.LineString: ogr.wkbLineString,
                   QgsWkbTypes.Polygon: ogr.wkbPolygon, QgsWkbTypes.MultiPoint: ogr.wkbMultiPoint,
                   QgsWkbTypes.MultiLineString: ogr.wkbMultiLineString,
                   QgsWkbTypes.MultiPolygon: ogr.wkbMultiPolygon}
_TABLE_OPTIONS = {CONTROL_TABLE: ["IDENTIFIER=control", "DESCRIPTION=Situation Mapper control polygons by date"]}


def _create_table(dataset, name: str):
    """Create the registry table ``name`` in an open, writable GeoPackage."""
    try:
        spec = table_spec(name)
    except KeyError:
        raise StoreError(tr("'{}' is not a table of a situation store.").format(name)) from None
    if spec.has_geometry:
        layer = dataset.CreateLayer(name, _wgs84_reference(), _OGR_GEOMETRIES[spec.geometry],
                                    ["GEOMETRY_NAME=" + GEOMETRY_COLUMN, "FID=fid", "SPATIAL_INDEX=YES"]
                                    + _TABLE_OPTIONS.get(name, []))
    else:
        layer = dataset.CreateLayer(name, None, ogr.wkbNone, ["FID=fid"])
    if layer is None:
        raise StoreError(tr("Cannot create the table '{}' ({}).").format(name, gdal.GetLastErrorMsg()))
    for field, variant_type, length, _comment in spec.fields:
        definition = ogr.FieldDefn(field, _OGR_TYPES[variant_type])
        if length:
            definition.SetWidth(length)
        layer.CreateField(definition)
    return layer


def _create_tables(dataset, created: str) -> None:
    """The tables of an empty store (those made with every store) in an open,
    writable GeoPackage."""
    for spec in TABLES:
        if spec.with_store:
            _create_table(dataset, spec.name)
    info = dataset.GetLayerByName(STORE_INFO_TABLE)
    for key, value in (("schema_version", str(SCHEMA_VERSION)), ("created", created),
                       ("application", "Situation Mapper")):
        row = ogr.Feature(info.GetLayerDefn())
        row.SetField("key", key)
        row.SetField("value", value)
        info.CreateFeature(row)


def _set_schema_version(dataset, version: int) -> None:
    table = dataset.GetLayerByName(STORE_INFO_TABLE)
    table.ResetReading()
    for row in table:
        if row.GetField("key") == "schema_version":
            row.SetField("value", str(version))
            if table.SetFeature(row) != 0:
                raise StoreError(tr("Cannot set the schema version ({}).").format(gdal.GetLastErrorMsg()))
            return
    row = ogr.Feature(table.GetLayerDefn())
    row.SetField("key", "schema_version")
    row.SetField("value", str(version))
    table.CreateFeature(row)


def _add_missing_fields(dataset, table: str) -> None:
    """Add the registry fields ``table`` lacks (at the end, empty in every row)."""
    layer = dataset.GetLayerByName(table)
    if layer is None:
        _create_table(dataset, table)
        return
    definition = layer.GetLayerDefn()
    for name, variant_type, length, _comment in table_spec(table).fields:
        if definition.GetFieldIndex(name) >= 0:
            continue
        field = ogr.FieldDefn(name, _OGR_TYPES[variant_type])
        if length:
            field.SetWidth(length)
        if layer.CreateField(field) != 0:
            raise StoreError(tr("Cannot add the field {} to {} ({}).").format(name, table, gdal.GetLastErrorMsg()))


def _to_registry(dataset) -> None:
    """The additive part of every upgrade: the registry tables a store has (or
    gets with every store) gain the fields they lack; missing ones are created.
    Version 2 (sources.retrieved) is this step alone."""
    for spec in TABLES:
        if spec.with_store or dataset.GetLayerByName(spec.name) is not None:
            _add_missing_fields(dataset, spec.name)


# version -> a step an upgrade to it needs beyond adding registry tables and
# fields (renaming, moving or converting data); none so far. Only ever append.
UPGRADES: Dict[int, Callable] = {}


def upgrade(path: str, version: int) -> None:
    """Bring the store at ``path`` from schema ``version`` to this plugin's, in one
    transaction (see :class:`StoreUpdate`: a failure leaves the file byte for
    byte as it was); each step is recorded in schema_migrations."""
    update = StoreUpdate(path, _checked=True)
    try:
        for number in range(version + 1, SCHEMA_VERSION + 1):
            if number in UPGRADES:
                UPGRADES[number](update._dataset)
            log.info("store %s: schema %s (%s)", path, number, SCHEMA_HISTORY[number])
        _to_registry(update._dataset)
        _set_schema_version(update._dataset, SCHEMA_VERSION)
        update.changed = True
        update.commit()
    except StoreError as error:
        update.abort()
        raise StoreError(tr("'{}' could not be upgraded from store schema {} to {}: {} (the file "
                            "was not changed).").format(path, version, SCHEMA_VERSION, error)) from error
    except BaseException:
        update.abort()
        raise
    log.info("store %s upgraded from schema %s to %s", path, version, SCHEMA_VERSION)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def ensure_drawing_tables(path: str) -> None:
    """Create the drawings tables in the store at ``path`` when they are missing;
    every existing table is left untouched."""
    if not os.path.isfile(path):
        raise StoreError(tr("'{}' does not exist.").format(path))
    with _QuietGdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE, allowed_drivers=["GPKG"])
        if dataset is None:
            raise StoreError(tr("Cannot open '{}' for writing ({}).").format(path, gdal.GetLastErrorMsg()))
        for table in DRAWING_TABLES:
            if dataset.GetLayerByName(table) is None:
                _create_table(dataset, table)
        dataset = None


def _source_of(row) -> SourceInfo:
    """A sources row as SourceInfo (a field an older store lacks reads as "")."""
    return SourceInfo(*((row.GetField(name) or "") if row.GetFieldIndex(name) >= 0 else ""
                        for name in SOURCE_INFO_FIELDS))


def _check_folder_writable(path: str) -> str:
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(folder):
        raise StoreError(tr("Cannot write the store '{}': the folder '{}' does not exist.").format(path, folder))
    if not os.access(folder, os.W_OK):
        raise StoreError(tr("Cannot write the store '{}': the folder '{}' is not writable.").format(path, folder))
    return folder


def _temp_path_beside(path: str) -> str:
    folder = _check_folder_writable(path)
    try:
        handle, temp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".",
                                        suffix=".tmp.gpkg", dir=folder)
    except OSError as error:
        raise StoreError(tr("Cannot write the store '{}': {}.").format(path, error.strerror)) from error
    os.close(handle)
    return temp


def _remove_quietly(path: str) -> None:
    for name in (path, path + "-wal", path + "-shm", path + "-journal"):
        try:
            os.remove(name)
        except FileNotFoundError:
            pass
        except OSError as error:
            log.warning("could not remove the temporary file %s: %s", name, error)


def create(path: str, overwrite: bool = False) -> str:
    """Create an empty store at ``path`` (GeoPackage); returns ``path``.

    Refuses an existing file unless ``overwrite``; written to a temporary file
    first and moved into place, so a failure leaves no half-made store.
    """
    if os.path.exists(path) and not overwrite:
        raise StoreError(tr("'{}' already exists; choose another file or overwrite it.").format(path))
    update = StoreUpdate(path, create_new=True)
    update.commit()
    return path


def validate(path: str) -> StoreInfo:
    """Check that ``path`` is a situation store this version can use.

    Raises StoreError saying what is wrong (no file, not a GeoPackage, no control
    table or a required field missing, a schema newer than this plugin).
    """
    if not os.path.isfile(path):
        raise StoreError(tr("'{}' does not exist.").format(path))
    with _QuietGdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["GPKG"])
        if dataset is None:
            raise StoreError(tr("'{}' is not a GeoPackage ({}).").format(
                path, gdal.GetLastErrorMsg() or tr("unreadable")))
        control = dataset.GetLayerByName(CONTROL_TABLE)
        if control is None:
            raise StoreError(tr("'{}' is a GeoPackage but not a situation store: it has no "
                                "'{}' table.").format(path, CONTROL_TABLE))
        definition = control.GetLayerDefn()
        names = {definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())}
        missing = [f for f in REQUIRED_CONTROL_FIELDS if f not in names]
        if missing:
            raise StoreError(tr("'{}': the control table lacks the field(s) {}.").format(
                path, ", ".join(missing)))
        info = _read_store_info(dataset)
        rows = control.GetFeatureCount()
    try:
        version = int(info.get("schema_version", "0"))
    except ValueError:
        version = 0
    if version < 1:
        raise StoreError(tr("'{}' has no valid schema_version in its store_info table.").format(path))
    if version > SCHEMA_VERSION:
        raise StoreError(tr("'{}' uses store schema {}, newer than this plugin's {}; "
                            "update Situation Mapper.").format(path, version, SCHEMA_VERSION))
    if version < SCHEMA_VERSION:
        if not _writable(path):
            # the older schema is read as it is (every version adds, none removes)
            log.info("store %s (schema %s) is read-only: not upgraded", path, version)
        else:
            upgrade(path, version)
            version = SCHEMA_VERSION
    return StoreInfo(path, version, rows, info.get("created", ""))


def _writable(path: str) -> bool:
    folder = os.path.dirname(os.path.abspath(path)) or "."
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK)


open_store = validate
"""Alias of :func:`validate`: open a store, check it, and describe it."""


def _read_store_info(dataset) -> Dict[str, str]:
    table = dataset.GetLayerByName(STORE_INFO_TABLE)
    if table is None:
        return {}
    table.ResetReading()
    return {row.GetField("key"): row.GetField("value") for row in table}


def store_info(path: str) -> Dict[str, str]:
    """The ``store_info`` key/value pairs of a store."""
    validate(path)
    with _QuietGdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["GPKG"])
        return _read_store_info(dataset)


def control_layer(path: str, name: str = "control") -> QgsVectorLayer:
    """The control table of the store at ``path`` as a QgsVectorLayer (read through
    the QGIS OGR provider); raises StoreError when it is not a store."""
    validate(path)
    layer = QgsVectorLayer(control_uri(path), name, "ogr")
    if not layer.isValid():
        raise StoreError(tr("Cannot open a control layer from '{}'.").format(path))
    try:
        check_control_layer(layer)
    except ControlLayerError as error:
        raise StoreError(str(error)) from error
    return layer


def control_uri(path: str) -> str:
    """The OGR URI of a GeoPackage store's control table."""
    return table_uri(path, CONTROL_TABLE)


def table_uri(path: str, table: str) -> str:
    """The OGR URI of one table of a GeoPackage store."""
    return f"{path}|layername={table}"


def list_series(path_or_layer) -> List[SeriesSummary]:
    """Every (source, status) series of a store path or control layer, sorted by
    source then status, with first/last day and snapshot count."""
    layer = path_or_layer if isinstance(path_or_layer, QgsVectorLayer) else control_layer(path_or_layer)
    grouped: Dict[tuple, List[datetime.date]] = {}
    for record in read_records(layer):
        grouped.setdefault((record.source, record.status), []).append(record.valid_from)
    return [SeriesSummary(source, status, min(days), max(days), len(set(days)))
            for (source, status), days in sorted(grouped.items())]


def source_info(path: str) -> Dict[str, SourceInfo]:
    """The ``sources`` table: source name -> licence, url, attribution."""
    validate(path)
    with _QuietGdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["GPKG"])
        table = dataset.GetLayerByName(SOURCES_TABLE)
        if table is None:
            return {}
        return {row.GetField("source"): _source_of(row)
                for row in table}


def set_source_info(path: str, source: str, licence: str = "", url: str = "",
                    attribution: str = "", retrieved: str = "") -> None:
    """Set the licence, url and attribution of ``source`` (added when new), atomically."""
    if not source:
        raise StoreError(tr("A source needs a name."))
    validate(path)
    update = StoreUpdate(path)
    try:
        update.set_source(SourceInfo(source, licence or "", url or "", attribution or "", retrieved or ""))
        update.commit()
    except BaseException:
        update.abort()
        raise


class StoreUpdate:
    """All-or-nothing changes to a GeoPackage store.

    Normally works on a temporary copy in the store's folder (an empty new store
    when ``create_new`` or when ``path`` does not exist yet), in one OGR
    transaction; :meth:`commit` moves it over ``path`` (``os.replace``),
    :meth:`abort` deletes it; until :meth:`commit` the file at ``path`` is not
    touched, and after :meth:`abort` it is byte-for-byte what it was.

    When the store is open for editing (its ``-wal`` file exists: QGIS holds it
    in update mode, e.g. drawing layers being edited), replacing the file would
    cut those layers off from it, so the changes go into the store itself in one
    SQLite transaction instead (``in_place``): :meth:`abort` rolls it back and
    the store's content is what it was.
    """

    def __init__(self, path: str, create_new: bool = False, _checked: bool = False):
        self.path = path
        self.created = create_new or not os.path.exists(path)
        if not self.created and not _checked:
            validate(path)  # upgrades an older store first
        self.in_place = not self.created and os.path.exists(path + "-wal")
        self.temp_path = None if self.in_place else _temp_path_beside(path)
        self._dataset = None
        self._control = None
        self.changed = self.created
        work_path = path if self.in_place else self.temp_path
        try:
            with _QuietGdal():
                if self.created:
                    os.remove(self.temp_path)
                    driver = gdal.GetDriverByName("GPKG")
                    dataset = driver.Create(self.temp_path, 0, 0, 0, gdal.GDT_Unknown)
                    if dataset is None:
                        raise StoreError(tr("Cannot create the store '{}' ({}).").format(
                            path, gdal.GetLastErrorMsg()))
                    _create_tables(dataset, _now())
                    dataset = None  # flush the table definitions before the data transaction
                elif not self.in_place:
                    shutil.copyfile(path, self.temp_path)
                self._dataset = gdal.OpenEx(work_path, gdal.OF_VECTOR | gdal.OF_UPDATE,
                                            allowed_drivers=["GPKG"])
                if self._dataset is None:
                    raise StoreError(tr("Cannot open '{}' for writing ({}).").format(
                        work_path, gdal.GetLastErrorMsg()))
                self._control = self._dataset.GetLayerByName(CONTROL_TABLE)
                if self._dataset.StartTransaction() != 0:
                    raise StoreError(tr("Cannot start a transaction on '{}' ({}).").format(
                        work_path, gdal.GetLastErrorMsg()))
                if self._dataset.GetLayerByName(SOURCES_TABLE) is None:
                    # a store made before the sources table existed
                    _create_table(self._dataset, SOURCES_TABLE)
                    self.changed = True
        except OSError as error:
            self.abort()
            raise StoreError(tr("Cannot write the store '{}': {}.").format(path, error)) from error
        except BaseException:
            self.abort()
            raise
        self._definition = self._control.GetLayerDefn()

    # -- reading ----------------------------------------------------------------
    def rows(self) -> List[StoredRow]:
        """Every control row's fid, source, status and validity (no geometry)."""
        control = self._control
        control.SetIgnoredFields([name for name, *_ in CONTROL_FIELD_SPECS
                                  if name not in ("valid_from", "valid_to", "status", "source")]
                                 + ["OGR_GEOMETRY"])
        try:
            control.ResetReading()
            index_from = self._definition.GetFieldIndex("valid_from")
            index_to = self._definition.GetFieldIndex("valid_to")
            rows = []
            for feature in control:
                start = _ogr_day(feature, index_from)
                if start is None:
                    continue
                rows.append(StoredRow(feature.GetFID(), feature.GetField("source") or "",
                                      feature.GetField("status") or "", start,
                                      _ogr_day(feature, index_to)))
            return rows
        finally:
            control.SetIgnoredFields([])

    # -- writing ----------------------------------------------------------------
    def add_control(self, geometry, valid_from: datetime.date,
                    valid_to: Optional[datetime.date], attributes: Dict[str, object]) -> int:
        """Add one control row: a 2D MultiPolygon in EPSG:4326 and its attributes
        (status, side, source, confidence, note, area_km2, imported_from); returns its fid.

        ``geometry`` is a QgsGeometry or an ``ogr.Geometry`` (taken over by the row)."""
        feature = ogr.Feature(self._definition)
        _set_day(feature, "valid_from", valid_from)
        _set_day(feature, "valid_to", valid_to)
        for name, value in attributes.items():
            if value is not None:
                feature.SetField(name, value)
        if isinstance(geometry, QgsGeometry):
            geometry = ogr.CreateGeometryFromWkb(bytes(geometry.asWkb()))
        feature.SetGeometryDirectly(geometry)
        self.changed = True
        if self._control.CreateFeature(feature) != 0:
            raise StoreError(tr("Cannot write the control row of {} ({}): {}.").format(
                valid_from.isoformat(), attributes.get("imported_from", ""), gdal.GetLastErrorMsg()))
        return feature.GetFID()

    def set_valid_to(self, fid: int, valid_to: Optional[datetime.date]) -> None:
        """Change the end of one control row's validity."""
        feature = self._control.GetFeature(fid)
        if feature is None:
            raise StoreError(tr("Control row {} vanished from '{}'.").format(fid, self.path))
        _set_day(feature, "valid_to", valid_to)
        self.changed = True
        if self._control.SetFeature(feature) != 0:
            raise StoreError(tr("Cannot update control row {} ({}).").format(fid, gdal.GetLastErrorMsg()))

    def sources(self) -> Dict[str, SourceInfo]:
        table = self._dataset.GetLayerByName(SOURCES_TABLE)
        table.ResetReading()
        return {row.GetField("source"): _source_of(row)
                for row in table}

    def set_source(self, info: SourceInfo, keep_existing: bool = False) -> None:
        """Add or replace (unless ``keep_existing``) a row of the sources table."""
        table = self._dataset.GetLayerByName(SOURCES_TABLE)
        table.ResetReading()
        for row in table:
            if row.GetField("source") == info.source:
                if keep_existing:
                    return
                self.changed = True
                for name in SOURCE_INFO_FIELDS:
                    row.SetField(name, getattr(info, name))
                table.SetFeature(row)
                return
        row = ogr.Feature(table.GetLayerDefn())
        for name in SOURCE_INFO_FIELDS:
            row.SetField(name, getattr(info, name))
        self.changed = True
        table.CreateFeature(row)

    def add_drawing(self, table: str, geometry: QgsGeometry, attributes: Dict[str, object]) -> int:
        """Add one drawing (``drawings_arcs``: a LineString, ``drawings_corridors``:
        a Polygon, EPSG:4326) in the same transaction, creating its table when
        the store has none yet; returns its fid."""
        if table not in DRAWING_TABLES:
            raise StoreError(tr("'{}' is not a drawings table of a situation store.").format(table))
        return self.add_row(table, geometry, attributes)

    def add_row(self, table: str, geometry: Optional[QgsGeometry], attributes: Dict[str, object]) -> int:
        """Add one row to any registry table (created when the store has none
        yet) in the same transaction; fields the table lacks are left out;
        returns its fid."""
        layer = self._dataset.GetLayerByName(table)
        if layer is None:
            layer = _create_table(self._dataset, table)
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, value in attributes.items():
            if value is None or feature.GetFieldIndex(name) < 0:
                continue
            if isinstance(value, datetime.date):
                _set_day(feature, name, value)
            else:
                feature.SetField(name, value)
        if geometry is not None and not geometry.isNull():
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(bytes(geometry.asWkb())))
        self.changed = True
        if layer.CreateFeature(feature) != 0:
            raise StoreError(tr("Cannot write a row into '{}' ({}).").format(table, gdal.GetLastErrorMsg()))
        return feature.GetFID()

    # -- finishing --------------------------------------------------------------
    def commit(self) -> None:
        """Commit (and move the new store over ``path``); aborts on any failure.
        Nothing changed: the store is left as it was (not even rewritten)."""
        if not self.changed:
            self.abort()
            return
        try:
            with _QuietGdal():
                if self._dataset.CommitTransaction() != 0:
                    raise StoreError(tr("Cannot commit the changes to '{}' ({}).").format(
                        self.path, gdal.GetLastErrorMsg()))
                self._dataset.FlushCache()
            self._dataset = None
            self._control = None
            if not self.in_place:
                publish(self.temp_path, self.path)  # ordinary permissions, then os.replace
        except OSError as error:
            self.abort()
            raise StoreError(tr("Cannot write the store '{}': {}.").format(self.path, error)) from error
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop every change; the store at ``path`` stays as it was."""
        if self._dataset is not None:
            with _QuietGdal():
                self._dataset.RollbackTransaction()
        self._dataset = None
        self._control = None
        if self.temp_path:
            _remove_quietly(self.temp_path)
