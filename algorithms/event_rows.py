"""Reading an event file row by row for ``importevents``: a CSV (longitude and
latitude columns, or a WKT column) with Python's own csv reader, and GeoJSON,
GeoPackage, Shapefile, KML and KMZ through OGR. Each row comes out as its
place in the file (line N of a CSV, feature N otherwise), its values by role
(core/events.py) and its point in longitude/latitude, or what is wrong with it.
"""

import csv
import datetime
import os
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Tuple

from osgeo import gdal, ogr, osr

from ..core.events import COLUMN_NAMES, EventRowError, find_columns, parse_lon_lat
from ..infra.gdal_errors import QuietGdal
from ..infra.i18n import tr

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
OGR_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".kml", ".kmz", ".fgb")


class EventFileError(Exception):
    """The file as a whole cannot be read as events (the message names it)."""


@dataclass
class RawRow:
    """One row as read: ``where`` ("line 3", "feature 2"), ``values`` by role,
    ``point`` (lon, lat) or ``problem`` (why it has none)."""

    where: str
    values: Dict[str, object] = field(default_factory=dict)
    point: Optional[Tuple[float, float]] = None
    problem: str = ""


def _wgs84() -> osr.SpatialReference:
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(4326)
    reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return reference


def _point_of(geometry, transform) -> Tuple[float, float]:
    """A point geometry's (lon, lat); a polygon or line: its centroid; a
    multi-point of one point: that point."""
    if geometry is None or geometry.IsEmpty():
        raise EventRowError(tr("no geometry"))
    geometry = geometry.Clone()
    if transform is not None and geometry.Transform(transform) != 0:
        raise EventRowError(tr("its geometry cannot be converted to longitude/latitude"))
    flat = ogr.GT_Flatten(geometry.GetGeometryType())
    if flat == ogr.wkbMultiPoint and geometry.GetGeometryCount() == 1:
        geometry = geometry.GetGeometryRef(0)
        flat = ogr.wkbPoint
    if flat != ogr.wkbPoint:
        if flat in (ogr.wkbMultiPoint, ogr.wkbGeometryCollection):
            raise EventRowError(tr("its geometry holds several points; an event is one place"))
        geometry = geometry.Centroid()
    return parse_lon_lat(geometry.GetX(), geometry.GetY())


def _point_from_values(values: Mapping[str, object], has_lon_lat: bool) -> Tuple[float, float]:
    if has_lon_lat:
        return parse_lon_lat(values.get("lon"), values.get("lat"))
    text = str(values.get("wkt") or "").strip()
    if not text:
        raise EventRowError(tr("no longitude/latitude and no WKT geometry"))
    with QuietGdal():
        geometry = ogr.CreateGeometryFromWkt(text)
    if geometry is None:
        raise EventRowError(tr("'{}' is not a WKT geometry").format(text[:60]))
    return _point_of(geometry, None)


def read_rows(path: str, overrides: Optional[Mapping[str, str]] = None) -> Tuple[List[RawRow], Dict[str, str]]:
    """Every row of the event file at ``path`` and which column plays each role.
    Raises EventFileError when the file cannot be read or names no place."""
    if not os.path.isfile(path):
        raise EventFileError(tr("'{}' is not a file.").format(path))
    if path.lower().endswith(CSV_SUFFIXES):
        return _csv_rows(path, overrides)
    return _ogr_rows(path, overrides)


