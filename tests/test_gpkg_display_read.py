"""A GeoPackage store's situation layers read one day's rows in SQLite: the
control table carries its validity as date-times (valid_from_time,
valid_to_time: the dates at 00:00) kept right by the store's writers and by
triggers, the layers' temporal filter uses them as real columns, OGR hands the
filter to SQLite (an index serves it), and each day still draws exactly the
snapshot valid that day. A store made before those columns gains them when it
is opened, its rows untouched; a read-only one is read as it is."""

import datetime
import sqlite3

from osgeo import gdal, ogr
from qgis.core import QgsFeature, QgsFields, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QDate

from test_import_snapshots import run_import, square as ring, write_geojson
from test_situation_layers import ROWS, drawn_fids, expected_squares, square

D = datetime.date
DAYS = (D(2025, 10, 31), D(2025, 11, 1), D(2025, 11, 2), D(2025, 11, 4), D(2025, 11, 5), D(2025, 11, 8),
        D(2025, 11, 9), D(2025, 11, 10), D(2025, 11, 12), D(2031, 1, 1))


def stored_text(day):
    """The text a DATETIME of ``day`` at 00:00 (no time zone) is stored as in a GeoPackage."""
    return None if day is None else "%04d-%02d-%02dT00:00:00.000" % (day.year, day.month, day.day)


def time_rows(path):
    """(valid_from, valid_to, valid_from_time, valid_to_time) of every control row, read with sqlite3."""
    with sqlite3.connect(path) as db:
        return db.execute("SELECT valid_from, valid_to, valid_from_time, valid_to_time FROM control "
                          "ORDER BY fid").fetchall()


def assert_times_follow_dates(path):
    rows = time_rows(path)
    assert rows
    for valid_from, valid_to, from_time, to_time in rows:
        assert from_time == stored_text(D.fromisoformat(valid_from)), (valid_from, from_time)
        assert to_time == (stored_text(D.fromisoformat(valid_to)) if valid_to else None), (valid_to, to_time)
    return rows


def control_columns(path):
    with sqlite3.connect(path) as db:
        return [row[1] for row in db.execute("PRAGMA table_info(control)")]


def old_store(path, rows=ROWS):
    """A store as the plugin wrote it before the time columns (its tables from the
    registry, rows written with plain OGR): no valid_from_time / valid_to_time."""
    from situation_mapper.store.geopackage.tables import _create_tables

    dataset = gdal.GetDriverByName("GPKG").Create(str(path), 0, 0, 0, gdal.GDT_Unknown)
    _create_tables(dataset, "2025-01-01T00:00:00+00:00")
    control = dataset.GetLayerByName("control")
    for valid_from, valid_to, status, source, index in rows:
        feature = ogr.Feature(control.GetLayerDefn())
        feature.SetField("valid_from", valid_from.isoformat())
        if valid_to is not None:
            feature.SetField("valid_to", valid_to.isoformat())
        feature.SetField("status", status)
        feature.SetField("source", source)
        feature.SetField("note", str(index))
        feature.SetGeometry(ogr.CreateGeometryFromWkt(square(index).asWkt()))
        assert control.CreateFeature(feature) == 0
    dataset = None
    assert "valid_from_time" not in control_columns(path)
    return str(path)


def new_store(path, rows=ROWS):
    """A store written by the plugin's writer (StoreUpdate.add_control)."""
    from situation_mapper.store import geopackage

    update = geopackage.StoreUpdate(str(path))
    for valid_from, valid_to, status, source, index in rows:
        update.add_control(square(index), valid_from, valid_to,
                           {"status": status, "source": source, "note": str(index)})
    update.commit()
    return str(path)


def square_index(layer, fid):
    return int(layer.getFeature(fid)["note"])


def layers_by_series(path):
    from situation_mapper.layers.situation_layers import load_situation_layers

    return {(layer.customProperty("situation_mapper/source"), layer.customProperty("situation_mapper/status")):
            layer for layer in load_situation_layers(path, QgsProject.instance())}


def assert_each_day_draws_the_valid_snapshot(layers):
    assert len(layers) == 3
    for (source, status), layer in layers.items():
        for day in DAYS:
            drawn = sorted(square_index(layer, fid) for fid in drawn_fids(layer, day))
            assert drawn == expected_squares(day, status, source), (day, source, status)


