"""situationmapper:importevents: the usual columns, times to UTC, every format,
bad rows refused by line with the store unchanged, skipping, duplicates, text
kept exactly; on both backends, and two analysts importing events at once.

Expected values are written by hand here (times converted in the head, values
read back with sqlite3 or psycopg2), never taken from the plugin's output.

Also runnable as a script: ``python tests/test_import_events.py worker SPEC`` is
one analyst's import process in the concurrency test."""

import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(__file__))
from test_postgis_store import pg_connect, pg_location, pg_schema, postgis_server  # noqa: E402,F401

UTC = datetime.timezone.utc

GOOD_CSV = (
    'date,lon,lat,type,side,source,url,verification,precision_m,strength,description\n'
    '2025-11-20,37.1800,48.2800,infiltration,hostile,Ukrainian General Staff,https://example.org/a?x=1&y=2,'
    'claimed,500,12,"Groups of up to 10, in fog"\n'
    '2025-11-21T06:30:00+02:00,37.1500,48.2850,Flag raised,hostile,"DeepState, Telegram",'
    'https://t.me/deepstatemap/1,confirmed,100,,"Прапор на західній околиці, ""відео"""\n'
    '2025-11-22T23:45Z,37.2000,48.2700,force_estimate,hostile,ISW,,unverified,,300,about 300 troops inside\n'
    '2025-11-23 12:00,37.1900,48.2900,strike,friendly,Source <b>B</b>,javascript:alert(1),refuted,,,'
    '<script>alert(1)</script> & more\n'
)


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(provider, parameters, feedback=None):
    import processing
    from qgis.core import QgsProcessingFeedback

    return processing.run("situationmapper:importevents", parameters,
                          feedback=feedback or QgsProcessingFeedback())


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def stored(path):
    """The events rows read back with sqlite3 (no QGIS, no OGR), in fid order."""
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(
            "SELECT event_time, event_day, type, side, source, url, verification, precision_m, strength, "
            "description, imported_from, event_key FROM events ORDER BY fid")]


def test_a_csv_is_read_by_its_usual_columns_with_times_in_utc_and_text_kept(provider, tmp_path):
    store_path = str(tmp_path / "s.gpkg")
    result = run(provider, {"INPUT": write(tmp_path / "events.csv", GOOD_CSV), "OUTPUT": store_path})
    assert (result["IMPORTED"], result["SKIPPED"], result["DUPLICATES"]) == (4, 0, 0)
    assert (result["FIRST_TIME"], result["LAST_TIME"]) == ("2025-11-20T00:00:00Z", "2025-11-23T12:00:00Z")
    rows = stored(store_path)
    assert [r["event_time"][:19] for r in rows] == [
        "2025-11-20T00:00:00", "2025-11-21T04:30:00", "2025-11-22T23:45:00", "2025-11-23T12:00:00"]
    assert all(r["event_time"].endswith("Z") for r in rows)
    assert [r["event_day"] for r in rows] == ["2025-11-20", "2025-11-21", "2025-11-22", "2025-11-23"]
    assert [r["type"] for r in rows] == ["infiltration", "flag_raised", "force_estimate", "strike"]
    assert [r["verification"] for r in rows] == ["claimed", "confirmed", "unverified", "refuted"]
    assert [r["side"] for r in rows] == ["hostile", "hostile", "hostile", "friendly"]
    assert rows[0]["description"] == "Groups of up to 10, in fog"
    assert rows[1]["description"] == 'Прапор на західній околиці, "відео"'
    assert rows[1]["source"] == "DeepState, Telegram"
    assert rows[3]["description"] == "<script>alert(1)</script> & more"
    assert rows[3]["url"] == "javascript:alert(1)" and rows[0]["url"] == "https://example.org/a?x=1&y=2"
    assert [r["precision_m"] for r in rows] == [500.0, 100.0, None, None]
    assert [r["strength"] for r in rows] == [12, None, 300, None]
    assert {r["imported_from"] for r in rows} == {"events.csv"}
    with sqlite3.connect(store_path) as db:  # the point, from the GeoPackage blob's WKB via OGR-free parsing
        from osgeo import ogr
        blobs = [row[0] for row in db.execute("SELECT geom FROM events ORDER BY fid")]
    points = []
    for blob in blobs:  # GeoPackage binary: 8-byte header + envelope (flags bits 1-3), then WKB
        flags = blob[3]
        envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
        geometry = ogr.CreateGeometryFromWkb(bytes(blob[8 + envelope:]))
        points.append((round(geometry.GetX(), 6), round(geometry.GetY(), 6)))
    assert points == [(37.18, 48.28), (37.15, 48.285), (37.2, 48.27), (37.19, 48.29)]


