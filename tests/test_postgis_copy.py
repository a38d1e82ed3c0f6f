"""situationmapper:copystore: GeoPackage -> PostGIS -> GeoPackage keeps every row,
its validity, attributes and geometry, the sources and the drawings; the counts are
checked in the target."""

import datetime
import os
import sys

import pytest
from qgis.core import QgsGeometry, QgsProcessingException

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import run_import, square, write_geojson  # noqa: E402
from test_postgis_import import rows_of  # noqa: E402
from test_postgis_store import SERVICE, pg_location, pg_schema, postgis_server  # noqa: E402,F401

D = datetime.date
COMPARED = ("valid_from", "valid_to", "status", "side", "source", "confidence", "note", "area_km2",
            "imported_from")


def run_copy(source, target, **params):
    import processing

    params.update({"SOURCE_STORE": source, "TARGET_STORE": target})
    return processing.run("situationmapper:copystore", params)


def comparable(location):
    return [tuple(row[name] for name in COMPARED) + (row["geometry"].asWkt(10),)
            for row in rows_of(location)]


@pytest.fixture()
def gpkg_store(provider, tmp_path):
    """A GeoPackage store: two series, a gap, a source licence and two drawings."""
    from situation_mapper.layers import drawings
    from situation_mapper.store import geopackage as store

    files = [write_geojson(tmp_path / f"s_2025-11-{day}.geojson", [[square(37.0, 48.0, 0.05 + day / 1000)]])
             for day in (17, 18, 20)]
    contested = [write_geojson(tmp_path / f"c_2025-11-{day}.geojson", [[square(37.2, 48.0, 0.05)]])
                 for day in (18, 19)]
    path = str(tmp_path / "desk.gpkg")
    run_import([str(f) for f in files], path, SOURCE="DeepStateMap")
    run_import([str(f) for f in contested], path, SOURCE="DeepStateMap", STATUS="contested")
    store.set_source_info(path, "DeepStateMap", "CC BY", "https://deepstatemap.live", "DeepStateMap")
    layers = drawings.open_drawing_layers(path)
    drawings.add_drawing(layers.arcs, QgsGeometry.fromWkt("LineString(37 48, 37.1 48.1)"),
                         {"kind": "encirclement_arc", "date": D(2025, 11, 20), "author": "a",
                          "side": "hostile", "radius_m": 5000.0}, "arc")
    drawings.save_drawings(layers.arcs)
    drawings.add_drawing(layers.corridors,
                         QgsGeometry.fromWkt("Polygon((37 48, 37.1 48, 37.1 48.1, 37 48))"),
                         {"kind": "corridor", "date": D(2025, 11, 20), "width_m": 800.0}, "corridor")
    drawings.save_drawings(layers.corridors)
    return path


@pytest.mark.postgis
def test_gpkg_to_postgis_and_back(gpkg_store, pg_location, tmp_path):
    from situation_mapper.store import geopackage as store, postgis as postgis_store

    result = run_copy(gpkg_store, pg_location)
    assert (result["CONTROL_ROWS"], result["SOURCES_COPIED"], result["DRAWINGS_COPIED"]) == (5, 1, 2)
    assert comparable(pg_location) == comparable(gpkg_store)
    assert postgis_store.source_info(pg_location)["DeepStateMap"].licence == "CC BY"
    arcs = postgis_store.drawings_layer(pg_location, "drawings_arcs")
    arc = next(arcs.getFeatures())
    assert (arc["kind"], arc["radius_m"], arc["created_by"]) == ("encirclement_arc", 5000.0, "postgres")

    back = str(tmp_path / "back.gpkg")
    result = run_copy(pg_location, back)
    assert (result["CONTROL_ROWS"], result["SOURCES_COPIED"], result["DRAWINGS_COPIED"]) == (5, 1, 2)
    assert comparable(back) == comparable(gpkg_store)
    assert store.source_info(back)["DeepStateMap"].url == "https://deepstatemap.live"
    assert store.validate(back).control_rows == 5
    # the copied drawings open as the Draw panel opens them, with their values
    from situation_mapper.layers.drawings import open_drawing_layers

    copied = open_drawing_layers(back)
    arc = next(copied.arcs.getFeatures())
    assert (arc["kind"], arc["radius_m"], arc["date"].toPyDate()) == ("encirclement_arc", 5000.0, D(2025, 11, 20))
    corridor = next(copied.corridors.getFeatures())
    assert corridor["width_m"] == 800.0 and corridor.geometry().area() > 0


