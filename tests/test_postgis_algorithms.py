"""The analysis algorithms on a store of either backend: the same store imported
into a GeoPackage and into PostGIS gives the same answers (and the hand-computed
ones), whether CONTROL is the store's path / Processing layer string or a layer
opened by layers.control.open_control_layer."""

import datetime
import os
import sys

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import geod_area_km2, run_import, square, write_geojson  # noqa: E402
from test_postgis_import import BACKENDS, store_location  # noqa: E402,F401
from test_postgis_store import control_source, pg_location, pg_schema, postgis_server  # noqa: E402,F401

D = datetime.date


def box(west, south, east, north):
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


@pytest.fixture()
def situation(provider, tmp_path, store_location):
    """A store with source A (occupied: 18 Nov the west half of the town, 20 Nov
    all of it; contested: 18 Nov a square east of it) and source B (occupied, 19 Nov:
    the town's west half and ground west of it)."""
    folder = tmp_path / "in"
    folder.mkdir()
    a = [write_geojson(folder / "a_2025-11-18.geojson", [[box(37.0, 48.0, 37.1, 48.1)]]),
         write_geojson(folder / "a_2025-11-20.geojson", [[box(37.0, 48.0, 37.2, 48.1)]])]
    contested = [write_geojson(folder / "c_2025-11-18.geojson", [[box(37.2, 48.0, 37.3, 48.1)]])]
    b = [write_geojson(folder / "b_2025-11-19.geojson", [[box(36.9, 48.0, 37.1, 48.1)]])]
    run_import([str(f) for f in a], store_location, SOURCE="A")
    run_import([str(f) for f in contested], store_location, SOURCE="A", STATUS="contested")
    run_import([str(f) for f in b], store_location, SOURCE="B")
    return store_location


def town_layer():
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "towns", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("Polygon((37 48, 37.2 48, 37.2 48.1, 37 48.1, 37 48))"))
    feature["name"] = "town"
    layer.dataProvider().addFeatures([feature])
    return layer


def run(name, **params):
    import processing

    return processing.run(f"situationmapper:{name}", params)


def test_occupied_share(situation):
    result = run("occupiedshare", AREAS=town_layer(), AREA_NAME_FIELD="name",
                 CONTROL=control_source(situation), DATES="2025-11-18..2025-11-20",
                 OUTPUT="TEMPORARY_OUTPUT")
    rows = {(f["date"].toPyDate(), f["source"]): f for f in result["OUTPUT"].getFeatures()}
    town = geod_area_km2([box(37.0, 48.0, 37.2, 48.1)])
    half = 100 * geod_area_km2([box(37.0, 48.0, 37.1, 48.1)]) / town
    # pyproj takes the edges as geodesics, the plugin as drawn in lon/lat: 0.05 points
    assert rows[(D(2025, 11, 18), "A")]["occupied_pct"] == pytest.approx(half, abs=0.05)
    assert rows[(D(2025, 11, 19), "A")]["occupied_pct"] == pytest.approx(half, abs=0.05)
    assert rows[(D(2025, 11, 20), "A")]["occupied_pct"] == pytest.approx(100.0, abs=1e-4)
    assert rows[(D(2025, 11, 19), "B")]["occupied_pct"] == pytest.approx(half, abs=0.05)
    assert rows[(D(2025, 11, 19), "B")]["occupied_km2"] == pytest.approx(
        geod_area_km2([box(37.0, 48.0, 37.1, 48.1)]), rel=1e-3)


def test_snapshot_at_and_changes(situation):
    shown = run("snapshotat", CONTROL=control_source(situation), DATE="2025-11-19",
                STATUSES="occupied", OUTPUT="memory:")["OUTPUT"]
    got = sorted((f["source"], f["valid_from"].toPyDate(), f["shown_date"].toPyDate())
                 for f in shown.getFeatures())
    assert got == [("A", D(2025, 11, 18), D(2025, 11, 18)), ("B", D(2025, 11, 19), D(2025, 11, 19))]
    changes = run("changes", CONTROL=control_source(situation), DATE_A="2025-11-18",
                  DATE_B="2025-11-20", STATUSES="occupied", SOURCES="A", OUTPUT="memory:")
    assert changes["GAINED_KM2"] == pytest.approx(geod_area_km2([box(37.1, 48.0, 37.2, 48.1)]), rel=1e-6)
    assert changes["LOST_KM2"] == 0


def test_encirclement_on_a_layer_opened_from_the_store(situation):
    from situation_mapper.store import open_control_layer

    points = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "p", "memory")
    feature = QgsFeature(points.fields())
    feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(37.1, 48.05)))  # on A's 18 Nov east edge
    feature["name"] = "P"
    points.dataProvider().addFeatures([feature])
    control = open_control_layer(situation)
    assert control.providerType() == ("postgres" if situation.startswith("postgres:") else "ogr")
    result = run("encirclement", AREA=points, AREA_NAME_FIELD="name", CONTROL=control,
                 DATES="2025-11-18", SOURCES="A", STATUSES="occupied", RADIUS_M="2000",
                 TABLE="TEMPORARY_OUTPUT", ARCS="TEMPORARY_OUTPUT")
    rows = list(result["TABLE"].getFeatures())
    assert len(rows) == 1
    assert rows[0]["enclosed_deg"] == pytest.approx(180.0, abs=0.5)  # the west half-plane, nearly


@pytest.mark.postgis
def test_both_backends_give_identical_figures(provider, tmp_path, pg_location):
    """The same files imported into a GeoPackage and into PostGIS: every figure equal."""
    files = [write_geojson(tmp_path / f"s_2025-11-{day}.geojson", [[square(37.0, 48.0, 0.05 + day / 1000)]])
             for day in range(10, 20)]
    gpkg = str(tmp_path / "same.gpkg")
    figures = {}
    for location in (gpkg, pg_location):
        run_import([str(f) for f in files], location, SOURCE="S")
        result = run("occupiedshare", AREAS=town_layer(), AREA_NAME_FIELD="name",
                     CONTROL=control_source(location), DATES="2025-11-09..2025-11-21",
                     METHOD="desktop",  # the same computation on both (the database's: test_postgis_share.py)
                     OUTPUT="TEMPORARY_OUTPUT")
        figures[location] = sorted((f["date"].toPyDate(), f["occupied_pct"], f["occupied_km2"],
                                    f["snapshot_date"]) for f in result["OUTPUT"].getFeatures())
    assert len(figures[gpkg]) >= 10 and len(figures[gpkg]) == len(figures[pg_location])
    for left, right in zip(figures[gpkg], figures[pg_location]):
        assert left[0] == right[0] and left[3] == right[3]
        if left[1] is None:
            assert right[1] is None
        else:
            assert right[1] == pytest.approx(left[1], abs=1e-9)
            assert right[2] == pytest.approx(left[2], rel=1e-12)