def test_the_same_file_twice_adds_nothing(provider, tmp_path):
    store_path = str(tmp_path / "s.gpkg")
    source = write(tmp_path / "events.csv", GOOD_CSV)
    run(provider, {"INPUT": source, "OUTPUT": store_path})
    before = sha(store_path)
    again = run(provider, {"INPUT": source, "OUTPUT": store_path})
    assert (again["IMPORTED"], again["DUPLICATES"]) == (0, 4)
    assert len(stored(store_path)) == 4 and sha(store_path) == before  # not even rewritten
    # one more row in a second file: only that one is added
    more = write(tmp_path / "more.csv", GOOD_CSV.splitlines()[0] + "\n"
                 + "2025-11-24,37.1,48.3,assault,hostile,ISW,,claimed,,,assault from the south\n"
                 + GOOD_CSV.splitlines()[1] + "\n")
    third = run(provider, {"INPUT": more, "OUTPUT": store_path})
    assert (third["IMPORTED"], third["DUPLICATES"]) == (1, 1)


BAD_CSV = (
    "date,lon,lat,type,verification,strength\n"
    "2025-11-20,37.18,48.28,strike,confirmed,\n"        # line 2: good
    "2025-11-20,,48.28,strike,confirmed,\n"             # line 3: no longitude
    "31/02/2025,37.18,48.28,strike,confirmed,\n"        # line 4: not a date
    "2025-11-20,37.18,95,strike,confirmed,\n"           # line 5: latitude 95
    '2025-11-21,37.18,48.28,"strike,\nwith a line break",claimed,\n'  # lines 6-7: good
    "2025-11-20,37.18,48.28,strike,maybe,about 300\n"   # line 8: verification and strength
    "2025-02-30T10:00Z,37.18,48.28,strike,confirmed,\n"  # line 9: no such day
)


def test_a_file_with_bad_rows_is_refused_naming_each_row_and_the_store_is_unchanged(provider, tmp_path):
    from qgis.core import QgsProcessingException

    store_path = str(tmp_path / "s.gpkg")
    run(provider, {"INPUT": write(tmp_path / "events.csv", GOOD_CSV), "OUTPUT": store_path})
    before = sha(store_path)
    with pytest.raises(QgsProcessingException) as refused:
        run(provider, {"INPUT": write(tmp_path / "bad.csv", BAD_CSV), "OUTPUT": store_path})
    message = str(refused.value)
    assert "bad.csv: 5 invalid row(s), nothing imported" in message
    assert "line 3: no longitude" in message
    assert "line 4: '31/02/2025' is not a date" in message
    assert "line 5: latitude 95 is not between -90 and 90" in message
    assert "line 8: verification 'maybe' is not one of confirmed, claimed, unverified, refuted" in message
    assert "strength 'about 300' is not a whole number" in message
    assert "line 9: '2025-02-30T10:00Z' is not a date" in message
    assert "line 2:" not in message and "line 6:" not in message and "line 7:" not in message
    assert sha(store_path) == before
    assert sorted(os.listdir(tmp_path)) == ["bad.csv", "events.csv", "s.gpkg"]  # no temporary file left
    # a new store is not even created by a refused file
    with pytest.raises(QgsProcessingException):
        run(provider, {"INPUT": str(tmp_path / "bad.csv"), "OUTPUT": str(tmp_path / "new.gpkg")})
    assert not (tmp_path / "new.gpkg").exists()


def test_skip_invalid_imports_the_good_rows_and_lists_the_others(provider, tmp_path):
    store_path = str(tmp_path / "s.gpkg")
    result = run(provider, {"INPUT": write(tmp_path / "bad.csv", BAD_CSV), "OUTPUT": store_path,
                            "SKIP_INVALID": True})
    assert (result["IMPORTED"], result["SKIPPED"]) == (2, 5)
    for line in (3, 4, 5, 8, 9):
        assert f"line {line}:" in result["SKIPPED_ROWS"]
    rows = stored(store_path)
    assert [r["type"] for r in rows] == ["strike", "strike,_with_a_line_break"]
    assert [r["event_day"] for r in rows] == ["2025-11-20", "2025-11-21"]


