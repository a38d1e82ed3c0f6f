"""store/ (the situation store facade and its GeoPackage backend) and the area maths of core/control_geometry.py."""

import datetime
import os
import sqlite3
import sys

import pytest
from pyproj import Geod
from qgis.core import QgsGeometry

sys.path.insert(0, os.path.dirname(__file__))
from test_import_snapshots import file_hash, geod_area_km2, square  # noqa: E402

GEOD = Geod(ellps="WGS84")
D = datetime.date


def test_create_makes_the_store_tables_with_schema_and_index(tmp_path):
    from situation_mapper.store import geopackage as store, schema

    path = str(tmp_path / "s.gpkg")
    assert store.create(path) == path
    # read back with plain sqlite, independently of OGR and QGIS
    with sqlite3.connect(path) as db:
        tables = {r[0]: r[1] for r in db.execute("SELECT table_name, data_type FROM gpkg_contents")}
        assert tables == {"control": "features", "store_info": "attributes", "sources": "attributes",
                          "events": "features"}
        event_columns = {r[1]: r[2] for r in db.execute("PRAGMA table_info(events)")}
        assert event_columns["event_time"] == "DATETIME" and event_columns["event_day"] == "DATE"
        geometry = db.execute("SELECT column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns "
                              "WHERE table_name = ?", ("control",)).fetchone()
        assert geometry == ("geom", "MULTIPOLYGON", 4326)
        columns = [r[1] for r in db.execute("PRAGMA table_info(control)")]
        # the registry's fields, then the validity as date-times (store/geopackage/time_columns.py)
        assert columns[2:] == [name for name, *_ in schema.CONTROL_FIELD_SPECS] + \
            [name for name, _date in schema.CONTROL_TIME_COLUMNS]
        types = {r[1]: r[2] for r in db.execute("PRAGMA table_info(control)")}
        assert types["valid_from"] == "DATE" and types["area_km2"] == "REAL"
        extensions = db.execute("SELECT table_name, extension_name FROM gpkg_extensions").fetchall()
        assert ("control", "gpkg_rtree_index") in extensions
        assert db.execute("SELECT name FROM sqlite_master WHERE name = ?",
                          ("rtree_control_geom",)).fetchone()
        info = dict(db.execute("SELECT key, value FROM store_info"))
        assert info["schema_version"] == str(schema.SCHEMA_VERSION)
        assert [r[1] for r in db.execute("PRAGMA table_info(sources)")][1:] == list(store.SOURCE_INFO_FIELDS)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"

    checked = store.validate(path)
    assert (checked.schema_version, checked.control_rows) == (schema.SCHEMA_VERSION, 0)
    layer = store.control_layer(path)
    assert layer.isValid() and layer.crs().authid() == "EPSG:4326"
    assert layer.fields().names()[1:] == schema.control_fields().names() + \
        [name for name, _date in schema.CONTROL_TIME_COLUMNS]
    assert store.list_series(path) == []


def test_create_refuses_an_existing_file(tmp_path):
    from situation_mapper.store import geopackage as store

    path = tmp_path / "s.gpkg"
    path.write_text("precious")
    with pytest.raises(store.StoreError, match="already exists"):
        store.create(str(path))
    assert path.read_text() == "precious"
    store.create(str(path), overwrite=True)
    assert store.validate(str(path)).control_rows == 0


def test_validate_says_what_is_wrong(tmp_path):
    from osgeo import ogr

    from situation_mapper.store import geopackage as store

    with pytest.raises(store.StoreError, match="does not exist"):
        store.validate(str(tmp_path / "none.gpkg"))
    text = tmp_path / "text.gpkg"
    text.write_text("hello")
    with pytest.raises(store.StoreError, match="is not a GeoPackage"):
        store.validate(str(text))
    other = tmp_path / "other.gpkg"
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(other))
    dataset.CreateLayer("roads", None, ogr.wkbLineString)
    dataset = None
    with pytest.raises(store.StoreError, match="not a situation store: it has no 'control' table"):
        store.validate(str(other))

    newer = tmp_path / "newer.gpkg"
    store.create(str(newer))
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE store_info SET value = ? WHERE key = ?", ("99", "schema_version"))
    with pytest.raises(store.StoreError, match="schema 99, newer than"):
        store.validate(str(newer))


