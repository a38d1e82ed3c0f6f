"""The edge machinery of the occupied share (core/occupied_share.py): control
and area boundaries as NumPy edge arrays, the edges that changed between two
coverings, an area's outline prepared for crossing tests, and the change of
the covered area that the changed edges make (where they cross the outline,
which pieces lie inside, which pieces of the outline went in or out).

Every geometry is in EPSG:4326 (longitude, latitude in degrees); areas are
ellipsoidal (WGS84) square metres, as sums of :func:`geodesy.edge_area_terms`.
"""

import struct
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

import numpy as np
from qgis.core import QgsGeometry

from .geodesy import edge_area_terms
from .polygon_rings import polygon_arrays

# A point this close to a line, relative to the lengths involved, may be on
# either side after rounding: the crossing test leaves that area to GEOS.
SIDE_TOLERANCE = 1e-12
# A ray passing this close to a point (degrees, about a micrometre) leaves that area to GEOS.
POINT_TOLERANCE_DEG = 1e-11

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


def wrongly_turned(edges: np.ndarray, lengths: np.ndarray, outer: np.ndarray,
                   origins: Optional[np.ndarray] = None) -> np.ndarray:
    """Which rings (of ``lengths`` consecutive rows of ``edges`` each) turn
    the wrong way: outer rings clockwise, holes anticlockwise. ``origins``
    (one x, y row per edge; default: the first edge's start for all) is the
    point the areas are taken about (near the rings, for precision)."""
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    # twice the signed area of each ring (shoelace), near the origin for precision
    ox, oy = (edges[0, 0], edges[0, 1]) if origins is None else (origins[:, 0], origins[:, 1])
    x0, y0 = edges[:, 0] - ox, edges[:, 1] - oy
    x1, y1 = edges[:, 2] - ox, edges[:, 3] - oy
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
class Outline:
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


def outline_of(geometry: QgsGeometry, reference_latitude: float) -> Optional[Outline]:
    """The :class:`Outline` of a 2D (Multi)Polygon; None if it has no rings."""
    return outlines_of([geometry], reference_latitude)[0]


def outlines_of(geometries: Sequence[QgsGeometry], reference_latitude: float) -> List[Optional[Outline]]:
    """:func:`outline_of` of each of ``geometries``; the rings' orientations
    and the edges' area terms of all of them are computed in one NumPy pass
    (the same values as one by one: every step is edge by edge or ring by ring)."""
    found = []  # per geometry: (edges, ring lengths, outer flags) or None
    for geometry in geometries:
        polygons = polygon_arrays(geometry)
        rings = [ring for polygon in polygons for ring in polygon if len(ring) > 1] if polygons else []
        if not rings:
            found.append(None)
            continue
        outer = [number == 0 for polygon in polygons for number, ring in enumerate(polygon) if len(ring) > 1]
        edges = np.concatenate([np.hstack((ring[:-1], ring[1:])) for ring in rings])
        found.append((edges, [len(ring) - 1 for ring in rings], outer))
    present = [item for item in found if item is not None]
    if not present:
        return [None] * len(found)
    edges = np.concatenate([item[0] for item in present])
    lengths = np.array([length for item in present for length in item[1]])
    outer = np.array([flag for item in present for flag in item[2]])
    # each geometry's rings taken about its own first vertex, as one by one
    origins = np.repeat(np.array([item[0][0, :2] for item in present]),
                        [len(item[0]) for item in present], axis=0)
    flipped = wrongly_turned(edges, lengths, outer, origins)
    flip = np.repeat(flipped, lengths)
    turned = np.array(edges)
    turned[flip] = turned[flip][:, [2, 3, 0, 1]]
    chord, bend = edge_area_terms(turned[:, 0], turned[:, 1], turned[:, 2], turned[:, 3], reference_latitude)
    outlines: List[Optional[Outline]] = []
    edge_start, ring_start = 0, 0
    for item in found:
        if item is None:
            outlines.append(None)
            continue
        edge_end, ring_end = edge_start + len(item[0]), ring_start + len(item[1])
        outlines.append(_outline(turned[edge_start:edge_end], chord[edge_start:edge_end],
                                 bend[edge_start:edge_end], lengths[ring_start:ring_end],
                                 flipped[ring_start:ring_end]))
        edge_start, ring_start = edge_end, ring_end
    return outlines


def _outline(turned: np.ndarray, chord: np.ndarray, bend: np.ndarray, lengths: np.ndarray,
             flipped: np.ndarray) -> Outline:
    """The :class:`Outline` of rings of ``lengths`` edges each (``turned`` with
    the area on their left, ``flipped``: which rings were reversed for it),
    their edges' area terms ``chord`` and ``bend``."""
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
    return Outline(
        x0=by_x(turned[:, 0]), y0=by_x(turned[:, 1]), x1=by_x(turned[:, 2]), y1=by_x(turned[:, 3]),
        bends=by_x(bend), after=by_x(after),
        x_low=x_low, x_high=x_high, y_low=y_low, y_high=y_high,
        width=float((x_high - x_low).max()), by_y=by_y, y_low_sorted=y_low[by_y],
        height=float((y_high - y_low).max()), starts=np.array(starts, dtype=np.float64).reshape(-1, 2),
        totals=np.array(totals), box=(float(x_low.min()), float(y_low.min()),
                                      float(x_high.max()), float(y_high.max())))


@dataclass
class EdgeChanges:
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


def area_change(outline: Outline, changes: EdgeChanges, count: int) -> Tuple[np.ndarray, np.ndarray]:
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
