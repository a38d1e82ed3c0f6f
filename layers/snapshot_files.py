"""Reading snapshot files (or layers) into lon/lat polygon features, fast.

Files are read with OGR directly (the same work as a bare ``ogr`` read: no
QgsVectorLayer per file, whose set-up costs more than reading a day's snapshot);
layers already open in QGIS (memory layers, project layers) are read through
their provider. Every problem raises :class:`SnapshotFileError` with a message
naming the file and what is wrong.
"""

import datetime
import glob
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from osgeo import gdal, ogr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
    QgsGeometry,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.geodesy import WGS84_CRS
from ..infra.i18n import tr

# the vector files a folder import picks up
SNAPSHOT_EXTENSIONS = (".geojson", ".json", ".gpkg", ".shp", ".fgb", ".kml")
LON_LAT_RANGE = QgsRectangle(-180.0, -90.0, 180.0, 90.0)
_LON_LAT_AUTHIDS = {"EPSG:4326", "OGC:CRS84"}


class SnapshotFileError(ValueError):
    """A snapshot file cannot be imported; the message names the file and why."""


@dataclass
class SnapshotFeature:
    """One feature of a snapshot: its geometry (in the file's CRS until
    :func:`read_snapshot` reprojects it) and the attributes asked for."""

    feature_id: int
    geometry: Optional[QgsGeometry]
    attributes: Dict[str, object]
    # the OGR geometry and its ISO WKB, kept when the file was already in EPSG:4326
    # so an unchanged polygon is written without converting it again
    ogr_geometry: Optional[object] = None
    wkb: Optional[bytes] = None


@dataclass
class SnapshotRead:
    """What :func:`read_snapshot` found in one file or layer."""

    name: str  # file name (or layer name) shown in messages and stored as imported_from
    path: str
    features: List[SnapshotFeature]
    crs_authid: str
    warnings: List[str] = field(default_factory=list)


def snapshot_files_in_folder(folder: str) -> List[str]:
    """Every vector file of :data:`SNAPSHOT_EXTENSIONS` directly in ``folder``, sorted by name."""
    found = [p for p in glob.glob(os.path.join(glob.escape(folder), "*"))
             if os.path.isfile(p) and p.lower().endswith(SNAPSHOT_EXTENSIONS)]
    return sorted(found, key=lambda p: os.path.basename(p))


def source_name_from_file(path: str, day: Optional[datetime.date]) -> str:
    """The default source of a snapshot file: its base name before the date, with
    trailing separators removed (``deepstatemap_data_20240708.geojson`` ->
    ``deepstatemap_data``); the whole base name when nothing precedes the date."""
    stem = os.path.splitext(os.path.basename(path))[0]
    if day is not None:
        for text in (day.strftime("%Y%m%d"), day.isoformat(), day.strftime("%Y_%m_%d"),
                     day.strftime("%Y.%m.%d"), day.strftime("%d.%m.%Y")):
            index = stem.find(text)
            if index >= 0:
                prefix = stem[:index].rstrip(" _-.")
                return prefix or stem
    return stem


class _CrsCache:
    """QGIS CRSs and transforms to EPSG:4326, built once per distinct WKT."""

    def __init__(self):
        self._by_wkt = {}
        self.wgs84 = QgsCoordinateReferenceSystem(WGS84_CRS)

    def transform_for_reference(self, reference):
        """(authid, transform or None when already lon/lat WGS84) of an osr reference."""
        authority = reference.GetAuthorityName(None)
        code = reference.GetAuthorityCode(None)
        if authority and code and not reference.IsCompound():
            key = f"{authority}:{code}"
            if key not in self._by_wkt:
                self._by_wkt[key] = self.transform_for(reference.ExportToWkt())
            return self._by_wkt[key]
        return self.transform_for(reference.ExportToWkt())

    def transform_for(self, wkt: str):
        """(authid, transform or None when already lon/lat WGS84)."""
        if wkt not in self._by_wkt:
            crs = QgsCoordinateReferenceSystem.fromWkt(wkt)
            if not crs.isValid():
                self._by_wkt[wkt] = (None, None)
            elif crs.authid() in _LON_LAT_AUTHIDS or crs == self.wgs84:
                self._by_wkt[wkt] = (crs.authid() or WGS84_CRS, None)
            else:
                transform = QgsCoordinateTransform(crs, self.wgs84, QgsCoordinateTransformContext())
                self._by_wkt[wkt] = (crs.authid() or crs.description(), transform)
        return self._by_wkt[wkt]


