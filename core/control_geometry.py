"""Geometry maths of control polygons: ellipsoidal areas, repair, union, and the
front line (a boundary without the parts along a mask's edge).

Every input geometry is in EPSG:4326 (longitude, latitude in degrees) unless a
function says otherwise. Areas are in square metres (``*_m2``) or square
kilometres (``*_km2``) on the WGS84 ellipsoid; lengths in metres.
"""

import math
import struct
from dataclasses import dataclass
from typing import Iterable, List, Optional

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsGeometry,
    QgsWkbTypes,
)

from .geodesy import WGS84_CRS, authalic_q, wgs84_distance_area

# WGS84 ellipsoid
WGS84_A = 6378137.0
WGS84_F = 1.0 / 298.257223563
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)
WGS84_E = math.sqrt(WGS84_E2)

# the area of a band per unit of authalic_q and of longitude (radians)
_BAND_M2 = WGS84_A * WGS84_A * (1.0 - WGS84_E2)

# a repair that changes the area by more than this fraction is reported
REPAIR_AREA_TOLERANCE = 0.001

_WKB_POLYGON = 3
_WKB_MULTIPOLYGON = 6


def _ring_area_m2(coordinates: np.ndarray) -> float:
    """Unsigned area of one lon/lat ring (n x 2 degrees), square metres.

    The ring is drawn on Lambert's cylindrical equal-area projection of the
    ellipsoid (x = longitude, y = a^2 (1 - e^2) geodesy.authalic_q(latitude)),
    which keeps every area, and
    measured there with the shoelace formula. Edges are straight in that
    projection; for the short edges of control polygons the difference to
    geodesic edges is below 1e-6 of the area (measured in tests/test_store.py).
    """
    lon = np.radians(coordinates[:, 0])
    q = authalic_q(np.radians(coordinates[:, 1]))
    # trapezoids between consecutive vertices (the ring is closed, last == first)
    twice = np.sum((lon[1:] - lon[:-1]) * (q[1:] + q[:-1]))
    return abs(twice) * 0.5 * _BAND_M2


def _ring_areas_m2(rings: List[np.ndarray]) -> np.ndarray:
    """:func:`_ring_area_m2` of many rings at once (one numpy pass)."""
    coordinates = np.concatenate(rings) if len(rings) > 1 else rings[0]
    lon = np.radians(coordinates[:, 0])
    q = authalic_q(np.radians(coordinates[:, 1]))
    terms = (lon[1:] - lon[:-1]) * (q[1:] + q[:-1])
    starts = np.cumsum([0] + [len(r) for r in rings[:-1]])
    # a ring's terms are starts[i] .. starts[i] + len - 2; the term across two rings is dropped
    sums = np.add.reduceat(np.append(terms, 0.0), starts)
    ends = starts + np.array([len(r) for r in rings]) - 1
    sums -= np.append(terms, 0.0)[ends]
    return np.abs(sums) * 0.5 * _BAND_M2


def _polygon_rings_from_wkb(wkb: bytes) -> Optional[List[List[np.ndarray]]]:
    """Polygons (lists of rings, each an n x 2 array) of a 2D (Multi)Polygon WKB;
    None for any other geometry type (the caller falls back to QgsDistanceArea)."""
    byte_order = "<" if wkb[0] == 1 else ">"
    (wkb_type,) = struct.unpack_from(byte_order + "I", wkb, 1)
    offset = 5
    if wkb_type == _WKB_POLYGON:
        polygon_count, nested = 1, False
    elif wkb_type == _WKB_MULTIPOLYGON:
        (polygon_count,) = struct.unpack_from(byte_order + "I", wkb, offset)
        offset += 4
        nested = True
    else:
        return None
    dtype = np.dtype(byte_order + "f8")
    polygons = []
    for _ in range(polygon_count):
        if nested:
            part_order = "<" if wkb[offset] == 1 else ">"
            (part_type,) = struct.unpack_from(part_order + "I", wkb, offset + 1)
            if part_type != _WKB_POLYGON or part_order != byte_order:
                return None
            offset += 5
        (ring_count,) = struct.unpack_from(byte_order + "I", wkb, offset)
        offset += 4
        rings = []
        for _ in range(ring_count):
            (point_count,) = struct.unpack_from(byte_order + "I", wkb, offset)
            offset += 4
            ring = np.frombuffer(wkb, dtype=dtype, count=2 * point_count, offset=offset)
            rings.append(ring.reshape(point_count, 2))
            offset += 16 * point_count
        polygons.append(rings)
    return polygons


