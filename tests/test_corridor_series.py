"""situationmapper:corridor over a series of dates: each distinct hostile ground
in the search window is solved once, and every figure is the one a computation
of that day alone (a fresh solver, no starting radius, no reuse) gives."""

import datetime

import pytest
from qgis.core import QgsGeometry

from conftest import shared_data_path
from test_corridor import LON0, LAT0, POKROVSK_REAR, aeqd, area_layer, local_rectangle_wkt, run, two_blocks
from test_encirclement import control_layer

SOURCE = "test"


def alone(area, rear, control, day, source):
    """The corridor of ``day`` computed alone: a fresh solver, no hint."""
    from situation_mapper.core.corridor import CorridorSolver
    from situation_mapper.layers.hostile_ground import HostileGround

    solver = CorridorSolver(area, rear)
    ground, snapshot, _fids = HostileGround(control, ["occupied"]).on(day, source, solver.wgs84_window())
    return solver.solve(ground), snapshot


def wkb(geometry, multi=False):
    geometry = QgsGeometry(geometry)
    if multi:
        geometry.convertToMultiType()
    return bytes(geometry.asWkb())


def assert_rows_match_days_alone(out, area, rear, control, source, window_days):
    """Every output row and geometry against the days computed alone."""
    from situation_mapper.core.corridor import closure_estimate, width_trend

    throats = {t["date"].toPyDate(): t for t in out["THROAT"]}
    passages = {p["date"].toPyDate(): p for p in out["PASSAGE"]}
    centrelines = {c["date"].toPyDate(): c for c in out["CENTRELINE"]}
    for row in out["TABLE"]:
        day = row["date"].toPyDate()
        expected, snapshot = alone(area, rear, control, day, source)
        assert row["width_m"] == expected.width_m, day
        assert row["snapshot_date"].toPyDate() == snapshot
        assert (row["note"] or "") == expected.note
        if expected.throat_centre is not None:
            assert (row["throat_lon"], row["throat_lat"]) == (expected.throat_centre.x(),
                                                              expected.throat_centre.y())
            assert row["throat_length_m"] == expected.throat_length_m
            assert wkb(throats[day].geometry()) == wkb(expected.throat)
        if expected.passage is not None and not expected.passage.isEmpty():
            assert wkb(passages[day].geometry()) == wkb(expected.passage, multi=True), day
        if expected.is_open:
            assert wkb(centrelines[day].geometry()) == wkb(expected.centreline)
        earlier, _snapshot = alone(area, rear, control, day - datetime.timedelta(days=window_days), source)
        trend = width_trend(expected.width_m, earlier.width_m, window_days)
        assert row["trend_m_per_day"] == trend
        closure = closure_estimate(day, expected.width_m, trend) if expected.is_open else None
        assert (row["closure_estimate"].toPyDate() if row["closure_estimate"] else None) == closure


def test_ground_changed_far_outside_the_window_is_reused_inside_recomputed(provider):
    from qgis.core import QgsPointXY

    from situation_mapper.core.corridor import CorridorSolver
    from situation_mapper.core.corridor_series import CorridorSeries
    from situation_mapper.layers.hostile_ground import HostileGround

    _forward, inverse = aeqd(LON0, LAT0)
    rear = QgsPointXY(*inverse.transform(0.0, 15000.0))
    far = QgsGeometry.fromWkt(local_rectangle_wkt(100000, 100000, 102000, 102000))
    farther = QgsGeometry.fromWkt(local_rectangle_wkt(100000, 100000, 105000, 103000))
    snapshots = {
        "2025-11-01": two_blocks(2000),
        "2025-11-02": QgsGeometry.fromWkt(two_blocks(2000)).combine(far).asWkt(),     # far away
        "2025-11-03": two_blocks(1500),                                              # in the gap
        "2025-11-04": QgsGeometry.fromWkt(two_blocks(1500)).combine(farther).asWkt(),  # far away
    }
    control = control_layer(snapshots, SOURCE)
    area_wkt = local_rectangle_wkt(-1000, -1000, 1000, 1000)
    area = QgsGeometry.fromWkt(area_wkt)
    days = [datetime.date(2025, 11, d) for d in (1, 2, 3, 4)]

    solver = CorridorSolver(area, rear)
    window = solver.wgs84_window()
    assert not window.intersects(far.boundingBox()) and not window.intersects(farther.boundingBox())
    hostile = HostileGround(control, ["occupied"])
    series = CorridorSeries(solver)
    results = [series.result(hostile.on(day, SOURCE, window)[0]) for day in days]
    assert (series.solved, series.reused) == (2, 2)
    assert results[1] is results[0] and results[3] is results[2]
    assert results[0].width_m == pytest.approx(2000, abs=3.0 + 0.0012 * 2000)
    assert results[2].width_m == pytest.approx(1500, abs=3.0 + 0.0012 * 1500)
    # the day that changed inside the window is solved as it would be alone
    assert results[2].width_m == alone(area, rear, control, days[2], SOURCE)[0].width_m

    out = run(AREA=area_layer(area_wkt), REAR=f"{rear.x()},{rear.y()} [EPSG:4326]", CONTROL=control,
              DATES="2025-11-02..2025-11-04", WINDOW_DAYS=1)
    assert len(out["TABLE"]) == 3
    assert_rows_match_days_alone(out, area, rear, control, SOURCE, 1)
    rows = {r["date"].toPyDate(): r for r in out["TABLE"]}
    assert rows[days[1]]["trend_m_per_day"] == 0.0
    assert rows[days[2]]["trend_m_per_day"] < -400.0