def _csv_rows(path: str, overrides) -> Tuple[List[RawRow], Dict[str, str]]:
    name = os.path.basename(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            sample = handle.read(65536)
            handle.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            reader = csv.reader(handle, dialect)
            try:
                header = next(reader)
            except StopIteration:
                raise EventFileError(tr("{}: the file is empty.").format(name)) from None
            header = [column.strip() for column in header]
            try:
                columns = find_columns(header, overrides)
            except EventRowError as error:
                raise EventFileError("{}: {}.".format(name, error)) from None
            has_lon_lat = "lon" in columns and "lat" in columns
            if not has_lon_lat and "wkt" not in columns:
                raise EventFileError(tr("{}: no longitude and latitude columns (lon/longitude/x, lat/latitude/y) "
                                        "and no WKT column; name them with LON_FIELD and LAT_FIELD or "
                                        "WKT_FIELD. Its columns: {}.").format(name, ", ".join(header)))
            if "time" not in columns:
                raise EventFileError(tr("{}: no date column (date, datetime, event_date, time); name it with "
                                        "TIME_FIELD. Its columns: {}.").format(name, ", ".join(header)))
            index = {column: position for position, column in enumerate(header)}
            rows: List[RawRow] = []
            line = reader.line_num + 1  # where the next record starts
            for record in reader:
                where = tr("line {}").format(line)
                line = reader.line_num + 1
                if not any(cell.strip() for cell in record):
                    continue  # a blank line
                values = {role: (record[index[column]] if index[column] < len(record) else "")
                          for role, column in columns.items()}
                row = RawRow(where, values)
                try:
                    row.point = _point_from_values(values, has_lon_lat)
                except EventRowError as error:
                    row.problem = str(error)
                rows.append(row)
            return rows, columns
    except UnicodeDecodeError as error:
        raise EventFileError(tr("{}: not UTF-8 text ({}).").format(name, error.reason)) from None
    except csv.Error as error:
        raise EventFileError(tr("{}: not a readable CSV file ({}).").format(name, error)) from None
    except OSError as error:
        raise EventFileError(tr("{}: cannot be read ({}).").format(name, error.strerror)) from None


def _ogr_value(feature, index: int, kind: int):
    if not feature.IsFieldSetAndNotNull(index):
        return None
    if kind in (ogr.OFTDate, ogr.OFTDateTime):
        year, month, day, hour, minute, second, zone = feature.GetFieldAsDateTime(index)
        if kind == ogr.OFTDate:
            return datetime.date(year, month, day)
        whole = int(second)
        tz = datetime.timezone.utc  # unknown (0) or local (1): read as UTC
        if zone > 1 and zone != 100:
            tz = datetime.timezone(datetime.timedelta(minutes=(zone - 100) * 15))
        return datetime.datetime(year, month, day, hour, minute, whole,
                                 int(round((second - whole) * 1e6)), tzinfo=tz)
    return feature.GetField(index)


def _ogr_rows(path: str, overrides) -> Tuple[List[RawRow], Dict[str, str]]:
    name = os.path.basename(path)
    with QuietGdal():
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
        if dataset is None or dataset.GetLayerCount() == 0:
            raise EventFileError(tr("{}: not a readable event file ({}).").format(
                name, gdal.GetLastErrorMsg() or tr("no layer")))
        rows: List[RawRow] = []
        columns: Dict[str, str] = {}
        number = 0
        for layer_index in range(dataset.GetLayerCount()):
            layer = dataset.GetLayer(layer_index)
            definition = layer.GetLayerDefn()
            names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
            try:
                columns = find_columns(names, overrides)
            except EventRowError as error:
                raise EventFileError("{}: {}.".format(name, error)) from None
            if "time" not in columns:
                raise EventFileError(tr("{}: no date field (date, datetime, event_date, time, timestamp); name "
                                        "it with TIME_FIELD. Its fields: {}.").format(name, ", ".join(names)))
            reference = layer.GetSpatialRef()
            transform = None
            if reference is not None:
                reference = reference.Clone()
                reference.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
                if not reference.IsSame(_wgs84()):
                    transform = osr.CoordinateTransformation(reference, _wgs84())
            kinds = {column: definition.GetFieldDefn(definition.GetFieldIndex(column)).GetType()
                     for column in columns.values()}
            # KML: a TimeStamp fills "timestamp", a TimeSpan "begin": the first one set
            other_times = [] if (overrides or {}).get("time") else [
                name for name in names if name.lower() in COLUMN_NAMES["time"] and name != columns["time"]]
            has_lon_lat = "lon" in columns and "lat" in columns
            layer.ResetReading()
            for feature in layer:
                number += 1
                values = {role: _ogr_value(feature, definition.GetFieldIndex(column), kinds[column])
                          for role, column in columns.items()}
                for name in other_times:
                    if values["time"] not in (None, ""):
                        break
                    index = definition.GetFieldIndex(name)
                    values["time"] = _ogr_value(feature, index, definition.GetFieldDefn(index).GetType())
                row = RawRow(tr("feature {}").format(number), values)
                try:
                    geometry = feature.GetGeometryRef()
                    if geometry is not None and not geometry.IsEmpty():
                        row.point = _point_of(geometry, transform)
                    else:
                        row.point = _point_from_values(values, has_lon_lat)
                except EventRowError as error:
                    row.problem = str(error)
                rows.append(row)
        dataset = None
    return rows, columns
