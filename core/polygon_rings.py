"""Polygons as NumPy arrays of their rings and back (through WKB), and an
area polygon densified along its geodesics so that the occupied share's
crossing tests (core/share_edges.py) can treat its edges as straight.

Every geometry is in EPSG:4326 (longitude, latitude in degrees).
"""

import struct
from typing import List, Optional, Sequence

import numpy as np
from qgis.core import QgsGeometry, QgsPointXY

from .geodesy import wgs84_distance_area

# Longest edge of an area polygon once densified along its geodesics, metres.
MAX_AREA_EDGE_M = 500.0


def polygon_arrays(geometry: QgsGeometry) -> Optional[List[List[np.ndarray]]]:
    """The rings of a 2D (Multi)Polygon as ``(n, 2)`` arrays of x, y, polygon
    by polygon (from its WKB); None for any other geometry."""
    wkb = bytes(geometry.asWkb())
    if len(wkb) < 9 or wkb[0] != 1:
        return None
    polygons: List[List[np.ndarray]] = []

    def polygon(offset: int) -> int:
        if wkb[offset] != 1 or struct.unpack_from("<I", wkb, offset + 1)[0] != 3:
            raise ValueError("not a 2D polygon")
        rings = []
        (number,) = struct.unpack_from("<I", wkb, offset + 5)
        offset += 9
        for _ in range(number):
            (count,) = struct.unpack_from("<I", wkb, offset)
            rings.append(np.frombuffer(wkb, "<f8", 2 * count, offset + 4).reshape(count, 2))
            offset += 4 + 16 * count
        polygons.append(rings)
        return offset

    try:
        kind = struct.unpack_from("<I", wkb, 1)[0]
        if kind == 3:
            polygon(0)
        elif kind == 6:
            offset = 9
            for _ in range(struct.unpack_from("<I", wkb, 5)[0]):
                offset = polygon(offset)
        else:
            return None
    except (ValueError, struct.error):
        return None
    return polygons


def multipolygon_of(polygons: Sequence[Sequence[np.ndarray]]) -> QgsGeometry:
    """A MultiPolygon of rings given as ``(n, 2)`` arrays (through its WKB)."""
    chunks = [struct.pack("<BII", 1, 6, len(polygons))]
    for rings in polygons:
        chunks.append(struct.pack("<BII", 1, 3, len(rings)))
        for ring in rings:
            chunks.append(struct.pack("<I", len(ring)))
            chunks.append(np.ascontiguousarray(ring, dtype="<f8").tobytes())
    geometry = QgsGeometry()
    geometry.fromWkb(b"".join(chunks))
    return geometry


def geodesic_densified(geometry: QgsGeometry, distance_area=None,
                       max_edge_m: float = MAX_AREA_EDGE_M) -> QgsGeometry:
    """A copy of a (Multi)Polygon whose edges longer than ``max_edge_m`` metres
    get extra vertices ON their geodesic, so its ellipsoidal area is unchanged.

    Why: a covering's edge crosses an area edge at a point of the area edge's
    straight longitude/latitude chord, which is off the geodesic the area
    measure follows (on a 5 km edge a sliver of about 2000 m2), and the part of
    an area edge's bend on each side of a crossing is taken in proportion to
    length (see area_change). With short edges both vanish (about 2 m2 of
    bend on a 500 m edge).
    """
    distance_area = distance_area or wgs84_distance_area()
    polygons = polygon_arrays(geometry)
    if polygons is None:  # not 2D: through QGIS points
        polygons = [[np.array([(p.x(), p.y()) for p in ring], dtype=np.float64).reshape(-1, 2)
                     for ring in polygon]
                    for polygon in (geometry.asMultiPolygon() if geometry.isMultipart()
                                    else [geometry.asPolygon()])]

    def ring(points: np.ndarray) -> np.ndarray:
        if len(points) < 2:
            return points
        # only edges that may be long are measured: an equirectangular length
        # on a sphere of 6400 km overestimates short edges (by far less than 10 %)
        latitude = np.radians((points[:-1, 1] + points[1:, 1]) / 2)
        dx = np.radians(np.diff(points[:, 0])) * np.cos(latitude)
        dy = np.radians(np.diff(points[:, 1]))
        candidates = np.flatnonzero(np.hypot(dx, dy) * 6_400_000.0 > 0.9 * max_edge_m)
        if not len(candidates):
            return points
        out, done = [], 0
        for index in candidates.tolist():
            start = QgsPointXY(*points[index])
            end = QgsPointXY(*points[index + 1])
            if distance_area.measureLine(start, end) <= max_edge_m:
                continue
            out.append(points[done:index + 1])
            inserted, last = [], start
            for line in distance_area.geodesicLine(start, end, max_edge_m):
                if line and line[0] == last:
                    line = line[1:]
                if line:
                    inserted.extend([(point.x(), point.y()) for point in line])
                    last = line[-1]
            if inserted and last == end:
                inserted.pop()
            if inserted:
                out.append(np.array(inserted, dtype=np.float64))
            done = index + 1
        out.append(points[done:])
        return np.concatenate(out)

    return multipolygon_of([[ring(r) for r in polygon] for polygon in polygons])
