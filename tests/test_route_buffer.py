"""situationmapper:routebuffer on a hand-computable case (meridian route, block of
hostile ground beside it) and on the real data."""

import datetime
import math

import pytest
from pyproj import Geod
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

from conftest import shared_data_path
from test_corridor import LAT0, LON0, aeqd, local_rectangle_wkt
from test_encirclement import control_layer

GEOD = Geod(ellps="WGS84")


def route_layer(routes):
    layer = QgsVectorLayer("LineString?crs=EPSG:4326&field=name:string", "routes", "memory")
    features = []
    for name, points in routes.items():
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPolylineXY([QgsPointXY(*p) for p in points]))
        feature["name"] = name
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(**params):
    import processing

    for key in ("BUFFER", "FRIENDLY", "TABLE"):
        params.setdefault(key, "TEMPORARY_OUTPUT")
    result = processing.run("situationmapper:routebuffer", params)
    return {key: list(result[key].getFeatures()) for key in ("BUFFER", "FRIENDLY", "TABLE")}


def test_meridian_route_beside_a_block(provider):
    # route: 20 km north along the meridian of LON0 (straight in the aeqd plane)
    north = aeqd(LON0, LAT0)[1].transform(0.0, 20000.0)
    routes = route_layer({"M": [(LON0, LAT0), north]})
    beside = local_rectangle_wkt(1000, 5000, 60000, 10000)
    across = local_rectangle_wkt(-1000, 5000, 60000, 10000)
    control = control_layer({"2025-11-01": beside, "2025-11-10": across})
    out = run(ROUTE=routes, ROUTE_NAME_FIELD="name", HALF_WIDTH_M=2000, CONTROL=control,
              DATES="2025-11-05,2025-11-12")
    rows = {r["date"].toPyDate().isoformat(): r for r in out["TABLE"]}
    first, second = rows["2025-11-05"], rows["2025-11-12"]
    assert first["length_km"] == pytest.approx(20.0, abs=1e-4)
    # within 2 km of a block 1 km away: from y = 5 - sqrt(3) to 10 + sqrt(3) km
    assert first["threatened_km"] == pytest.approx(5 + 2 * math.sqrt(3), abs=0.01)
    assert first["threatened_pct"] == pytest.approx(100 * (5 + 2 * math.sqrt(3)) / 20, abs=0.05)
    assert first["cut"] is False or first["cut"] == 0
    # the block crosses the route: threatened from 3 to 12 km
    assert second["threatened_km"] == pytest.approx(9.0, abs=0.01)
    assert bool(second["cut"]) is True
    for row in rows.values():
        assert row["first_cut_date"].toPyDate() == datetime.date(2025, 11, 12)
    buffer = out["BUFFER"][0]
    # stadium: 2 w L + pi w^2, less the chords of 24 segments per quadrant (< 0.01 %)
    expected_km2 = (2 * 2.0 * 20.0 + math.pi * 2.0 ** 2)
    assert buffer["area_km2"] == pytest.approx(expected_km2, rel=2e-4)
    assert buffer["first_cut_date"].toPyDate() == datetime.date(2025, 11, 12)
    friendly = {f["date"].toPyDate().isoformat(): f for f in out["FRIENDLY"]}
    # block beside the route cuts x in [1, 2] km over y in [5, 10] km: 5 km2
    assert friendly["2025-11-05"]["area_km2"] == pytest.approx(expected_km2 - 5.0, rel=5e-4)
    # block across: x in [-1, 2] km over 5 km: 15 km2
    assert friendly["2025-11-12"]["area_km2"] == pytest.approx(expected_km2 - 15.0, rel=5e-4)
    # the buffer's outline stays 2 km from the route (pyproj)
    ring = buffer.geometry().asMultiPolygon()[0][0]
    worst = 0.0
    for vertex in ring[::10]:
        x, y = aeqd(LON0, LAT0)[0].transform(vertex.x(), vertex.y())
        if 0 < y < 20000:  # beside the straight part: distance to the meridian
            worst = max(worst, abs(abs(x) - 2000.0))
    assert worst < 1.0


def test_never_cut_route_has_null_first_cut_date(provider):
    north = aeqd(LON0, LAT0)[1].transform(0.0, 20000.0)
    far = local_rectangle_wkt(30000, 0, 40000, 10000)
    out = run(ROUTE=route_layer({"M": [(LON0, LAT0), north]}), HALF_WIDTH_M=1000,
              CONTROL=control_layer({"2025-11-01": far}), DATES="2025-11-05")
    row = out["TABLE"][0]
    assert row["threatened_km"] == 0 and not row["cut"]
    assert row["first_cut_date"] is None or row["first_cut_date"].isNull()


@pytest.mark.slow
def test_real_road_into_pokrovsk_gets_cut(provider):
    from support import control_layer_from_files, deepstate_files

    shared = shared_data_path()
    # Pokrovsk centre -> Myrnohrad-west road corridor, straight, as a rough route
    files = deepstate_files(shared, datetime.date(2025, 9, 1), datetime.date(2026, 2, 1))[::10]
    control = control_layer_from_files(files)
    route = route_layer({"Pokrovsk-Rodynske": [(37.18, 48.28), (37.21, 48.35)]})
    out = run(ROUTE=route, HALF_WIDTH_M=1000, CONTROL=control, DATES="all")
    rows = sorted(out["TABLE"], key=lambda r: r["date"])
    assert len(rows) == len(files)
    threatened = [r["threatened_pct"] for r in rows]
    assert threatened[-1] > threatened[0]
    cut_days = [r["date"] for r in rows if r["cut"]]
    assert cut_days and rows[0]["first_cut_date"] == cut_days[0]
