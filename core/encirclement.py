"""Enclosed degrees and encirclement arcs (see docs: domain definitions).

The enclosed degrees of an area at radius R are the total angle of the bearings
seen from the area's centre for which the point at geodesic distance R lies in
hostile ground; the hostile runs of bearings are the encirclement arcs.

Method: the geodesic circle is sampled at fine bearing steps (and at every
bearing where the chord polygon of the circle crosses a hostile boundary, so no
thin crossing slips between two samples); each change of state between two
neighbouring bearings is then refined by bisection on the exact geodesic circle
to ``BISECTION_TOLERANCE_DEG``. Azimuths are degrees clockwise from north.
"""

import math
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsGeometry, QgsPointXY, QgsRectangle

from .geodesy import destination, wgs84_distance_area
from .ground_digest import ground_digest
from .share_edges import EdgeSet, boundary_edges

SAMPLE_STEP_DEG = 0.05
BISECTION_TOLERANCE_DEG = 1e-4
# Runs (hostile or open) narrower than this are points where the circle only
# touches a boundary (or rounding noise on it) and are dropped.
MIN_RUN_DEG = 1e-3


@dataclass(frozen=True)
class HostileRun:
    """A contiguous run of hostile bearings, clockwise from ``start_az`` to ``end_az``
    (degrees in [0, 360)); ``degrees`` is its sweep (360 for a closed ring)."""

    start_az: float
    end_az: float
    degrees: float


@dataclass(frozen=True)
class Enclosure:
    """The enclosure of one centre at one radius."""

    radius_m: float
    runs: Tuple[HostileRun, ...]

    @property
    def enclosed_deg(self) -> float:
        """Total hostile angle, degrees (0..360)."""
        return min(360.0, sum(run.degrees for run in self.runs))

    @property
    def open_deg(self) -> float:
        """360 minus the enclosed degrees."""
        return 360.0 - self.enclosed_deg

    @property
    def hostile_sectors(self) -> int:
        return len(self.runs)


def circle_window(centre: QgsPointXY, radius_m: float, margin: float = 1.02) -> QgsRectangle:
    """A lon/lat rectangle holding the geodesic circle of ``radius_m`` (with a margin)."""
    da = wgs84_distance_area()
    points = [destination(da, centre, radius_m * margin, az) for az in (0, 90, 180, 270)]
    rect = QgsRectangle(points[3].x(), points[2].y(), points[1].x(), points[0].y())
    return rect


class _HostileTest:
    """Point-in-hostile test on a prepared geometry."""

    def __init__(self, hostile: QgsGeometry):
        self.hostile = hostile  # the engine reads this geometry: keep it alive
        self.engine = QgsGeometry.createGeometryEngine(hostile.constGet())
        self.engine.prepareGeometry()

    def __call__(self, point: QgsPointXY) -> bool:
        geometry = QgsGeometry.fromPointXY(point)  # alive while the engine reads it
        return self.engine.intersects(geometry.constGet())


def _bisect(state_at: Callable[[float], bool], low: float, high: float, low_state: bool,
            tolerance: float) -> float:
    """The bearing between ``low`` and ``high`` where the state changes from ``low_state``."""
    while high - low > tolerance:
        middle = 0.5 * (low + high)
        if state_at(middle) == low_state:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def enclosure(centre: QgsPointXY, radius_m: float, hostile: Optional[QgsGeometry],
              step_deg: float = SAMPLE_STEP_DEG,
              tolerance_deg: float = BISECTION_TOLERANCE_DEG) -> Enclosure:
    """The hostile runs of bearings on the geodesic circle of ``radius_m`` metres
    around ``centre`` (EPSG:4326), for a hostile geometry in EPSG:4326."""
    if radius_m <= 0:
        raise ValueError("the radius must be positive")
    if hostile is None or hostile.isEmpty():
        return Enclosure(radius_m, ())
    return enclosure_of_clipped(centre, radius_m, hostile.clipped(circle_window(centre, radius_m)),
                                step_deg, tolerance_deg)


def enclosure_of_clipped(centre: QgsPointXY, radius_m: float, local_hostile: QgsGeometry,
                         step_deg: float = SAMPLE_STEP_DEG,
                         tolerance_deg: float = BISECTION_TOLERANCE_DEG) -> Enclosure:
    """:func:`enclosure` of hostile ground already clipped to
    ``circle_window(centre, radius_m)``: all of it that the enclosure reads."""
    return _enclosure(centre, radius_m, local_hostile, sample_ring(centre, radius_m, step_deg),
                      tolerance_deg)[0]


