"""The GeoPackage file of a store: its tables made from the registry
(``store/schema.py``), the checks on opening, and the upgrade steps from older
schema versions. OGR only; no SQL is written here."""

import datetime
import os
from typing import Callable, Dict, Optional, Tuple

from osgeo import gdal, ogr, osr
from qgis.core import QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from ...infra.gdal_errors import QuietGdal as _QuietGdal  # noqa: F401 (the backend's quiet block)
from ...infra.i18n import tr
from ...infra.log import log
from ..schema import (
    CONTROL_TABLE,
    DRAWING_TABLES,
    GEOMETRY_COLUMN,
    REQUIRED_CONTROL_FIELDS,
    SCHEMA_HISTORY,
    SCHEMA_VERSION,
    SOURCE_INFO_FIELDS,
    STORE_INFO_TABLE,
    TABLES,
    table_spec,
)
from ..types import SourceInfo, StoreError, StoreInfo
from .time_columns import lacks_time_columns
from .writer_lock import writer_lock


_OGR_TYPES = {QVariant.Date: ogr.OFTDate, QVariant.DateTime: ogr.OFTDateTime, QVariant.String: ogr.OFTString,
              QVariant.Double: ogr.OFTReal, QVariant.Int: ogr.OFTInteger}


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


def _set_day(feature, name, day: Optional[datetime.date]) -> None:
    """Set a date field (by name or index), or a date-time field from an aware
    ``datetime`` (stored in UTC; OGR's time-zone flag 100)."""
    if day is None:
        feature.SetFieldNull(name)
    elif isinstance(day, datetime.datetime):
        utc = day.astimezone(datetime.timezone.utc) if day.tzinfo else day
        feature.SetField(name, utc.year, utc.month, utc.day, utc.hour, utc.minute,
                         utc.second + utc.microsecond / 1e6, 100)
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



def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def _missing_drawing_tables(path: str):
    with _QuietGdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY, allowed_drivers=["GPKG"])
        if dataset is None:
            return list(DRAWING_TABLES)  # the update below says why it cannot be opened
        return [table for table in DRAWING_TABLES if dataset.GetLayerByName(table) is None]


DRAWING_TABLES_WAIT_S = 30.0
"""How long opening the drawings waits for another writer of the store (seconds)."""


def ensure_drawing_tables(path: str) -> None:
    """Create the drawings tables in the store at ``path`` when they are missing
    (holding the store's writer lock); every existing table is left untouched."""
    if not os.path.isfile(path):
        raise StoreError(tr("'{}' does not exist.").format(path))
    if not _missing_drawing_tables(path):
        return
    with writer_lock(path, DRAWING_TABLES_WAIT_S), _QuietGdal():
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



def _read_store_info(dataset) -> Dict[str, str]:
    table = dataset.GetLayerByName(STORE_INFO_TABLE)
    if table is None:
        return {}
    table.ResetReading()
    return {row.GetField("key"): row.GetField("value") for row in table}




def inspect(path: str) -> StoreInfo:
    """Check that ``path`` is a situation store this version can use, as it is
    (an older schema is not upgraded here).

    Raises StoreError saying what is wrong (no file, not a GeoPackage, no control
    table or a required field missing, a schema newer than this plugin).
    """
    return inspect_store(path)[0]


def inspect_store(path: str) -> Tuple[StoreInfo, bool]:
    """:func:`inspect`, and whether the control table lacks its date-time
    columns (or their index or triggers: ``time_columns.py``)."""
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
        lacks_time = lacks_time_columns(dataset)
    try:
        version = int(info.get("schema_version", "0"))
    except ValueError:
        version = 0
    if version < 1:
        raise StoreError(tr("'{}' has no valid schema_version in its store_info table.").format(path))
    if version > SCHEMA_VERSION:
        raise StoreError(tr("'{}' uses store schema {}, newer than this plugin's {}; "
                            "update Situation Mapper.").format(path, version, SCHEMA_VERSION))
    return StoreInfo(path, version, rows, info.get("created", "")), lacks_time


def apply_upgrades(dataset, path: str, version: int) -> None:
    """Bring an open, writable store (in a transaction) from schema ``version``
    to this plugin's: the steps of :data:`UPGRADES`, the registry's tables and
    fields, and the version in store_info."""
    for number in range(version + 1, SCHEMA_VERSION + 1):
        if number in UPGRADES:
            UPGRADES[number](dataset)
        log.info("store %s: schema %s (%s)", path, number, SCHEMA_HISTORY[number])
    _to_registry(dataset)
    _set_schema_version(dataset, SCHEMA_VERSION)
