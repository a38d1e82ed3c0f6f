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
each area, measure" loop on the 769 real snapshots
(bench/bench_occupied_share.py).

Why it is exact: crossings are computed on the longitude/latitude chords,
as GEOS computes them, and each piece of an edge is measured as the geodesic
QgsDistanceArea would take between its ends, so the result is what a direct
overlay measured with QgsDistanceArea gives, to about 1e-9 of the area.
Where an edge touches or runs along an area's boundary, or passes within
rounding of one of its vertices (hand-drawn squares sharing a side, for
instance), the crossing test cannot decide: that area is measured on that
day by a GEOS overlay instead, and later days go on from that value.
"""

import hashlib
import struct
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsGeometry, QgsPointXY, QgsRectangle, QgsWkbTypes

from .geodesy import edge_area_terms, wgs84_distance_area

SQUARE_METRES_PER_KM2 = 1_000_000.0
# Clip rectangles are widened by this many degrees (about 1 m) so that an edge
# lying exactly on an area's bounding box is never cut away by rounding.
CLIP_MARGIN_DEG = 1e-5
# Longest edge of an area polygon once densified along its geodesics, metres.
MAX_AREA_EDGE_M = 500.0
# A point this close to a line, relative to the lengths involved, may be on
# either side after rounding: the crossing test leaves that area to GEOS.
SIDE_TOLERANCE = 1e-12
# A ray passing this close to a point (degrees, about a micrometre) leaves that area to GEOS.
POINT_TOLERANCE_DEG = 1e-11
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




# WKB geometry type // 1000 -> coordinates per point (ISO WKB: Z, M, ZM)
_WKB_DIMENSIONS = {0: 2, 1: 3, 2: 3, 3: 4}
_HASH_FACTOR = np.uint64(0x9E3779B97F4A7C15)  # odd: a bijection of 64-bit words


def boundary_edges(wkb: bytes) -> Optional[np.ndarray]:
    """The edges of the rings of a (Multi)Polygon's WKB as an ``(n, 4)``
    array of x0, y0, x1, y1, each ring turned so that the polygon is on its
    left (outer rings anticlockwise, holes clockwise); an empty array for an
    empty geometry; None when the WKB is not a little-endian ISO
    (Multi)Polygon."""
    if not wkb:
        return np.empty((0, 4))
    rings: List[np.ndarray] = []
    outer: List[bool] = []

    def polygon(offset: int) -> int:
        kind = struct.unpack_from("<I", wkb, offset + 1)[0] if wkb[offset] == 1 else 0
        if kind % 1000 != 3 or kind // 1000 not in _WKB_DIMENSIONS:
            raise ValueError(kind)
        dimensions = _WKB_DIMENSIONS[kind // 1000]
        (number,) = struct.unpack_from("<I", wkb, offset + 5)
        offset += 9
        for ring in range(number):
            (count,) = struct.unpack_from("<I", wkb, offset)
            if count > 1 and dimensions == 2:
                # a view on the bytes: row i is points i and i + 1
                rings.append(np.ndarray((count - 1, 4), "<f8", wkb, offset + 4, (16, 8)))
                outer.append(ring == 0)
            elif count > 1:
                points = np.ndarray((count, 2), "<f8", wkb, offset + 4, (8 * dimensions, 8))
                rings.append(np.hstack((points[:-1], points[1:])))
                outer.append(ring == 0)
            offset += 4 + 8 * dimensions * count
        return offset

    try:
        kind = struct.unpack_from("<I", wkb, 1)[0] if wkb[0] == 1 else 0
        if kind % 1000 == 3:
            polygon(0)
        elif kind % 1000 == 6 and kind // 1000 in _WKB_DIMENSIONS:
            (parts,) = struct.unpack_from("<I", wkb, 5)
            offset = 9
            for _ in range(parts):
                offset = polygon(offset)
        else:
            return None
    except (ValueError, struct.error, TypeError):
        return None
    if not rings:
        return np.empty((0, 4))
    edges = np.concatenate(rings) if len(rings) > 1 else np.array(rings[0])
    return oriented(edges, np.array([len(r) for r in rings]), np.array(outer))


def oriented(edges: np.ndarray, lengths: np.ndarray, outer: np.ndarray) -> np.ndarray:
    """``edges`` (rows of consecutive rings of ``lengths`` edges each) with
    every outer ring anticlockwise and every hole clockwise (``outer``: which
    rings are outer), reversing the edges of the rings that are not."""
    if not len(edges):
        return edges
    flip = np.repeat(wrongly_turned(edges, lengths, outer), lengths)
    if flip.any():
        edges = np.array(edges)
        edges[flip] = edges[flip][:, [2, 3, 0, 1]]
    return edges


def wrongly_turned(edges: np.ndarray, lengths: np.ndarray, outer: np.ndarray) -> np.ndarray:
    """Which rings (of ``lengths`` consecutive rows of ``edges`` each) turn
    the wrong way: outer rings clockwise, holes anticlockwise."""
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    # twice the signed area of each ring (shoelace), near the origin for precision
    x0, y0 = edges[:, 0] - edges[0, 0], edges[:, 1] - edges[0, 1]
    x1, y1 = edges[:, 2] - edges[0, 0], edges[:, 3] - edges[0, 1]
    return (np.add.reduceat(x0 * y1 - x1 * y0, starts) < 0) == outer


class EdgeSet:
    """The (oriented) edges of one covering, sorted by a hash of their four
    coordinates, so that the edges of one covering missing from another are
    found by binary search. Two edges are the same only when their four
    coordinates are (edges whose hashes collide are told apart)."""

    __slots__ = ("edges", "order", "sorted_keys", "sorted_edges")

    def __init__(self, edges: np.ndarray):
        self.edges = np.ascontiguousarray(edges, dtype=np.float64)
        bits = self.edges.view(np.uint64)
        keys = bits[:, 0] * _HASH_FACTOR
        for column in (1, 2, 3):
            keys ^= bits[:, column]
            keys *= _HASH_FACTOR
        self.order = np.argsort(keys)
        self.sorted_keys = np.take(keys, self.order)
        self.sorted_edges = np.take(self.edges, self.order, axis=0)

    def __len__(self) -> int:
        return len(self.edges)

    def missing_from(self, other: "EdgeSet") -> np.ndarray:
        """Indices (ascending) of the edges of this set that ``other`` has not."""
        if not len(other):
            return np.arange(len(self))
        if not len(self):
            return np.empty(0, dtype=np.int64)
        # sorted keys searched in sorted keys: the binary searches run in step (fast)
        position = np.searchsorted(other.sorted_keys, self.sorted_keys)
        position[position == len(other)] = 0
        # four equal coordinates: the four booleans of a row read as one uint32 0x01010101
        same = (np.take(other.sorted_edges, position, axis=0) == self.sorted_edges) \
            .view(np.uint32).ravel() == 0x01010101
        # a key several edges of ``other`` share (a repeated edge, or two edges whose
        # keys collide): the edge may be one of the next ones with that key
        doubt, step = np.flatnonzero(~same), 1
        while len(doubt):
            following = position[doubt] + step
            keep = following < len(other)
            doubt, following = doubt[keep], following[keep]
            keep = other.sorted_keys[following] == self.sorted_keys[doubt]
            doubt, following = doubt[keep], following[keep]
            found = (other.sorted_edges[following] == self.sorted_edges[doubt]).all(axis=1)
            same[doubt[found]] = True
            doubt, step = doubt[~found], step + 1
        return np.sort(np.take(self.order, np.flatnonzero(~same)))


EMPTY_EDGES = EdgeSet(np.empty((0, 4)))


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
    length (see _area_change). With short edges both vanish (about 2 m2 of
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
                for number, point in enumerate(line):
                    if number == 0 and point == last:
                        continue
                    inserted.append((point.x(), point.y()))
                    last = point
            if inserted and last == end:
                inserted.pop()
            if inserted:
                out.append(np.array(inserted, dtype=np.float64))
            done = index + 1
        out.append(points[done:])
        return np.concatenate(out)

    return multipolygon_of([[ring(r) for r in polygon] for polygon in polygons])




def _orient(px, py, qx, qy, rx, ry) -> Tuple[np.ndarray, np.ndarray]:
    """Which side of the line p -> q each r is on: ``(side, cross)``, the
    cross product and its sign (positive: left), the sign 0 where r is
    within rounding of the line."""
    ux, uy, vx, vy = qx - px, qy - py, rx - px, ry - py
    cross = ux * vy - uy * vx
    tolerance = SIDE_TOLERANCE * (np.abs(ux) + np.abs(uy)) * (np.abs(vx) + np.abs(vy))
    return np.where(cross > tolerance, 1, np.where(cross < -tolerance, -1, 0)), cross


def _east_rays(px, py, x0, y0, x1, y1) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rays to the east from points (px, py) against edges that span their
    latitude (half-open: lowest end included): ``(crosses, upward, on_line)``,
    whether the ray crosses the edge, +1 for an edge going north (-1 south),
    and whether the point is within rounding of the edge (then it is not told)."""
    offset = x0 + (py - y0) * (x1 - x0) / (y1 - y0) - px
    return offset > 0, np.where(y1 > y0, 1.0, -1.0), np.abs(offset) <= POINT_TOLERANCE_DEG


