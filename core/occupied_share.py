"""Occupied share of areas of interest: the maths, over QgsGeometry only.

Occupied share of an area A for a covering C (the union of the control
features of a status set valid on one day, see docs/domain.md)::

    share = area(A ∩ C) / area(A) * 100      (percent)

Every area is ellipsoidal on WGS84 (square metres here; km² in outputs) and
every geometry is in EPSG:4326 (longitude, latitude in degrees).

Why it is fast (about 14 to 16 times the naive "union the snapshot, intersect
it with each area" loop on 769 real snapshots, single-threaded;
bench/bench_occupied_share.py):

* each day's snapshot is clipped once to the extent of all the areas;
  coverings with the same WKB bytes (consecutive snapshots often are, around
  the areas) are measured once;
* the areas form a tree of groups of neighbouring areas: a day's clip goes
  down it by rectangle clips (much cheaper than overlays), and a group whose
  clip has the same WKB as on an earlier day reuses that day's results;
* each area is cut once into a binary tree of pieces measured once; the clip
  goes on down that tree the same way, so a front line that moves re-measures
  one or two small pieces, not the whole area;
* with :data:`WORKER_THREADS` above one (off by default), the trees are cut in
  a background thread while the snapshots are read and the groups are shared
  out among threads; each group sees the days in order, so the results do not
  depend on the number of threads.

Why it is exact: the cuts between pieces follow geodesics and the areas'
edges are densified along their geodesics first, so the pieces add up to the
area as QgsDistanceArea measures it. What remains is where a long snapshot
edge crosses a cut (split on its longitude/latitude chord): on the real data
the results stay within 1e-3 percentage points of a direct overlay.
"""

import hashlib
import math
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

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


def wkb_digest(geometry: QgsGeometry) -> bytes:
    """A 128-bit digest of the geometry's WKB: a compact cache key for large
    clips (identical WKB, identical digest)."""
    return hashlib.blake2b(bytes(geometry.asWkb()), digest_size=16).digest()


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
    """A node of an area's tree of pieces: a piece of the area, measured once, and
    its two halves (none for a leaf, which is overlaid directly)."""

    geometry: QgsGeometry
    area_m2: float
    bbox: QgsRectangle
    engine: object = None
    children: List["_Piece"] = field(default_factory=list)


@dataclass
class _Group:
    """A node of the tree of neighbouring areas: its box (holding its areas'
    pieces), its areas, and its two halves (none for one area, ``area``)."""

    bbox: QgsRectangle
    members: List[int]
    children: List["_Group"] = field(default_factory=list)
    area: Optional[int] = None


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

    def ring(points):
        out = [points[0]]
        for start, end in zip(points, points[1:]):
            if distance_area.measureLine(start, end) > max_edge_m:
                for line in distance_area.geodesicLine(start, end, max_edge_m):
                    out.extend(line[1:] if out and line and line[0] == out[-1] else line)
                if out[-1] != end:
                    out.append(end)
            else:
                out.append(end)
        return out

    polygons = geometry.asMultiPolygon() if geometry.isMultipart() else [geometry.asPolygon()]
    densified = [[ring(r) for r in polygon] for polygon in polygons]
    return QgsGeometry.fromMultiPolygonXY(densified)