@pytest.mark.slow
def test_pokrovsk_november_series_equals_each_day_alone(provider):
    from qgis.core import QgsPointXY

    from situation_mapper.core.corridor import CorridorSolver
    from situation_mapper.core.corridor_series import CorridorSeries
    from situation_mapper.layers.hostile_ground import HostileGround
    from support import control_layer_from_files, deepstate_files, towns_layer

    shared = shared_data_path()
    window_days = 7
    files = deepstate_files(shared, datetime.date(2025, 10, 25), datetime.date(2025, 11, 30))
    control = control_layer_from_files(files)
    towns = towns_layer(shared)
    towns.setSubsetString("\"name\" = 'Pokrovsk'")
    area = next(towns.getFeatures()).geometry()
    rear = QgsPointXY(*POKROVSK_REAR)
    out = run(AREA=towns, REAR=f"{rear.x()},{rear.y()} [EPSG:4326]", CONTROL=control,
              DATES="2025-11-01..2025-11-30", WINDOW_DAYS=window_days)
    days = sorted(r["date"].toPyDate() for r in out["TABLE"])
    assert len(days) >= 25  # the snapshot days of November
    assert all(r["status"] == "open" for r in out["TABLE"])
    assert_rows_match_days_alone(out, area, rear, control, "DeepStateMap", window_days)

    # some days have the same ground in the window as an earlier one: reused
    solver = CorridorSolver(area, rear)
    hostile = HostileGround(control, ["occupied"])
    series = CorridorSeries(solver)
    for day in days:
        series.result(hostile.on(day, "DeepStateMap", solver.wgs84_window())[0])
    assert series.reused > 0 and series.solved + series.reused == len(days)


def test_grounds_solved_ahead_in_threads_are_each_day_alone(provider):
    import threading

    from qgis.core import QgsPointXY

    from situation_mapper.core.corridor import CorridorSolver
    from situation_mapper.core.corridor_series import CorridorSeries

    _forward, inverse = aeqd(LON0, LAT0)
    rear = QgsPointXY(*inverse.transform(0.0, 15000.0))
    area = QgsGeometry.fromWkt(local_rectangle_wkt(-1000, -1000, 1000, 1000))
    gaps = [2400, 2300, 2300, 2100, 1800, 1800, 1500, 1200, 900, 900]
    grounds = [QgsGeometry.fromWkt(two_blocks(gap)) for gap in gaps]
    threads = set()

    def make_solver():
        threads.add(threading.get_ident())
        return CorridorSolver(QgsGeometry(area), rear)

    series = CorridorSeries(CorridorSolver(area, rear))
    assert series.solve_ahead(grounds, make_solver, threads=2) == len(set(gaps))
    assert threads and threading.get_ident() not in threads  # the second run: another thread
    results = [series.result(ground) for ground in grounds]
    assert series.reused == len(gaps)  # all solved ahead
    for gap, ground, result in zip(gaps, grounds, results):
        expected = CorridorSolver(area, rear).solve(ground)  # alone: a fresh solver, no hint
        assert result.width_m == expected.width_m, gap
        assert result.width_m == pytest.approx(gap, abs=3.0 + 0.0012 * gap)
        assert bytes(result.throat.asWkb()) == bytes(expected.throat.asWkb())
        assert bytes(result.passage.asWkb()) == bytes(expected.passage.asWkb())