def test_defaults_fill_what_the_file_lacks_and_fields_are_overridable(provider, tmp_path):
    text = ("Zeit;Breite;Länge;Was\n"
            "2025-11-20T10:00:00-05:00;48,28;37,18;Flag raised\n")
    store_path = str(tmp_path / "s.gpkg")
    result = run(provider, {"INPUT": write(tmp_path / "reports.csv", text), "OUTPUT": store_path,
                            "TIME_FIELD": "Zeit", "LAT_FIELD": "Breite", "LON_FIELD": "Länge",
                            "TYPE_FIELD": "Was", "SOURCE": "Analyst desk", "VERIFICATION": "claimed"})
    assert result["IMPORTED"] == 1
    row = stored(store_path)[0]
    assert row["event_time"].startswith("2025-11-20T15:00:00")
    assert (row["type"], row["source"], row["verification"], row["side"]) == (
        "flag_raised", "Analyst desk", "claimed", "unknown")
    # no source column and no SOURCE: the file's name
    result = run(provider, {"INPUT": write(tmp_path / "geoconfirmed_nov.csv", "date,lon,lat\n2025-11-01,37,48\n"),
                            "OUTPUT": store_path})
    assert stored(store_path)[-1]["source"] == "geoconfirmed_nov"
    assert stored(store_path)[-1]["verification"] == "unverified"


def test_a_file_without_a_place_or_date_column_is_refused_naming_its_columns(provider, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match=r"notes.csv: no longitude and latitude columns.*"
                                                     r"Its columns: date, where, what"):
        run(provider, {"INPUT": write(tmp_path / "notes.csv", "date,where,what\n2025-11-20,x,y\n"),
                       "OUTPUT": str(tmp_path / "s.gpkg")})
    with pytest.raises(QgsProcessingException, match=r"no date column"):
        run(provider, {"INPUT": write(tmp_path / "nodate.csv", "lon,lat\n37,48\n"),
                       "OUTPUT": str(tmp_path / "s.gpkg")})
    with pytest.raises(QgsProcessingException, match=r"the column 'Zeit' given for time is not in the file"):
        run(provider, {"INPUT": str(tmp_path / "nodate.csv"), "TIME_FIELD": "Zeit",
                       "OUTPUT": str(tmp_path / "s.gpkg")})
    assert not (tmp_path / "s.gpkg").exists()


def _point_layer(rows):
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsPointXY, QgsVectorLayer
    from qgis.PyQt.QtCore import QDateTime, QVariant

    layer = QgsVectorLayer("Point?crs=EPSG:4326", "events", "memory")
    layer.dataProvider().addAttributes([QgsField("datetime", QVariant.DateTime), QgsField("event_type", QVariant.String),
                                        QgsField("status", QVariant.String), QgsField("notes", QVariant.String)])
    layer.updateFields()
    features = []
    for when, kind, status, note, x, y in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([QDateTime.fromString(when, "yyyy-MM-ddTHH:mm:ssZ" if when.endswith("Z") else
                                                    "yyyy-MM-ddTHH:mm:ss"), kind, status, note])
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


FORMAT_ROWS = [("2025-11-20T10:00:00Z", "strike", "confirmed", "Удар по мосту, \"A\"", 37.18, 48.28),
               ("2025-11-21T11:30:00Z", "assault", "claimed", "from the south", 37.16, 48.27)]


def _kml(rows, span=False) -> str:
    """A KML document as Google Earth and GeoConfirmed exports write it: a
    TimeStamp (or a TimeSpan) and the values in ExtendedData."""
    from xml.sax.saxutils import escape

    placemarks = []
    for when, kind, status, note, x, y in rows:
        time_element = (f"<TimeSpan><begin>{when}</begin></TimeSpan>" if span
                        else f"<TimeStamp><when>{when}</when></TimeStamp>")
        placemarks.append(
            f"<Placemark><name>{escape(kind)}</name><description>{escape(note)}</description>{time_element}"
            f'<ExtendedData><Data name="event_type"><value>{kind}</value></Data>'
            f'<Data name="status"><value>{status}</value></Data></ExtendedData>'
            f"<Point><coordinates>{x},{y},0</coordinates></Point></Placemark>")
    return ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            + "".join(placemarks) + "</Document></kml>")


