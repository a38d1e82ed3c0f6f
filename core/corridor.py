"""Corridor width and throat between an area and a rear point (see docs: domain).

The corridor width on a date is the diameter of the widest disc that can travel
from some point of the area to the rear point without touching hostile ground:
twice the largest radius r for which the area and the rear point lie in one
connected part of the friendly ground eroded by r (the search disc minus the
hostile ground buffered by r). r is found on a fixed grid of radii (steps of at
most the tolerance from 0 to the rear point's clearance) by that connectivity
test, so that the answer is a function of the hostile ground alone (the grid
cell where connectivity ends; a hint only says where to start looking), in a
local azimuthal equidistant projection centred on the area (its distance error
is measured against pyproj.Geod in tests/test_corridor.py).

The throat is where the bottleneck lies: just above the critical radius the
area-side and rear-side parts separate; the throat centre is the middle of the
shortest line between them, and the throat is the segment from the nearest
hostile point on one side through that centre to the nearest hostile point on
the other side. All lengths are metres, ellipsoidal on WGS84.
"""

import datetime
import math
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from qgis.core import QgsGeometry, QgsPointXY, QgsRectangle

from .geodesy import wgs84_distance_area
from .local_projection import LocalProjection, local_centroid

MIN_SEARCH_RADIUS_M = 20000.0
SEARCH_RADIUS_FACTOR = 1.5
# Bisection stops when the radius is known to this many metres (width: twice).
RADIUS_TOLERANCE_M = 1.0
# Quadrant segments of the erosion buffers: chords fall short of the circle by
# r * (1 - cos(pi / 64)) = 0.12 % of r (1.2 m on a 1 km radius).
EROSION_SEGMENTS = 16
SEARCH_DISC_SEGMENTS = 64
# Hostile ground this far beyond the search disc plus the erosion radius is
# clipped away before growing it: it cannot reach the disc.
REACH_MARGIN_M = 100.0
# Hostile ground within this much of the throat disc's radius counts as touching
# it (the throat centre is known to a few metres).
TOUCH_MARGIN_M = 10.0
TOUCH_MARGIN_FRACTION = 0.005
# Two touching points at least this far apart in bearing make a pinch (a saddle
# between two hostile edges has them opposite, 180 degrees).
PINCH_MIN_ANGLE_DEG = 120.0
NOTE_LIMITED_BY_AREA = "the widest disc is limited where it leaves the area, not by a pinch"
NOTE_LIMITED_BY_REAR = "the widest disc is limited at the rear point"


class CorridorInputError(ValueError):
    """The area, rear point or search radius cannot define a corridor."""


@dataclass
class CorridorResult:
    """A corridor on one date; geometries in EPSG:4326, lengths in metres."""

    width_m: float
    is_open: bool
    note: str = ""
    throat: Optional[QgsGeometry] = None
    throat_length_m: Optional[float] = None
    throat_centre: Optional[QgsPointXY] = None
    passage: Optional[QgsGeometry] = None
    centreline: Optional[QgsGeometry] = None
    connectivity_tests: int = 0
    radius_bounds_m: tuple = field(default=(0.0, 0.0))


def default_search_radius(distance_m: float) -> float:
    """1.5 times the area-rear distance, at least 20 km (metres)."""
    return max(MIN_SEARCH_RADIUS_M, SEARCH_RADIUS_FACTOR * distance_m)


def _parts(geometry: QgsGeometry) -> List[QgsGeometry]:
    if geometry is None or geometry.isEmpty():
        return []
    if geometry.isMultipart():
        return [p for p in geometry.asGeometryCollection() if not p.isEmpty()]
    return [geometry]


