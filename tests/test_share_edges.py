"""OccupiedShareCalculator (core/occupied_share.py) against a direct overlay.

Every value of every day is compared with the independent computation
``measure_area_m2(polygon_part(area.geometry.intersection(day)))`` (0 when
they do not meet), to ``BOUND_PP`` percentage points of the area.

Areas are built with short edges (vertices every 0.001 degree, about 100 m,
or blobs of a few hundred vertices): an area edge longer than 500 m is
densified along its geodesic by the calculator but cut on its chord by the
direct overlay, which is a difference of models, not of arithmetic (see
``test_long_area_edges_differ_by_the_chord_sliver``). Coverings have short
edges too, except in ``test_long_covering_edges``.

Every random input comes from a ``random.Random`` with a fixed seed.
"""

import math
import random

import pytest
from qgis.core import QgsGeometry, QgsRectangle

from situation_mapper.core.occupied_share import (
    OccupiedShareCalculator,
    make_area,
    measure_area_m2,
    polygon_part,
)

# agreement asked of every value: |calculated - direct| / area * 100
BOUND_PP = 1e-6


# ---------------------------------------------------------------- geometry helpers

def ring_wkt(points):
    return "(" + ",".join(f"{x!r} {y!r}" for x, y in points) + ")"


def polygon(*rings):
    """A Polygon of rings given as lists of (x, y), closed by the caller."""
    return QgsGeometry.fromWkt("POLYGON(" + ",".join(ring_wkt(r) for r in rings) + ")")


def multipolygon(*polygons):
    """A MultiPolygon of polygons, each a list of rings."""
    return QgsGeometry.fromWkt("MULTIPOLYGON(" + ",".join(
        "(" + ",".join(ring_wkt(r) for r in rings) + ")" for rings in polygons) + ")")


def box_ring(x0, y0, x1, y1, step=0.001, clockwise=False):
    """The closed ring of a longitude/latitude box, anticlockwise unless said,
    with a vertex every ``step`` degrees (at most) along each side."""

    def side(ax, ay, bx, by):
        count = max(1, math.ceil(round(max(abs(bx - ax), abs(by - ay)) / step, 9)))
        return [(ax + (bx - ax) * k / count, ay + (by - ay) * k / count) for k in range(count)]

    points = side(x0, y0, x1, y0) + side(x1, y0, x1, y1) + side(x1, y1, x0, y1) + side(x0, y1, x0, y0)
    if clockwise:
        points.reverse()
    return points + [points[0]]


def blob_ring(cx, cy, radius, vertices=360, phase=0.0, aspect=1.5, clockwise=False):
    """A closed star-shaped wobbly ring around (cx, cy), ``radius`` degrees of
    latitude (times ``aspect`` in longitude)."""
    points = []
    for k in range(vertices):
        angle = 2 * math.pi * k / vertices
        r = radius * (1 + 0.15 * math.sin(3 * angle + phase) + 0.07 * math.cos(7 * angle - 2 * phase))
        points.append((cx + aspect * r * math.cos(angle), cy + r * math.sin(angle)))
    if clockwise:
        points.reverse()
    return points + [points[0]]


def union(*geometries):
    """The GEOS union of polygons (a valid (Multi)Polygon)."""
    return QgsGeometry.unaryUnion(list(geometries))


