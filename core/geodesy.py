"""Geodesic primitives on the WGS84 ellipsoid.

Every distance is in metres, every azimuth in degrees clockwise from north,
every coordinate in EPSG:4326 (longitude, latitude in degrees).
"""

import math
import threading
from typing import List, Optional, Tuple

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsPointXY,
)

WGS84_CRS = "EPSG:4326"
WGS84_ELLIPSOID = "EPSG:7030"
WGS84_SEMI_MAJOR_M = 6378137.0
WGS84_INVERSE_FLATTENING = 298.257223563
# One vertex per degree of bearing at least, so a short-radius arc stays round.
MAX_BEARING_STEP_DEG = 1.0


_PROTOTYPE_LOCK = threading.Lock()
_prototype: Optional[QgsDistanceArea] = None


def wgs84_distance_area() -> QgsDistanceArea:
    """A QgsDistanceArea measuring ellipsoidally on WGS84 for EPSG:4326 input.

    Each call returns a copy of one prototype: the CRS and ellipsoid look-ups run
    once (the provider makes the first call on the main thread), not in every
    worker thread.
    """
    global _prototype
    with _PROTOTYPE_LOCK:
        if _prototype is None:
            da = QgsDistanceArea()
            da.setSourceCrs(QgsCoordinateReferenceSystem(WGS84_CRS), QgsCoordinateTransformContext())
            da.setEllipsoid(WGS84_ELLIPSOID)
            _prototype = da
        return QgsDistanceArea(_prototype)


def sweep_degrees(start_azimuth: float, end_azimuth: float) -> float:
    """Clockwise angle from ``start_azimuth`` to ``end_azimuth``, in (0, 360] degrees.

    Equal azimuths that differ by a multiple of 360 (0 and 360) are a full turn;
    identical azimuths are rejected, as they describe no arc.
    """
    if start_azimuth == end_azimuth:
        raise ValueError("start and end azimuth are equal: the arc would be empty")
    sweep = (end_azimuth - start_azimuth) % 360.0
    return 360.0 if sweep == 0.0 else sweep


def destination(da: QgsDistanceArea, origin: QgsPointXY, distance_m: float,
                azimuth_deg: float) -> QgsPointXY:
    """The point at geodesic ``distance_m`` from ``origin`` along ``azimuth_deg``."""
    return da.computeSpheroidProject(origin, distance_m, math.radians(azimuth_deg))


def arc_segment_count(radius_m: float, sweep_deg: float, max_segment_m: float) -> int:
    """Segments needed so no chord exceeds ``max_segment_m`` nor 1 degree of bearing."""
    if radius_m <= 0 or max_segment_m <= 0:
        raise ValueError("radius and segment length must be positive")
    # radius * angle bounds the geodesic circle's length from above on any ellipsoid
    by_length = math.ceil(radius_m * math.radians(sweep_deg) / max_segment_m)
    by_bearing = math.ceil(sweep_deg / MAX_BEARING_STEP_DEG)
    return max(1, by_length, by_bearing)


def geodesic_arc_points(centre: QgsPointXY, radius_m: float, start_azimuth: float,
                        end_azimuth: float, segments: int) -> List[QgsPointXY]:
    """Vertices of a geodesic circle arc, clockwise from start to end azimuth.

    Each vertex lies at geodesic distance ``radius_m`` from ``centre``; the
    first at ``start_azimuth`` and the last at ``end_azimuth``, with
    ``segments`` equal bearing steps between them.
    """
    if segments < 1:
        raise ValueError("an arc needs at least one segment")
    if radius_m <= 0:
        raise ValueError("the radius must be positive")
    sweep = sweep_degrees(start_azimuth, end_azimuth)
    da = wgs84_distance_area()
    step = sweep / segments
    points = [destination(da, centre, radius_m, start_azimuth + i * step)
              for i in range(segments)]
    # the last vertex at the exact end azimuth, not at a sum of rounded steps
    points.append(destination(da, centre, radius_m, start_azimuth + sweep))
    return points