def new_crs_cache() -> _CrsCache:
    """A cache for one import run (not shared between threads)."""
    return _CrsCache()


def split_layer_uri(value: str):
    """(path, layer name or None) of ``path|layername=name``."""
    path, _, options = value.partition("|")
    layer_name = None
    for option in options.split("|"):
        key, _, item = option.partition("=")
        if key.strip().lower() == "layername":
            layer_name = item
    return path, layer_name


def _check_polygonal(name: str, geometry_type) -> None:
    flat = ogr.GT_Flatten(geometry_type)
    polygonal = (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon,
                 ogr.wkbMultiSurface, ogr.wkbUnknown, ogr.wkbGeometryCollection)
    if flat not in polygonal:
        raise SnapshotFileError(tr("{}: the layer holds {} geometries, not polygons; "
                                   "snapshots must be polygons.").format(
            name, ogr.GeometryTypeToName(geometry_type)))


def _read_ogr_file(value: str, wanted_fields: Sequence[str], crs_cache: _CrsCache) -> SnapshotRead:
    path, only_layer = split_layer_uri(value)
    name = os.path.basename(path)
    if not os.path.isfile(path):
        raise SnapshotFileError(tr("{}: the file does not exist.").format(path))
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        gdal.ErrorReset()
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
        if dataset is None:
            detail = gdal.GetLastErrorMsg() or tr("not a vector file GDAL can read")
            raise SnapshotFileError(tr("{}: cannot be read ({}).").format(name, detail))
        layers = []
        for index in range(dataset.GetLayerCount()):
            layer = dataset.GetLayer(index)
            if only_layer is not None and layer.GetName() != only_layer:
                continue
            if only_layer is None and layer.GetGeomType() == ogr.wkbNone:
                continue  # an attribute table inside a GeoPackage
            layers.append(layer)
        if not layers:
            raise SnapshotFileError(tr("{}: no layer with geometries{}.").format(
                name, "" if only_layer is None else f" named '{only_layer}'"))
        features: List[SnapshotFeature] = []
        warnings: List[str] = []
        crs_authid = ""
        for layer in layers:
            _check_polygonal(name, layer.GetGeomType())
            definition = layer.GetLayerDefn()
            names = {definition.GetFieldDefn(i).GetName(): i for i in range(definition.GetFieldCount())}
            missing = [f for f in wanted_fields if f not in names]
            if missing:
                raise SnapshotFileError(tr("{}: no field {} (fields: {}).").format(
                    name, ", ".join(missing), ", ".join(names) or tr("none")))
            reference = layer.GetSpatialRef()
            transform = None
            if reference is None:
                crs_authid = ""
            else:
                crs_authid, transform = crs_cache.transform_for_reference(reference)
                if crs_authid is None:
                    raise SnapshotFileError(tr("{}: its CRS is not understood.").format(name))
            layer_features = []
            gdal.ErrorReset()
            keep_ogr = transform is None and reference is not None
            for feature in layer:
                geometry_ref = feature.GetGeometryRef()
                geometry = wkb = None
                if geometry_ref is not None:
                    wkb = geometry_ref.ExportToIsoWkb()
                    geometry = QgsGeometry()
                    geometry.fromWkb(wkb)
                attributes = {f: _ogr_value(feature, names[f]) for f in wanted_fields}
                layer_features.append(SnapshotFeature(
                    feature.GetFID(), geometry, attributes,
                    geometry_ref.Clone() if keep_ogr and geometry_ref is not None else None,
                    wkb if keep_ogr else None))
            error = gdal.GetLastErrorMsg()
            if gdal.GetLastErrorType() >= gdal.CE_Failure and error:
                raise SnapshotFileError(tr("{}: reading failed ({}).").format(name, error))
            _reproject(name, layer_features, reference is not None, transform, warnings)
            features.extend(layer_features)
        return SnapshotRead(name, path, features, crs_authid or WGS84_CRS, warnings)
    finally:
        dataset = None
        gdal.PopErrorHandler()


def _ogr_value(feature, index):
    if not feature.IsFieldSetAndNotNull(index):
        return None
    definition = feature.GetFieldDefnRef(index)
    if definition.GetType() in (ogr.OFTDate, ogr.OFTDateTime):
        year, month, day = feature.GetFieldAsDateTime(index)[:3]
        return datetime.date(year, month, day) if year else None
    return feature.GetField(index)