def _add_rows(path, rows):
    from situation_mapper.store import geopackage as store

    update = store.StoreUpdate(path)
    for source, status, day, valid_to, size in rows:
        geometry = QgsGeometry.fromWkt(
            "MultiPolygon (((37 48, {0} 48, {0} {1}, 37 {1}, 37 48)))".format(37 + size, 48 + size))
        update.add_control(geometry, day, valid_to, {"source": source, "status": status,
                                                     "area_km2": 1.0, "imported_from": "t"})
    update.commit()


def test_list_series_and_source_info(tmp_path):
    from situation_mapper.store import geopackage as store

    path = str(tmp_path / "s.gpkg")
    store.create(path)
    _add_rows(path, [("ISW", "occupied", D(2025, 11, 1), D(2025, 11, 3), 0.1),
                     ("ISW", "occupied", D(2025, 11, 3), None, 0.1),
                     ("ISW", "claimed", D(2025, 11, 2), None, 0.1),
                     ("DeepStateMap", "occupied", D(2025, 10, 30), None, 0.1)])
    series = store.list_series(path)
    assert [(s.source, s.status, s.first_day, s.last_day, s.count) for s in series] == [
        ("DeepStateMap", "occupied", D(2025, 10, 30), D(2025, 10, 30), 1),
        ("ISW", "claimed", D(2025, 11, 2), D(2025, 11, 2), 1),
        ("ISW", "occupied", D(2025, 11, 1), D(2025, 11, 3), 2),
    ]
    store.set_source_info(path, "ISW", "CC BY 4.0", "https://understandingwar.org", "ISW/CTP")
    store.set_source_info(path, "DeepStateMap", "GPL-3.0", "https://deepstatemap.live", "DeepState")
    store.set_source_info(path, "ISW", "CC BY 4.0", "https://www.understandingwar.org", "ISW and CTP")
    assert store.source_info(path) == {
        "ISW": store.SourceInfo("ISW", "CC BY 4.0", "https://www.understandingwar.org", "ISW and CTP"),
        "DeepStateMap": store.SourceInfo("DeepStateMap", "GPL-3.0", "https://deepstatemap.live", "DeepState"),
    }
    # quotes in values are data, not SQL
    store.set_source_info(path, "O'Brien \"; DROP TABLE control; --", "x")
    assert "O'Brien \"; DROP TABLE control; --" in store.source_info(path)
    assert store.validate(path).control_rows == 4
    with pytest.raises(store.StoreError, match="does not exist"):
        store.set_source_info(str(tmp_path / "none.gpkg"), "ISW")


def test_aborted_update_leaves_the_store_byte_for_byte(tmp_path):
    from situation_mapper.store import geopackage as store

    path = str(tmp_path / "s.gpkg")
    store.create(path)
    _add_rows(path, [("A", "occupied", D(2025, 11, 1), None, 0.1)])
    digest = file_hash(path)
    update = store.StoreUpdate(path)
    assert [(r.source, r.valid_from) for r in update.rows()] == [("A", D(2025, 11, 1))]
    update.add_control(QgsGeometry.fromWkt("MultiPolygon (((0 0, 1 0, 1 1, 0 0)))"),
                       D(2025, 11, 2), None, {"source": "A", "status": "occupied"})
    update.set_valid_to(update.rows()[0].fid, D(2025, 11, 2))
    update.abort()
    assert file_hash(path) == digest
    assert sorted(os.listdir(tmp_path)) == ["s.gpkg"]


def test_ellipsoidal_area_against_pyproj_hand_cases():
    from situation_mapper.core.control_geometry import ellipsoidal_area_km2
    from situation_mapper.core.geodesy import wgs84_distance_area

    # a 0.1 degree square at 48 N; a square with a hole; two parts
    cases = [
        ([[square(37.0, 48.0, 0.1)]]),
        ([[square(37.0, 48.0, 0.2), square(37.05, 48.05, 0.05)[::-1]]]),
        ([[square(37.0, 48.0, 0.1)], [square(-60.0, -30.0, 0.3)]]),
    ]
    for polygons in cases:
        wkt = "MultiPolygon (" + ", ".join(
            "(" + ", ".join("(" + ", ".join(f"{x} {y}" for x, y in ring) + ")" for ring in rings) + ")"
            for rings in polygons) + ")"
        geometry = QgsGeometry.fromWkt(wkt)
        expected = sum(geod_area_km2(rings) for rings in polygons)
        # straight edges in the equal-area projection, not geodesics: ~2e-7 on 10 km edges
        assert ellipsoidal_area_km2(geometry) == pytest.approx(expected, rel=2e-6)
        assert wgs84_distance_area().measureArea(geometry) / 1e6 == pytest.approx(expected, rel=1e-7)
    assert ellipsoidal_area_km2(QgsGeometry.fromWkt("MultiPolygon EMPTY")) == 0.0