@pytest.mark.postgis
def test_a_non_empty_target_is_refused_unless_overwritten(gpkg_store, pg_location):
    run_copy(gpkg_store, pg_location)
    with pytest.raises(QgsProcessingException, match="already holds control rows"):
        run_copy(gpkg_store, pg_location)
    assert len(rows_of(pg_location)) == 5
    result = run_copy(gpkg_store, pg_location, OVERWRITE=True)
    assert result["CONTROL_ROWS"] == 5 and len(rows_of(pg_location)) == 5


@pytest.mark.postgis
def test_a_failed_copy_writes_nothing(gpkg_store, pg_location, pg_schema):
    """A target store whose unique index refuses a row: the transaction is rolled back."""
    from situation_mapper.store import postgis as postgis_store

    postgis_store.create(pg_location)
    import psycopg2

    conn = psycopg2.connect(service=SERVICE)
    with conn.cursor() as cursor:  # a stricter target: no contested rows allowed
        cursor.execute(f'ALTER TABLE "{pg_schema}".control ADD CHECK (status <> %s)', ("contested",))
    conn.commit()
    conn.close()
    with pytest.raises(QgsProcessingException, match="check constraint"):
        run_copy(gpkg_store, pg_location)
    assert rows_of(pg_location) == []


def test_copy_between_two_geopackages(gpkg_store, tmp_path):
    target = str(tmp_path / "copy.gpkg")
    result = run_copy(gpkg_store, target)
    assert result["CONTROL_ROWS"] == 5
    assert comparable(target) == comparable(gpkg_store)


@pytest.mark.postgis
def test_a_table_added_to_the_registry_reaches_a_postgis_store_and_back(qgis_app, pg_location, pg_schema,
                                                                        tmp_path, monkeypatch):
    from qgis.core import QgsWkbTypes
    from qgis.PyQt.QtCore import QVariant
    from situation_mapper import store
    from situation_mapper.store import copy as store_copy, schema
    from situation_mapper.store.postgis import migrations

    # the next kind of data (observations) as one registry entry, nothing else
    events = schema.TableSpec("observations", (("date", QVariant.Date, 0, "day"), ("kind", QVariant.String, 40, "what")),
                              QgsWkbTypes.Point, with_store=False)
    monkeypatch.setitem(schema.TABLES_BY_NAME, "observations", events)
    monkeypatch.setattr(migrations, "TABLES", migrations.TABLES + (events,))
    monkeypatch.setattr(store_copy, "COPIED_TABLES", store_copy.COPIED_TABLES + (events,))

    store.create(pg_location)  # the registry's new table is created with the schema
    update = store.open_update(pg_location)
    update.add_control(QgsGeometry.fromWkt("MULTIPOLYGON (((30 48,30.1 48,30.1 48.1,30 48.1,30 48)))"),
                       D(2025, 1, 1), None, {"status": "occupied", "source": "ISW"})
    update.add_row("observations", QgsGeometry.fromWkt("POINT (30.05 48.05)"), {"date": D(2025, 1, 2), "kind": "strike"})
    update.commit()

    target = str(tmp_path / "b.gpkg")
    report = store.copy_store(pg_location, target)
    assert report.tables["observations"] == 1 and report.control_rows == 1
    layer = store.open_table(target, "observations")
    feature = next(layer.getFeatures())
    assert (feature["kind"], feature["date"].toPyDate()) == ("strike", D(2025, 1, 2))
    assert feature.geometry().asWkt(6) == "Point (30.05 48.05)"
    # the team store's new table carries provenance like every other
    layer = store.open_table(pg_location, "observations")
    assert {"created_by", "row_version"} <= set(layer.fields().names())
