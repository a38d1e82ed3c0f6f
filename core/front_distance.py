"""Distance from a target point to the nearest point of hostile ground (WGS84).

The hostile ground is projected into an azimuthal equidistant projection
centred on the target, where the distance from the centre is the true geodesic
distance along radials; GEOS finds the nearest point there (edges densified
first), which is transformed back and measured on the ellipsoid.
"""

import math
from typing import NamedTuple, Optional

from qgis.core import QgsGeometry, QgsPointXY, QgsRectangle

from .geodesy import wgs84_distance_area
from .local_projection import LocalProjection

# Edges are densified to this many degrees before projecting (~550 m), so a
# straight projected segment stays within well under a metre of the edge.
DENSIFY_DEG = 0.005
# Metres per degree of latitude, a lower bound (at the equator: 110 574 m).
_M_PER_DEG_LAT = 110000.0
_M_PER_DEG_LON_EQUATOR = 111000.0


class Nearest(NamedTuple):
    """``distance_m`` (0 inside), ``bearing_deg`` (0..360; None inside) and the
    nearest hostile ``point`` (lon, lat; None inside)."""
    distance_m: float
    bearing_deg: Optional[float]
    point: Optional[QgsPointXY]


def search_window(target: QgsPointXY, reach_m: float) -> QgsRectangle:
    """A lon/lat box holding every point within ``reach_m`` metres of ``target``."""
    dlat = reach_m / _M_PER_DEG_LAT + 1e-4
    lat_far = min(89.9, abs(target.y()) + dlat)
    dlon = min(180.0, reach_m / (_M_PER_DEG_LON_EQUATOR * 0.99 * math.cos(math.radians(lat_far))) + 1e-4)
    return QgsRectangle(target.x() - dlon, target.y() - dlat, target.x() + dlon, target.y() + dlat)


def nearest_hostile(target: QgsPointXY, ground: QgsGeometry) -> Optional[Nearest]:
    """The nearest point of ``ground`` (EPSG:4326 polygons) to ``target``; None
    when ``ground`` is empty."""
    if ground is None or ground.isEmpty():
        return None
    target = QgsPointXY(target)
    target_geometry = QgsGeometry.fromPointXY(target)
    if ground.intersects(target_geometry):
        return Nearest(0.0, None, None)
    da = wgs84_distance_area()
    # A first guess in degrees bounds the search: nothing farther than it matters.
    guess = ground.nearestPoint(target_geometry).asPoint()
    reach = da.measureLine(target, guess) * 1.001 + 1.0
    window = search_window(target, reach)
    if window.contains(ground.boundingBox()):
        near = QgsGeometry(ground)
    else:
        near = ground.clipped(window)
        if near.isEmpty():  # cannot happen (guess lies in window): be safe
            near = QgsGeometry(ground)
    near = near.densifyByDistance(DENSIFY_DEG)
    projection = LocalProjection(target)
    local = projection.to_local(near)
    origin = QgsGeometry.fromPointXY(QgsPointXY(0.0, 0.0))
    local_nearest = local.nearestPoint(origin).asPoint()
    point = projection.point_to_wgs84(local_nearest)
    distance = da.measureLine(target, point)
    bearing = math.degrees(da.bearing(target, point)) % 360.0
    return Nearest(distance, bearing, point)


def approach_km_per_week(distance_then_m: Optional[float], distance_now_m: Optional[float],
                         window_days: int) -> Optional[float]:
    """(distance on d - window - distance on d) * 7 / window, in km per week:
    positive when the front comes closer; None when a distance is missing."""
    if distance_then_m is None or distance_now_m is None or window_days <= 0:
        return None
    return (distance_then_m - distance_now_m) / 1000.0 * 7.0 / window_days