class Front:
    """A star-shaped covering that moves like a front line: each day either a
    window of its vertices is pushed out or pulled in (the rest of the ring
    keeps its exact coordinates, so few edges change) or the whole ring
    drifts and breathes."""

    def __init__(self, rng, cx, cy, radius, vertices=720, aspect=1.5):
        self.rng, self.cx, self.cy, self.aspect = rng, cx, cy, aspect
        self.base = radius
        self.radii = [radius * (1 + 0.1 * math.sin(5 * 2 * math.pi * k / vertices)) for k in range(vertices)]

    def step(self):
        rng, count = self.rng, len(self.radii)
        if rng.random() < 0.25:  # the whole front moves
            self.cx += rng.uniform(-0.01, 0.01)
            self.cy += rng.uniform(-0.006, 0.006)
            scale = rng.uniform(0.95, 1.05)
            self.radii = [min(max(r * scale, 0.5 * self.base), 1.6 * self.base) for r in self.radii]
        else:  # a local push or retreat
            width = rng.randint(10, count // 6)
            start = rng.randrange(count)
            amount = rng.uniform(-0.15, 0.15) * self.base
            for j in range(width):
                k = (start + j) % count
                bump = amount * math.sin(math.pi * (j + 0.5) / width) ** 2
                self.radii[k] = min(max(self.radii[k] + bump, 0.5 * self.base), 1.6 * self.base)

    def ring(self, clockwise=False):
        count = len(self.radii)
        points = [(self.cx + self.aspect * r * math.cos(2 * math.pi * k / count),
                   self.cy + r * math.sin(2 * math.pi * k / count)) for k, r in enumerate(self.radii)]
        if clockwise:
            points.reverse()
        return points + [points[0]]


# ---------------------------------------------------------------- the comparison

def direct_m2(area, day):
    """Square metres of ``area`` inside ``day`` by a GEOS overlay of the two."""
    if day is None or day.isEmpty() or not area.geometry.intersects(day):
        return 0.0
    return measure_area_m2(polygon_part(area.geometry.intersection(day)))


def worst_difference(areas, days, rows, bound=BOUND_PP):
    """The largest |calculated - direct| in percentage points of the area over
    all days and areas; fails on the first value beyond ``bound`` (saying which)."""
    assert len(rows) == len(days)
    worst = 0.0
    for number, (day, row) in enumerate(zip(days, rows)):
        assert len(row) == len(areas)
        for area, covered in zip(areas, row):
            if area.area_m2 <= 0.0:
                assert covered is None, f"day {number}: area {area.name} has no area"
                continue
            expected = direct_m2(area, day)
            difference = abs(covered - expected) / area.area_m2 * 100
            assert difference <= bound, (
                f"day {number}, area {area.name}: calculated {covered!r} m2, direct {expected!r} m2, "
                f"difference {difference:.3g} percentage points of {area.area_m2!r} m2\n"
                f"day: {day.asWkt(17) if day is not None else None}\narea: {area.geometry.asWkt(17)}")
            worst = max(worst, difference)
    return worst


def measure_series(areas, days):
    """A fresh calculator and its rows for ``days`` (clipped, None kept)."""
    calculator = OccupiedShareCalculator(areas)
    rows = calculator.covered_series([calculator.clip([d]) if d is not None else None for d in days])
    return calculator, rows


def partly_covered(areas, rows):
    """How many values lie strictly between 0 and the whole area."""
    return sum(1 for row in rows for area, covered in zip(areas, row)
               if covered is not None and 0.0 < covered < area.area_m2)


# ---------------------------------------------------------------- areas of every kind

def areas_near(cx, cy):
    """Areas of every kind around a front centred on (cx, cy): a plain box, a
    blob, a box with a hole, two boxes as one area, a blob overlapping the box,
    a tiny square of 22 m, and a flat polygon with no area."""
    def at(x, y):
        return cx + x, cy + y

    def shifted_box(x0, y0, x1, y1, step=0.001, clockwise=False):
        (a, b), (c, d) = at(x0, y0), at(x1, y1)
        return box_ring(a, b, c, d, step, clockwise)

    flat_start, flat_end = at(-0.05, -0.2), at(0.05, -0.2)
    return [
        make_area("box", polygon(shifted_box(0.10, -0.05, 0.20, 0.03))),
        make_area("blob", polygon(blob_ring(*at(-0.15, 0.07), 0.04, 300))),
        make_area("holed", polygon(shifted_box(-0.05, 0.07, 0.10, 0.17),
                                   shifted_box(0.0, 0.10, 0.05, 0.14, clockwise=True))),
        make_area("two parts", multipolygon([shifted_box(-0.20, -0.15, -0.15, -0.10)],
                                            [shifted_box(0.15, -0.13, 0.22, -0.08)])),
        make_area("overlapping", polygon(blob_ring(*at(0.13, 0.0), 0.03, 240))),
        make_area("tiny", polygon(shifted_box(0.03, -0.117, 0.0303, -0.1168))),
        make_area("flat", polygon([flat_start, flat_end, at(0.0, -0.2), flat_start])),
    ]


def front_days(rng, cx, cy, days=30, clockwise=False):
    """``days`` coverings from a moving front centred near (cx, cy): local
    pushes, whole moves, a hole coming and going, a second part appearing and
    disappearing, a day with nothing (None) and a day repeated."""
    front = Front(rng, cx, cy, 0.12)
    out = []
    for day in range(days):
        front.step()
        parts = [polygon(front.ring(clockwise))]
        if 5 <= day < 20:  # a pocket (hole) inside the front, moving
            hole = blob_ring(front.cx + 0.002 * day, front.cy + 0.001 * day, 0.025, 120,
                             phase=0.3 * day, clockwise=not clockwise)
            parts = [polygon(front.ring(clockwise), hole)]
        if 9 <= day < 16:  # a separate part over the area of two parts, growing
            parts.append(polygon(blob_ring(cx + 0.18, cy - 0.11, 0.01 + 0.004 * (day - 9), 200,
                                           clockwise=clockwise)))
        out.append(union(*parts) if len(parts) > 1 else parts[0])
    out[12] = None      # nothing on that day
    out[14] = out[13]   # the same covering two days running
    if days > 22:
        out[22] = out[21]
    return out


# ---------------------------------------------------------------- tests

def test_front_over_areas_of_every_kind():
    """30 days of a front moving over areas with holes, several parts,
    overlapping each other, a tiny one and one with no area (None): every value
    of every day is the direct overlay's to BOUND_PP, and repeated days are
    reused (6 areas with an outline: the flat one has none)."""
    rng = random.Random(20250110)
    areas = areas_near(37.2, 48.05)
    days = front_days(rng, 37.2, 48.05)
    calculator, rows = measure_series(areas, days)
    worst = worst_difference(areas, days, rows)
    print(f"front over areas: worst {worst:.3g} pp, overlays {calculator.overlays}")
    assert partly_covered(areas, rows) >= 60
    assert rows[12] == [0.0] * 6 + [None]
    assert rows[14] == rows[13] and calculator.reused >= 2 * 6
    assert all(row[-1] is None for row in rows)


def test_special_coverings():
    """Coverings that hold an area whole, miss every area, fill only an area's
    hole, have a hole holding an area whole, or cover an area's hole and its
    surroundings, alternating with partial coverings, measured as one series."""
    areas = areas_near(37.2, 48.05)
    holed, whole = areas[2], areas[0]
    rng = random.Random(7)
    partial = front_days(rng, 37.2, 48.05, days=30)
    everything = polygon(box_ring(36.9, 47.7, 37.5, 48.4, step=0.01))
    outside = polygon(blob_ring(37.2, 47.75, 0.03, 100))  # within the extent, off every area
    far_away = polygon(box_ring(10.0, 10.0, 10.1, 10.1))  # outside the extent
    in_hole = polygon(box_ring(37.205, 48.155, 37.24, 48.185))
    over_hole = polygon(box_ring(37.19, 48.14, 37.26, 48.2))
    ring_around_box = polygon(box_ring(37.25, 47.95, 37.45, 48.13),
                              box_ring(37.29, 47.99, 37.41, 48.09, clockwise=True))
    days = [everything, partial[3], outside, partial[4], far_away, partial[5], in_hole,
            over_hole, partial[6], ring_around_box, everything, everything, None, partial[7],
            in_hole, everything]
    calculator, rows = measure_series(areas, days)
    worst = worst_difference(areas, days, rows)
    print(f"special coverings: worst {worst:.3g} pp, overlays {calculator.overlays}")
    for number in (0, 10, 11, 15):
        assert rows[number][:6] == [area.area_m2 for area in areas[:6]]
    for number in (2, 4, 12):
        assert rows[number][:6] == [0.0] * 6
    assert rows[6][2] == 0.0 and 0.0 < rows[7][2] < holed.area_m2
    assert rows[9][0] == 0.0  # the box lies in the covering's hole
    assert whole.area_m2 > 0


@pytest.mark.parametrize("clockwise", [False, True], ids=["anticlockwise", "clockwise"])
def test_ring_orientation_and_z(clockwise):
    """The same series with every ring given clockwise (holes anticlockwise),
    or anticlockwise, in 2D and as PolygonZ / MultiPolygonZ, passed through
    clip() and also straight to covered_series: the same values, each the
    direct overlay's."""
    areas = areas_near(37.2, 48.05)
    days = front_days(random.Random(99), 37.2, 48.05, days=20, clockwise=clockwise)
    _calculator, reference = measure_series(areas, front_days(random.Random(99), 37.2, 48.05, days=20))
    with_z = [None if d is None else QgsGeometry.fromWkt(d.asWkt(17)) for d in days]
    for geometry in with_z:
        if geometry is not None:
            assert geometry.get().addZValue(123.5)
            assert "Z" in geometry.asWkt(3)[:20]
    for inputs in (days, with_z):
        calculator = OccupiedShareCalculator(areas)
        clipped = calculator.covered_series([calculator.clip([d]) if d is not None else None for d in inputs])
        raw = OccupiedShareCalculator(areas).covered_series(inputs)
        for rows in (clipped, raw):
            worst_difference(areas, days, rows)
            for got, want in zip(rows, reference):
                assert got == pytest.approx(want, rel=1e-9, abs=1e-6)


def vertices_of(area):
    """The vertices of an area's first ring, as stored (exact floats)."""
    geometry = area.geometry
    rings = geometry.asMultiPolygon()[0] if geometry.isMultipart() else geometry.asPolygon()
    return [(p.x(), p.y()) for p in rings[0]]


def test_degenerate_coverings_fall_back_to_geos():
    """Two areas sharing a side (short edges, so no densifying), then coverings
    that equal an area, lie along area edges (inside and outside), have a
    vertex exactly on an area edge or exactly at an area vertex (corner, or a
    vertex in the middle of a side, or the corner the two areas share), each
    followed by two ordinary days. The degenerate days are measured by GEOS
    (calculator.overlays grows) and every value, including the ordinary days
    measured on from an overlay's value, is the direct overlay's."""
    west = make_area("west", polygon(box_ring(37.0, 48.0, 37.01, 48.01)))
    east = make_area("east", polygon(box_ring(37.01, 48.0, 37.02, 48.01)))
    areas = [west, east]
    corners = vertices_of(west)
    assert (37.01, 48.0) in corners and (37.0, 48.0) in corners
    middle_of_bottom = corners[4]          # a vertex in the middle of the bottom side
    assert middle_of_bottom[1] == 48.0 and 37.003 < middle_of_bottom[0] < 37.005

    def ordinary(k):
        return polygon(blob_ring(37.0095 + 0.0011 * k, 48.0043 + 0.0007 * k, 0.0041, 97, phase=k))

    degenerate = {
        "equal to west": polygon(vertices_of(west)),
        "equal to both": polygon(box_ring(37.0, 48.0, 37.02, 48.01)),
        "along the top, outside": polygon(box_ring(37.0023, 48.01, 37.0137, 48.02)),
        "along the bottom, inside": polygon(box_ring(37.0023, 48.0, 37.0137, 48.0071)),
        "vertex on the shared side": polygon([(37.01, 48.0055), (37.0043, 48.0021), (37.0047, 48.0089),
                                              (37.01, 48.0055)]),
        "vertex on a side, outside": polygon([(37.0057, 48.01), (37.0091, 48.0163), (37.0012, 48.0149),
                                              (37.0057, 48.01)]),
        "vertex at a corner, inside": polygon([(37.0, 48.0), (37.0061, 48.0032), (37.0027, 48.0078),
                                               (37.0, 48.0)]),
        "vertex at a corner, outside": polygon([(37.0, 48.0), (36.995, 47.996), (36.996, 48.003),
                                                (37.0, 48.0)]),
        "vertex at the shared corner": polygon([(37.01, 48.01), (37.0163, 48.0031), (37.0041, 48.0022),
                                                (37.01, 48.01)]),
        "vertex at a side's vertex": polygon([middle_of_bottom, (37.0081, 48.0066), (37.0013, 48.0052),
                                              middle_of_bottom]),
        "two sides shared, outside": polygon(
            sorted((c for c in corners if c[0] == 37.0), key=lambda c: -c[1])
            + sorted((c for c in corners if c[1] == 48.0 and c[0] > 37.0), key=lambda c: c[0])
            + [(37.015, 47.99), (36.99, 47.99), (36.99, 48.01), (37.0, 48.01)]),
    }
    for name, geometry in degenerate.items():
        assert geometry.isGeosValid(), name
    names, days = [], []
    for k, (name, geometry) in enumerate(degenerate.items()):
        names += ["ordinary", name, "after", "after"]
        days += [ordinary(2 * k), geometry, ordinary(2 * k + 1), ordinary(2 * k + 1.5)]

    day_by_day = OccupiedShareCalculator(areas)
    by_day = []
    for name, day in zip(names, days):
        before = day_by_day.overlays
        by_day.append(day_by_day.covered_m2(day_by_day.clip([day])))
        if name not in ("ordinary", "after"):
            assert day_by_day.overlays > before, f"{name} was not measured by GEOS"
    worst = worst_difference(areas, days, by_day)
    calculator, rows = measure_series(areas, days)
    worst = max(worst, worst_difference(areas, days, rows))
    print(f"degenerate: worst {worst:.3g} pp, overlays {calculator.overlays} and {day_by_day.overlays}")
    assert calculator.overlays > 0
    exact = dict(zip(names, rows))
    assert exact["equal to west"] == [west.area_m2, 0.0]
    assert exact["equal to both"] == [west.area_m2, east.area_m2]
    assert exact["along the top, outside"] == [0.0, 0.0]
    assert exact["vertex at a corner, outside"] == [0.0, 0.0]
    assert exact["two sides shared, outside"] == [0.0, 0.0]
    assert partly_covered(areas, rows) >= 20


LOCATIONS = {
    "south-west (Buenos Aires)": (-58.4, -34.6),
    "equator and prime meridian": (0.0, 0.0),
    "south-east (Sydney)": (151.2, -33.9),
    "70 north": (25.0, 70.0),
    "west (Kansas)": (-98.5, 39.0),
}


@pytest.mark.parametrize("centre", LOCATIONS.values(), ids=LOCATIONS.keys())
def test_locations(centre):
    """The front and areas of every kind elsewhere: southern hemisphere,
    negative longitudes, straddling latitude 0 and longitude 0 (areas and
    front cross both), high latitude."""
    cx, cy = centre
    areas = areas_near(cx, cy)
    days = front_days(random.Random(int(1000 * (cx + cy))), cx, cy, days=24)
    calculator, rows = measure_series(areas, days)
    worst = worst_difference(areas, days, rows)
    print(f"{centre}: worst {worst:.3g} pp, overlays {calculator.overlays}")
    assert partly_covered(areas, rows) >= 40


def test_series_equals_day_by_day_and_survives_cancel():
    """covered_series over 70 days equals covered_m2 day by day (1e-9
    relative); a run canceled at any of its checks returns rows of None and
    the next runs (on from where it stands, then back over the same days) are
    right. (Those agree with the day-by-day values to about 1e-9 of each
    value, not exactly: each day is measured on from the day measured before.)"""
    areas = areas_near(37.2, 48.05)
    days = front_days(random.Random(4242), 37.2, 48.05, days=30)
    days += front_days(random.Random(4343), 37.22, 48.04, days=40)
    assert len(days) == 70
    day_by_day = OccupiedShareCalculator(areas)
    expected = [day_by_day.covered_m2(day_by_day.clip([d]) if d is not None else None) for d in days]
    worst_difference(areas, days, expected)
    calculator = OccupiedShareCalculator(areas)
    clipped = [calculator.clip([d]) if d is not None else None for d in days]
    series = calculator.covered_series(clipped)
    for got, want in zip(series, expected):
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9)

    for cancel_at in range(1, 12):
        calculator = OccupiedShareCalculator(areas)
        calculator.covered_series(clipped[:10])  # something measured before
        calls = []

        def is_canceled():
            calls.append(1)
            return len(calls) >= cancel_at

        canceled = calculator.covered_series(clipped[10:], is_canceled)
        if len(calls) >= cancel_at:
            assert canceled == [[None] * len(areas)] * 60
        rest = calculator.covered_series(clipped[40:])
        again = calculator.covered_series(clipped[10:])
        worst_difference(areas, days[40:], rest)
        worst_difference(areas, days[10:], again)


