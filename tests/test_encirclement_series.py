"""situationmapper:encirclement over a series of dates: each distinct hostile
ground around a circle is measured once, and every row and arc is the one the
enclosure of that day measured alone gives."""

import datetime
import math

import pytest
from qgis.core import QgsGeometry, QgsPointXY

from conftest import shared_data_path
from test_encirclement import EAST_HALF, GEOD, LAT0, LON0, control_layer, point_layer, run


def assert_rows_match_days_alone(rows, arcs, control, source):
    """Every row and arc against :func:`enclosure` of the day's ground alone."""
    from situation_mapper.core.encirclement import circle_window, enclosure
    from situation_mapper.layers.hostile_ground import HostileGround

    arcs_of = {}
    for arc in arcs:
        key = (arc["date"].toPyDate(), arc["area"], arc["radius_m"])
        arcs_of.setdefault(key, []).append((arc["start_az"], arc["end_az"], arc["degrees"]))
    for row in rows:
        day, centre = row["date"].toPyDate(), QgsPointXY(row["centre_lon"], row["centre_lat"])
        hostile = HostileGround(control, ["occupied"])  # fresh: nothing kept from other days
        radii = sorted({r["radius_m"] for r in rows if r["area"] == row["area"]})
        ground = hostile.on(day, source, circle_window(centre, max(radii)))[0]
        expected = enclosure(centre, row["radius_m"], ground)
        assert row["enclosed_deg"] == expected.enclosed_deg, (day, row["radius_m"])
        assert row["open_deg"] == expected.open_deg
        assert row["hostile_sectors"] == expected.hostile_sectors
        assert arcs_of.get((day, row["area"], row["radius_m"]), []) == [
            (r.start_az, r.end_az, r.degrees) for r in expected.runs]


def test_ground_changed_far_outside_the_circle_is_reused_inside_remeasured(provider):
    from situation_mapper.core.encirclement import EnclosureSeries
    from situation_mapper.layers.hostile_ground import HostileGround

    east = QgsGeometry.fromWkt(EAST_HALF)
    far = QgsGeometry.fromWkt("POLYGON((35 47.5, 35.2 47.5, 35.2 47.7, 35 47.7, 35 47.5))")
    # a box astride the circle of 10 km west of the centre, 3 km north of it
    (x0, x1), (y0, y1) = [GEOD.fwd(LON0, LAT0, 270.0, d)[0] for d in (10100.0, 8000.0)], \
        (LAT0, GEOD.fwd(LON0, LAT0, 0.0, 3000.0)[1])
    bite = QgsGeometry.fromWkt(f"POLYGON(({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))")
    snapshots = {"2025-11-01": east.asWkt(),
                 "2025-11-02": east.combine(far).asWkt(),              # far away: reused
                 "2025-11-03": east.combine(far).combine(bite).asWkt(),  # on the circle
                 "2025-11-04": east.combine(bite).asWkt()}               # far away again
    control = control_layer(snapshots)
    centre = QgsPointXY(LON0, LAT0)
    series = EnclosureSeries(centre, 10000.0)
    hostile = HostileGround(control, ["occupied"])
    results, tested = [], []
    for day in (1, 2, 3, 4):
        results.append(series.result(hostile.on(datetime.date(2025, 11, day), "test")[0]))
        tested.append(series.points_tested)
    assert results[1] is results[0] and results[3] == results[2]
    # the box's day tests again only the sample points in the box of its edges;
    # the last day's ground around the circle is the box's day's (its parts may
    # come in another order: then measured, but no point tested again)
    count = len(series._ring.points)
    assert tested[:2] == [count, count] and tested[3] == tested[2]
    assert 0 < tested[2] - count < 0.1 * count
    assert results[0].enclosed_deg == pytest.approx(180.0, abs=1e-3)
    # the box adds the bearings from 270 to 270 + asin(3 / 10) degrees, about
    assert results[2].enclosed_deg == pytest.approx(180.0 + math.degrees(math.asin(0.3)), abs=0.5)

    rows, arcs = run(AREA=point_layer({"P": (LON0, LAT0)}), AREA_NAME_FIELD="name", CONTROL=control,
                     DATES="2025-11-01..2025-11-04", RADIUS_M="5000,10000")
    assert len(rows) == 8
    assert_rows_match_days_alone(rows, arcs, control, "test")


@pytest.mark.slow
def test_pokrovsk_november_series_equals_each_day_alone(provider):
    from support import control_layer_from_files, deepstate_files, towns_layer

    shared = shared_data_path()
    files = deepstate_files(shared, datetime.date(2025, 11, 1), datetime.date(2025, 11, 24))
    control = control_layer_from_files(files)
    towns = towns_layer(shared)
    towns.setSubsetString("\"name\" = 'Pokrovsk'")
    rows, arcs = run(AREA=towns, AREA_NAME_FIELD="name", CONTROL=control,
                     DATES="2025-11-01..2025-11-24", RADIUS_M="5000,15000")
    assert len(rows) >= 2 * 20
    assert_rows_match_days_alone(rows, arcs, control, "DeepStateMap")
