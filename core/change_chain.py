"""The chain of changed edges between two coverings, and the ground it encloses
(core/territory_change.py explains how ground gained and lost is measured).

The chain is the edges the later covering has and the earlier one has not,
with those the earlier one has and the later one has not turned round
(edges as ``(n, 4)`` rows x0, y0, x1, y1 in EPSG:4326 degrees, ground on
their left, from :func:`share_edges.boundary_edges`). Its winding number is
+1 on ground gained, -1 on ground lost, 0 elsewhere. Two ways to measure it:

* :func:`chain_faces`: GEOS nodes and polygonizes the chain, each face is
  classed by the winding at a point inside it. Always right; it makes the
  polygons.
* :func:`simple_chain_changes`: once the chain is cut where its edges
  cross or one's end lies inside another (:func:`noded`), no two edges
  meet but at shared ends, so every edge has one winding on its left
  along its whole length, 1 (it bounds ground gained) or 0 (ground lost on
  its right), told by a ray from its middle; the areas are then sums of the
  edges' area terms. Many chains at once (one "slot" each), in a few NumPy
  operations: what keeps a daily series fast. A chain it cannot tell
  (overlapping edges, rays or ends within rounding) is left to
  :func:`chain_faces`.
"""

import struct
from typing import List, Tuple

import numpy as np
from qgis.core import QgsGeometry, QgsWkbTypes

from .geodesy import edge_area_terms
from .share_edges import POINT_TOLERANCE_DEG, SIDE_TOLERANCE, EdgeSet, _orient, _pairs

# Search keys of the chains of different slots are this many degrees apart
# (more than any coordinate span), so one sorted search serves every slot;
# the exact tests then compare slots and the original coordinates.
SLOT_SPACING_DEG = 1000.0
# Search ranges on those keys are widened by this much for their rounding.
KEY_MARGIN_DEG = 1e-6


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