@dataclass(frozen=True)
class SampleRing:
    """The sampled bearings of a geodesic circle and their points (EPSG:4326)."""

    bearings: Tuple[float, ...]
    points: Tuple[QgsPointXY, ...]
    xs: np.ndarray
    ys: np.ndarray


def sample_ring(centre: QgsPointXY, radius_m: float, step_deg: float = SAMPLE_STEP_DEG) -> SampleRing:
    """The bearings every ``step_deg`` degrees (at least 8) and their points at
    ``radius_m`` metres from ``centre``."""
    da = wgs84_distance_area()
    count = max(8, int(math.ceil(360.0 / step_deg)))
    bearings = tuple(360.0 * i / count for i in range(count))
    points = tuple(destination(da, centre, radius_m, b) for b in bearings)
    return SampleRing(bearings, points, np.array([p.x() for p in points]),
                      np.array([p.y() for p in points]))


def _enclosure(centre: QgsPointXY, radius_m: float, local_hostile: QgsGeometry, ring: SampleRing,
               tolerance_deg: float = BISECTION_TOLERANCE_DEG,
               known: Optional[Tuple[np.ndarray, Sequence[bool]]] = None
               ) -> Tuple[Enclosure, Optional[List[bool]]]:
    """The enclosure and the hostile state of each point of ``ring``.
    ``known``: ``(mask, states)``, states known already for the points where
    ``mask`` is True (ground unchanged around them); the others are tested."""
    if local_hostile.isEmpty():
        return Enclosure(radius_m, ()), None
    da = wgs84_distance_area()
    inside = _HostileTest(local_hostile)

    def state_at(bearing: float) -> bool:
        return inside(destination(da, centre, radius_m, bearing))

    # bearings where the chord polygon crosses a hostile boundary: thin slivers
    # between two samples are found there
    circle_line = QgsGeometry.fromPolylineXY(list(ring.points) + [ring.points[0]])
    boundary = QgsGeometry(local_hostile.constGet().boundary())
    crossings = circle_line.intersection(boundary)
    extra = []
    if not crossings.isEmpty():
        for vertex in crossings.vertices():
            point = QgsPointXY(vertex.x(), vertex.y())
            extra.append(math.degrees(da.bearing(centre, point)) % 360.0)
    if known is None:
        states = [inside(p) for p in ring.points]
    else:
        mask, previous = known
        states = [previous[i] if keep else inside(p)
                  for i, (keep, p) in enumerate(zip(mask.tolist(), ring.points))]
    samples = sorted(zip(ring.bearings, states))
    if extra:
        samples = sorted(samples + [(b, state_at(b)) for b in extra])
    samples.append((samples[0][0] + 360.0, samples[0][1]))

    transitions: List[Tuple[float, bool]] = []  # (bearing, entering hostile)
    for (b0, s0), (b1, s1) in zip(samples, samples[1:]):
        if s0 != s1 and b1 > b0:
            bearing = _bisect(state_at, b0, b1, s0, tolerance_deg) % 360.0
            transitions.append((bearing, s1))
    if not transitions:
        if samples[0][1]:
            return Enclosure(radius_m, (HostileRun(0.0, 0.0, 360.0),)), states
        return Enclosure(radius_m, ()), states
    transitions.sort()
    transitions = _drop_touches(transitions)
    if not transitions:
        return Enclosure(radius_m, (HostileRun(0.0, 0.0, 360.0),) if samples[0][1] else ()), states
    return Enclosure(radius_m, tuple(_runs(transitions))), states


def _drop_touches(transitions: List[Tuple[float, bool]]) -> List[Tuple[float, bool]]:
    """Remove pairs of opposite transitions closer than MIN_RUN_DEG (tangent touches)."""
    kept = list(transitions)
    changed = True
    while changed and len(kept) >= 2:
        changed = False
        for i in range(len(kept)):
            j = (i + 1) % len(kept)
            if kept[i][1] != kept[j][1] and (kept[j][0] - kept[i][0]) % 360.0 < MIN_RUN_DEG:
                for index in sorted({i, j}, reverse=True):
                    kept.pop(index)
                changed = True
                break
    return kept