class GpkgFilters:
    """The attribute filters OGR's GeoPackage driver runs (its debug messages)."""

    def __init__(self):
        self.filters = []

    def __enter__(self):
        self._debug = gdal.GetConfigOption("CPL_DEBUG")
        gdal.SetConfigOption("CPL_DEBUG", "ON")
        gdal.PushErrorHandler(self._handler)
        return self

    def _handler(self, level, _number, message):
        if level == gdal.CE_Debug and message.startswith("GPKG: Filter:"):
            self.filters.append(message[len("GPKG: Filter:"):].strip())

    def __exit__(self, *_exc):
        gdal.PopErrorHandler()
        gdal.SetConfigOption("CPL_DEBUG", self._debug)


def test_the_constant_sql_spells_the_registry_names():
    from situation_mapper.store.geopackage import time_columns
    from situation_mapper.store.schema import CONTROL_TABLE, CONTROL_TIME_COLUMNS

    assert CONTROL_TIME_COLUMNS == (("valid_from_time", "valid_from"), ("valid_to_time", "valid_to"))
    for statement in list(time_columns.STATEMENTS.values()) + [time_columns._FILL]:
        assert '"{}"'.format(CONTROL_TABLE) in statement
        for name, date in CONTROL_TIME_COLUMNS:
            assert '"{}"'.format(name) in statement
    assert time_columns.time_text(D(2025, 3, 3)) == "2025-03-03T00:00:00.000" == stored_text(D(2025, 3, 3))


def test_a_new_store_has_the_time_columns_their_index_and_triggers(qgis_app, tmp_path):
    from situation_mapper.store import geopackage

    path = str(tmp_path / "new.gpkg")
    geopackage.create(path)
    assert control_columns(path)[-2:] == ["valid_from_time", "valid_to_time"]
    with sqlite3.connect(path) as db:
        types = {row[1]: row[2] for row in db.execute("PRAGMA table_info(control)")}
        objects = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'control'")}
        index = [row[2] for row in db.execute("PRAGMA index_info(control_validity_time)")]
    assert types["valid_from_time"] == types["valid_to_time"] == "DATETIME"
    assert {"control_validity_time", "control_validity_time_insert", "control_validity_time_update"} <= objects
    assert index == ["source", "status", "valid_from_time", "valid_to_time"]
    assert geopackage.inspect_store(path)[1] is False


def test_imports_that_close_intervals_keep_the_time_columns_equal_to_the_dates(provider, tmp_path):
    # the polygon changes on later days: each import closes the open row before it
    for day, size in (("20251118", 0.10), ("20251119", 0.11), ("20251121", 0.12)):
        write_geojson(tmp_path / f"occupied_test_{day}.geojson", [[ring(37.0, 48.0, size)]])
    store = tmp_path / "store.gpkg"
    run_import([str(tmp_path / "occupied_test_20251118.geojson"),
                str(tmp_path / "occupied_test_20251121.geojson")], store)
    # a day in between, imported later: the 18th's row is closed on the 19th, not the 21st
    result = run_import([str(tmp_path / "occupied_test_20251119.geojson")], store)
    assert result["IMPORTED"] == 1
    rows = assert_times_follow_dates(str(store))
    assert sorted((r[0], r[1]) for r in rows) == [("2025-11-18", "2025-11-19"), ("2025-11-19", "2025-11-21"),
                                                  ("2025-11-21", None)]
    assert sorted((r[2], r[3]) for r in rows) == [
        ("2025-11-18T00:00:00.000", "2025-11-19T00:00:00.000"),
        ("2025-11-19T00:00:00.000", "2025-11-21T00:00:00.000"),
        ("2025-11-21T00:00:00.000", None)]


