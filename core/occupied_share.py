"""Occupied share of areas of interest: the maths, over QgsGeometry only.

Occupied share of an area A for a covering C (the union of the control
features of a status set valid on one day, see docs/domain.md)::

    share = area(A ∩ C) / area(A) * 100      (percent)

Every area is ellipsoidal on WGS84 (square metres here; km² in outputs) and
every geometry is in EPSG:4326 (longitude, latitude in degrees).

Why it is fast (about 18 times the naive "union the snapshot, intersect it
with each area" loop on 769 real snapshots, single-threaded, in
bench/bench_occupied_share.py; 14 to 16 times before the day-to-day
comparison below; about 20 times when the benchmark process is warm):

* each day's snapshot is clipped once to the extent of all the areas;
  coverings with the same WKB bytes (consecutive snapshots often are, around
  the areas) are measured once;
* each covering is compared with the one measured before it, edge by edge
  (NumPy on the WKB, :func:`change_boxes`): the region where they differ is
  bounded by the edges one has and the other has not, so boxes around those
  edges hold all of it. Groups of areas and pieces of areas whose boxes the
  difference does not reach keep yesterday's square metres without any
  clip or overlay; on most days only one or two areas are looked at;
* each area is cut once into a binary tree of pieces (rectangle clips along
  meridians and densified parallels); a reached area is clipped once, and
  only its reached leaves are clipped and overlaid, so a front line that moves
  re-measures one or two small pieces, not the whole area; a leaf whose clip
  has the same WKB as on an earlier day reuses that day's result, and a leaf
  that was mostly covered is measured through its uncovered part (fewer
  vertices for the ellipsoidal measure);
* with :data:`WORKER_THREADS` above one (off by default), the trees are cut in
  a background thread while the snapshots are read and the groups are shared
  out among threads; each group sees the days in order, so the results do not
  depend on the number of threads.

Where the time goes now (0.6 to 0.75 s for the whole algorithm): about
0.2 s in the leaf overlays and their ellipsoidal measures (about 1800 of
them), under 0.1 s in the day-to-day comparison, 0.05 s in clipping the
snapshots to the extent, the rest in Processing, reading the layers and
writing the rows.

Why it is exact: the cuts between pieces are meridians (geodesics) or
parallels with a vertex every 500 m or so, shared by both halves, and the
areas' edges are densified along their geodesics first, so the pieces add up
to the area as QgsDistanceArea measures it. What remains is where a long
snapshot edge crosses a cut (split on its longitude/latitude chord): on the
real data the results stay within 1e-3 percentage points of a direct overlay.
"""

import hashlib
import math
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsGeometry, QgsPointXY, QgsRectangle, QgsWkbTypes

from .geodesy import wgs84_distance_area

SQUARE_METRES_PER_KM2 = 1_000_000.0
# Clip rectangles are widened by this many degrees (about 1 m) so that an edge
# lying exactly on an area's bounding box is never cut away by rounding.
CLIP_MARGIN_DEG = 1e-5
# Areas are cut into pieces of about this many boundary vertices, so that a
# moving front line re-measures a small piece instead of the whole area.
VERTICES_PER_PIECE = 160
MAX_DEPTH = 8
# Longest edge of an area polygon once densified along its geodesics, metres.
MAX_AREA_EDGE_M = 500.0
# Metres in a degree of latitude (about; only to space vertices along parallels).
METRES_PER_DEGREE = 111_320.0
# Areas whose boxes, grown by this fraction of their size, touch are clipped together.
CLUSTER_GROWTH = 0.25
# Threads measuring a series of coverings (each takes whole groups of areas; GEOS and
# QgsDistanceArea release Python's lock). One by default: two gave ~4 % on the
# benchmark, not worth QGIS objects in plain Python threads inside a Processing task.
WORKER_THREADS = 1
# The largest groups are split until each thread has about this many to take.
UNITS_PER_THREAD = 3


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
    """The polygonal part of ``geometry`` as a (Multi)Polygon; empty when none."""
    if geometry is None or geometry.isNull() or geometry.isEmpty():
        return QgsGeometry()
    if geometry.type() == QgsWkbTypes.PolygonGeometry and not geometry.wkbType() in (
            QgsWkbTypes.GeometryCollection, QgsWkbTypes.GeometryCollectionZ):
        return geometry
    if QgsWkbTypes.flatType(geometry.wkbType()) == QgsWkbTypes.GeometryCollection:
        polygons = QgsGeometry(geometry)
        if not polygons.convertGeometryCollectionToSubclass(QgsWkbTypes.PolygonGeometry):
            return QgsGeometry()
        return polygons if not polygons.isNull() and not polygons.isEmpty() else QgsGeometry()
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