def _runs(transitions: Sequence[Tuple[float, bool]]) -> List[HostileRun]:
    """Hostile runs from sorted (bearing, entering) transitions around the circle."""
    # start at an entry so each run is entry -> next exit, cyclically
    first_entry = next(i for i, (_b, entering) in enumerate(transitions) if entering)
    ordered = list(transitions[first_entry:]) + list(transitions[:first_entry])
    runs = []
    start = None
    for bearing, entering in ordered:
        if entering and start is None:
            start = bearing
        elif not entering and start is not None:
            sweep = (bearing - start) % 360.0
            runs.append(HostileRun(start, bearing, sweep))
            start = None
    runs.sort(key=lambda run: run.start_az)
    return runs


def arc_vertex_count(radius_m: float, sweep_deg: float, max_segment_m: float = 50.0) -> int:
    """Segments for drawing a run: at most 0.5 degree and ``max_segment_m`` each."""
    by_length = math.ceil(radius_m * math.radians(sweep_deg) / max_segment_m)
    return max(2, int(math.ceil(sweep_deg / 0.5)), by_length)


class EnclosureSeries:
    """:func:`enclosure` of one centre at one radius for the hostile grounds of
    date after date (``reuse=False``: every ground measured in full).

    A ground whose part around the circle (clipped to :func:`circle_window`)
    is byte for byte one measured before takes that result. Otherwise only the
    sample points the ground changed around are tested again: the ground
    changed only inside the box of the boundary edges that differ from the
    ground measured last (core/share_edges.py, as occupiedshare finds them),
    and a point outside that box is inside the one ground exactly when it is
    inside the other (GEOS's point-in-polygon test is exact).
    """

    def __init__(self, centre: QgsPointXY, radius_m: float, reuse: bool = True):
        if radius_m <= 0:
            raise ValueError("the radius must be positive")
        self.centre = centre
        self.radius_m = radius_m
        self.window = circle_window(centre, radius_m)
        self.reuse = reuse
        self._ring: Optional[SampleRing] = None
        self._results: Dict[bytes, Enclosure] = {}
        self._last: Optional[Tuple[EdgeSet, List[bool]]] = None  # edges, point states
        self.measured = 0  # grounds measured
        self.reused = 0    # results taken from an identical ground measured before
        self.points_tested = 0  # sample points tested (the others reused)

    def result(self, hostile: Optional[QgsGeometry]) -> Enclosure:
        """The enclosure for ``hostile`` (EPSG:4326), as :func:`enclosure` gives it."""
        if hostile is None or hostile.isEmpty():
            return Enclosure(self.radius_m, ())
        local_hostile = hostile.clipped(self.window)
        if not self.reuse:
            self.measured += 1
            return enclosure_of_clipped(self.centre, self.radius_m, local_hostile)
        key = ground_digest(local_hostile)
        if key in self._results:
            self.reused += 1
            return self._results[key]
        if self._ring is None:
            self._ring = sample_ring(self.centre, self.radius_m)
        found = boundary_edges(bytes(local_hostile.asWkb())) if not local_hostile.isEmpty() else None
        edges = EdgeSet(found) if found is not None else None
        known = self._unchanged_states(edges)
        result, states = _enclosure(self.centre, self.radius_m, local_hostile, self._ring, known=known)
        self.measured += 1
        self.points_tested += len(self._ring.points) - (int(known[0].sum()) if known else 0)
        self._results[key] = result
        self._last = (edges, states) if edges is not None and states is not None else None
        return result

    def _unchanged_states(self, edges: Optional[EdgeSet]) -> Optional[Tuple[np.ndarray, List[bool]]]:
        """``(mask, states)``: the sample points outside the box of the edges
        that changed since the ground measured last, and that ground's states."""
        if edges is None or self._last is None:
            return None
        last_edges, last_states = self._last
        changed = np.concatenate((np.take(edges.edges, edges.missing_from(last_edges), axis=0),
                                  np.take(last_edges.edges, last_edges.missing_from(edges), axis=0)))
        ring = self._ring
        if not len(changed):
            return np.ones(len(ring.points), dtype=bool), last_states
        xs, ys = changed[:, [0, 2]], changed[:, [1, 3]]
        outside = ((ring.xs < xs.min()) | (ring.xs > xs.max())
                   | (ring.ys < ys.min()) | (ring.ys > ys.max()))
        return outside, last_states
