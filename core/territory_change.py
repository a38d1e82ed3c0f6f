"""Ground gained and lost over a period: the maths (see docs/domain.md).

For a period [a, b) and the ground held on a (A) and on b (B)::

    gained = area(B minus A)      lost = area(A minus B)      net = gained - lost

in square metres on the WGS84 ellipsoid, every geometry in EPSG:4326.

How it is measured, with the edge machinery of the occupied share
(core/share_edges.py) rather than a second one. The boundaries of A and B
as oriented edge arrays (:func:`share_edges.boundary_edges`, ground on the
left) are compared exactly (:class:`share_edges.EdgeSet`): the edges B has
and A has not, with the edges A has and B has not turned round, form closed
rings around what changed (the "chain": the boundary of B minus the
boundary of A, the shared edges cancelling). Its winding number is
``w(p) = [p in B] - [p in A]``: +1 on ground gained, -1 on ground lost, 0
elsewhere. So only the chain is looked at: it is noded and polygonized by
GEOS (a few dozen edges on a day the front moves, never the whole
snapshot), each face is classed by the winding number of the chain at a
point inside it (a ray to the east, NumPy), and the faces' areas are sums
of :func:`geodesy.edge_area_terms` over their edges, as the held areas
are. Days whose ground did not change (same edges) cost one comparison.
The alternative of measuring area(A ∩ B) by the occupied share's
crossing accounting was not taken: there A's own edges would lie exactly
on the changed edges, the case that machinery leaves to GEOS.

Within areas of interest the held ground is measured by the occupied
share's calculator itself (:class:`occupied_share.OccupiedShareCalculator`:
its densified outlines, its day-to-day edge accounting) and the gained and
lost faces are intersected with the same densified outlines. net is
gained - lost; it equals held at the end - held at the start but for the
bend of a long edge cut by the change (each piece of an edge is measured as
its own geodesic, as a GEOS difference measured by QgsDistanceArea is): on
the real snapshots, whose edges are short, far below a square metre.
"""

import datetime
import struct
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsGeometry, QgsWkbTypes

from .geodesy import edge_area_terms, wgs84_distance_area
from .occupied_share import AreaOfInterest, OccupiedShareCalculator, polygon_part, union_of
from .share_edges import EdgeSet, _pairs, boundary_edges, geodesic_densified

Day = datetime.date

PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH, PERIOD_DATES = "day", "week", "month", "dates"
PERIODS = (PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH, PERIOD_DATES)


# -- periods ---------------------------------------------------------------------
def period_of(day: Day, kind: str) -> Tuple[Day, Day]:
    """The calendar period [start, end) of ``kind`` (day, week: ISO week from
    Monday, month: 1st to 1st) holding ``day``."""
    if kind == PERIOD_DAY:
        return day, day + datetime.timedelta(days=1)
    if kind == PERIOD_WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        return start, start + datetime.timedelta(days=7)
    if kind == PERIOD_MONTH:
        start = day.replace(day=1)
        end = start.replace(year=start.year + 1, month=1) if start.month == 12 \
            else start.replace(month=start.month + 1)
        return start, end
    raise ValueError(f"unknown period '{kind}'")


def periods_of(kind: str, days: Sequence[Day]) -> List[Tuple[Day, Day]]:
    """The periods [start, end) a run reports on, in order.

    ``dates``: between consecutive days of ``days`` (none with fewer than two).
    Otherwise every period of ``kind`` from the one holding the first of
    ``days`` to the one holding the last, with none left out between them
    (a day with no snapshot of its own still has ground held on it)."""
    ordered = sorted(set(days))
    if not ordered:
        return []
    if kind == PERIOD_DATES:
        return list(zip(ordered[:-1], ordered[1:]))
    periods = []
    start, end = period_of(ordered[0], kind)
    while start <= ordered[-1]:
        periods.append((start, end))
        start, end = period_of(end, kind)
    return periods


# -- areas as sums over edges ------------------------------------------------------
def edges_area_m2(edges: np.ndarray, reference_latitude: float = 0.0) -> float:
    """Signed ellipsoidal area (m²) enclosed by closed rings of oriented edges
    (``(n, 4)`` rows x0, y0, x1, y1): positive anticlockwise."""
    if not len(edges):
        return 0.0
    chord, bend = edge_area_terms(edges[:, 0], edges[:, 1], edges[:, 2], edges[:, 3],
                                  reference_latitude)
    return float(chord.sum() + bend.sum())