# The calculator takes the area between an edge's chord and its geodesic from
# geodesy.edge_area_terms' ``bend`` (a sphere of mean radius), which differs
# from QgsDistanceArea's ellipsoidal geodesic by about 0.4 % of that sliver
# at latitude 48 and 0.8 % at 70 (measured: a 150 m covering edge's sliver is
# 0.04 m2, off by 1.6e-4 m2; a 7 km piece's 5800 m2, off by about 25 m2). On large areas that
# is far below BOUND_PP; on small ones, or under long covering edges, it is not.
SLIVER_ERROR = 0.01  # allowed: 1 % of the covering's chord-to-geodesic slivers


def sliver_allowance_m2(area, day):
    """1 % of the chord-to-geodesic slivers of the covering's edges inside
    ``area`` (each from edge_area_terms, the cube of the part inside)."""
    import numpy as np

    from situation_mapper.core.geodesy import edge_area_terms
    from situation_mapper.core.share_edges import boundary_edges

    if day is None:
        return 0.0
    inside = day.intersection(area.geometry)
    edges = boundary_edges(bytes(polygon_part(inside).asWkb())) if not inside.isEmpty() else None
    if edges is None or not len(edges):
        return 0.0
    _chord, bend = edge_area_terms(edges[:, 0], edges[:, 1], edges[:, 2], edges[:, 3])
    return SLIVER_ERROR * float(np.abs(bend).sum())


