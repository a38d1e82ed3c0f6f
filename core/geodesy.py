"""Geodesic primitives on the WGS84 ellipsoid.

Every distance is in metres, every azimuth in degrees clockwise from north,
every coordinate in EPSG:4326 (longitude, latitude in degrees).
"""

import math
import threading
from typing import List, Optional

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsPointXY,
)

WGS84_CRS = "EPSG:4326"
WGS84_ELLIPSOID = "EPSG:7030"
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