def _extent(features: List[SnapshotFeature]) -> QgsRectangle:
    extent = QgsRectangle()
    extent.setMinimal()
    for item in features:
        if item.geometry is not None and not item.geometry.isEmpty():
            extent.combineExtentWith(item.geometry.boundingBox())
    return extent


def _reproject(name: str, features: List[SnapshotFeature], has_crs: bool,
               transform: Optional[QgsCoordinateTransform], warnings: List[str]) -> None:
    """Bring ``features`` to EPSG:4326 in place; refuse coordinates that are not lon/lat."""
    if transform is not None:
        for item in features:
            if item.geometry is not None and not item.geometry.isEmpty():
                try:
                    item.geometry.transform(transform)
                except Exception as error:  # QgsCsException: no traceback for the user
                    raise SnapshotFileError(tr("{}: feature {} cannot be reprojected to "
                                               "EPSG:4326 ({}).").format(name, item.feature_id, error)) from error
    extent = _extent(features)
    if extent.xMinimum() > extent.xMaximum():
        return  # no geometry at all; the caller reports the empty snapshot
    inside = LON_LAT_RANGE.contains(extent)
    if not has_crs:
        if not inside:
            raise SnapshotFileError(tr(
                "{}: the file has no CRS and its coordinates ({}) are not longitudes and "
                "latitudes; set its CRS and import again.").format(name, extent.toString(4)))
        warnings.append(tr("{}: the file has no CRS; its coordinates are within longitude/"
                           "latitude range, so EPSG:4326 is assumed.").format(name))
    elif not inside:
        raise SnapshotFileError(tr("{}: coordinates out of longitude/latitude range after "
                                   "reprojection to EPSG:4326 ({}).").format(name, extent.toString(4)))


def _read_qgis_layer(layer: QgsVectorLayer, wanted_fields: Sequence[str]) -> SnapshotRead:
    source = layer.source()
    path = split_layer_uri(source)[0]
    name = os.path.basename(path) if os.path.isfile(path) else layer.name()
    if layer.geometryType() != QgsWkbTypes.PolygonGeometry:
        raise SnapshotFileError(tr("{}: the layer holds {} geometries, not polygons; "
                                   "snapshots must be polygons.").format(
            name, QgsWkbTypes.displayString(layer.wkbType())))
    names = layer.fields().names()
    missing = [f for f in wanted_fields if f not in names]
    if missing:
        raise SnapshotFileError(tr("{}: no field {} (fields: {}).").format(
            name, ", ".join(missing), ", ".join(names) or tr("none")))
    transform = None
    has_crs = layer.crs().isValid()
    wgs84 = QgsCoordinateReferenceSystem(WGS84_CRS)
    if has_crs and layer.crs().authid() not in _LON_LAT_AUTHIDS and layer.crs() != wgs84:
        transform = QgsCoordinateTransform(layer.crs(), wgs84, QgsCoordinateTransformContext())
    request = QgsFeatureRequest()
    features = []
    for feature in layer.getFeatures(request):
        geometry = QgsGeometry(feature.geometry()) if feature.hasGeometry() else None
        attributes = {}
        for f in wanted_fields:
            value = feature[f]
            attributes[f] = None if value is None or (hasattr(value, "isNull") and value.isNull()) else value
        features.append(SnapshotFeature(feature.id(), geometry, attributes))
    warnings: List[str] = []
    _reproject(name, features, has_crs, transform, warnings)
    return SnapshotRead(name, path if os.path.isfile(path) else "", features,
                        layer.crs().authid() or WGS84_CRS, warnings)


def read_snapshot(item, wanted_fields: Sequence[str] = (),
                  crs_cache: Optional[_CrsCache] = None) -> SnapshotRead:
    """Read a snapshot: ``item`` is a file path (``path|layername=x`` allowed) or a
    QgsVectorLayer. Geometries come back in EPSG:4326; ``wanted_fields`` are read
    into each feature's ``attributes``. Raises SnapshotFileError naming the file."""
    if isinstance(item, QgsVectorLayer):
        return _read_qgis_layer(item, wanted_fields)
    return _read_ogr_file(str(item), wanted_fields, crs_cache or new_crs_cache())