@pytest.mark.shared_data
def test_ellipsoidal_area_against_pyproj_real_snapshots():
    """Real DeepStateMap polygons (thousands of vertices, holes, many parts): the
    equal-area shoelace against pyproj's geodesic polygon areas."""
    from conftest import shared_data_path
    from osgeo import ogr
    from support import deepstate_files

    from situation_mapper.core.control_geometry import ellipsoidal_area_m2

    files = deepstate_files(shared_data_path())[::97]
    assert len(files) >= 7
    worst = 0.0
    for path in files:
        dataset = ogr.Open(str(path))
        for feature in dataset.GetLayer(0):
            ogr_geometry = feature.GetGeometryRef()
            expected = 0.0
            for p in range(ogr_geometry.GetGeometryCount()):
                polygon = ogr_geometry.GetGeometryRef(p)
                for r in range(polygon.GetGeometryCount()):
                    points = polygon.GetGeometryRef(r).GetPoints()
                    lons, lats = [q[0] for q in points], [q[1] for q in points]
                    area = abs(GEOD.polygon_area_perimeter(lons, lats)[0])
                    expected += area if r == 0 else -area
            geometry = QgsGeometry()
            geometry.fromWkb(ogr_geometry.ExportToIsoWkb())
            worst = max(worst, abs(ellipsoidal_area_m2(geometry) - expected) / expected)
    assert worst < 1e-5, worst


# -- schema versions: a version-1 store, as the plugin wrote it before version 2 ---------
_V1_CONTROL_FIELDS = (  # the control table of version 1, written out here on purpose
    ("valid_from", "date", 0), ("valid_to", "date", 0), ("status", "str", 40), ("side", "str", 40),
    ("source", "str", 80), ("confidence", "str", 40), ("note", "str", 0), ("area_km2", "real", 0),
    ("imported_from", "str", 0))