def ellipsoidal_area_m2(geometry: QgsGeometry) -> float:
    """Area of a lon/lat (EPSG:4326) polygon geometry on WGS84, square metres.

    Holes are subtracted; overlapping parts are counted once per part (union
    them first). Works on invalid rings too (then it is the sum of the rings'
    absolute areas, which is what a repair is compared against).
    """
    if geometry is None or geometry.isEmpty():
        return 0.0
    return ellipsoidal_area_m2_of_wkb(bytes(geometry.asWkb()), geometry)


def ellipsoidal_area_m2_of_wkb(wkb: bytes, geometry: Optional[QgsGeometry] = None) -> float:
    """:func:`ellipsoidal_area_m2` of a geometry given as WKB (``geometry``: the
    same as a QgsGeometry, if at hand, for the rare fallback)."""
    polygons = _polygon_rings_from_wkb(wkb)
    if polygons is None or any(
            np.ptp(rings[0][:, 0]) > 180.0 for rings in polygons if len(rings) and len(rings[0])):
        # curves, Z/M, or a part across the antimeridian: QGIS measures it
        if geometry is None:
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
        return wgs84_distance_area().measureArea(geometry)
    rings = [ring for rings_of_part in polygons for ring in rings_of_part]
    signs = np.array([(1.0 if index == 0 else -1.0)
                      for rings_of_part in polygons for index, _ring in enumerate(rings_of_part)])
    keep = np.array([len(ring) >= 4 for ring in rings], dtype=bool)
    if not keep.any():
        return 0.0
    rings = [ring for ring, kept in zip(rings, keep) if kept]
    signs = signs[keep]
    return float(np.dot(signs, _ring_areas_m2(rings)))


def ellipsoidal_area_km2(geometry: QgsGeometry) -> float:
    """Area of a lon/lat polygon geometry on WGS84, square kilometres."""
    return ellipsoidal_area_m2(geometry) / 1e6


def ellipsoidal_length_m(geometry: QgsGeometry) -> float:
    """Geodesic length of a lon/lat line geometry on WGS84, metres."""
    if geometry is None or geometry.isEmpty():
        return 0.0
    return wgs84_distance_area().measureLength(geometry)


def polygons_only(geometry: QgsGeometry) -> QgsGeometry:
    """The polygon parts of ``geometry`` as a 2D MultiPolygon (lines and points
    that a repair or an intersection can leave are dropped); may be empty."""
    if geometry is None or geometry.isNull():
        return QgsGeometry.fromWkt("MultiPolygon EMPTY")
    result = QgsGeometry(geometry)
    flat = QgsWkbTypes.flatType(result.wkbType())
    if flat == QgsWkbTypes.GeometryCollection:
        if not result.convertGeometryCollectionToSubclass(QgsWkbTypes.PolygonGeometry):
            return QgsGeometry.fromWkt("MultiPolygon EMPTY")
    elif QgsWkbTypes.geometryType(result.wkbType()) != QgsWkbTypes.PolygonGeometry:
        return QgsGeometry.fromWkt("MultiPolygon EMPTY")
    if QgsWkbTypes.isCurvedType(result.wkbType()):
        result = QgsGeometry(result.constGet().segmentize())
    abstract = result.get()
    abstract.dropZValue()
    abstract.dropMValue()
    result.convertToMultiType()
    return result


@dataclass
class RepairResult:
    """A geometry after :func:`repaired`: whether it was repaired, and how much
    its area changed (fraction of the area before the repair)."""

    geometry: QgsGeometry
    repaired: bool
    area_change: float