def _pairs(low: np.ndarray, high: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Every pair (i, j) with low[i] <= j < high[i], as two arrays."""
    counts = np.maximum(high - low, 0)
    first = np.repeat(np.arange(len(low)), counts)
    second = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts - low, counts)
    return first, second


@dataclass
class _Outline:
    """The boundary of one area as arrays of edges turned with the area on
    their left (sorted by smallest longitude, for range searches), each with
    the bend part of its area term (``bends``, see :func:`geodesy.edge_area_terms`)
    and the whole terms of the edges after it in its ring (``after``);
    ``by_y`` orders them by smallest latitude; ``starts``
    are the first vertices of the rings (x, y) and ``totals`` their areas."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    bends: np.ndarray
    after: np.ndarray
    x_low: np.ndarray
    x_high: np.ndarray
    y_low: np.ndarray
    y_high: np.ndarray
    width: float
    by_y: np.ndarray
    y_low_sorted: np.ndarray
    height: float
    starts: np.ndarray
    totals: np.ndarray
    box: Tuple[float, float, float, float] = field(default=(0.0, 0.0, 0.0, 0.0))


def _outline(geometry: QgsGeometry, reference_latitude: float) -> Optional[_Outline]:
    """The :class:`_Outline` of a 2D (Multi)Polygon; None if it has no rings."""
    polygons = polygon_arrays(geometry)
    if not polygons:
        return None
    rings = [ring for polygon in polygons for ring in polygon if len(ring) > 1]
    if not rings:
        return None
    outer = np.array([number == 0 for polygon in polygons
                      for number, ring in enumerate(polygon) if len(ring) > 1])
    lengths = np.array([len(ring) - 1 for ring in rings])
    edges = np.concatenate([np.hstack((ring[:-1], ring[1:])) for ring in rings])
    # turned edge by edge: a turned ring is walked from its last row to its first
    flipped = wrongly_turned(edges, lengths, outer)
    turned = oriented(edges, lengths, outer)
    chord, bend = edge_area_terms(turned[:, 0], turned[:, 1], turned[:, 2], turned[:, 3],
                                  reference_latitude)
    terms = chord + bend
    after = np.empty(len(terms))  # terms of the edges after each one, walking its ring
    starts, totals = [], []
    offset = 0
    for length, backwards in zip(lengths.tolist(), flipped.tolist()):
        ring = terms[offset:offset + length]
        if backwards:  # after row j come rows j - 1, ..., 0
            after[offset:offset + length] = np.concatenate(([0.0], np.cumsum(ring)[:-1]))
            first = turned[offset + length - 1]
        else:  # after row j come rows j + 1, ..., length - 1
            after[offset:offset + length] = np.concatenate((np.cumsum(ring[::-1])[::-1][1:], [0.0]))
            first = turned[offset]
        starts.append((first[0], first[1]))
        totals.append(float(ring.sum()))
        offset += length
    x_low, x_high = np.minimum(turned[:, 0], turned[:, 2]), np.maximum(turned[:, 0], turned[:, 2])
    y_low, y_high = np.minimum(turned[:, 1], turned[:, 3]), np.maximum(turned[:, 1], turned[:, 3])
    order = np.argsort(x_low, kind="stable")

    def by_x(values):
        return np.ascontiguousarray(values[order])

    x_low, x_high, y_low, y_high = by_x(x_low), by_x(x_high), by_x(y_low), by_x(y_high)
    by_y = np.argsort(y_low, kind="stable")
    return _Outline(
        x0=by_x(turned[:, 0]), y0=by_x(turned[:, 1]), x1=by_x(turned[:, 2]), y1=by_x(turned[:, 3]),
        bends=by_x(bend), after=by_x(after),
        x_low=x_low, x_high=x_high, y_low=y_low, y_high=y_high,
        width=float((x_high - x_low).max()), by_y=by_y, y_low_sorted=y_low[by_y],
        height=float((y_high - y_low).max()), starts=np.array(starts, dtype=np.float64).reshape(-1, 2),
        totals=np.array(totals), box=(float(x_low.min()), float(y_low.min()),
                                      float(x_high.max()), float(y_high.max())))


@dataclass
class _Changes:
    """The edges that changed between consecutive coverings of a series, all
    days together: x0, y0, x1, y1, ``sign`` (+1 new, -1 gone), ``slot``
    (which covering of the series they lead to), their area terms and boxes."""

    x0: np.ndarray
    y0: np.ndarray
    x1: np.ndarray
    y1: np.ndarray
    sign: np.ndarray
    slot: np.ndarray
    chord: np.ndarray
    bend: np.ndarray
    x_low: np.ndarray
    x_high: np.ndarray
    y_low: np.ndarray
    y_high: np.ndarray
    reference_latitude: float

    @classmethod
    def of(cls, edges: np.ndarray, sign: np.ndarray, slot: np.ndarray, reference_latitude: float):
        x0, y0, x1, y1 = (np.ascontiguousarray(edges[:, column]) for column in range(4))
        chord, bend = edge_area_terms(x0, y0, x1, y1, reference_latitude)
        return cls(x0, y0, x1, y1, sign, slot, chord, bend, np.minimum(x0, x1), np.maximum(x0, x1),
                   np.minimum(y0, y1), np.maximum(y0, y1), reference_latitude)


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
        self._outlines: Dict[int, _Outline] = {}
        for index, geometry in self._dense.items():
            outline = _outline(geometry, self._reference_latitude)
            if outline is not None:
                self._outlines[index] = outline
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
            changes = _Changes.of(
                np.concatenate([edges for edges, _sign, _slot in parts]),
                np.concatenate([np.full(len(edges), sign, dtype=np.int64) for edges, sign, _slot in parts]),
                np.concatenate([np.full(len(edges), slot, dtype=np.int64) for edges, _sign, slot in parts]),
                self._reference_latitude)
            for index, outline in self._outlines.items():
                if is_canceled is not None and is_canceled():
                    return None
                change[:, index], doubtful = _area_change(outline, changes, count)
                by_geos[doubtful, index] = True
        previous = self._last_raw if self._last_raw is not None else [0.0] * len(self.areas)
        rows: List[List[Optional[float]]] = []
        for slot in range(count):
            raw = [0.0] * len(self.areas)
            row: List[Optional[float]] = [None] * len(self.areas)
            for index in self._outlines:
                if by_geos[slot, index]:
                    if is_canceled is not None and is_canceled():
                        return None
                    value = self._overlay(index, fresh[slot])
                else:
                    value = previous[index] + float(change[slot, index])
                raw[index] = value
                row[index] = self._snapped(index, value)
            rows.append(row)
            previous = raw
        self._last_edges, self._last_raw = edge_sets[-1], previous
        if self._last_edges is None:
            self._forget()
        return rows

    def _snapped(self, index: int, value: float) -> float:
        """A covered area within 0 and the area, rounding to either bound taken as it."""
        whole = self.areas[index].area_m2
        if value <= SNAP_FRACTION * whole:
            return 0.0
        if value >= (1.0 - SNAP_FRACTION) * whole:
            return whole
        return value

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


def _piece_cubes(group: np.ndarray, fraction: np.ndarray, step: np.ndarray,
                 start: np.ndarray) -> np.ndarray:
    """For edges cut at points (``group``: which edge, 0 to len(start) - 1;
    ``fraction``: where along it; ``step``: how the level changes there), the
    sum over each edge's pieces of the level times the cube of the piece's
    length (as a fraction of the edge), the level being ``start`` on its first piece."""
    order = np.lexsort((fraction, group))
    group, fraction, step = group[order], fraction[order], step[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = first[1:]
    total = np.cumsum(step)
    opening = np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))
    level = start[group] + total - total[opening] + step[opening]
    following = np.where(last, 1.0, np.append(fraction[1:], 1.0))
    return start * fraction[first] ** 3 + np.bincount(
        group, weights=level * (following - fraction) ** 3, minlength=len(start))