def test_each_day_draws_the_valid_snapshot_and_the_filter_runs_in_sqlite(qgis_app, tmp_path, qgis_new_project):
    path = new_store(tmp_path / "store.gpkg")
    assert_times_follow_dates(path)
    layers = layers_by_series(path)
    for layer in layers.values():
        fields = layer.fields()
        for name in ("valid_from_time", "valid_to_time"):
            assert fields.fieldOrigin(fields.indexOf(name)) == QgsFields.OriginProvider, name
        assert layer.temporalProperties().startField() == "valid_from_time"
        assert layer.temporalProperties().endField() == "valid_to_time"
    assert_each_day_draws_the_valid_snapshot(layers)

    layer = layers[("Source A", "occupied")]
    with GpkgFilters() as seen:
        assert [square_index(layer, f) for f in drawn_fids(layer, D(2025, 11, 7))] == [1]
    day_filters = [text for text in seen.filters if "valid_from_time" in text]
    assert day_filters, seen.filters
    # the day's filter, as SQLite gets it, is served by the index (only that day's rows are read)
    with sqlite3.connect(path) as db:
        plan = " ".join(str(row[-1]) for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT fid FROM control WHERE " + day_filters[-1]))  # nosec B608: OGR's own text
        count = db.execute("SELECT count(*) FROM control WHERE " + day_filters[-1]).fetchone()[0]  # nosec B608
    assert "control_validity_time" in plan, plan
    assert count == 1


def test_a_store_made_without_the_time_columns_gains_them_when_opened(qgis_app, tmp_path, qgis_new_project):
    from situation_mapper.store import geopackage

    path = old_store(tmp_path / "old.gpkg")
    with sqlite3.connect(path) as db:
        before = db.execute("SELECT fid, valid_from, valid_to, status, source, note, hex(geom) FROM control "
                            "ORDER BY fid").fetchall()
    assert geopackage.inspect_store(path)[1] is True
    info = geopackage.validate(path)
    assert info.control_rows == len(ROWS)
    assert control_columns(path)[-2:] == ["valid_from_time", "valid_to_time"]
    assert_times_follow_dates(path)
    with sqlite3.connect(path) as db:
        after = db.execute("SELECT fid, valid_from, valid_to, status, source, note, hex(geom) FROM control "
                           "ORDER BY fid").fetchall()
    assert after == before  # the rows themselves untouched
    assert geopackage.inspect_store(path)[1] is False
    layers = layers_by_series(path)
    for layer in layers.values():
        fields = layer.fields()
        assert fields.fieldOrigin(fields.indexOf("valid_from_time")) == QgsFields.OriginProvider
    assert_each_day_draws_the_valid_snapshot(layers)


def test_a_store_another_writer_holds_is_read_as_it_is_and_gains_the_columns_later(qgis_app, tmp_path,
                                                                                  monkeypatch):
    import threading

    from situation_mapper.store import geopackage

    path = old_store(tmp_path / "old.gpkg")
    # the writer's own thread: its update adds them when it commits
    with geopackage.writer_lock(path, 5):
        assert geopackage.validate(path).control_rows == len(ROWS)
    assert "valid_from_time" not in control_columns(path)
    # another thread writes: opening waits a little, then reads the store as it is
    monkeypatch.setattr(geopackage, "TIME_COLUMNS_WAIT_S", 0.2)
    taken, done = threading.Event(), threading.Event()

    def other_writer():
        with geopackage.writer_lock(path, 5):
            taken.set()
            done.wait(10)

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        assert taken.wait(10)
        assert geopackage.validate(path).control_rows == len(ROWS)
        assert "valid_from_time" not in control_columns(path)
    finally:
        done.set()
        thread.join()
    geopackage.validate(path)
    assert control_columns(path)[-2:] == ["valid_from_time", "valid_to_time"]
    assert_times_follow_dates(path)


def test_a_read_only_store_without_the_columns_is_read_as_it_is(qgis_app, tmp_path, qgis_new_project,
                                                                monkeypatch):
    from situation_mapper.store import geopackage

    path = old_store(tmp_path / "old.gpkg")
    with open(path, "rb") as handle:
        content = handle.read()
    monkeypatch.setattr(geopackage, "_writable", lambda _path: False)
    assert geopackage.validate(path).control_rows == len(ROWS)
    with open(path, "rb") as handle:
        assert handle.read() == content
    layers = layers_by_series(path)
    for layer in layers.values():  # the date-times as virtual fields: filtered on the desktop
        fields = layer.fields()
        assert fields.fieldOrigin(fields.indexOf("valid_from_time")) == QgsFields.OriginExpression
    assert_each_day_draws_the_valid_snapshot(layers)


def test_rows_written_otherwise_are_corrected_by_the_triggers(qgis_app, tmp_path):
    from situation_mapper.store import geopackage

    path = new_store(tmp_path / "store.gpkg")
    # an older writer (plain OGR, knows nothing of the time columns): a new row, a row closed
    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    control = dataset.GetLayerByName("control")
    feature = ogr.Feature(control.GetLayerDefn())
    feature.SetField("valid_from", "2025-12-01")
    feature.SetField("status", "occupied")
    feature.SetField("source", "Source A")
    feature.SetField("note", "7")
    feature.SetGeometry(ogr.CreateGeometryFromWkt(square(7).asWkt()))
    assert control.CreateFeature(feature) == 0
    third = next(f for f in control if f.GetField("note") == "2")
    third.SetField("valid_to", "2025-12-01")
    assert control.SetFeature(third) == 0
    dataset = None
    # an edit saved by QGIS through the store's layer: a date changed, a time column set wrong
    layer = geopackage.control_layer(path)
    first = next(f for f in layer.getFeatures() if f["note"] == "0")
    claimed = next(f for f in layer.getFeatures() if f["note"] == "3")
    assert layer.startEditing()
    assert layer.changeAttributeValue(first.id(), layer.fields().indexOf("valid_from"), QDate(2025, 10, 30))
    assert layer.changeAttributeValue(claimed.id(), layer.fields().indexOf("valid_from_time"), None)
    added = QgsFeature(layer.fields())
    added.setGeometry(QgsGeometry(square(8)))
    added["valid_from"] = QDate(2025, 11, 20)
    added["valid_to"] = QDate(2025, 11, 21)
    added["status"] = "claimed"
    added["source"] = "Source B"
    added["note"] = "8"
    assert layer.addFeature(added)
    assert layer.commitChanges(), layer.commitErrors()
    del layer

    rows = assert_times_follow_dates(path)
    by_start = {r[0]: r for r in rows}
    assert by_start["2025-10-30"][2] == "2025-10-30T00:00:00.000"
    assert by_start["2025-11-10"][3] == "2025-12-01T00:00:00.000"
    assert by_start["2025-12-01"][2:] == ("2025-12-01T00:00:00.000", None)
    assert by_start["2025-11-20"][2:] == ("2025-11-20T00:00:00.000", "2025-11-21T00:00:00.000")
    assert by_start["2025-11-03"][2] == "2025-11-03T00:00:00.000"


def test_copystore_writes_the_time_columns_of_the_target(qgis_app, tmp_path):
    from situation_mapper.store.copy import copy_store

    source = old_store(tmp_path / "old.gpkg")
    target = str(tmp_path / "copy.gpkg")
    report = copy_store(source, target)
    assert report.control_rows == len(ROWS)
    rows = assert_times_follow_dates(target)
    assert sorted((r[0], r[1]) for r in rows) == sorted(
        (start.isoformat(), stop.isoformat() if stop else None) for start, stop, *_ in ROWS)


def test_a_project_saved_before_the_time_columns_reopens_and_draws_each_day(qgis_app, tmp_path,
                                                                            qgis_new_project, monkeypatch):
    from situation_mapper.store import geopackage

    path = old_store(tmp_path / "old.gpkg")
    project = QgsProject.instance()
    with monkeypatch.context() as patched:
        # layers made while the table lacks the columns: the virtual fields of layers/temporal.py
        patched.setattr(geopackage, "_writable", lambda _path: False)
        layers = layers_by_series(path)
        fields = next(iter(layers.values())).fields()
        assert fields.fieldOrigin(fields.indexOf("valid_from_time")) == QgsFields.OriginExpression
        saved = str(tmp_path / "old.qgz")
        assert project.write(saved)
        project.clear()

    geopackage.validate(path)  # the store gains its columns
    assert "valid_from_time" in control_columns(path)
    assert project.read(saved)
    reopened = {(layer.customProperty("situation_mapper/source"), layer.customProperty("situation_mapper/status")):
                layer for layer in project.mapLayers().values() if isinstance(layer, QgsVectorLayer)}
    for layer in reopened.values():
        assert layer.isValid()
        assert layer.fields().names().count("valid_from_time") == 1
    assert_each_day_draws_the_valid_snapshot(reopened)



def test_records_are_read_from_an_index_new_and_old_stores_have(qgis_app, tmp_path, qgis_new_project):
    """Every validity record (read_records: no geometry) comes from the
    control_records index, not from the rows whose large geometry comes first:
    SQLite's plan for the columns read_records asks for says so, on a new store and on an old one
    once opened, and the records are those the rows hold."""
    from situation_mapper.store import geopackage, open_control_layer, read_records

    new = str(tmp_path / "new.gpkg")
    geopackage.create(new)
    old = old_store(tmp_path / "old.gpkg")
    geopackage.validate(old)
    columns = '"fid", "valid_from", "valid_to", "status", "source", "side", "confidence"'
    for path in (new, old):
        with sqlite3.connect(path) as db:
            index = [row[2] for row in db.execute("PRAGMA index_info(control_records)")]
            plan = " ".join(row[3] for row in db.execute(
                "EXPLAIN QUERY PLAN SELECT {} FROM control".format(columns)))
        assert index == ["valid_from", "valid_to", "status", "source", "side", "confidence"]
        assert "COVERING INDEX control_records" in plan, plan
    with sqlite3.connect(old) as db:
        rows = sorted(db.execute("SELECT fid, valid_from, valid_to, status, source FROM control").fetchall())
    records = read_records(open_control_layer(old))
    assert sorted((r.fid, r.valid_from.isoformat(), r.valid_to.isoformat() if r.valid_to else None, r.status,
                   r.source) for r in records) == rows