@pytest.mark.parametrize("suffix, driver", [(".geojson", "GeoJSON"), (".gpkg", "GPKG"), (".shp", "ESRI Shapefile"),
                                            (".kml", "kml"), (".kml", "kml span"), (".kmz", "kmz")])
def test_every_format_gives_the_same_events(provider, tmp_path, suffix, driver):
    import zipfile

    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    path = str(tmp_path / ("events" + suffix))
    if driver.startswith("kml"):
        Path(path).write_text(_kml(FORMAT_ROWS, span=driver.endswith("span")), encoding="utf-8")
    elif driver == "kmz":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("doc.kml", _kml(FORMAT_ROWS))
    else:
        layer = _point_layer(FORMAT_ROWS)
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = driver
        options.fileEncoding = "UTF-8"
        error = QgsVectorFileWriter.writeAsVectorFormatV2(layer, path, QgsCoordinateTransformContext(), options)
        assert error[0] == QgsVectorFileWriter.NoError, error
    store_path = str(tmp_path / "s.gpkg")
    result = run(provider, {"INPUT": path, "OUTPUT": store_path, "SOURCE": "GeoConfirmed"})
    assert result["IMPORTED"] == 2, result
    rows = stored(store_path)
    assert [r["type"] for r in rows] == ["strike", "assault"]
    assert [r["verification"] for r in rows] == ["confirmed", "claimed"]
    assert [r["description"] for r in rows] == ["Удар по мосту, \"A\"", "from the south"]
    days = [r["event_day"] for r in rows]
    assert days == ["2025-11-20", "2025-11-21"]
    if driver != "ESRI Shapefile":  # a shapefile keeps no time of day
        assert [r["event_time"][:16] for r in rows] == ["2025-11-20T10:00", "2025-11-21T11:30"]


def test_a_point_in_another_crs_and_a_polygon_are_placed_in_longitude_latitude(provider, tmp_path):
    import pyproj

    x, y = pyproj.Transformer.from_crs(4326, 32637, always_xy=True).transform(37.18, 48.28)
    geojson = {"type": "FeatureCollection",
               "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32637"}},
               "features": [
                   {"type": "Feature", "properties": {"date": "2025-11-20", "type": "strike"},
                    "geometry": {"type": "Point", "coordinates": [x, y]}},
                   {"type": "Feature", "properties": {"date": "2025-11-20", "type": "assault"},
                    "geometry": {"type": "Polygon", "coordinates": [[[x - 100, y - 100], [x + 100, y - 100],
                                                                     [x + 100, y + 100], [x - 100, y + 100],
                                                                     [x - 100, y - 100]]]}}]}
    path = tmp_path / "utm.geojson"
    path.write_text(json.dumps(geojson))
    store_path = str(tmp_path / "s.gpkg")
    assert run(provider, {"INPUT": str(path), "OUTPUT": store_path})["IMPORTED"] == 2
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{store_path}|layername=events", "e", "ogr")
    for feature in layer.getFeatures():
        point = feature.geometry().asPoint()
        assert point.x() == pytest.approx(37.18, abs=1e-6) and point.y() == pytest.approx(48.28, abs=1e-6)


def test_the_events_table_is_read_back_by_qgis_with_utc_times(provider, tmp_path):
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtCore import Qt

    store_path = str(tmp_path / "s.gpkg")
    run(provider, {"INPUT": write(tmp_path / "events.csv", GOOD_CSV), "OUTPUT": store_path})
    layer = QgsVectorLayer(f"{store_path}|layername=events", "e", "ogr")
    times = [f["event_time"] for f in layer.getFeatures()]
    assert times[1].toUTC().toString("yyyy-MM-ddTHH:mm") == "2025-11-21T04:30"
    assert times[1].timeSpec() in (Qt.UTC, Qt.OffsetFromUTC, Qt.LocalTime)