class CorridorSolver:
    """Corridor widths from one area to one rear point, date after date.

    ``area`` is a polygon and ``rear`` a point in EPSG:4326; the search disc is
    centred on the area's centroid with ``search_radius_m`` metres (default
    :func:`default_search_radius`). Paths may not leave the search disc; its
    edge is not hostile.
    """

    def __init__(self, area: QgsGeometry, rear: QgsPointXY,
                 search_radius_m: Optional[float] = None,
                 radius_tolerance_m: float = RADIUS_TOLERANCE_M):
        if area is None or area.isEmpty():
            raise CorridorInputError("the area has no geometry")
        self.centre = local_centroid(area)
        self.projection = LocalProjection(self.centre)
        self.area = self.projection.to_local(area)
        self.rear = self.projection.point_to_local(rear)
        self.rear_geometry = QgsGeometry.fromPointXY(self.rear)
        self.da = wgs84_distance_area()
        self.rear_distance_m = self.da.measureLine(self.centre, QgsPointXY(rear))
        self.search_radius_m = search_radius_m or default_search_radius(self.rear_distance_m)
        if self.rear.distance(0.0, 0.0) >= self.search_radius_m:
            raise CorridorInputError(
                f"the rear point is {self.rear_distance_m:.0f} m from the area's centre, "
                f"outside the search radius of {self.search_radius_m:.0f} m")
        if self.area.contains(self.rear_geometry):
            raise CorridorInputError("the rear point lies inside the area")
        self.disc = QgsGeometry.fromPointXY(QgsPointXY(0.0, 0.0)).buffer(
            self.search_radius_m, SEARCH_DISC_SEGMENTS)
        self.tolerance = radius_tolerance_m
        self.tests = 0
        self._free_memo = None  # radius -> free ground, while one solve runs

    # -- hostile ground ----------------------------------------------------------
    def wgs84_window(self) -> QgsRectangle:
        """The lon/lat rectangle of hostile ground that can matter (search disc and
        the largest erosion radius around it)."""
        extent = self.projection.to_wgs84(
            QgsGeometry.fromPointXY(QgsPointXY(0, 0)).buffer(2.0 * self.search_radius_m, 8))
        return extent.boundingBox()

    def local_hostile(self, hostile: Optional[QgsGeometry]) -> QgsGeometry:
        """Hostile ground (EPSG:4326) clipped to the window, in local metres."""
        if hostile is None or hostile.isEmpty():
            return QgsGeometry()
        clipped = hostile.clipped(self.wgs84_window())
        if clipped.isEmpty():
            return QgsGeometry()
        local = self.projection.to_local(clipped)
        if not local.isGeosValid():
            local = local.makeValid()
        return local

    # -- connectivity ----------------------------------------------------------
    def _free(self, hostile: QgsGeometry, radius: float) -> QgsGeometry:
        """The search disc minus hostile ground grown by ``radius`` metres
        (within :meth:`solve`, each radius computed once, from the hostile
        ground within reach of the disc)."""
        if hostile.isEmpty():
            return self.disc
        memo = self._free_memo
        if memo is not None and radius in memo:
            return memo[radius]
        grown = hostile
        if radius > 0:
            if memo is not None:
                # within solve(): only hostile ground within reach of the disc is grown
                # (what lies farther grows by ``radius`` and still stays outside it)
                reach = self.search_radius_m + radius + REACH_MARGIN_M
                grown = hostile.clipped(QgsRectangle(-reach, -reach, reach, reach))
            grown = grown.buffer(radius, EROSION_SEGMENTS)
        free = self.disc.difference(grown)
        if memo is not None:
            memo[radius] = free
        return free

    def _rear_part(self, free: QgsGeometry) -> Optional[QgsGeometry]:
        for part in _parts(free):
            if part.intersects(self.rear_geometry):
                return part
        return None

    def _connected(self, hostile: QgsGeometry, radius: float) -> bool:
        self.tests += 1
        part = self._rear_part(self._free(hostile, radius))
        return part is not None and part.intersects(self.area)

    # -- solve -----------------------------------------------------------------
    def _radius_grid(self, high: float) -> Tuple[float, int]:
        """``(step, count)``: the radii the search tests are ``index * step`` for
        index 0..count, ``count`` a power of two and ``step`` at most the
        tolerance (``count * step`` is ``high`` exactly)."""
        count = 1
        while high / count > self.tolerance and count < 2 ** 40:
            count *= 2
        return high / count, count

    def solve(self, hostile_wgs84: Optional[QgsGeometry], hint_radius_m: Optional[float] = None,
              is_canceled=lambda: False) -> CorridorResult:
        """The corridor for one hostile geometry (EPSG:4326).

        The critical radius is looked for on a fixed grid of radii (``index *
        step``, step at most the tolerance, from 0 to the rear point's
        clearance): the answer is the grid cell where the connectivity ends,
        the one bisection from 0 finds, so it depends on the hostile ground
        alone. ``hint_radius_m`` (e.g. the previous date's radius) is where the
        search starts: when the corridor did not change, two connectivity
        tests confirm it; the answer does not depend on it.
        """
        self.tests = 0
        self._free_memo = {}
        try:
            return self._solve_on_grid(hostile_wgs84, hint_radius_m, is_canceled)
        finally:
            self._free_memo = None

    def _solve_on_grid(self, hostile_wgs84, hint_radius_m, is_canceled) -> CorridorResult:
        hostile = self.local_hostile(hostile_wgs84)
        early = self._trivial(hostile)
        if early is not None:
            return early
        high = hostile.distance(self.rear_geometry)
        step, count = self._radius_grid(high)

        def radius(index: int) -> float:
            return high if index >= count else index * step

        # connected at low_index, not at high_index (grid indices); the rear
        # point's clearance (index count) is tested only when no smaller radius cuts
        low_index, high_index = 0, count
        if hint_radius_m is not None and 0.0 < hint_radius_m < high:
            low_index, high_index = self._bracket_near(
                hostile, radius, count, min(count - 1, int(hint_radius_m // step)), is_canceled)
        elif self._connected(hostile, high):
            low_index = count
        if low_index >= count:
            return self._finish_open(hostile, high, high * 1.000001)
        while high_index - low_index > 1:
            if is_canceled():
                break
            middle = (low_index + high_index) // 2
            if self._connected(hostile, radius(middle)):
                low_index = middle
            else:
                high_index = middle
        return self._finish_open(hostile, radius(low_index), radius(high_index))

    def _bracket_near(self, hostile: QgsGeometry, radius, count: int, start: int,
                      is_canceled) -> Tuple[int, int]:
        """Grid indices ``(low, high)``, connected at ``radius(low)`` and not at
        ``radius(high)``, found by doubling steps away from index ``start``;
        ``low`` is ``count`` when connected even at the rear point's clearance."""
        low, high = 0, count
        if start <= 0:
            start = 0
        elif not self._connected(hostile, radius(start)):
            high, jump = start, 1
            while high - jump > low and not is_canceled():
                if self._connected(hostile, radius(high - jump)):
                    return high - jump, high
                high, jump = high - jump, 2 * jump
            return low, high
        low, jump = start, 1
        while not is_canceled():
            probe = min(count, low + jump)
            if not self._connected(hostile, radius(probe)):
                return low, probe
            low, jump = probe, 2 * jump
            if low >= count:
                break
        return low, high

    def _trivial(self, hostile: QgsGeometry) -> Optional[CorridorResult]:
        """The result when no search is needed (no hostile ground, or cut off)."""
        if hostile.isEmpty():
            return self._finish_open(hostile, self.search_radius_m, self.search_radius_m,
                                     note="no hostile ground within the search radius")
        if hostile.distance(self.rear_geometry) <= 0.0:
            return self._cut_off(hostile, "the rear point is in hostile ground")
        if self.area.difference(hostile).isEmpty():
            return self._cut_off(hostile, "the whole area is in hostile ground")
        if not self._connected(hostile, 0.0):
            return self._cut_off(hostile, "no friendly path from the area to the rear point")
        return None

    def solve_by_bisection(self, hostile_wgs84: Optional[QgsGeometry],
                           hint_radius_m: Optional[float] = None,
                           is_canceled=lambda: False) -> CorridorResult:
        """The corridor as computed before the radius grid (kept to measure
        against): bisection of a bracket narrowed around ``hint_radius_m``,
        whose last metre depends on the hint (on the date computed before)."""
        self.tests = 0
        hostile = self.local_hostile(hostile_wgs84)
        if hostile.isEmpty():
            return self._finish_open(hostile, self.search_radius_m, self.search_radius_m,
                                     note="no hostile ground within the search radius")
        rear_clearance = hostile.distance(self.rear_geometry)
        if rear_clearance <= 0.0:
            return self._cut_off(hostile, "the rear point is in hostile ground")
        free_area = self.area.difference(hostile)
        if free_area.isEmpty():
            return self._cut_off(hostile, "the whole area is in hostile ground")
        if not self._connected(hostile, 0.0):
            return self._cut_off(hostile, "no friendly path from the area to the rear point")

        low, high = 0.0, rear_clearance
        if self._connected(hostile, high):
            return self._finish_open(hostile, high, high * 1.000001)
        if hint_radius_m is not None and 0.0 < hint_radius_m < high:
            step = max(25.0, 0.02 * hint_radius_m)
            below, above = max(0.0, hint_radius_m - step), min(high, hint_radius_m + step)
            if self._connected(hostile, below):
                low = below
                if not self._connected(hostile, above):
                    high = above
            else:
                high = below
        while high - low > self.tolerance:
            if is_canceled():
                break
            middle = 0.5 * (low + high)
            if self._connected(hostile, middle):
                low = middle
            else:
                high = middle
        return self._finish_open(hostile, low, high)

    # -- results ---------------------------------------------------------------
    def _cut_off(self, hostile: QgsGeometry, note: str) -> CorridorResult:
        free = self._free(hostile, 0.0)
        part = self._rear_part(free)
        passage = self.projection.to_wgs84(part) if part is not None else None
        return CorridorResult(width_m=0.0, is_open=False, note=note, passage=passage,
                              connectivity_tests=self.tests)

    def _finish_open(self, hostile: QgsGeometry, low: float, high: float,
                     note: str = "") -> CorridorResult:
        radius = 0.5 * (low + high)
        low_part = self._rear_part(self._free(hostile, low)) if low > 0 else self._rear_part(
            self._free(hostile, 0.0))
        centre = self._throat_centre(hostile, low_part, high)
        throat = throat_length = None
        if not hostile.isEmpty() and centre is not None:
            throat, pinch = self._throat_line(hostile, centre)
            throat = self.projection.to_wgs84(throat)
            throat_length = self.da.measureLength(throat)
            if not pinch and not note:
                if centre.distance(self.rear) < 2.0 * TOUCH_MARGIN_M:
                    note = NOTE_LIMITED_BY_REAR
                elif self.area.distance(QgsGeometry.fromPointXY(centre)) < 2.0 * TOUCH_MARGIN_M:
                    note = NOTE_LIMITED_BY_AREA
        passage = None
        if low_part is not None:
            passage = low_part.buffer(low, EROSION_SEGMENTS) if low > 0 else low_part
            passage = passage.intersection(self._free(hostile, 0.0))
            passage = self.projection.to_wgs84(passage)
        centre_wgs = self.projection.point_to_wgs84(centre) if centre is not None else None
        return CorridorResult(
            width_m=2.0 * radius, is_open=True, note=note, throat=throat,
            throat_length_m=throat_length, throat_centre=centre_wgs, passage=passage,
            centreline=self._centreline(centre_wgs), connectivity_tests=self.tests,
            radius_bounds_m=(low, high))

    def _throat_centre(self, hostile: QgsGeometry, low_part: Optional[QgsGeometry],
                       high: float) -> Optional[QgsPointXY]:
        """Where the area side and the rear side separate just above the critical radius."""
        if hostile.isEmpty():
            return None
        free_high = self._free(hostile, high)
        parts = _parts(free_high)
        rear_side = next((p for p in parts if p.intersects(self.rear_geometry)), None)
        area_side = [p for p in parts if p is not rear_side and p.intersects(self.area)]
        if rear_side is not None and area_side:
            line = rear_side.shortestLine(QgsGeometry.unaryUnion(area_side))
            points = line.asPolyline()
            return QgsPointXY(0.5 * (points[0].x() + points[-1].x()),
                              0.5 * (points[0].y() + points[-1].y()))
        if rear_side is None:
            # the rear point's own clearance is the bottleneck
            return QgsPointXY(self.rear)
        # the area itself is eroded away: the bottleneck is inside the area
        if low_part is not None:
            inside = low_part.intersection(self.area)
            if not inside.isEmpty():
                return inside.pointOnSurface().asPoint()
        return None

    def _throat_line(self, hostile: QgsGeometry, centre: QgsPointXY) -> Tuple[QgsGeometry, bool]:
        """The segment across the passage at the throat centre (metres).

        The widest disc there touches hostile ground at two places or more
        (hostile points within a small margin of its radius, in separate
        pieces); the throat joins the two touching points that face each other
        most (a true pinch has them nearly opposite). Otherwise the bottleneck is
        not a pinch between two hostile edges but where the disc leaves the area
        or reaches the rear point; the segment then runs from the nearest hostile
        edge through the centre to the nearest hostile ground beyond. The flag
        says which case it is (True: a pinch).
        """
        centre_geometry = QgsGeometry.fromPointXY(centre)
        clearance = hostile.distance(centre_geometry)
        margin = max(TOUCH_MARGIN_M, TOUCH_MARGIN_FRACTION * clearance, 2.0 * self.tolerance)
        caps = hostile.intersection(centre_geometry.buffer(clearance + margin, 2 * EROSION_SEGMENTS))
        touches = [piece.nearestPoint(centre_geometry).asPoint()
                   for piece in _parts(QgsGeometry.unaryUnion([caps]))]
        if len(touches) >= 2:
            best = None
            for i, first in enumerate(touches):
                for second in touches[i + 1:]:
                    a = math.atan2(first.y() - centre.y(), first.x() - centre.x())
                    b = math.atan2(second.y() - centre.y(), second.x() - centre.x())
                    angle = abs((a - b + math.pi) % (2 * math.pi) - math.pi)
                    if best is None or angle > best[0]:
                        best = (angle, first, second)
            if best[0] >= math.radians(PINCH_MIN_ANGLE_DEG):
                return QgsGeometry.fromPolylineXY([QgsPointXY(best[1]), QgsPointXY(best[2])]), True
        first = hostile.nearestPoint(centre_geometry).asPoint()
        dx, dy = centre.x() - first.x(), centre.y() - first.y()
        norm = math.hypot(dx, dy)
        if norm == 0.0:
            return QgsGeometry.fromPolylineXY([first, first]), False
        ux, uy = dx / norm, dy / norm
        span = 4.0 * self.search_radius_m
        vx, vy = -uy, ux
        cx, cy = centre.x(), centre.y()
        half_plane = QgsGeometry.fromPolygonXY([[
            QgsPointXY(cx + span * vx, cy + span * vy),
            QgsPointXY(cx + span * vx + span * ux, cy + span * vy + span * uy),
            QgsPointXY(cx - span * vx + span * ux, cy - span * vy + span * uy),
            QgsPointXY(cx - span * vx, cy - span * vy),
            QgsPointXY(cx + span * vx, cy + span * vy)]])
        opposite = hostile.intersection(half_plane)
        if opposite.isEmpty():
            second = QgsPointXY(cx + ux * norm, cy + uy * norm)
        else:
            second = opposite.nearestPoint(centre_geometry).asPoint()
        return QgsGeometry.fromPolylineXY([QgsPointXY(first), QgsPointXY(second)]), False

    def _centreline(self, throat_centre: Optional[QgsPointXY]) -> QgsGeometry:
        """A schematic line: area centre -> throat centre -> rear point, geodesic legs."""
        rear = self.projection.point_to_wgs84(self.rear)
        stops = [self.centre] + ([throat_centre] if throat_centre is not None else []) + [rear]
        points: List[QgsPointXY] = []
        for start, end in zip(stops, stops[1:]):
            if self.da.measureLine(start, end) < 1.0:
                continue
            legs = self.da.geodesicLine(start, end, 200.0, False)
            leg = [p for part in legs for p in part]
            points.extend(leg if not points else leg[1:])
        if len(points) < 2:
            points = [self.centre, rear]
        return QgsGeometry.fromPolylineXY(points)


# -- trend and closure estimate ------------------------------------------------
def width_trend(width_m: Optional[float], earlier_width_m: Optional[float],
                window_days: int) -> Optional[float]:
    """The width's change per day over ``window_days`` days (metres per day):
    (width on d - width on d - window) / window; None when either width is None."""
    if width_m is None or earlier_width_m is None or window_days < 1:
        return None
    return (width_m - earlier_width_m) / float(window_days)


def closure_estimate(day, width_m: Optional[float], trend_m_per_day: Optional[float]):
    """The day a straight-line trend brings ``width_m`` to zero: day + ceil(width /
    -trend) days, while the trend is negative and the width positive; None
    otherwise. An extrapolation of the trend, not a forecast."""
    if width_m is None or trend_m_per_day is None or not trend_m_per_day < 0 or not width_m > 0:
        return None
    days = width_m / -trend_m_per_day
    # a ratio a rounding error above a whole number is that whole number
    whole = round(days)
    steps = whole if abs(days - whole) < 1e-9 * max(1.0, days) else math.ceil(days)
    try:
        return day + datetime.timedelta(days=int(steps))
    except OverflowError:
        return None