def worst_beyond_slivers(areas, days, rows):
    """The largest |calculated - direct| in percentage points and in square
    metres; fails on a value off by more than BOUND_PP and the sliver allowance."""
    worst_pp = worst_m2 = 0.0
    for number, (day, row) in enumerate(zip(days, rows)):
        for area, covered in zip(areas, row):
            expected = direct_m2(area, day)
            difference = abs(covered - expected)
            allowed = BOUND_PP / 100 * area.area_m2 + sliver_allowance_m2(area, day)
            assert difference <= allowed, (
                f"day {number}, area {area.name}: calculated {covered!r} m2, direct {expected!r} m2, "
                f"difference {difference:.3g} m2, allowed {allowed:.3g} m2")
            worst_pp = max(worst_pp, difference / area.area_m2 * 100)
            worst_m2 = max(worst_m2, difference)
    return worst_pp, worst_m2


@pytest.mark.parametrize("centre", [(37.2, 48.05), (0.0, 0.0), (-70.0, -60.0), (25.0, 70.0)],
                         ids=["48 north", "equator", "60 south", "70 north"])
def test_small_areas_under_the_front(centre):
    """Twelve small boxes (4 m to 80 m across) on the front's path, crossed
    by its 150 m edges: each value is the direct overlay's within BOUND_PP or
    1 % of the chord-to-geodesic slivers of the covering edges inside it
    (about 1e-4 m2 here; BOUND_PP of a 5000 m2 area is 5e-5 m2)."""
    cx, cy = centre
    areas = []
    for k in range(12):
        angle = 2 * math.pi * k / 12
        x, y = cx + 1.5 * 0.12 * math.cos(angle), cy + 0.12 * math.sin(angle)
        size = (0.00005, 0.0002, 0.001)[k % 3]
        areas.append(make_area(f"small {k}", polygon(box_ring(x, y, x + size, y + 0.7 * size, step=size / 3))))
    days = front_days(random.Random(3), cx, cy, days=30)
    calculator, rows = measure_series(areas, days)
    worst_pp, worst_m2 = worst_beyond_slivers(areas, days, rows)
    print(f"small areas at {centre}: worst {worst_pp:.3g} pp, {worst_m2:.3g} m2")
    assert partly_covered(areas, rows) >= 3


