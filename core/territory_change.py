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
elsewhere. So only the chain is looked at (a few dozen edges on a day the
front moves, never the whole snapshot; core/change_chain.py): cut where its
edges cross, each edge bounds ground gained on its left or ground lost on
its right, told by a ray from its middle, and the areas are sums of
:func:`geodesy.edge_area_terms` over those edges, as the held areas are;
all the pairs of a series in one batch of NumPy operations. A chain that
cannot be told so (overlapping edges, points within rounding), areas of
interest and the GAINED / LOST polygons go through GEOS: the chain noded
and polygonized, each face classed by the winding at a point inside it.
Days whose ground did not change cost one comparison. The alternative of
measuring area(A ∩ B) by the occupied share's crossing accounting was not
taken: there A's own edges would lie exactly on the changed edges, the
case that machinery leaves to GEOS. The held ground (all of it) is summed
over the first day's edges, then each day adds its chain's terms.

Within areas of interest the held ground is measured by the occupied
share's calculator itself (:class:`occupied_share.OccupiedShareCalculator`:
its densified outlines, its day-to-day edge accounting) and the gained and
lost faces are intersected with the same densified outlines. net is
gained - lost; it equals held at the end - held at the start but for the
bend of a long edge cut by the change (each piece of an edge is measured as
its own geodesic, as a GEOS difference measured by QgsDistanceArea is): on
the real daily series at most 0.003 km² (gained and lost agree with GEOS
differences measured by QgsDistanceArea to 1e-4 km²).
"""

import datetime
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsGeometry

from .geodesy import edge_area_terms, wgs84_distance_area
from .occupied_share import AreaOfInterest, OccupiedShareCalculator, polygon_part, union_of
from .change_chain import chain_faces, changed_chain, simple_chain_changes
from .periods import DAY as PERIOD_DAY, MONTH as PERIOD_MONTH, WEEK as PERIOD_WEEK
from .periods import period_end, period_start
from .polygon_rings import geodesic_densified
from .share_edges import EdgeSet, boundary_edges

Day = datetime.date

PERIOD_DATES = "dates"
PERIODS = (PERIOD_DAY, PERIOD_WEEK, PERIOD_MONTH, PERIOD_DATES)


# -- periods ---------------------------------------------------------------------
def period_of(day: Day, kind: str) -> Tuple[Day, Day]:
    """The calendar period [start, end) of ``kind`` (day, week: ISO week from
    Monday, month: 1st to 1st) holding ``day`` (core/periods.py, its end exclusive)."""
    return period_start(day, kind), period_end(day, kind) + datetime.timedelta(days=1)


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

    __slots__ = ("geometry", "_wkb", "_edges", "_read", "held", "chain_from")

    def __init__(self, geometry: Optional[QgsGeometry]):
        empty = geometry is None or geometry.isNull() or geometry.isEmpty()
        self.geometry = None if empty else geometry
        self._wkb: Optional[bytes] = None
        self._edges: Optional[EdgeSet] = None
        self._read = False
        self.held: Optional[List[Optional[float]]] = None  # set by held_m2
        # (covering, chain of changed edges from it to this one), the last one made
        self.chain_from: Optional[Tuple["Covering", np.ndarray]] = None

    @property
    def wkb(self) -> bytes:
        """The geometry's WKB (empty bytes for no ground), read once."""
        if self._wkb is None:
            self._wkb = bytes(self.geometry.asWkb()) if self.geometry is not None else b""
        return self._wkb

    @property
    def edges(self) -> Optional[EdgeSet]:
        """The oriented edges (:class:`share_edges.EdgeSet`); None when the WKB
        is not a 2D (Multi)Polygon (curved, or a collection)."""
        if not self._read:
            found = boundary_edges(self.wkb)
            self._edges = EdgeSet(found) if found is not None else None
            self._read = True
        return self._edges

    def same_edges_as(self, other: "Covering") -> None:
        """Take ``other``'s edges when both have the same WKB (consecutive days
        often do): they are not read again, and their chain is empty."""
        if not self._read and other._read and self.wkb == other.wkb:
            self._edges, self._read = other._edges, True


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
        self.by_edges = 0  # pairs measured from their chain's edges alone (no GEOS)
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
        area with no area) for each of ``coverings``, best given in date order:
        each is measured from the one before (with areas by the occupied
        share's calculator; all ground by adding the area terms of the chain
        of changed edges, the first as a sum over all its edges). Also kept
        in each covering's ``held``."""
        if self.share is not None:
            rows = self.share.covered_series([c.geometry for c in coverings], is_canceled=is_canceled)
            for covering, row in zip(coverings, rows):
                covering.held = row
            return rows
        steps: List[Tuple[Covering, str]] = []  # how each covering not yet measured is
        previous = None
        for number, covering in enumerate(coverings):
            if is_canceled is not None and number % 64 == 0 and is_canceled():
                return [[None] for _ in coverings]
            if covering.held is None:
                if previous is not None:
                    covering.same_edges_as(previous)
                edges = covering.edges
                if edges is not None and self.reference_latitude is None and len(edges):
                    self.reference_latitude = float(np.median(edges.edges[:, 1]))
                if edges is None:
                    steps.append((covering, "geos"))
                elif previous is not None and previous.edges is not None:
                    self._chain(previous, covering)
                    steps.append((covering, "chain"))
                else:
                    steps.append((covering, "edges"))
            previous = covering
        reference = self.reference_latitude or 0.0
        chains = [covering.chain_from[1] for covering, how in steps if how == "chain"]
        if chains:  # the chains' area terms in one batch
            slots = np.repeat(np.arange(len(chains)), [len(chain) for chain in chains])
            joined = np.concatenate(chains)
            chord, bend = edge_area_terms(joined[:, 0], joined[:, 1], joined[:, 2], joined[:, 3], reference)
            nets = iter(np.bincount(slots, weights=chord + bend, minlength=len(chains)).tolist())
        for covering, how in steps:
            if how == "geos":
                covering.held = [polygon_area_m2(covering.geometry, self.distance_area)]
            elif how == "chain":
                covering.held = [covering.chain_from[0].held[0] + next(nets)]
            else:
                covering.held = [edges_area_m2(covering.edges.edges, reference)]
        return [covering.held for covering in coverings]

    def _chain(self, before: Covering, after: Covering) -> np.ndarray:
        """The chain of changed edges from ``before`` to ``after`` (kept for the
        pair that follows the one before: a daily series asks for it twice)."""
        if after.chain_from is not None and after.chain_from[0] is before:
            return after.chain_from[1]
        chain = np.empty((0, 4)) if before.edges is after.edges else changed_chain(before.edges, after.edges)
        after.chain_from = (before, chain)
        return chain

    def changes(self, pairs: Sequence[Tuple[Covering, Covering]], keep_geometry: bool = False,
                is_canceled=None) -> List[Optional[List[Optional[GroundChange]]]]:
        """:meth:`change` of each ``(before, after)`` pair, measured together:
        for all ground without polygons, every chain without crossings is
        measured from its edges alone in one batch (the others, and areas
        or polygons, through GEOS faces). None for pairs left when canceled."""
        results: List[Optional[List[Optional[GroundChange]]]] = [None] * len(pairs)
        batch = []
        for index, (before, after) in enumerate(pairs):
            if self.areas is None and not keep_geometry and before.edges is not None \
                    and after.edges is not None:
                batch.append((index, self._chain(before, after)))
        if batch:
            chain = np.concatenate([c for _index, c in batch])
            slots = np.repeat(np.arange(len(batch)), [len(c) for _index, c in batch])
            gained, lost, told = simple_chain_changes(chain, slots, len(batch), self.reference_latitude or 0.0)
            self.by_edges += int(told.sum())
            for slot, (index, _chain) in enumerate(batch):
                if told[slot]:
                    results[index] = [GroundChange(float(gained[slot]), float(lost[slot]))]
        for index, (before, after) in enumerate(pairs):
            if results[index] is None:
                if is_canceled is not None and is_canceled():
                    return results
                results[index] = self.change(before, after, keep_geometry)
        return results

    def change(self, before: Covering, after: Covering,
               keep_geometry: bool = False) -> List[Optional[GroundChange]]:
        """Ground gained and lost from covering ``before`` to ``after`` in each
        area (one: all ground), by the GEOS faces of the chain; None for an
        area with no area. With ``keep_geometry`` the gained and lost
        polygons come with it."""
        before_edges, after_edges = before.edges, after.edges
        if before_edges is None or after_edges is None:
            self.by_geos += 1
            gained_faces, lost_faces = overlay_faces(before.geometry, after.geometry)
        else:
            gained_faces, lost_faces = chain_faces(self._chain(before, after))
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
