"""The occupied share measured inside PostGIS (ST_Area on geography) against the
desktop computation (situationmapper:occupiedshare) on the same PostGIS store:
within 0.05 percentage points, on hand-made squares and on real DeepStateMap data."""

import datetime
import os
import sys

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

sys.path.insert(0, os.path.dirname(__file__))
from conftest import shared_data_path  # noqa: E402
from test_import_snapshots import run_import, square, write_geojson  # noqa: E402
from test_postgis_store import control_source, pg_location, pg_schema, postgis_server  # noqa: E402,F401

D = datetime.date
TOLERANCE_PTS = 0.05  # what the issue asks

pytestmark = pytest.mark.postgis


def desktop_shares(location, areas_layer, dates):
    import processing

    result = processing.run("situationmapper:occupiedshare", {
        "AREAS": areas_layer, "AREA_NAME_FIELD": "name", "CONTROL": control_source(location),
        "DATES": dates, "OUTPUT": "TEMPORARY_OUTPUT"})
    return {(f["date"].toPyDate(), f["source"], f["area"]): f for f in result["OUTPUT"].getFeatures()}


def named_areas(layer):
    return [(f["name"], QgsGeometry(f.geometry())) for f in layer.getFeatures()]


def test_database_share_matches_the_desktop_on_squares(provider, tmp_path, pg_location):
    from situation_mapper.layers.postgis_store import occupied_share_in_database

    files = [write_geojson(tmp_path / f"s_2025-11-{day}.geojson", [[square(37.0, 48.0, 0.05 + day / 500)]])
             for day in (10, 12, 15)]
    run_import([str(f) for f in files], pg_location, SOURCE="S")
    towns = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "towns", "memory")
    features = []
    for name, wkt in (("west", "Polygon((37 48, 37.1 48, 37.1 48.1, 37 48.1, 37 48))"),
                      ("far", "Polygon((39 48, 39.1 48, 39.1 48.1, 39 48.1, 39 48))")):
        feature = QgsFeature(towns.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature["name"] = name
        features.append(feature)
    towns.dataProvider().addFeatures(features)
    days = [D(2025, 11, 9) + datetime.timedelta(days=n) for n in range(8)]
    desktop = desktop_shares(pg_location, towns, "2025-11-09..2025-11-16")
    database = occupied_share_in_database(pg_location, named_areas(towns), days, ["occupied"])
    assert database[(D(2025, 11, 9), "S", "west")].occupied_pct is None  # before any snapshot
    assert database[(D(2025, 11, 13), "S", "far")].occupied_pct == 0.0
    assert database[(D(2025, 11, 13), "S", "west")].snapshot_day == D(2025, 11, 12)
    compared = 0
    for key, row in desktop.items():
        measured = database[key]
        if row["occupied_pct"] is None:
            assert measured.occupied_pct is None
            continue
        assert measured.occupied_pct == pytest.approx(row["occupied_pct"], abs=TOLERANCE_PTS), key
        assert measured.area_km2 == pytest.approx(row["area_km2"], rel=1e-4)
        compared += 1
    assert compared >= 6  # the snapshot days in the range, both areas


@pytest.mark.slow
@pytest.mark.shared_data
def test_database_share_matches_the_desktop_on_real_data(provider, pg_location):
    from support import deepstate_files, towns_layer

    from situation_mapper.layers.postgis_store import occupied_share_in_database

    data = shared_data_path()
    files = deepstate_files(data, D(2025, 9, 1), D(2025, 11, 30))
    run_import([str(f) for f in files], pg_location, SOURCE="DeepStateMap")
    towns = towns_layer(data)
    desktop = desktop_shares(pg_location, towns, "2025-09-01..2025-11-30")
    days = sorted({key[0] for key in desktop})
    database = occupied_share_in_database(pg_location, named_areas(towns), days, ["occupied"])
    worst = 0.0
    for key, row in desktop.items():
        if row["occupied_pct"] is None:
            assert database[key].occupied_pct is None
            continue
        difference = abs(database[key].occupied_pct - row["occupied_pct"])
        assert difference <= TOLERANCE_PTS, key
        worst = max(worst, difference)
    print(f"largest difference database vs desktop: {worst:.2e} percentage points over {len(desktop)} rows")