def test_long_covering_edges():
    """Coverings of a few vertices whose edges run 5 to 40 km, crossing
    short-edged areas of 80 km2 and 25 km2 over 20 days: each value is the
    direct overlay's within BOUND_PP plus 1 % of the slivers between those
    edges' chords and geodesics (there the difference is up to a few square
    metres, some 1e-5 percentage points)."""
    rng = random.Random(11)
    areas = [make_area("box", polygon(box_ring(37.0, 48.0, 37.1, 48.1))),
             make_area("blob", polygon(blob_ring(37.25, 48.05, 0.03, 400))),
             make_area("holed", polygon(box_ring(37.35, 47.95, 37.5, 48.1),
                                        box_ring(37.4, 48.0, 37.45, 48.05, clockwise=True)))]
    days = []
    for _ in range(20):
        cx, cy = rng.uniform(37.1, 37.4), rng.uniform(47.98, 48.12)
        day = None
        while day is None or not day.isGeosValid():  # a simple polygon
            corners = sorted((rng.uniform(0, 2 * math.pi), rng.uniform(0.05, 0.25))
                             for _ in range(rng.randint(3, 7)))
            ring = [(cx + 1.5 * r * math.cos(a), cy + r * math.sin(a)) for a, r in corners]
            day = polygon(ring + [ring[0]])
        days.append(day)
    calculator, rows = measure_series(areas, days)
    worst_pp, worst_m2 = worst_beyond_slivers(areas, days, rows)
    print(f"long covering edges: worst {worst_pp:.3g} pp, {worst_m2:.3g} m2, overlays {calculator.overlays}")
    assert partly_covered(areas, rows) >= 20


