"""Occupied share of areas of interest: the maths, over QgsGeometry and NumPy.

Occupied share of an area A for a covering C (the union of the control
features of a status set valid on one day, see docs/domain.md)::

    share = area(A ∩ C) / area(A) * 100      (percent)

Every area is ellipsoidal on WGS84 (square metres here; km² in outputs) and
every geometry is in EPSG:4326 (longitude, latitude in degrees).

How it is measured: the ellipsoidal area of a polygon is a sum over its
edges (:func:`geodesy.edge_area_terms`), and the boundary of A ∩ C is made
of the pieces of C's edges inside A and of A's edges inside C. So the
covered area changes from one covering to the next only through the edges
that changed (those of either covering the other has not, compared exactly
with NumPy on the WKB):

    change = Σ over new edges of their pieces inside A
           - Σ over gone edges of their pieces inside A
           + Σ over A's edges of their pieces that went in or out of C

Which pieces of a changed edge are inside A follows from where it crosses
A's boundary and whether it starts inside A (a ray cast); which pieces of
A's boundary went in or out follows from the same crossings and a ray cast
from each ring's first vertex against the changed edges alone (the new
edges and the gone ones reversed form closed rings around what changed).
Everything is batched over all the days of a series at once.

Why it is fast: a day on which the front moves a few kilometres changes a
few dozen edges, and only those are looked at (no clip, no overlay, no area
re-measured); about 30 times the naive "union the snapshot, intersect it with
each area, measure" loop on the 769 real snapshots for 14 towns
(bench/bench_occupied_share.py), about 70 times for 1,089 grid cells
(bench/bench_share_grid.py; an area's running total is one cumulative sum).

Why it is exact: crossings are computed on the longitude/latitude chords,
as GEOS computes them, and each piece of an edge is measured as the geodesic
QgsDistanceArea would take between its ends, so the result is what a direct
overlay measured with QgsDistanceArea gives, to about 1e-9 of the area.
Where an edge touches or runs along an area's boundary, or passes within
rounding of one of its vertices (hand-drawn squares sharing a side, for
instance), the crossing test cannot decide: that area is measured on that
day by a GEOS overlay instead, and later days go on from that value.

The edges, outlines and crossings are core/share_edges.py (the densified
outlines core/polygon_rings.py); this module holds
the areas of interest and the calculator that batches the days.
"""

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsGeometry, QgsRectangle, QgsWkbTypes

from .geodesy import wgs84_distance_area
from .polygon_rings import geodesic_densified
from .share_edges import (
    EMPTY_EDGES,
    EdgeChanges,
    EdgeSet,
    Outline,
    area_change,
    boundary_edges,
    outlines_of,
)

SQUARE_METRES_PER_KM2 = 1_000_000.0
# Clip rectangles are widened by this many degrees (about 1 m) so that an edge
# lying exactly on an area's bounding box is never cut away by rounding.
CLIP_MARGIN_DEG = 1e-5
# A covered area within this fraction of 0 or of the whole area is taken as
# 0 or the whole (the sums of edge terms and QgsDistanceArea agree to ~1e-9).
SNAP_FRACTION = 1e-8


@dataclass
class AreaOfInterest:
    """One polygon area, ready for measuring.

    ``geometry`` is a valid (Multi)Polygon in EPSG:4326; ``area_m2`` its
    ellipsoidal area in square metres; ``note`` says what was repaired.
    """

    name: str
    geometry: QgsGeometry
    area_m2: float
    note: str = ""
    key: object = None
    bbox: QgsRectangle = field(default=None, repr=False)


def polygon_part(geometry: QgsGeometry) -> QgsGeometry:
    """The polygonal part of ``geometry`` as a (Multi)Polygon; empty when none.

    A geometry collection (what makeValid gives, e.g. a MultiPolygon beside a
    line) keeps all its polygons, also those inside nested multi-polygons."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return QgsGeometry()
    if geometry.type() == QgsWkbTypes.PolygonGeometry and not geometry.wkbType() in (
            QgsWkbTypes.GeometryCollection, QgsWkbTypes.GeometryCollectionZ):
        return geometry
    if QgsWkbTypes.flatType(geometry.wkbType()) == QgsWkbTypes.GeometryCollection:
        polygons = []
        for member in geometry.asGeometryCollection():
            if member.type() != QgsWkbTypes.PolygonGeometry or member.isEmpty():
                continue
            polygons.extend(member.asGeometryCollection() if member.isMultipart() else [member])
        if not polygons:
            return QgsGeometry()
        return polygons[0] if len(polygons) == 1 else QgsGeometry.collectGeometry(polygons)
    return QgsGeometry()


def repair_polygon(geometry: QgsGeometry) -> Tuple[QgsGeometry, str]:
    """A valid polygonal copy of ``geometry`` and a note on what was done
    (empty when it was valid already)."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return QgsGeometry(), "no geometry"
    if geometry.type() != QgsWkbTypes.PolygonGeometry and \
            QgsWkbTypes.flatType(geometry.wkbType()) != QgsWkbTypes.GeometryCollection:
        return QgsGeometry(), "not a polygon"
    if geometry.isGeosValid():
        return polygon_part(QgsGeometry(geometry)), ""
    reason = geometry.lastError() or "invalid"
    repaired = polygon_part(geometry.makeValid())
    if repaired.isNull() or repaired.isEmpty():
        return QgsGeometry(), f"invalid geometry ({reason}) with no area left once repaired"
    return repaired, f"invalid geometry ({reason}) repaired"