@dataclass
class _Piece:
    """A node of an area's tree of pieces: a piece of the area and its two
    halves (none for a leaf, which is overlaid directly and measured once:
    ``area_m2``, 0 for an inner piece). ``value`` is the square metres of the
    piece under the covering last measured; ``node`` its row in the
    calculator's table of boxes."""

    geometry: QgsGeometry
    area_m2: float
    bbox: QgsRectangle
    engine: object = None
    children: List["_Piece"] = field(default_factory=list)
    value: float = 0.0
    node: int = -1


@dataclass
class _Group:
    """A node of the tree of neighbouring areas: its box (holding its areas'
    pieces), its areas, and its two halves (none for one area, ``area``)."""

    bbox: QgsRectangle
    members: List[int]
    children: List["_Group"] = field(default_factory=list)
    area: Optional[int] = None
    node: int = -1


# WKB geometry type // 1000 -> coordinates per point (ISO WKB: Z, M, ZM)
_WKB_DIMENSIONS = {0: 2, 1: 3, 2: 3, 3: 4}
_HASH_FACTOR = np.uint64(0x9E3779B97F4A7C15)  # odd: a bijection of 64-bit words


def boundary_edges(wkb: bytes) -> Optional[np.ndarray]:
    """The edges of the rings of a (Multi)Polygon's WKB as an ``(n, 4)``
    array of x0, y0, x1, y1 (an empty array for an empty geometry); None
    when the WKB is not a little-endian ISO (Multi)Polygon."""
    if not wkb:
        return np.empty((0, 4))
    rings: List[np.ndarray] = []

    def polygon(offset: int) -> int:
        kind = struct.unpack_from("<I", wkb, offset + 1)[0] if wkb[offset] == 1 else 0
        if kind % 1000 != 3 or kind // 1000 not in _WKB_DIMENSIONS:
            raise ValueError(kind)
        dimensions = _WKB_DIMENSIONS[kind // 1000]
        (number,) = struct.unpack_from("<I", wkb, offset + 5)
        offset += 9
        for _ in range(number):
            (count,) = struct.unpack_from("<I", wkb, offset)
            if count > 1 and dimensions == 2:
                # a view on the bytes: row i is points i and i + 1
                rings.append(np.ndarray((count - 1, 4), "<f8", wkb, offset + 4, (16, 8)))
            elif count > 1:
                points = np.ndarray((count, 2), "<f8", wkb, offset + 4, (8 * dimensions, 8))
                rings.append(np.hstack((points[:-1], points[1:])))
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
    return np.concatenate(rings) if len(rings) > 1 else np.array(rings[0])


class EdgeSet:
    """The edges of one covering (:func:`boundary_edges`) sorted by a key of
    their first point, so that the edges of one covering missing from another
    are found by binary search. Two edges are the same only when their four
    coordinates are: a key shared by other edges (a point where rings touch)
    can only make an edge look changed, never the reverse."""

    __slots__ = ("edges", "order", "sorted_keys", "sorted_edges")

    def __init__(self, edges: np.ndarray):
        self.edges = np.ascontiguousarray(edges, dtype=np.float64)
        bits = self.edges.view(np.uint64)
        keys = bits[:, 0] * _HASH_FACTOR
        keys ^= bits[:, 1]
        self.order = np.argsort(keys)
        self.sorted_keys = np.take(keys, self.order)
        self.sorted_edges = np.take(self.edges, self.order, axis=0)

    def __len__(self) -> int:
        return len(self.edges)

    def missing_from(self, other: "EdgeSet") -> np.ndarray:
        """Indices (ascending) of the edges of this set that ``other`` has not."""
        if not len(other):
            return np.arange(len(self))
        # sorted keys searched in sorted keys: the binary searches run in step (fast)
        position = np.searchsorted(other.sorted_keys, self.sorted_keys)
        position[position == len(other)] = 0
        # four equal coordinates: the four booleans of a row read as one uint32 0x01010101
        same = (np.take(other.sorted_edges, position, axis=0) == self.sorted_edges) \
            .view(np.uint32).ravel() == 0x01010101
        return np.sort(np.take(self.order, np.flatnonzero(~same)))


def change_boxes(before: EdgeSet, after: EdgeSet) -> Tuple[np.ndarray, np.ndarray]:
    """Where two coverings differ: ``(runs, regions)``, two ``(m, 4)`` arrays
    of boxes (x_min, y_min, x_max, y_max).

    The region where they differ is bounded by the changed edges: those of
    either covering that the other has not (an edge both have has, in both,
    the covering on the same side, or on opposite sides: either way no
    boundary of the difference). ``runs`` are the boxes of runs of
    consecutive changed edges; ``regions`` those boxes merged while they
    touch. The outer boundary of each piece of the difference is one closed
    line of changed edges, whose runs touch one another: the piece lies in
    one of ``regions``.
    """
    gone, new = before.missing_from(after), after.missing_from(before)
    if not len(gone) and not len(new):
        return np.empty((0, 4)), np.empty((0, 4))
    edges = np.concatenate((np.take(before.edges, gone, axis=0), np.take(after.edges, new, axis=0)))
    # a gap in the numbering between the two sets: no run spans both
    numbers = np.concatenate((gone, new + (len(before) + 1)))
    starts = np.flatnonzero(np.diff(numbers, prepend=-2) != 1)
    lows, highs = np.minimum.reduceat(edges, starts), np.maximum.reduceat(edges, starts)
    runs = np.hstack((np.minimum(lows[:, :2], lows[:, 2:]), np.maximum(highs[:, :2], highs[:, 2:])))
    # merged while they touch: at the end no two boxes touch, so two touching
    # runs are in the same box (a few boxes a day: plain Python is quickest)
    regions: List[List[float]] = []
    for box in runs.tolist():
        while True:
            touching = [other for other in regions if other[0] <= box[2] and other[2] >= box[0]
                        and other[1] <= box[3] and other[3] >= box[1]]
            if not touching:
                break
            for other in touching:
                regions.remove(other)
                box = [min(box[0], other[0]), min(box[1], other[1]),
                       max(box[2], other[2]), max(box[3], other[3])]
        regions.append(box)
    return runs, np.array(regions)


def boxes_touched(changes: Tuple[np.ndarray, np.ndarray], boxes: np.ndarray,
                  margin: float = 1e-9) -> np.ndarray:
    """Which of ``boxes`` may hold part of the difference of two coverings
    (``changes``: :func:`change_boxes`), ``margin`` degrees (far above
    rounding, far below a metre) taken in doubt.

    A box that no changed edge comes near (no run box meets it) is either
    wholly outside the difference or wholly inside one of its pieces, and
    then inside that piece's region box.
    """
    runs, regions = changes
    if not len(runs):
        return np.zeros(len(boxes), dtype=bool)
    x_min, y_min, x_max, y_max = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    near = ((runs[:, 0:1] <= x_max + margin) & (runs[:, 2:3] >= x_min - margin)
            & (runs[:, 1:2] <= y_max + margin) & (runs[:, 3:4] >= y_min - margin)).any(axis=0)
    inside = ((regions[:, 0:1] <= x_min + margin) & (regions[:, 2:3] >= x_max - margin)
              & (regions[:, 1:2] <= y_min + margin) & (regions[:, 3:4] >= y_max - margin)).any(axis=0)
    return near | inside


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

    Why: cutting an area into pieces splits an edge at a point of its straight
    longitude/latitude chord, which is off the geodesic the area measure
    follows; on a 5 km edge that is a sliver of about 2000 m2. With short edges
    the sliver vanishes (about 2 m2 at 500 m).
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


def _halves(geometry: QgsGeometry, vertical: bool) -> List[QgsGeometry]:
    """``geometry`` cut in two at the middle of its box (two rectangle clips):
    along a meridian (``vertical``) or along the parallel of the middle
    latitude, which gets a vertex every :data:`MAX_AREA_EDGE_M` metres or so.

    Why: an edge is measured as the geodesic between its ends. A meridian is a
    geodesic; a parallel is not, but its short pieces are close to theirs
    (under 1 m2 each), and both halves get the same vertices on it (GEOS
    computes the same crossings for both clips; the added vertices are on a
    fixed grid of longitudes), so the halves' areas add up to the whole.
    """
    box = geometry.boundingBox()
    margin = 1.0  # degrees: the clips reach past the geometry
    x_min, y_min = box.xMinimum() - margin, box.yMinimum() - margin
    x_max, y_max = box.xMaximum() + margin, box.yMaximum() + margin
    if vertical:
        x_mid = box.center().x()
        halves = [geometry.clipped(QgsRectangle(x_min, y_min, x_mid, y_max)),
                  geometry.clipped(QgsRectangle(x_mid, y_min, x_max, y_max))]
    else:
        y_mid = box.center().y()
        step = MAX_AREA_EDGE_M / (METRES_PER_DEGREE * math.cos(math.radians(y_mid)))
        halves = [_densified_along(polygon_part(half), y_mid, step) for half in (
            geometry.clipped(QgsRectangle(x_min, y_min, x_max, y_mid)),
            geometry.clipped(QgsRectangle(x_min, y_mid, x_max, y_max)))]
    halves = [polygon_part(half) for half in halves]
    return [half for half in halves if not half.isNull() and not half.isEmpty()]


def _densified_along(geometry: QgsGeometry, latitude: float, step: float) -> QgsGeometry:
    """``geometry`` with a vertex at every multiple of ``step`` degrees of
    longitude on its edges that lie on the parallel ``latitude``."""
    polygons = polygon_arrays(geometry) if not geometry.isEmpty() else None
    if polygons is None:
        return geometry
    changed = False
    for rings in polygons:
        for number, ring in enumerate(rings):
            on = (ring[:-1, 1] == latitude) & (ring[1:, 1] == latitude) & \
                (np.abs(np.diff(ring[:, 0])) > step)
            if not on.any():
                continue
            pieces, done = [], 0
            for index in np.flatnonzero(on).tolist():
                x0, x1 = ring[index, 0], ring[index + 1, 0]
                low, high = min(x0, x1), max(x0, x1)
                grid = np.arange(math.floor(low / step), math.ceil(high / step) + 1) * step
                grid = grid[(grid > low) & (grid < high)]
                pieces += [ring[done:index + 1], np.column_stack(
                    (grid if x1 > x0 else grid[::-1], np.full(len(grid), latitude)))]
                done = index + 1
            rings[number] = np.concatenate(pieces + [ring[done:]])
            changed = True
    return multipolygon_of(polygons) if changed else geometry


def clusters_of(boxes: Sequence[Tuple[int, QgsRectangle]], growth: float = CLUSTER_GROWTH
                ) -> List[Tuple[QgsRectangle, List[int]]]:
    """Groups of neighbouring boxes: ``(combined box, member keys)``.

    Boxes grown by ``growth`` times their size that touch join one group, so a
    day's snapshot is clipped once per group of neighbouring areas.
    """
    groups: List[Tuple[QgsRectangle, List[int]]] = []
    for key, box in boxes:
        grown = box.buffered(growth * max(box.width(), box.height()))
        merged_box, merged_keys = QgsRectangle(box), [key]
        grown_merged = QgsRectangle(grown)
        rest = []
        for group_box, keys in groups:
            if group_box.intersects(grown_merged):
                merged_box.combineExtentWith(group_box)
                grown_merged.combineExtentWith(group_box)
                merged_keys = keys + merged_keys
            else:
                rest.append((group_box, keys))
        groups = rest + [(merged_box, merged_keys)]
    return [(box, sorted(keys)) for box, keys in groups]


class OccupiedShareCalculator:
    """Covered square metres of a fixed set of areas, for covering after covering.

    Build it once per analysis; call :meth:`clip` on each day's control
    geometries and :meth:`covered_m2` on the result, or
    :meth:`covered_series` on the results of many days at once.

    Each area is cut once into a binary tree of pieces, whose leaves are
    measured on the ellipsoid (a piece is split while it has more than
    :data:`VERTICES_PER_PIECE` vertices). Every covering is compared with the one measured before it:
    only the groups and pieces whose boxes the difference reaches are clipped
    and measured again (the others keep their values), and a leaf whose clip
    has the same WKB as on an earlier day reuses that day's result, so a front
    line that moves re-measures one or two small leaves, not the whole area.
    Results equal a direct overlay up to the slivers between a long snapshot
    edge and the same edge split where a cut crosses it (below 1e-3 percentage
    points on the real data; see tests/test_occupied_share_real.py).
    """

    def __init__(self, areas: Sequence[AreaOfInterest], threads: Optional[int] = None):
        self.areas = list(areas)
        self.distance_area = wgs84_distance_area()
        self.extent = None
        self._count_lock = threading.Lock()
        self._thread = threading.local()  # a QgsDistanceArea per worker thread
        # the densified outline bulges past the original box along its geodesics
        dense = {index: geodesic_densified(area.geometry, self.distance_area)
                 for index, area in enumerate(self.areas)
                 if area.area_m2 > 0.0 and area.bbox is not None}
        self._boxes = {index: widened(geometry.boundingBox()) for index, geometry in dense.items()}
        for box in self._boxes.values():
            if self.extent is None:
                self.extent = QgsRectangle(box)
            else:
                self.extent.combineExtentWith(box)
        self._trees: Dict[int, _Piece] = {}
        self._groups = [self._group(members) for _box, members in
                        clusters_of(list(self._boxes.items()))]
        self._node_boxes: Optional[np.ndarray] = None  # one row per group and piece, once built
        # the trees are cut in the background while the caller reads and clips
        # the snapshots (which needs only the extent); measuring waits for them
        self._build_error: Optional[BaseException] = None
        self._builder: Optional[threading.Thread] = None
        if (WORKER_THREADS if threads is None else threads) > 1 and dense:
            self._builder = threading.Thread(target=self._build_trees, args=(dense,),
                                             name="occupied-share-trees", daemon=True)
            self._builder.start()
        else:
            self._build_trees(dense)
            self._ready()
        # results of every covering measured, by digest of its WKB
        self._seen: Dict[bytes, Tuple[Optional[float], ...]] = {}
        # the covering measured last (its edges and results): what the pieces' values hold
        self._last_edges: Optional[EdgeSet] = None
        self._last_row: Optional[List[Optional[float]]] = None
        self._cache: Dict[Tuple[int, bytes], float] = {}  # leaf results by WKB of the leaf's clip
        self.overlays = 0  # leaf intersections actually computed (tests, benchmarks)
        self.reused = 0    # whole-area results taken from earlier coverings

    def _build_trees(self, dense: Dict[int, QgsGeometry]) -> None:
        try:
            for index, geometry in dense.items():
                self._trees[index] = self._build(geometry, self.areas[index].area_m2, 0)
        except BaseException as error:  # re-raised by _ready() in the caller's thread
            self._build_error = error

    def _ready(self) -> None:
        """Wait for the trees of pieces (cut in the background) and number
        their nodes and the groups' in the table of boxes."""
        if self._builder is not None:
            self._builder.join()
            self._builder = None
        if self._build_error is not None:
            raise self._build_error
        if self._node_boxes is None:
            boxes: List[QgsRectangle] = []

            def number(node) -> None:
                node.node = len(boxes)
                boxes.append(node.bbox)
                for child in node.children:
                    number(child)

            for node in list(self._groups) + list(self._trees.values()):
                number(node)
            self._node_boxes = np.array([(b.xMinimum(), b.yMinimum(), b.xMaximum(), b.yMaximum())
                                         for b in boxes], dtype=np.float64).reshape(-1, 4)

    def _build(self, geometry: QgsGeometry, area_m2: Optional[float], depth: int) -> _Piece:
        """The piece ``geometry`` and its sub-pieces: halved while it has more
        than :data:`VERTICES_PER_PIECE` vertices. Only leaves are measured
        (``area_m2`` when known): an inner piece's area is never needed."""
        piece = _Piece(geometry, 0.0, widened(geometry.boundingBox()))
        if geometry.constGet().nCoordinates() > VERTICES_PER_PIECE and depth < MAX_DEPTH:
            box = geometry.boundingBox()
            # cut across the longer side (a degree of longitude is shorter here)
            vertical = box.width() * math.cos(math.radians(box.center().y())) >= box.height()
            piece.children = [self._build(part, None, depth + 1)
                              for part in _halves(geometry, vertical)]
        if len(piece.children) < 2:
            piece.children = []
            piece.area_m2 = area_m2 if area_m2 is not None else \
                measure_area_m2(geometry, self._distance_area())
            piece.engine = QgsGeometry.createGeometryEngine(geometry.constGet())
            piece.engine.prepareGeometry()
        return piece

    def _group(self, members: List[int]) -> "_Group":
        """A tree of groups over ``members`` (area indices): halves along the
        longer side of their box, down to one area each."""
        box = QgsRectangle(self._boxes[members[0]])
        for index in members[1:]:
            box.combineExtentWith(self._boxes[index])
        if len(members) == 1:
            return _Group(box, list(members), area=members[0])
        vertical = box.width() * math.cos(math.radians(box.center().y())) >= box.height()
        ordered = sorted(members, key=lambda i: (self._boxes[i].center().x() if vertical
                                                 else self._boxes[i].center().y(), i))
        middle = len(ordered) // 2
        return _Group(box, sorted(members), children=[self._group(ordered[:middle]),
                                                      self._group(ordered[middle:])])

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

    def covered_series(self, coverings: Sequence[Optional[QgsGeometry]], threads: Optional[int] = None,
                       is_canceled: Optional[Callable[[], bool]] = None) -> List[List[Optional[float]]]:
        """:meth:`covered_m2` of each of ``coverings`` (outputs of :meth:`clip`,
        None for none), with the same results, in square metres.

        A covering with the same WKB bytes as one measured before (consecutive
        snapshots often are, around the areas) is not measured again. Each new
        covering is compared with the one before it (edges of one missing from
        the other, :func:`boxes_touched`): groups and pieces out of reach of
        the difference keep their values. The groups of neighbouring areas
        are shared out among ``threads`` threads, each taking every covering
        in order for its groups, so the results do not depend on the number of
        threads. Returns early (rows of None) when ``is_canceled()``.
        """
        self._ready()
        threads = WORKER_THREADS if threads is None else threads
        digests: List[bytes] = []
        new: Dict[bytes, int] = {}
        fresh: List[Tuple[Optional[QgsGeometry], Optional[QgsRectangle]]] = []
        touched: List[Optional[List[bool]]] = []
        edges = self._last_edges
        for covering in coverings:
            empty = covering is None or covering.isNull() or covering.isEmpty()
            wkb = b"" if empty else bytes(covering.asWkb())
            digest = hashlib.blake2b(wkb, digest_size=16).digest() if wkb else b""
            digests.append(digest)
            if digest in self._seen or digest in new:
                self._count(reused=len(self._trees))
                continue
            new[digest] = len(fresh)
            # the box is computed here: workers never touch the shared geometry's caches
            fresh.append((None, None) if empty else (covering, covering.boundingBox()))
            found = boundary_edges(wkb)
            current = EdgeSet(found) if found is not None else None
            touched.append(None if edges is None or current is None else
                           boxes_touched(change_boxes(edges, current), self._node_boxes).tolist())
            edges = current
        rows: List[List[Optional[float]]] = [[None] * len(self.areas) for _ in fresh]
        canceled = [False]

        def run(group: _Group) -> None:
            previous = self._last_row
            tally = [0, 0]  # overlays, areas reused: counted once at the end
            try:
                for (covering, box), row, changes in zip(fresh, rows, touched):
                    if is_canceled is not None and is_canceled():
                        canceled[0] = True
                        return
                    # a wrapper of its own per thread: QgsGeometry keeps its last error in the object
                    local = None if covering is None else (QgsGeometry(covering) if threads > 1
                                                           else covering)
                    self._group_covered(group, local, box, row, previous, changes, tally)
                    previous = row
            finally:
                self._count(*tally)

        try:
            units = self._work_units(threads)
            if threads <= 1 or len(units) <= 1:
                for unit in units:
                    run(unit)
            else:
                with ThreadPoolExecutor(max_workers=threads) as pool:
                    for future in [pool.submit(run, unit) for unit in units]:
                        future.result()
        except BaseException:
            self._forget()
            raise
        if canceled[0]:
            self._forget()
            return [[None] * len(self.areas) for _ in coverings]
        if fresh:
            self._last_edges, self._last_row = edges, rows[-1]
            for digest, slot in new.items():
                self._seen[digest] = tuple(rows[slot])
        return [list(self._seen[digest]) for digest in digests]

    def _forget(self) -> None:
        """After a run cut short the pieces' values may mix coverings: the
        next covering is measured in full."""
        self._last_edges, self._last_row = None, None

    def _work_units(self, threads: int) -> List[_Group]:
        """Groups to share out among ``threads`` threads, largest first: the
        biggest group is split until there are a few per thread."""
        units = list(self._groups)
        while threads > 1 and len(units) < UNITS_PER_THREAD * threads:
            splittable = [g for g in units if g.children]
            if not splittable:
                break
            largest = max(splittable, key=lambda g: len(g.members))
            units.remove(largest)
            units.extend(largest.children)
        return sorted(units, key=lambda g: -len(g.members))

    def _count(self, overlays: int = 0, reused: int = 0) -> None:
        with self._count_lock:
            self.overlays += overlays
            self.reused += reused

    def _distance_area(self):
        """This thread's QgsDistanceArea (one object is not shared between threads)."""
        if threading.current_thread() is threading.main_thread():
            return self.distance_area
        distance_area = getattr(self._thread, "distance_area", None)
        if distance_area is None:
            distance_area = self._thread.distance_area = wgs84_distance_area()
        return distance_area

    def covered_m2(self, covering: QgsGeometry) -> List[Optional[float]]:
        """Square metres of each area inside ``covering`` (an output of
        :meth:`clip`); None for an area with no area (it has no share)."""
        return self.covered_series([covering], threads=1)[0]

    def _group_covered(self, group: _Group, covering: Optional[QgsGeometry],
                       covering_box: Optional[QgsRectangle], row: List[Optional[float]],
                       previous: Optional[List[Optional[float]]],
                       touched: Optional[List[bool]], tally: List[int]) -> None:
        """Fill ``row`` for the areas of ``group`` from ``covering`` (whose box
        is ``covering_box``; None when empty): ``previous`` (the row of the
        covering measured before) where ``touched`` says the difference does
        not reach (None: it reaches everything). ``tally`` counts overlays and
        areas reused."""
        if touched is not None and not touched[group.node]:
            for index in group.members:
                row[index] = previous[index]
            tally[1] += len(group.members)
            return
        if group.area is None:
            for child in group.children:
                self._group_covered(child, covering, covering_box, row, previous, touched, tally)
            return
        tree = self._trees[group.area]
        local, local_box = (None, None) if covering is None else \
            clipped_to(covering, covering_box, tree.bbox)
        if local is None:
            row[group.area] = 0.0
            _set_values(tree, 0.0)
        else:
            row[group.area] = min(self._covered(tree, local, local_box, touched, tally),
                                  self.areas[group.area].area_m2)

    def _covered(self, piece: _Piece, local: QgsGeometry, local_box: QgsRectangle,
                 touched: Optional[List[bool]], tally: List[int]) -> float:
        """Square metres of ``piece`` inside ``local`` (the covering clipped
        to the box of the piece's area, whose box is ``local_box``): the sum
        of its sub-pieces' (those ``touched`` leaves out keep their values),
        or for a leaf from the cache or an overlay with the clip to its box.
        Kept as the piece's ``value``."""
        if piece.children:
            value = 0.0
            for child in piece.children:
                value += child.value if touched is not None and not touched[child.node] else \
                    self._covered(child, local, local_box, touched, tally)
        else:
            box = piece.bbox
            if not local_box.intersects(box):
                value = 0.0
            else:
                part = local if box.contains(local_box) else local.clipped(box)
                if part.wkbType() not in _POLYGON_TYPES:
                    part = polygon_part(part)
                if part.isEmpty():
                    value = 0.0
                elif part.constGet().nCoordinates() == 5 and not part.isMultipart() and \
                        part.boundingBox() == box:
                    value = piece.area_m2  # the covering holds the leaf's whole box
                else:
                    # clips down here are small: their WKB itself is the key (no hashing)
                    key = (id(piece), bytes(part.asWkb()))
                    value = self._cache.get(key)
                    if value is None:
                        value = self._cache[key] = self._measure_piece(piece, part, tally)
        piece.value = value
        return value

    def _measure_piece(self, piece: _Piece, local: QgsGeometry, tally: List[int]) -> float:
        """Square metres of leaf ``piece`` inside ``local`` (the covering
        clipped to the leaf's box). When the piece was mostly covered last
        time, what is left uncovered is measured instead: fewer vertices."""
        local_geometry = local.constGet()
        # the prepared engine holds the piece in GEOS already: no conversion
        if piece.value > 0.5 * piece.area_m2:
            if not piece.engine.intersects(local_geometry):
                return 0.0
            tally[0] += 1
            result = piece.engine.difference(local_geometry)
            if result is not None:
                outside = QgsGeometry(result)
                if not outside.isNull():
                    return max(0.0, piece.area_m2 - measure_area_m2(polygon_part(outside),
                                                                    self._distance_area()))
        else:
            tally[0] += 1
        # (no intersects() test first: apart from each other, the overlay is empty: 0)
        result = piece.engine.intersection(local_geometry)
        inside = QgsGeometry(result) if result is not None else QgsGeometry()
        if inside.isNull():
            # GEOS refused the overlay: the snapshot geometry is invalid here
            inside = piece.geometry.intersection(local.makeValid())
            if inside.isNull():
                raise ValueError("GEOS cannot intersect the control polygons with the area, "
                                 "even after repairing them")
        return min(measure_area_m2(polygon_part(inside), self._distance_area()), piece.area_m2)


def _set_values(piece: _Piece, value: float) -> None:
    """Set the value of ``piece`` and of all its sub-pieces (0: nothing covers them)."""
    piece.value = value
    for child in piece.children:
        _set_values(child, value)