def test_long_area_edges_differ_by_the_chord_sliver():
    """Hand-drawn squares of 0.1 degree (sides of 7 and 11 km, not densified
    here) under the front: the calculator follows their sides' geodesics (it
    densifies them), the direct overlay cuts a side on its chord and joins
    the cut to the side's ends by new geodesics, so the two differ by up to
    the slivers between those sides' chords and geodesics (5800 m2 for a
    side of 0.1 degree of longitude at latitude 48, 0.007 percentage points).
    Coverings equal to a square or sharing its sides still give exactly the
    whole and 0."""
    import numpy as np

    from situation_mapper.core.geodesy import edge_area_terms
    from situation_mapper.core.share_edges import boundary_edges

    def square(x0, y0):
        return QgsGeometry.fromRect(QgsRectangle(x0, y0, x0 + 0.1, y0 + 0.1))

    areas = [make_area("a", square(37.0, 48.0)), make_area("b", square(37.1, 48.0)),
             make_area("c", square(37.0, 48.1))]
    days = front_days(random.Random(5), 37.1, 48.1, days=20)
    days += [square(37.0, 48.0), square(37.1, 48.1), square(36.9, 48.0), None, square(37.0, 47.9)]
    calculator, rows = measure_series(areas, days)
    worst_pp = worst_share = 0.0
    for number, (day, row) in enumerate(zip(days, rows)):
        for area, covered in zip(areas, row):
            edges = boundary_edges(bytes(area.geometry.asWkb()))
            slivers = float(np.abs(edge_area_terms(*edges.T)[1]).sum())
            difference = abs(covered - direct_m2(area, day))
            assert difference <= slivers + BOUND_PP / 100 * area.area_m2, (number, area.name)
            worst_pp = max(worst_pp, difference / area.area_m2 * 100)
            worst_share = max(worst_share, difference / slivers)
    print(f"long area edges: worst {worst_pp:.3g} pp, {worst_share:.2f} of the sides' slivers, "
          f"overlays {calculator.overlays}")
    assert rows[20] == [areas[0].area_m2, 0.0, 0.0]
    assert rows[21:] == [[0.0, 0.0, 0.0]] * 4
    assert calculator.overlays > 0