def _version_1_store(path, version="1"):
    """A GeoPackage laid out as schema version 1 wrote it (OGR, no plugin code):
    control with two rows, store_info, sources (source, licence, url, attribution)."""
    from osgeo import ogr, osr

    kinds = {"date": ogr.OFTDate, "str": ogr.OFTString, "real": ogr.OFTReal}
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    control = dataset.CreateLayer("control", wgs84, ogr.wkbMultiPolygon,
                                  ["GEOMETRY_NAME=geom", "FID=fid", "SPATIAL_INDEX=YES"])
    for name, kind, width in _V1_CONTROL_FIELDS:
        field = ogr.FieldDefn(name, kinds[kind])
        if width:
            field.SetWidth(width)
        control.CreateField(field)
    rows = ((D(2025, 1, 1), D(2025, 1, 2), "MULTIPOLYGON (((30 48,30.1 48,30.1 48.1,30 48.1,30 48)))"),
            (D(2025, 1, 2), None, "MULTIPOLYGON (((30 48,30.2 48,30.2 48.1,30 48.1,30 48)))"))
    for start, end, wkt in rows:
        feature = ogr.Feature(control.GetLayerDefn())
        feature.SetField("valid_from", start.year, start.month, start.day, 0, 0, 0, 0)
        if end:
            feature.SetField("valid_to", end.year, end.month, end.day, 0, 0, 0, 0)
        for name, value in (("status", "occupied"), ("source", "ISW"), ("imported_from", "a.geojson")):
            feature.SetField(name, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        control.CreateFeature(feature)
    info = dataset.CreateLayer("store_info", None, ogr.wkbNone, ["FID=fid"])
    sources = dataset.CreateLayer("sources", None, ogr.wkbNone, ["FID=fid"])
    for table, names in ((info, ("key", "value")), (sources, ("source", "licence", "url", "attribution"))):
        for name in names:
            table.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for key, value in (("schema_version", version), ("created", "2025-01-01T00:00:00+00:00"),
                       ("application", "Situation Mapper")):
        row = ogr.Feature(info.GetLayerDefn())
        row.SetField("key", key)
        row.SetField("value", value)
        info.CreateFeature(row)
    row = ogr.Feature(sources.GetLayerDefn())
    for name, value in zip(("source", "licence", "url", "attribution"),
                           ("ISW", "CC BY 4.0", "https://www.understandingwar.org", "ISW and CTP")):
        row.SetField(name, value)
    sources.CreateFeature(row)
    dataset = None
    return rows


def _sqlite_rows(path):
    with sqlite3.connect(str(path)) as db:
        control = db.execute("SELECT fid, valid_from, valid_to, status, source, imported_from, hex(geom) "
                             "FROM control ORDER BY fid").fetchall()
        sources = db.execute("SELECT source, licence, url, attribution FROM sources").fetchall()
        info = dict(db.execute("SELECT key, value FROM store_info"))
        columns = [r[1] for r in db.execute("PRAGMA table_info(sources)")]
    return control, sources, info, columns


def test_a_version_1_store_is_upgraded_in_place_with_every_row(tmp_path):
    from situation_mapper import store
    from situation_mapper.store import schema

    path = tmp_path / "old.gpkg"
    _version_1_store(path)
    control_before, sources_before, info_before, columns_before = _sqlite_rows(path)
    assert info_before["schema_version"] == "1" and "retrieved" not in columns_before

    info = store.validate(str(path))
    assert (info.schema_version, info.control_rows) == (3, 2) and schema.SCHEMA_VERSION == 3
    control_after, sources_after, info_after, columns_after = _sqlite_rows(path)
    assert control_after == control_before  # fids, dates, attributes, geometry bytes
    assert [(r[1], r[2]) for r in control_after] == [("2025-01-01", "2025-01-02"), ("2025-01-02", None)]
    assert sources_after == sources_before
    assert columns_after[1:] == ["source", "licence", "url", "attribution", "retrieved"]
    assert info_after == dict(info_before, schema_version="3")
    with sqlite3.connect(path) as db:  # version 3: the events table, empty, with every registry field
        columns = [row[1] for row in db.execute("PRAGMA table_info(events)")]
        assert columns[2:] == list(schema.table_spec("events").field_names)
        assert db.execute("SELECT count(*) FROM events").fetchone() == (0,)
    assert sorted(os.listdir(tmp_path)) == ["old.gpkg"]  # nothing left beside it
    assert store.source_info(str(path))["ISW"] == store.SourceInfo(
        "ISW", "CC BY 4.0", "https://www.understandingwar.org", "ISW and CTP", "")
    # a second opening leaves the upgraded file alone; the new field is written and read back
    upgraded = file_hash(path)
    assert store.schema_version(str(path)) == 3 and file_hash(path) == upgraded
    store.set_source_info(str(path), "ISW", "CC BY 4.0", "https://www.understandingwar.org",
                          "ISW and CTP", "2025-03-04")
    assert store.source_info(str(path))["ISW"].retrieved == "2025-03-04"
    assert len(store.read_records(store.control_layer(str(path)))) == 2


def test_a_failing_upgrade_leaves_the_store_byte_for_byte(tmp_path, monkeypatch):
    from situation_mapper import store
    from situation_mapper.store import geopackage

    path = tmp_path / "old.gpkg"
    _version_1_store(path)
    before = file_hash(path)

    def broken_step(dataset):
        geopackage._add_missing_fields(dataset, "sources")  # half done, then it fails
        raise store.StoreError("disk full (simulated)")

    monkeypatch.setitem(geopackage.UPGRADES, 2, broken_step)
    with pytest.raises(store.StoreError, match=r"from store schema 1 to 3: disk full \(simulated\)"):
        store.validate(str(path))
    assert file_hash(path) == before
    assert sorted(os.listdir(tmp_path)) == ["old.gpkg"]
    assert _sqlite_rows(path)[2]["schema_version"] == "1"


def test_a_store_newer_than_the_plugin_is_refused_naming_both_versions(tmp_path):
    from situation_mapper import store

    path = tmp_path / "new.gpkg"
    _version_1_store(path, version="99")
    before = file_hash(path)
    with pytest.raises(store.StoreError, match=r"uses store schema 99, newer than this plugin's 3"):
        store.validate(str(path))
    with pytest.raises(store.StoreError, match="99"):
        store.open_update(str(path))
    assert file_hash(path) == before


def test_rechain_ends_each_snapshot_where_the_next_of_its_series_starts():
    from situation_mapper.store import StoredRow
    from situation_mapper.store.validity_chain import rechain

    class Recorder:
        def __init__(self):
            self.calls = {}

        def set_valid_to(self, fid, valid_to):
            self.calls[fid] = valid_to

    existing = [StoredRow(1, "ISW", "occupied", D(2025, 1, 1), None),  # was the open end
                StoredRow(2, "ISW", "claimed", D(2025, 1, 1), None)]  # another series: untouched
    written = {("ISW", "occupied", D(2025, 1, 5)): (10, None, "c.geojson"),
               ("ISW", "occupied", D(2025, 1, 3)): (11, None, "b.geojson")}
    update = Recorder()
    assert rechain(update, existing, written) == {("ISW", "occupied")}
    # 1 Jan -> 3 Jan -> 5 Jan (open): the written last row stays open, nothing else changes
    assert update.calls == {1: D(2025, 1, 3), 11: D(2025, 1, 5)}


def test_a_table_added_to_the_registry_is_created_written_and_copied(tmp_path, monkeypatch):
    from qgis.core import QgsWkbTypes
    from qgis.PyQt.QtCore import QVariant
    from situation_mapper import store
    from situation_mapper.store import copy as store_copy, schema

    # the next kind of data (observations) as one registry entry, nothing else
    events = schema.TableSpec("observations", (("date", QVariant.Date, 0, "day"), ("kind", QVariant.String, 40, "what")),
                              QgsWkbTypes.Point, with_store=False)
    monkeypatch.setitem(schema.TABLES_BY_NAME, "observations", events)
    monkeypatch.setattr(store_copy, "COPIED_TABLES", store_copy.COPIED_TABLES + (events,))

    source, target = str(tmp_path / "a.gpkg"), str(tmp_path / "b.gpkg")
    store.create(source)
    update = store.open_update(source)
    update.add_control(QgsGeometry.fromWkt("MULTIPOLYGON (((30 48,30.1 48,30.1 48.1,30 48.1,30 48)))"),
                       D(2025, 1, 1), None,
                       {"status": "occupied", "source": "ISW"})
    update.add_row("observations", QgsGeometry.fromWkt("POINT (30.05 48.05)"), {"date": D(2025, 1, 2), "kind": "strike"})
    update.add_row("observations", QgsGeometry.fromWkt("POINT (30.5 48.5)"), {"date": D(2025, 1, 3), "kind": "advance"})
    update.commit()

    report = store.copy_store(source, target)
    assert report.tables["observations"] == 2 and report.control_rows == 1
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT date, kind FROM observations ORDER BY fid").fetchall() == [
            ("2025-01-02", "strike"), ("2025-01-03", "advance")]
        assert db.execute("SELECT geometry_type_name, srs_id FROM gpkg_geometry_columns "
                          "WHERE table_name = 'observations'").fetchone() == ("POINT", 4326)