def polygon_area_m2(geometry: Optional[QgsGeometry], distance_area=None) -> float:
    """Ellipsoidal area (m²) of a (Multi)Polygon, as a sum over its edges; by
    QgsDistanceArea when its WKB cannot be read as one."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return 0.0
    edges = boundary_edges(bytes(geometry.asWkb()))
    if edges is None:
        return (distance_area or wgs84_distance_area()).measureArea(geometry)
    reference = float(edges[:, 1].mean()) if len(edges) else 0.0
    return edges_area_m2(edges, reference)


# -- the chain of changed edges and its faces --------------------------------------------
def changed_chain(before: EdgeSet, after: EdgeSet) -> np.ndarray:
    """The edges ``after`` has and ``before`` has not, then those ``before`` has
    and ``after`` has not turned round: closed rings whose winding number is
    +1 on ground gained and -1 on ground lost (``(n, 4)`` rows)."""
    new = np.take(after.edges, after.missing_from(before), axis=0)
    gone = np.take(before.edges, before.missing_from(after), axis=0)[:, [2, 3, 0, 1]]
    return np.concatenate((new, gone)) if len(gone) else new


_LINE = np.dtype([("order", "u1"), ("kind", "<u4"), ("count", "<u4"), ("xy", "<f8", (4,))])


def chain_lines(chain: np.ndarray) -> QgsGeometry:
    """The chain's edges as one MultiLineString of two-point lines (from its WKB)."""
    records = np.empty(len(chain), dtype=_LINE)
    records["order"], records["kind"], records["count"], records["xy"] = 1, 2, 2, chain
    geometry = QgsGeometry()
    geometry.fromWkb(struct.pack("<BII", 1, 5, len(chain)) + records.tobytes())
    return geometry


def winding_numbers(points: np.ndarray, chain: np.ndarray) -> np.ndarray:
    """Winding number of the chain's rings at each of ``points`` (``(m, 2)``),
    by a ray to the east (edges spanning a point's latitude half-open); only
    the edges whose latitude range may hold a point's are looked at."""
    if not len(points) or not len(chain):
        return np.zeros(len(points), dtype=np.int64)
    y_low, y_high = np.minimum(chain[:, 1], chain[:, 3]), np.maximum(chain[:, 1], chain[:, 3])
    order = np.argsort(y_low, kind="stable")
    low_sorted = y_low[order]
    height = float((y_high - y_low).max())
    first = np.searchsorted(low_sorted, points[:, 1] - height, "left")
    last = np.searchsorted(low_sorted, points[:, 1], "right")
    point, candidate = _pairs(first, last)
    edge = order[candidate]
    x0, y0, x1, y1 = chain[edge, 0], chain[edge, 1], chain[edge, 2], chain[edge, 3]
    px, py = points[point, 0], points[point, 1]
    spans = ((y0 <= py) & (py < y1)) | ((y1 <= py) & (py < y0))
    point, px, py = point[spans], px[spans], py[spans]
    x0, y0, x1, y1 = x0[spans], y0[spans], x1[spans], y1[spans]
    east = x0 + (py - y0) * (x1 - x0) / (y1 - y0) > px
    upward = np.where(y1 > y0, 1.0, -1.0)
    return np.rint(np.bincount(point[east], weights=upward[east], minlength=len(points))).astype(np.int64)


def chain_faces(chain: np.ndarray) -> Tuple[List[QgsGeometry], List[QgsGeometry]]:
    """The faces of the chain's rings: ``(gained, lost)`` polygons (winding
    +1 and -1), the chain noded and polygonized by GEOS."""
    if not len(chain):
        return [], []
    noded = QgsGeometry.unaryUnion([chain_lines(chain)])
    faces = QgsGeometry.polygonize([noded])
    polygons = [face for face in faces.asGeometryCollection()
                if face.type() == QgsWkbTypes.PolygonGeometry and not face.isEmpty()]
    if not polygons:
        return [], []
    inside = []
    for face in polygons:
        point = face.pointOnSurface()
        inside.append((point.asPoint().x(), point.asPoint().y()) if not point.isEmpty() else (np.nan, np.nan))
    winding = winding_numbers(np.array(inside, dtype=np.float64), chain)
    gained = [face for face, w in zip(polygons, winding.tolist()) if w > 0]
    lost = [face for face, w in zip(polygons, winding.tolist()) if w < 0]
    return gained, lost


def collected(faces: Sequence[QgsGeometry]) -> QgsGeometry:
    """One MultiPolygon of non-overlapping faces (empty when none)."""
    if not faces:
        return QgsGeometry()
    geometry = QgsGeometry.collectGeometry(list(faces))
    geometry.convertToMultiType()
    return geometry


@dataclass
class GroundChange:
    """Ground gained and lost within one area (or all ground) over one period:
    square metres, and the polygons when they were asked for (else None)."""

    gained_m2: float
    lost_m2: float
    gained: Optional[QgsGeometry] = None
    lost: Optional[QgsGeometry] = None

    @property
    def net_m2(self) -> float:
        return self.gained_m2 - self.lost_m2


class Covering:
    """The ground held on one day (a union of control polygons, EPSG:4326),
    with its oriented edges, read from its WKB on first use."""

    __slots__ = ("geometry", "_edges", "_read", "held")

    def __init__(self, geometry: Optional[QgsGeometry]):
        empty = geometry is None or geometry.isNull() or geometry.isEmpty()
        self.geometry = None if empty else geometry
        self._edges: Optional[EdgeSet] = None
        self._read = False
        self.held: Optional[List[Optional[float]]] = None  # set by held_m2

    @property
    def edges(self) -> Optional[EdgeSet]:
        """The oriented edges (:class:`share_edges.EdgeSet`); None when the WKB
        is not a 2D (Multi)Polygon (curved, or a collection)."""
        if not self._read:
            found = boundary_edges(bytes(self.geometry.asWkb())) if self.geometry is not None \
                else np.empty((0, 4))
            self._edges = EdgeSet(found) if found is not None else None
            self._read = True
        return self._edges