# -- PostGIS ------------------------------------------------------------------------
@pytest.mark.postgis
def test_events_into_a_team_store_with_provenance_and_no_duplicates(provider, tmp_path, pg_location, pg_schema):
    result = run(provider, {"INPUT": write(tmp_path / "events.csv", GOOD_CSV), "OUTPUT": pg_location})
    assert result["IMPORTED"] == 4
    again = run(provider, {"INPUT": str(tmp_path / "events.csv"), "OUTPUT": pg_location})
    assert (again["IMPORTED"], again["DUPLICATES"]) == (0, 4)
    conn = pg_connect()
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT event_time, description, created_by, row_version FROM "{pg_schema}".events '
                       "ORDER BY event_time")
        rows = cursor.fetchall()
    conn.close()
    assert [r[0] for r in rows] == [datetime.datetime(2025, 11, 20, tzinfo=UTC),
                                    datetime.datetime(2025, 11, 21, 4, 30, tzinfo=UTC),
                                    datetime.datetime(2025, 11, 22, 23, 45, tzinfo=UTC),
                                    datetime.datetime(2025, 11, 23, 12, 0, tzinfo=UTC)]
    assert rows[1][1] == 'Прапор на західній околиці, "відео"'
    assert {(r[2], r[3]) for r in rows} == {("postgres", 1)}


def _events_csv(path: Path, first_day: datetime.date, count: int, source: str) -> str:
    lines = ["date,lon,lat,type,source,verification"]
    for index in range(count):
        day = first_day + datetime.timedelta(days=index % 30)
        lines.append(f"{day.isoformat()}T{index % 24:02d}:00Z,{37 + index * 1e-4:.5f},48.3,strike,{source},claimed")
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.mark.postgis
def test_two_analysts_importing_events_at_once_lose_nothing(qgis_app, tmp_path, pg_location, pg_schema):
    """A imports 300 events of its own and a file B also imports; B imports 300
    of its own and that shared file: all 600 + the shared 100 once."""
    from situation_mapper import store

    store.create(pg_location)
    shared = _events_csv(tmp_path / "shared.csv", datetime.date(2025, 10, 1), 100, "Shared")
    jobs = {"a": [_events_csv(tmp_path / "a.csv", datetime.date(2025, 11, 1), 300, "A"), shared],
            "b": [shared, _events_csv(tmp_path / "b.csv", datetime.date(2025, 11, 1), 300, "B")]}
    go = tmp_path / "go"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    processes = {}
    for name, files in jobs.items():
        spec = tmp_path / f"{name}.json"
        spec.write_text(json.dumps({"files": files, "store": pg_location, "go": str(go)}))
        processes[name] = subprocess.Popen(  # nosec B603 - fixed argument list, no shell
            [sys.executable, __file__, "worker", str(spec)], env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for name in jobs:
        ready = tmp_path / f"{name}.json.ready"
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert processes[name].poll() is None, processes[name].communicate()
            assert time.monotonic() < deadline, f"worker {name} did not start"
            time.sleep(0.05)
    go.write_text("go")
    imported = 0
    for name, process in processes.items():
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-3000:]
        imported += sum(json.loads(out.strip().splitlines()[-1]))
    assert imported == 700
    conn = pg_connect()
    with conn.cursor() as cursor:
        cursor.execute(f'SELECT source, count(*) FROM "{pg_schema}".events GROUP BY source ORDER BY source')
        counts = dict(cursor.fetchall())
    conn.close()
    assert counts == {"A": 300, "B": 300, "Shared": 100}


def _worker(spec_path: str) -> None:
    """One analyst's event import process: start QGIS, say ready, wait for go, import."""
    from support import start_processing_in_worker

    _app, _provider = start_processing_in_worker()  # both kept until the process ends
    import processing
    from qgis.core import QgsProcessingFeedback

    spec = json.loads(Path(spec_path).read_text())
    Path(spec_path + ".ready").write_text("ready")
    while not Path(spec["go"]).exists():
        time.sleep(0.01)
    counts = []
    for path in spec["files"]:
        result = processing.run("situationmapper:importevents", {"INPUT": path, "OUTPUT": spec["store"]},
                                feedback=QgsProcessingFeedback())
        counts.append(result["IMPORTED"])
    print(json.dumps(counts))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "worker":
        _worker(sys.argv[2])