def test_the_facade_says_what_a_location_is_without_the_caller_asking_the_backend(tmp_path):
    from situation_mapper import store

    path = str(tmp_path / "s.gpkg")
    team = "postgres:service=desk password=secret schema=pokrovsk"
    assert store.is_store_location(path) and store.is_store_location(team)
    assert not store.is_store_location(path + "|layername=control") and not store.is_store_location(None)
    assert store.is_file_store(path) and not store.is_file_store(team) and not store.is_file_store("")
    assert store.is_team_store(team) and not store.is_team_store(path)
    assert (store.kind_label(path), store.kind_label(team)) == ("GeoPackage", "PostGIS team store")
    assert store.public_location(team) == "postgres:service=desk schema=pokrovsk"
    assert store.location_problem(path) == "" and store.location_problem(team) == ""
    assert "GeoPackage (.gpkg)" in store.location_problem(str(tmp_path / "s.txt"))
    assert store.location_problem("") != ""
    store.create(path)
    assert store.table_source(path, "sources") == (path + "|layername=sources", "ogr")
    assert store.open_table(path, "drawings_arcs") is None  # made when first drawn
    layer = store.drawings_layer(path, "drawings_arcs")
    assert layer.isValid() and store.edit_guard(layer) is None  # a file store has no edit guard
    with pytest.raises(store.StoreError, match="not a store in a database"):
        with store.database_query(path):
            pass