def _latitude_candidates(py: np.ndarray, point_slots: np.ndarray, chain: np.ndarray,
                         slots: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Pairs (point, edge) of one slot whose edge's latitude range may hold
    the point's latitude (a superset): edges sorted by their lowest latitude,
    searched from the point's latitude minus the tallest edge's height, in
    groups of edges of about one height (within a factor of 8), so that a
    few long edges do not make every point look at every edge."""
    y_low, y_high = np.minimum(chain[:, 1], chain[:, 3]), np.maximum(chain[:, 1], chain[:, 3])
    height = y_high - y_low
    groups = np.floor(np.log2(np.maximum(height, 1e-6)) / 3).astype(np.int64)
    points_found, edges_found = [], []
    point_keys = py + point_slots * SLOT_SPACING_DEG
    by_group = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(np.diff(groups[by_group])) + 1
    for group in np.split(by_group, bounds):
        keys = y_low[group] + slots[group] * SLOT_SPACING_DEG
        order = np.argsort(keys, kind="stable")
        tallest = float(height[group].max())
        first = np.searchsorted(keys[order], point_keys - tallest - KEY_MARGIN_DEG, "left")
        last = np.searchsorted(keys[order], point_keys + KEY_MARGIN_DEG, "right")
        point, candidate = _pairs(first, last)
        points_found.append(point)
        edges_found.append(group[order[candidate]])
    return np.concatenate(points_found), np.concatenate(edges_found)


def _rays(points: np.ndarray, point_slots: np.ndarray, chain: np.ndarray, slots: np.ndarray,
          own_edges: bool = False) -> Tuple[np.ndarray, np.ndarray]:
    """Winding number, at each of ``points``, of the chain edges of the same
    slot, by a ray to the east (edges spanning a point's latitude half-open:
    a point on a horizontal line is taken just north of it), and whether a
    ray passes within rounding of an edge (the number is then not told).
    With ``own_edges`` point i lies on chain edge i, which its ray leaves out
    (it tells the winding just east of that edge)."""
    if not len(points) or not len(chain):
        return np.zeros(len(points), dtype=np.int64), np.zeros(len(points), dtype=bool)
    point, edge = _latitude_candidates(points[:, 1], point_slots, chain, slots)
    x0, y0, x1, y1 = chain[edge, 0], chain[edge, 1], chain[edge, 2], chain[edge, 3]
    px, py = points[point, 0], points[point, 1]
    spans = (((y0 <= py) & (py < y1)) | ((y1 <= py) & (py < y0))) & (slots[edge] == point_slots[point])
    if own_edges:
        spans &= edge != point
    point, px, py = point[spans], px[spans], py[spans]
    x0, y0, x1, y1 = x0[spans], y0[spans], x1[spans], y1[spans]
    offset = x0 + (py - y0) * (x1 - x0) / (y1 - y0) - px
    east = offset > 0
    upward = np.where(y1 > y0, 1.0, -1.0)
    winding = np.rint(np.bincount(point[east], weights=upward[east], minlength=len(points))).astype(np.int64)
    doubtful = np.zeros(len(points), dtype=bool)
    doubtful[point[np.abs(offset) <= POINT_TOLERANCE_DEG]] = True
    return winding, doubtful


def winding_numbers(points: np.ndarray, chain: np.ndarray) -> np.ndarray:
    """Winding number of one chain's rings at each of ``points`` (``(m, 2)``)."""
    return _rays(points, np.zeros(len(points), dtype=np.int64), chain,
                 np.zeros(len(chain), dtype=np.int64))[0]


def _meetings(chain: np.ndarray, slots: np.ndarray):
    """The pairs (a, b) of edges of one slot whose boxes meet, with the side
    (-1, 0, +1 within rounding) and cross product of b's ends against a's
    line (s0, c0, s1, c1) and of a's ends against b's line (s2, c2, s3, c3);
    None when there are none."""
    if len(chain) < 2:
        return None
    x_low, x_high = np.minimum(chain[:, 0], chain[:, 2]), np.maximum(chain[:, 0], chain[:, 2])
    y_low, y_high = np.minimum(chain[:, 1], chain[:, 3]), np.maximum(chain[:, 1], chain[:, 3])
    shift = slots * SLOT_SPACING_DEG
    order = np.argsort(x_low + shift, kind="stable")
    sorted_keys = (x_low + shift)[order]
    mine, theirs = _pairs(np.arange(1, len(chain) + 1),
                          np.searchsorted(sorted_keys, (x_high + shift)[order] + KEY_MARGIN_DEG, "right"))
    a, b = order[mine], order[theirs]
    near = (slots[a] == slots[b]) & (x_low[a] <= x_high[b]) & (x_low[b] <= x_high[a]) \
        & (y_low[a] <= y_high[b]) & (y_low[b] <= y_high[a])
    a, b = a[near], b[near]
    if not len(a):
        return None
    ax0, ay0, ax1, ay1 = (chain[a, column] for column in range(4))
    bx0, by0, bx1, by1 = (chain[b, column] for column in range(4))
    s0, c0 = _orient(ax0, ay0, ax1, ay1, bx0, by0)
    s1, c1 = _orient(ax0, ay0, ax1, ay1, bx1, by1)
    s2, c2 = _orient(bx0, by0, bx1, by1, ax0, ay0)
    s3, c3 = _orient(bx0, by0, bx1, by1, ax1, ay1)
    same = [(ax0 == bx0) & (ay0 == by0), (ax0 == bx1) & (ay0 == by1),
            (ax1 == bx0) & (ay1 == by0), (ax1 == bx1) & (ay1 == by1)]
    return a, b, (s0, c0, s1, c1, s2, c2, s3, c3), same


def _overlapping_at_shared_end(chain, a, b, same, one) -> np.ndarray:
    """For pairs ``one`` sharing exactly one end: whether they leave it along one line."""
    ax0, ay0, ax1, ay1 = (chain[a[one], column] for column in range(4))
    bx0, by0, bx1, by1 = (chain[b[one], column] for column in range(4))
    at_a0, at_b0 = (same[0] | same[1])[one], (same[0] | same[2])[one]
    px, py = np.where(at_a0, ax0, ax1), np.where(at_a0, ay0, ay1)
    ux, uy = np.where(at_a0, ax1, ax0) - px, np.where(at_a0, ay1, ay0) - py
    vx, vy = np.where(at_b0, bx1, bx0) - px, np.where(at_b0, by1, by0) - py
    cross = ux * vy - uy * vx
    tolerance = SIDE_TOLERANCE * (np.abs(ux) + np.abs(uy)) * (np.abs(vx) + np.abs(vy))
    return (np.abs(cross) <= tolerance) & (ux * vx + uy * vy > 0)


def tangled_slots(chain: np.ndarray, slots: np.ndarray, count: int) -> np.ndarray:
    """For each of ``count`` slots, whether two of its chain edges cross, touch
    or overlap (or rounding cannot tell), other than by sharing an end from
    which they part."""
    tangled = np.zeros(count, dtype=bool)
    found = _meetings(chain, slots)
    if found is None:
        return tangled
    a, b, (s0, _c0, s1, _c1, s2, _c2, s3, _c3), same = found
    meet = (s0 * s1 <= 0) & (s2 * s3 <= 0)
    shared = same[0].astype(np.int64) + same[1] + same[2] + same[3]
    tangled[slots[a[(meet & (shared == 0)) | (shared > 1)]]] = True
    one = np.flatnonzero(shared == 1)
    if len(one):
        tangled[slots[a[one][_overlapping_at_shared_end(chain, a, b, same, one)]]] = True
    return tangled


def noded(chain: np.ndarray, slots: np.ndarray, count: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chain with its edges cut where two of them cross, or where one's
    end lies inside another (both pieces then share the point exactly), its
    slots, and the slots with meetings it does not cut (overlaps, or ends
    too close to tell): those are left to GEOS."""
    bad = np.zeros(count, dtype=bool)
    found = _meetings(chain, slots)
    if found is None:
        return chain, slots, bad
    a, b, (s0, c0, s1, c1, s2, c2, s3, c3), same = found
    shared = same[0].astype(np.int64) + same[1] + same[2] + same[3]
    bad[slots[a[shared > 1]]] = True
    one = np.flatnonzero(shared == 1)
    if len(one):
        bad[slots[a[one][_overlapping_at_shared_end(chain, a, b, same, one)]]] = True
    free = shared == 0
    meet = free & (s0 * s1 <= 0) & (s2 * s3 <= 0)
    crossing = meet & (s0 * s1 < 0) & (s2 * s3 < 0)
    # one end inside the other edge (a "T"): the other three sides strict
    b0_in_a = meet & (s0 == 0) & (s1 != 0) & (s2 * s3 < 0)
    b1_in_a = meet & (s1 == 0) & (s0 != 0) & (s2 * s3 < 0)
    a0_in_b = meet & (s2 == 0) & (s3 != 0) & (s0 * s1 < 0)
    a1_in_b = meet & (s3 == 0) & (s2 != 0) & (s0 * s1 < 0)
    bad[slots[a[meet & ~(crossing | b0_in_a | b1_in_a | a0_in_b | a1_in_b)]]] = True
    cut_edge, cut_t, cut_x, cut_y = [], [], [], []

    def cut(edges, points_x, points_y):
        if not len(edges):
            return
        x0, y0, x1, y1 = (chain[edges, column] for column in range(4))
        dx, dy = x1 - x0, y1 - y0
        cut_edge.append(edges)
        cut_t.append(((points_x - x0) * dx + (points_y - y0) * dy) / (dx * dx + dy * dy))
        cut_x.append(points_x)
        cut_y.append(points_y)

    where = np.flatnonzero(crossing)
    t_b = c0[where] / (c0[where] - c1[where])
    bx0, by0 = chain[b[where], 0], chain[b[where], 1]
    px = bx0 + t_b * (chain[b[where], 2] - bx0)
    py = by0 + t_b * (chain[b[where], 3] - by0)
    cut(a[where], px, py)
    cut(b[where], px, py)
    for mask, touched, toucher, column in ((b0_in_a, a, b, 0), (b1_in_a, a, b, 2),
                                           (a0_in_b, b, a, 0), (a1_in_b, b, a, 2)):
        where = np.flatnonzero(mask)
        cut(touched[where], chain[toucher[where], column], chain[toucher[where], column + 1])
    if not cut_edge:
        return chain, slots, bad
    edge = np.concatenate(cut_edge)
    t, px, py = np.concatenate(cut_t), np.concatenate(cut_x), np.concatenate(cut_y)
    order = np.lexsort((t, edge))
    edge, px, py = edge[order], px[order], py[order]
    first = np.ones(len(edge), dtype=bool)
    first[1:] = edge[1:] != edge[:-1]
    last = np.ones(len(edge), dtype=bool)
    last[:-1] = first[1:]
    # pieces: from the edge's start (or the cut before) to each cut, then from its last cut to its end
    start_x = np.where(first, chain[edge, 0], np.roll(px, 1))
    start_y = np.where(first, chain[edge, 1], np.roll(py, 1))
    pieces = np.column_stack((np.concatenate((start_x, px[last])), np.concatenate((start_y, py[last])),
                              np.concatenate((px, chain[edge[last], 2])),
                              np.concatenate((py, chain[edge[last], 3]))))
    piece_slots = slots[np.concatenate((edge, edge[last]))]
    keep = (pieces[:, 0] != pieces[:, 2]) | (pieces[:, 1] != pieces[:, 3])
    untouched = np.ones(len(chain), dtype=bool)
    untouched[edge] = False
    return (np.concatenate((chain[untouched], pieces[keep])),
            np.concatenate((slots[untouched], piece_slots[keep])), bad)


def simple_chain_changes(chain: np.ndarray, slots: np.ndarray, count: int,
                         reference_latitude: float = 0.0
                         ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(gained, lost, told)`` for ``count`` chains given together (``slots``:
    which chain each edge is of): square metres gained and lost, and whether
    the chain could be measured so (see the module's docstring; where not,
    gained and lost are 0 and the caller measures it by :func:`chain_faces`)."""
    chain, slots, bad = noded(chain, slots, count)
    told = ~(bad | tangled_slots(chain, slots, count))
    gained, lost = np.zeros(count), np.zeros(count)
    if not len(chain):
        return gained, lost, told
    middle = np.column_stack(((chain[:, 0] + chain[:, 2]) / 2, (chain[:, 1] + chain[:, 3]) / 2))
    east, doubtful = _rays(middle, slots, chain, slots, own_edges=True)
    dx, dy = chain[:, 2] - chain[:, 0], chain[:, 3] - chain[:, 1]
    # the ray tells the winding east of an edge (north of a horizontal one)
    left = east + np.where(dy == 0, dx < 0, dy > 0)
    told[slots[doubtful | ((left != 0) & (left != 1))]] = False
    chord, bend = edge_area_terms(chain[:, 0], chain[:, 1], chain[:, 2], chain[:, 3], reference_latitude)
    terms = chord + bend
    keep = told[slots]
    gained += np.bincount(slots[keep & (left == 1)], weights=terms[keep & (left == 1)], minlength=count)
    lost -= np.bincount(slots[keep & (left == 0)], weights=terms[keep & (left == 0)], minlength=count)
    return gained, lost, told


def chain_faces(chain: np.ndarray) -> Tuple[List[QgsGeometry], List[QgsGeometry]]:
    """The faces of one chain's rings: ``(gained, lost)`` polygons (winding
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