class TerritoryChangeCalculator:
    """Held ground and ground gained and lost, covering against covering.

    ``areas`` (AreaOfInterest, EPSG:4326) restrict everything to them; None
    measures all ground. :meth:`covering` makes a :class:`Covering` of a day's
    control geometries; :meth:`held_m2` measures coverings, :meth:`change`
    compares two."""

    def __init__(self, areas: Optional[Sequence[AreaOfInterest]] = None):
        self.areas = list(areas) if areas is not None else None
        self.share = OccupiedShareCalculator(self.areas) if self.areas is not None else None
        self.distance_area = wgs84_distance_area()
        self._dense: Dict[int, QgsGeometry] = {}
        self.reference_latitude: Optional[float] = None
        self.by_geos = 0  # pairs whose edges could not be read (measured by GEOS differences)
        if self.areas is not None:
            for index, area in enumerate(self.areas):
                if area.area_m2 > 0.0 and area.bbox is not None:
                    self._dense[index] = geodesic_densified(area.geometry, self.distance_area)
            if self.share.extent is not None:
                self.reference_latitude = self.share.extent.center().y()

    @property
    def columns(self) -> int:
        """How many values a measurement gives: one per area, or one (all ground)."""
        return len(self.areas) if self.areas is not None else 1

    def covering(self, geometries: Iterable[QgsGeometry]) -> Covering:
        """The union of a day's control geometries (EPSG:4326 polygons), within
        the areas' extent when there are areas."""
        if self.share is not None:
            return Covering(self.share.clip(geometries))
        return Covering(union_of(geometries))

    def held_m2(self, coverings: Sequence[Covering], is_canceled=None) -> List[List[Optional[float]]]:
        """Square metres held in each area (one value: all ground; None for an
        area with no area) for each of ``coverings``, best given in date order
        (with areas each is measured from the one before, by the occupied
        share's calculator); also kept in each covering's ``held``."""
        if self.share is not None:
            rows = self.share.covered_series([c.geometry for c in coverings], is_canceled=is_canceled)
            for covering, row in zip(coverings, rows):
                covering.held = row
            return rows
        for covering in coverings:
            if covering.held is None:
                edges = covering.edges
                if edges is not None and self.reference_latitude is None and len(edges):
                    self.reference_latitude = float(np.median(edges.edges[:, 1]))
                covering.held = [edges_area_m2(edges.edges, self.reference_latitude or 0.0)
                                 if edges is not None
                                 else polygon_area_m2(covering.geometry, self.distance_area)]
        return [covering.held for covering in coverings]

    def change(self, before: Covering, after: Covering,
               keep_geometry: bool = False) -> List[Optional[GroundChange]]:
        """Ground gained and lost from covering ``before`` to ``after`` in each
        area (one: all ground); None for an area with no area. With
        ``keep_geometry`` the gained and lost polygons come with it."""
        before_edges, after_edges = before.edges, after.edges
        if before_edges is None or after_edges is None:
            self.by_geos += 1
            gained_faces, lost_faces = overlay_faces(before.geometry, after.geometry)
        else:
            gained_faces, lost_faces = chain_faces(changed_chain(before_edges, after_edges))
        gained, lost = collected(gained_faces), collected(lost_faces)
        if self.areas is None:
            return [self._change_of(gained, lost, keep_geometry)]
        changes: List[Optional[GroundChange]] = []
        for index in range(len(self.areas)):
            dense = self._dense.get(index)
            if dense is None:
                changes.append(None)
                continue
            changes.append(self._change_of(within(gained, dense), within(lost, dense), keep_geometry))
        return changes

    def _change_of(self, gained: QgsGeometry, lost: QgsGeometry, keep_geometry: bool) -> GroundChange:
        return GroundChange(polygon_area_m2(gained, self.distance_area),
                            polygon_area_m2(lost, self.distance_area),
                            gained if keep_geometry else None, lost if keep_geometry else None)


def within(faces: QgsGeometry, area: QgsGeometry) -> QgsGeometry:
    """The part of ``faces`` inside ``area`` (polygons only; empty when none)."""
    if faces.isEmpty() or not faces.boundingBox().intersects(area.boundingBox()):
        return QgsGeometry()
    part = polygon_part(faces.intersection(area))
    if not part.isEmpty():
        part.convertToMultiType()
    return part


def overlay_faces(before: Optional[QgsGeometry], after: Optional[QgsGeometry]
                  ) -> Tuple[List[QgsGeometry], List[QgsGeometry]]:
    """Gained and lost polygons by GEOS differences (for coverings whose edges
    cannot be read, e.g. curved geometries)."""
    if after is None:
        return [], ([] if before is None else [polygon_part(before)])
    if before is None:
        return [polygon_part(after)], []
    gained, lost = polygon_part(after.difference(before)), polygon_part(before.difference(after))
    return ([gained] if not gained.isEmpty() else []), ([lost] if not lost.isEmpty() else [])