def _halves(geometry: QgsGeometry, vertical: bool, distance_area) -> List[QgsGeometry]:
    """``geometry`` cut in two at the middle of its box: along a meridian
    (``vertical``) or along a geodesic across the middle latitude.

    Both cut lines are geodesics (a meridian is one; the other is densified
    along its geodesic), so the two halves' areas add up to the whole; the
    second half is the difference, so they share their cut edge exactly.
    """
    box = geometry.boundingBox()
    margin = 1.0  # degrees: the cut polygon must reach past the geometry
    x_min, y_min = box.xMinimum() - margin, box.yMinimum() - margin
    x_max = box.xMaximum() + margin
    if vertical:
        x_mid = box.center().x()
        cut = QgsGeometry.fromRect(QgsRectangle(x_min, y_min, x_mid, box.yMaximum() + margin))
    else:
        y_mid = box.center().y()
        line = distance_area.geodesicLine(QgsPointXY(x_max, y_mid), QgsPointXY(x_min, y_mid),
                                          MAX_AREA_EDGE_M)
        ring = [QgsPointXY(x_min, y_min), QgsPointXY(x_max, y_min)]
        ring += [point for part in line for point in part]
        ring.append(QgsPointXY(x_min, y_min))
        cut = QgsGeometry.fromPolygonXY([ring])
    first = polygon_part(geometry.intersection(cut))
    second = polygon_part(geometry.difference(cut))
    return [g for g in (first, second) if not g.isNull() and not g.isEmpty()]


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
    :meth:`covered_series` on the results of many days at once (faster: in
    threads, identical coverings once).

    Each area is cut once into a binary tree of pieces measured on the ellipsoid
    (a piece is split while it has more than :data:`VERTICES_PER_PIECE`
    vertices). A day's covering is clipped down the tree; a piece whose clip
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
        self._group_cache: Dict[Tuple[int, bytes], Tuple[float, ...]] = {}
        self._last_whole: Optional[bytes] = None
        self._last_results: List[Optional[float]] = []
        self._cache: Dict[Tuple[int, bytes], float] = {}
        self.overlays = 0  # leaf intersections actually computed (tests, benchmarks)
        self.reused = 0    # whole-area results taken from the cache

    def _build_trees(self, dense: Dict[int, QgsGeometry]) -> None:
        try:
            for index, geometry in dense.items():
                self._trees[index] = self._build(geometry, self.areas[index].area_m2, 0)
        except BaseException as error:  # re-raised by _ready() in the caller's thread
            self._build_error = error

    def _ready(self) -> None:
        """Wait for the trees of pieces (cut in the background)."""
        if self._builder is not None:
            self._builder.join()
            self._builder = None
        if self._build_error is not None:
            raise self._build_error

    def _build(self, geometry: QgsGeometry, area_m2: float, depth: int) -> _Piece:
        piece = _Piece(geometry, area_m2, widened(geometry.boundingBox()))
        if geometry.constGet().nCoordinates() > VERTICES_PER_PIECE and depth < MAX_DEPTH:
            box = geometry.boundingBox()
            # cut across the longer side (a degree of longitude is shorter here)
            vertical = box.width() * math.cos(math.radians(box.center().y())) >= box.height()
            distance_area = self._distance_area()
            for part in _halves(geometry, vertical, distance_area):
                piece.children.append(
                    self._build(part, measure_area_m2(part, distance_area), depth + 1))
        if len(piece.children) < 2:
            piece.children = []
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

        Identical coverings (consecutive snapshots often are, around the areas)
        are measured once, found by comparing their WKB bytes. The groups of
        neighbouring areas are shared out among ``threads`` threads, each
        taking every covering for its groups, so the caches work as in a
        day-by-day run. Returns early (rows of None) when ``is_canceled()``.
        """
        self._ready()
        threads = WORKER_THREADS if threads is None else threads
        first_of: Dict[bytes, int] = {}
        distinct: List[Tuple[Optional[QgsGeometry], Optional[QgsRectangle]]] = []
        slot_of: List[int] = []
        for covering in coverings:
            empty = covering is None or covering.isNull() or covering.isEmpty()
            whole = b"" if empty else wkb_digest(covering)
            slot = first_of.get(whole)
            if slot is None:
                slot = first_of[whole] = len(distinct)
                # the box is computed here: workers never touch the shared geometry's caches
                distinct.append((None, None) if empty else (covering, covering.boundingBox()))
            else:
                self._count(reused=len(self._trees))
            slot_of.append(slot)
        results = [[None] * len(self.areas) for _ in distinct]

        def run(group: _Group) -> None:
            for (covering, box), row in zip(distinct, results):
                if is_canceled is not None and is_canceled():
                    return
                # a wrapper of its own per thread: QgsGeometry keeps its last error in the object
                local = None if covering is None else QgsGeometry(covering)
                self._group_covered(group, local, box, row)

        units = self._work_units(threads)
        if threads <= 1 or len(units) <= 1:
            for unit in units:
                run(unit)
        else:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                for future in [pool.submit(run, unit) for unit in units]:
                    future.result()
        return [list(results[slot]) for slot in slot_of]

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
        self._ready()
        results: List[Optional[float]] = [None] * len(self.areas)
        empty = covering is None or covering.isNull() or covering.isEmpty()
        whole = b"" if empty else bytes(covering.asWkb())
        # consecutive snapshots are often identical around the areas: one bytes compare
        if whole == self._last_whole:
            self._count(reused=len(self._trees))
            return list(self._last_results)
        covering_box = None if empty else covering.boundingBox()
        for group in self._groups:
            self._group_covered(group, None if empty else covering, covering_box, results)
        self._last_whole, self._last_results = whole, list(results)
        return results

    def _group_covered(self, group: _Group, local: Optional[QgsGeometry],
                       local_box: Optional[QgsRectangle], results: List[Optional[float]]) -> None:
        """Fill ``results`` for the areas of ``group`` from ``local`` (the
        covering clipped to a box holding the group's box, None when empty)."""
        if local is not None:
            local, local_box = clipped_to(local, local_box, group.bbox)
        if local is None:
            for index in group.members:
                results[index] = 0.0
            return
        if group.area is not None:
            before = len(self._cache)
            results[group.area] = min(self._covered(self._trees[group.area], local, local_box),
                                      self.areas[group.area].area_m2)
            if len(self._cache) == before:
                self._count(reused=1)
            return
        key = (id(group), wkb_digest(local))
        values = self._group_cache.get(key)
        if values is not None:
            self._count(reused=len(group.members))
            for index, value in zip(group.members, values):
                results[index] = value
            return
        for child in group.children:
            self._group_covered(child, local, local_box, results)
        self._group_cache[key] = tuple(results[index] for index in group.members)

    def _covered(self, piece: _Piece, local: QgsGeometry, local_box: QgsRectangle) -> float:
        """Square metres of ``piece`` inside ``local`` (a covering clipped to
        the piece's box, whose box is ``local_box``), from the cache or from
        its sub-pieces."""
        # clips down here are small: their WKB itself is the key (no hashing)
        key = (id(piece), bytes(local.asWkb()))
        value = self._cache.get(key)
        if value is not None:
            return value
        if not piece.children:
            value = self._measure_piece(piece, local)
        else:
            value = 0.0
            for child in piece.children:
                child_local, child_box = clipped_to(local, local_box, child.bbox)
                if child_local is not None:
                    value += self._covered(child, child_local, child_box)
        self._cache[key] = value
        return value

    def _measure_piece(self, piece: _Piece, local: QgsGeometry) -> float:
        local_geometry = local.constGet()
        if not piece.engine.intersects(local_geometry):
            return 0.0
        self._count(overlays=1)
        # the prepared engine holds the piece in GEOS already: no conversion
        result = piece.engine.intersection(local_geometry)
        inside = QgsGeometry(result) if result is not None else QgsGeometry()
        if inside.isNull():
            # GEOS refused the overlay: the snapshot geometry is invalid here
            inside = piece.geometry.intersection(local.makeValid())
            if inside.isNull():
                raise ValueError("GEOS cannot intersect the control polygons with the area, "
                                 "even after repairing them")
        return min(measure_area_m2(polygon_part(inside), self._distance_area()), piece.area_m2)