def measure_area_m2(geometry: QgsGeometry, distance_area=None) -> float:
    """Ellipsoidal area on WGS84 of an EPSG:4326 geometry, in square metres."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return 0.0
    return (distance_area or wgs84_distance_area()).measureArea(geometry)


def share_percent(part_m2: Optional[float], whole_m2: Optional[float]) -> Optional[float]:
    """``part / whole * 100`` in percent; None when either is unknown or the whole is 0."""
    if part_m2 is None or whole_m2 is None or whole_m2 <= 0.0:
        return None
    return part_m2 / whole_m2 * 100.0


def km2(square_metres: Optional[float]) -> Optional[float]:
    """Square metres to km²; None stays None."""
    return None if square_metres is None else square_metres / SQUARE_METRES_PER_KM2


def widened(rectangle: QgsRectangle, margin: float = CLIP_MARGIN_DEG) -> QgsRectangle:
    """A copy of ``rectangle`` grown by ``margin`` degrees on every side."""
    return QgsRectangle(rectangle.xMinimum() - margin, rectangle.yMinimum() - margin,
                        rectangle.xMaximum() + margin, rectangle.yMaximum() + margin)


_POLYGON_TYPES = frozenset((QgsWkbTypes.Polygon, QgsWkbTypes.MultiPolygon))


def clipped_to(geometry: QgsGeometry, box: QgsRectangle, rectangle: QgsRectangle
               ) -> Tuple[Optional[QgsGeometry], Optional[QgsRectangle]]:
    """``geometry`` (polygons whose bounding box is ``box``) restricted to
    ``rectangle``, and its box; ``(None, None)`` when nothing is left. A
    geometry already inside the rectangle is returned as it is (no clipping)."""
    if not box.intersects(rectangle):
        return None, None
    if rectangle.contains(box):
        return geometry, box
    part = geometry.clipped(rectangle)
    if part.wkbType() not in _POLYGON_TYPES:
        part = polygon_part(part)
    if part.isEmpty():
        return None, None
    return part, part.boundingBox()


def make_area(name: str, geometry: QgsGeometry, key=None, distance_area=None) -> AreaOfInterest:
    """An :class:`AreaOfInterest` from an EPSG:4326 geometry, repaired when invalid."""
    repaired, note = repair_polygon(geometry)
    area_m2 = measure_area_m2(repaired, distance_area)
    return AreaOfInterest(name=name, geometry=repaired, area_m2=area_m2, note=note, key=key,
                          bbox=widened(repaired.boundingBox()) if not repaired.isEmpty() else None)


def union_of(geometries: Iterable[QgsGeometry]) -> QgsGeometry:
    """The union of polygon geometries (an empty geometry when there are none).

    Invalid inputs are repaired only when GEOS cannot union them as they are,
    so valid data pays no validity check.
    """
    parts = [g for g in geometries if g is not None and not g.isNull() and not g.isEmpty()]
    if not parts:
        return QgsGeometry()
    if len(parts) == 1:
        return polygon_part(parts[0])
    union = QgsGeometry.unaryUnion(parts)
    if union.isNull():
        union = QgsGeometry.unaryUnion([p.makeValid() for p in parts])
    return polygon_part(union)


class OccupiedShareCalculator:
    """Covered square metres of a fixed set of areas, for covering after covering.

    Build it once per analysis; call :meth:`clip` on each day's control
    geometries and :meth:`covered_m2` on the result, or
    :meth:`covered_series` on the results of many days at once (faster: the
    days are measured together). Each covering is measured from the edges
    that changed since the one measured before it (see the module's
    docstring); the first from an empty covering.
    """

    def __init__(self, areas: Sequence[AreaOfInterest]):
        self.areas = list(areas)
        self.distance_area = wgs84_distance_area()
        self.extent = None
        # the densified outline bulges past the original box along its geodesics
        self._dense = {index: geodesic_densified(area.geometry, self.distance_area)
                       for index, area in enumerate(self.areas)
                       if area.area_m2 > 0.0 and area.bbox is not None}
        self._boxes = {index: widened(geometry.boundingBox()) for index, geometry in self._dense.items()}
        for box in self._boxes.values():
            if self.extent is None:
                self.extent = QgsRectangle(box)
            else:
                self.extent.combineExtentWith(box)
        self._reference_latitude = self.extent.center().y() if self.extent is not None else 0.0
        self._outlines: Dict[int, Outline] = {
            index: outline for index, outline in zip(
                self._dense, outlines_of(list(self._dense.values()), self._reference_latitude))
            if outline is not None}
        self._engines: Dict[int, object] = {}  # GEOS, for areas a day's edges touch
        # results of every covering measured, by digest of its WKB
        self._seen: Dict[bytes, Tuple[Optional[float], ...]] = {}
        # the covering measured last: its edges and covered square metres (not rounded)
        self._last_edges: Optional[EdgeSet] = None
        self._last_raw: Optional[List[float]] = None
        self.overlays = 0  # areas measured by a GEOS overlay instead (tests, benchmarks)
        self.reused = 0    # area results taken from identical earlier coverings

    def clip(self, geometries: Iterable[QgsGeometry]) -> QgsGeometry:
        """The union of ``geometries`` (EPSG:4326 polygons) restricted to the
        areas' extent: what every later measurement needs of the day's snapshot."""
        if self.extent is None:
            return QgsGeometry()
        clipped = []
        for geometry in geometries:
            if geometry is None or geometry.isNull() or geometry.isEmpty():
                continue
            if not geometry.boundingBox().intersects(self.extent):
                continue
            part = geometry.clipped(self.extent)
            if part.isNull() and not geometry.isGeosValid():
                part = geometry.makeValid().clipped(self.extent)
            if not part.isNull() and not part.isEmpty():
                clipped.append(part)
        return union_of(clipped)

    def covered_m2(self, covering: QgsGeometry) -> List[Optional[float]]:
        """Square metres of each area inside ``covering`` (an output of
        :meth:`clip`); None for an area with no area (it has no share)."""
        return self.covered_series([covering])[0]

    def covered_series(self, coverings: Sequence[Optional[QgsGeometry]],
                       is_canceled: Optional[Callable[[], bool]] = None) -> List[List[Optional[float]]]:
        """:meth:`covered_m2` of each of ``coverings`` (outputs of :meth:`clip`,
        None for none), in square metres, all measured together.

        A covering with the same WKB bytes as one measured before (consecutive
        snapshots often are, around the areas) is not measured again.
        Returns early (rows of None) when ``is_canceled()``.
        """
        digests: List[bytes] = []
        new: Dict[bytes, int] = {}
        fresh: List[Optional[QgsGeometry]] = []
        edge_sets: List[Optional[EdgeSet]] = []
        for covering in coverings:
            empty = covering is None or covering.isNull() or covering.isEmpty()
            wkb = b"" if empty else bytes(covering.asWkb())
            digest = hashlib.blake2b(wkb, digest_size=16).digest() if wkb else b""
            digests.append(digest)
            if digest in self._seen or digest in new:
                self.reused += len(self._outlines)
                continue
            new[digest] = len(fresh)
            fresh.append(None if empty else covering)
            found = boundary_edges(wkb)
            edge_sets.append(EdgeSet(found) if found is not None else None)
        try:
            rows = self._measure(fresh, edge_sets, is_canceled)
        except BaseException:
            self._forget()
            raise
        if rows is None:
            self._forget()
            return [[None] * len(self.areas) for _ in coverings]
        for digest, slot in new.items():
            self._seen[digest] = tuple(rows[slot])
        return [list(self._seen[digest]) for digest in digests]

    def _forget(self) -> None:
        """After a run cut short: the next covering is measured from nothing."""
        self._last_edges, self._last_raw = None, None

    def _measure(self, fresh: Sequence[Optional[QgsGeometry]], edge_sets: Sequence[Optional[EdgeSet]],
                 is_canceled: Optional[Callable[[], bool]]) -> Optional[List[List[Optional[float]]]]:
        """Rows of covered square metres of ``fresh`` coverings (edges in
        ``edge_sets``, None where the WKB could not be read), each following
        the one before (the first the covering measured last); None when canceled."""
        if not fresh:
            return []
        count = len(fresh)
        parts: List[Tuple[np.ndarray, int, int]] = []  # changed edges, sign, slot
        by_geos = np.zeros((count, len(self.areas)), dtype=bool)
        before = self._last_edges if self._last_edges is not None else EMPTY_EDGES
        for slot, after in enumerate(edge_sets):
            if is_canceled is not None and slot % 64 == 0 and is_canceled():
                return None
            if before is None or after is None:  # unreadable: this covering is measured by GEOS
                by_geos[slot, :] = True
            else:
                gone, new = before.missing_from(after), after.missing_from(before)
                if len(gone):
                    parts.append((np.take(before.edges, gone, axis=0), -1, slot))
                if len(new):
                    parts.append((np.take(after.edges, new, axis=0), 1, slot))
            before = after
        change = np.zeros((count, len(self.areas)))
        if parts:
            changes = EdgeChanges.of(
                np.concatenate([edges for edges, _sign, _slot in parts]),
                np.concatenate([np.full(len(edges), sign, dtype=np.int64) for edges, sign, _slot in parts]),
                np.concatenate([np.full(len(edges), slot, dtype=np.int64) for edges, _sign, slot in parts]),
                self._reference_latitude)
            for index, outline in self._outlines.items():
                if is_canceled is not None and is_canceled():
                    return None
                change[:, index], doubtful = area_change(outline, changes, count)
                by_geos[doubtful, index] = True
        previous = np.array(self._last_raw if self._last_raw is not None else [0.0] * len(self.areas),
                            dtype=np.float64)
        raw = self._accumulated(previous, change, by_geos, fresh, is_canceled)
        if raw is None:
            return None
        rows = self._snapped_rows(raw)
        self._last_edges, self._last_raw = edge_sets[-1], raw[-1].tolist()
        if self._last_edges is None:
            self._forget()
        return rows

    def _accumulated(self, previous: np.ndarray, change: np.ndarray, by_geos: np.ndarray,
                     fresh: Sequence[Optional[QgsGeometry]],
                     is_canceled: Optional[Callable[[], bool]]) -> Optional[np.ndarray]:
        """Covered square metres (not rounded) of every area at every slot:
        the value before plus the slot's change, or a GEOS overlay where
        ``by_geos`` says so (later slots go on from it); 0 for areas without
        an outline; None when canceled. An area no overlay touches is one
        cumulative sum (added in slot order, as one by one)."""
        count = len(fresh)
        raw = np.zeros((count, len(self.areas)))
        indices = np.array(sorted(self._outlines), dtype=np.int64)
        if not len(indices):
            return raw
        overlaid = by_geos[:, indices].any(axis=0)
        summed = indices[~overlaid]
        if len(summed):
            raw[:, summed] = np.cumsum(np.vstack((previous[summed], change[:, summed])), axis=0)[1:]
        for index in indices[overlaid].tolist():
            value = float(previous[index])
            for slot in range(count):
                if by_geos[slot, index]:
                    if is_canceled is not None and is_canceled():
                        return None
                    value = self._overlay(index, fresh[slot])
                else:
                    value = value + float(change[slot, index])
                raw[slot, index] = value
        return raw

    def _snapped_rows(self, raw: np.ndarray) -> List[List[Optional[float]]]:
        """Rows of ``raw``, each covered area within 0 and the area (rounding to
        either bound taken as it); None for areas without an outline."""
        whole = np.array([area.area_m2 for area in self.areas], dtype=np.float64)
        snapped = np.where(raw <= SNAP_FRACTION * whole, 0.0,
                           np.where(raw >= (1.0 - SNAP_FRACTION) * whole, whole, raw))
        rows = snapped.tolist()
        missing = [index for index in range(len(self.areas)) if index not in self._outlines]
        if missing:
            for row in rows:
                for index in missing:
                    row[index] = None
        return rows

    def _overlay(self, index: int, covering: Optional[QgsGeometry]) -> float:
        """Square metres of area ``index`` inside ``covering`` by a GEOS overlay."""
        if covering is None:
            return 0.0
        self.overlays += 1
        local, _box = clipped_to(covering, covering.boundingBox(), self._boxes[index])
        if local is None:
            return 0.0
        engine = self._engines.get(index)
        if engine is None:
            engine = self._engines[index] = QgsGeometry.createGeometryEngine(self._dense[index].constGet())
            engine.prepareGeometry()
        result = engine.intersection(local.constGet())
        inside = QgsGeometry(result) if result is not None else QgsGeometry()
        if inside.isNull():
            # GEOS refused the overlay: the snapshot geometry is invalid here
            inside = self._dense[index].intersection(local.makeValid())
            if inside.isNull():
                raise ValueError("GEOS cannot intersect the control polygons with the area, "
                                 "even after repairing them")
        return measure_area_m2(polygon_part(inside), self.distance_area)