def _area_change(outline: _Outline, changes: _Changes, count: int) -> Tuple[np.ndarray, np.ndarray]:
    """How the covered square metres of the area of ``outline`` change at each
    of ``count`` slots through ``changes``, and the slots where that cannot be
    told exactly (an edge touching the area's boundary or within rounding of
    it: the caller measures those by GEOS)."""
    change = np.zeros(count)
    doubtful = np.zeros(count, dtype=bool)
    x_min, y_min, x_max, y_max = outline.box
    near = np.flatnonzero((changes.x_high >= x_min) & (changes.x_low <= x_max)
                          & (changes.y_high >= y_min) & (changes.y_low <= y_max))
    if len(near):
        ex0, ey0, ex1, ey1 = changes.x0[near], changes.y0[near], changes.x1[near], changes.y1[near]
        sign, slot = changes.sign[near], changes.slot[near]
        # 1. is each changed edge's start inside the area (winding number, a ray to the east)?
        low = np.searchsorted(outline.y_low_sorted, ey0 - outline.height, "left")
        high = np.searchsorted(outline.y_low_sorted, ey0, "right")
        point, candidate = _pairs(low, high)
        edge = outline.by_y[candidate]
        ay0, ay1, py = outline.y0[edge], outline.y1[edge], ey0[point]
        spans = ((ay0 <= py) & (py < ay1)) | ((ay1 <= py) & (py < ay0))
        point, edge, py = point[spans], edge[spans], py[spans]
        east, upward, on_line = _east_rays(ex0[point], py, outline.x0[edge], outline.y0[edge],
                                           outline.x1[edge], outline.y1[edge])
        doubtful[slot[point[on_line]]] = True
        winding = np.bincount(point[east], weights=upward[east], minlength=len(near)).astype(np.float64)
        # 2. where the changed edges cross the area's boundary
        low = np.searchsorted(outline.x_low, changes.x_low[near] - outline.width, "left")
        high = np.searchsorted(outline.x_low, changes.x_high[near], "right")
        mine, theirs = _pairs(low, high)
        boxes_meet = ((outline.x_high[theirs] >= changes.x_low[near][mine])
                      & (outline.y_low[theirs] <= changes.y_high[near][mine])
                      & (outline.y_high[theirs] >= changes.y_low[near][mine]))
        mine, theirs = mine[boxes_meet], theirs[boxes_meet]
        ax0, ay0, ax1, ay1 = outline.x0[theirs], outline.y0[theirs], outline.x1[theirs], outline.y1[theirs]
        bx0, by0, bx1, by1 = ex0[mine], ey0[mine], ex1[mine], ey1[mine]
        # the changed edge's ends against the area's edge, and the other way round
        side0, cross0 = _orient(ax0, ay0, ax1, ay1, bx0, by0)
        side1, cross1 = _orient(ax0, ay0, ax1, ay1, bx1, by1)
        side2, cross2 = _orient(bx0, by0, bx1, by1, ax0, ay0)
        side3, cross3 = _orient(bx0, by0, bx1, by1, ax1, ay1)
        cross = (side0 * side1 < 0) & (side2 * side3 < 0)
        touch = (side0 * side1 <= 0) & (side2 * side3 <= 0) & ~cross
        doubtful[slot[mine[touch]]] = True
        mine, theirs = mine[cross], theirs[cross]
        side0, side2 = side0[cross], side2[cross]
        ax1, ay1, bx0, by0, bx1, by1 = ax1[cross], ay1[cross], bx0[cross], by0[cross], bx1[cross], by1[cross]
        # the crossing point: a fraction t along the changed edge (on its chord),
        # a fraction ``along`` the area's edge
        t = cross0[cross] / (cross0[cross] - cross1[cross])
        along = cross2[cross] / (cross2[cross] - cross3[cross])
        cx, cy = bx0 + t * (bx1 - bx0), by0 + t * (by1 - by0)
        entering = np.where(side0 < 0, 1.0, -1.0)  # the changed edge goes into the area
        # 3. the changed edges' pieces inside the area: chord terms add along an
        # edge; bend terms go with the cube of each piece's length
        rest_chord, _bend = edge_area_terms(cx, cy, bx1, by1, changes.reference_latitude)
        inside = winding * changes.chord[near] + np.bincount(
            mine, weights=entering * rest_chord, minlength=len(near))
        cubes = winding.copy()  # sum of winding * (piece length)^3 over each edge's pieces
        if len(mine):
            crossed, where = np.unique(mine, return_inverse=True)
            cubes[crossed] = _piece_cubes(where, t, entering, winding[crossed])
        inside += cubes * changes.bend[near]
        change += np.bincount(slot, weights=sign * inside, minlength=count)
        # 4. the area's boundary pieces that went into (or out of) the covering,
        # from each crossing to the end of its ring. The bend of an area edge is
        # spread along it in proportion to length (its edges are short, see
        # MAX_AREA_EDGE_M), so that its pieces add up whichever crossings cut it:
        # a day's value does not depend on the days measured before it.
        into = sign[mine] * np.where(side2 < 0, 1.0, -1.0)
        chord, _bend = edge_area_terms(cx, cy, ax1, ay1, changes.reference_latitude)
        rest = chord + (1.0 - along) * outline.bends[theirs] + outline.after[theirs]
        change += np.bincount(slot[mine], weights=into * rest, minlength=count)
    # 5. each ring's first vertex: inside what changed (winding of the changed
    # edges alone, a ray to the east), then its whole ring went in or out
    for (vx, vy), total in zip(outline.starts.tolist(), outline.totals.tolist()):
        spans = np.flatnonzero((changes.y_low <= vy) & (vy < changes.y_high))
        if not len(spans):
            continue
        east, upward, on_line = _east_rays(vx, vy, changes.x0[spans], changes.y0[spans],
                                           changes.x1[spans], changes.y1[spans])
        doubtful[changes.slot[spans[on_line]]] = True
        turns = np.bincount(changes.slot[spans[east]], weights=(changes.sign[spans] * upward)[east],
                            minlength=count)
        change += turns * total
    return change, doubtful