def repaired(geometry: QgsGeometry) -> RepairResult:
    """``geometry`` made valid (QgsGeometry.makeValid) when GEOS finds it invalid,
    kept as polygons only, 2D MultiPolygon; with the relative area change."""
    if geometry.isGeosValid():
        return RepairResult(polygons_only(geometry), False, 0.0)
    before = ellipsoidal_area_m2(polygons_only(geometry))
    fixed = polygons_only(geometry.makeValid())
    after = ellipsoidal_area_m2(fixed)
    change = abs(after - before) / before if before > 0 else (1.0 if after > 0 else 0.0)
    return RepairResult(fixed, True, change)


def union_polygons(geometries: Iterable[QgsGeometry]) -> QgsGeometry:
    """The union of valid polygon geometries as one 2D MultiPolygon (may be empty)."""
    parts = [g for g in geometries if g is not None and not g.isEmpty()]
    if not parts:
        return QgsGeometry.fromWkt("MultiPolygon EMPTY")
    if len(parts) == 1:
        return polygons_only(parts[0])
    return polygons_only(QgsGeometry.unaryUnion(parts))


def local_equidistant_crs(centre_lon: float, centre_lat: float) -> QgsCoordinateReferenceSystem:
    """An azimuthal equidistant projection on WGS84 centred on a point (metres).

    Distances from the centre are exact; a buffer width at distance d from the
    centre is off by about (d / 6371 km)^2 / 6 of itself (0.15 % at 600 km).
    """
    return QgsCoordinateReferenceSystem.fromProj(
        f"+proj=aeqd +lat_0={centre_lat:.8f} +lon_0={centre_lon:.8f} +ellps=WGS84 "
        "+units=m +no_defs")


def _transformers(geometry: QgsGeometry):
    centre = geometry.boundingBox().center()
    local = local_equidistant_crs(centre.x(), centre.y())
    wgs84 = QgsCoordinateReferenceSystem(WGS84_CRS)
    context = QgsCoordinateTransformContext()
    return (QgsCoordinateTransform(wgs84, local, context),
            QgsCoordinateTransform(local, wgs84, context))


def boundary_lines(polygons: QgsGeometry) -> QgsGeometry:
    """The boundary (outer rings and holes) of a polygon geometry as a MultiLineString."""
    if polygons is None or polygons.isEmpty():
        return QgsGeometry.fromWkt("MultiLineString EMPTY")
    lines = QgsGeometry(polygons.constGet().boundary())
    lines.convertToMultiType()
    return lines


def front_line(control: QgsGeometry, mask: Optional[QgsGeometry] = None,
               mask_tolerance_m: float = 100.0) -> QgsGeometry:
    """The boundary of ``control`` (lon/lat polygons) as lines; with a ``mask``
    (lon/lat polygons: country outline, land), only the parts inside the mask
    and more than ``mask_tolerance_m`` metres from the mask's edge are kept, so
    borders and coastlines that the control polygons follow drop out.

    The metre-based band around the mask's edge is built in a local azimuthal
    equidistant projection centred on the control polygons.
    """
    lines = boundary_lines(control)
    if lines.isEmpty() or mask is None or mask.isEmpty():
        return lines
    forward, back = _transformers(control)
    local_lines = QgsGeometry(lines)
    local_lines.transform(forward)
    local_mask = QgsGeometry(mask)
    local_mask.transform(forward)
    inside = local_lines.intersection(local_mask)
    if mask_tolerance_m > 0 and not inside.isEmpty():
        edge = boundary_lines(local_mask)
        # only the mask edge near the lines matters; clip it first (faster buffer)
        near = local_lines.boundingBox().buffered(2 * mask_tolerance_m)
        edge = edge.clipped(near)
        if not edge.isEmpty():
            band = edge.buffer(mask_tolerance_m, 8)
            inside = inside.difference(band)
    result = QgsGeometry(inside)
    if result.isEmpty():
        return QgsGeometry.fromWkt("MultiLineString EMPTY")
    result.transform(back)
    if QgsWkbTypes.flatType(result.wkbType()) == QgsWkbTypes.GeometryCollection:
        result.convertGeometryCollectionToSubclass(QgsWkbTypes.LineGeometry)
    result = result.mergeLines() if not result.isEmpty() else result
    result.convertToMultiType()
    return result