# The ellipsoidal area of a ring as a sum over its edges (see edge_area_terms):
# the authalic series of GRASS's area_poly1.c (as QgsDistanceArea used it up to QGIS 3.22).
_FLATTENING = 1.0 / WGS84_INVERSE_FLATTENING
_E2 = _FLATTENING * (2.0 - _FLATTENING)
_AE = WGS84_SEMI_MAJOR_M ** 2 * (1.0 - _E2)
_QA, _QB, _QC = 2.0 / 3.0 * _E2, 3.0 / 5.0 * _E2 ** 2, 4.0 / 7.0 * _E2 ** 3
# three-point Gauss-Legendre nodes and weights (halved: they average over [-1, 1])
_GAUSS_NODES = (-math.sqrt(0.6), 0.0, math.sqrt(0.6))
_GAUSS_WEIGHTS = (5.0 / 18.0, 8.0 / 18.0, 5.0 / 18.0)


def authalic_q(latitude):
    """The authalic function of WGS84 at ``latitude`` (radians; float or numpy
    array), scaled so that a band between two latitudes has the area
    ``a² (1 - e²) · Δq · Δλ``: ``q(φ) / (2 (1 - e²))`` of the closed form,
    by its series to e⁶ (GRASS's area_poly1.c; the first term left out, 5/9 e⁸ sin⁹,
    is at most 1.1e-9)."""
    sine = np.sin(latitude)
    squared = sine * sine
    return sine * (1.0 + squared * (_QA + squared * (_QB + squared * _QC)))


def edge_area_terms(x0, y0, x1, y1, reference_latitude: float = 0.0) -> Tuple[np.ndarray, np.ndarray]:
    """Each edge's term of the ellipsoidal (WGS84) area of the rings it is
    part of: ``(chord, bend)``, two arrays in square metres, for edges from
    ``(x0, y0)`` to ``(x1, y1)`` (EPSG:4326 degrees, arrays).

    Over a closed ring turning anticlockwise, ``sum(chord + bend)`` is its
    area (negative clockwise), as QgsDistanceArea measures it (geodesic
    edges): to about 1e-9 of it for edges under a kilometre, 3e-8 for the
    real front-line snapshots. Because the terms of any closed set of rings
    add up, the area of an overlay is a sum over the pieces of edges bounding
    it, which is how core/occupied_share.py measures coverings.

    ``chord`` integrates the area along the straight longitude/latitude line
    between the ends (authalic series, averaged over the edge by Gauss-Legendre
    quadrature); it is additive: the terms of the two parts of an edge cut at
    a point of that line add up to the edge's. ``bend`` is the area between
    that line and the geodesic (a cubic in the edge's size): the part of an
    edge between fractions ``t0`` and ``t1`` of its length has the bend
    ``(t1 - t0) ** 3`` times the edge's. ``reference_latitude`` (degrees)
    only shifts every chord term by a multiple of its longitude span, which
    cancels over closed rings: near the data it keeps the terms small.
    """
    lon0, lat0 = np.radians(x0), np.radians(y0)
    d_lon, d_lat = np.radians(x1) - lon0, np.radians(y1) - lat0
    middle = lat0 + 0.5 * d_lat
    average = sum(weight * authalic_q(middle + node * 0.5 * d_lat)
                  for node, weight in zip(_GAUSS_NODES, _GAUSS_WEIGHTS))
    chord = _AE * d_lon * (authalic_q(math.radians(reference_latitude)) - average)
    # a geodesic bends poleward of the line (d2(lat) = -sin cos d(lon)^2 along
    # it): the area between them, with the ellipsoid's radii of curvature there
    sine, cosine = np.sin(middle), np.cos(middle)
    weight = 1.0 - _E2 * sine * sine
    across = WGS84_SEMI_MAJOR_M / np.sqrt(weight)   # prime vertical radius N
    along = across * (1.0 - _E2) / weight           # meridian radius M
    bend = -sine * d_lon * across * (across * cosine * cosine * d_lon * d_lon / 12.0
                                     + along * d_lat * d_lat / 6.0)
    return chord, bend
