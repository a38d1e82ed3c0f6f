"""situationmapper:importsnapshots on small hand-made snapshots: rows, validity
chains, unions, areas (against pyproj.Geod), appends, folders, date fields,
reprojection. Bad input is in test_import_bad_input.py, the 769 real files in
test_import_real_data.py."""

import datetime
import hashlib
import json

import pytest
from pyproj import Geod
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingFeedback, QgsVectorLayer

GEOD = Geod(ellps="WGS84")
D = datetime.date


# -- helpers shared with the other import/store tests ---------------------------------
def square(lon, lat, size):
    """A lon/lat square ring (closed), counter-clockwise."""
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


def write_geojson(path, polygons, properties=None, crs=None, geometry_type="MultiPolygon"):
    """A GeoJSON FeatureCollection, one feature per polygon (list of rings)."""
    features = []
    for index, rings in enumerate(polygons):
        if geometry_type == "MultiPolygon":
            geometry = {"type": "MultiPolygon", "coordinates": [rings]}
        elif geometry_type == "Polygon":
            geometry = {"type": "Polygon", "coordinates": rings}
        else:
            geometry = {"type": geometry_type, "coordinates": rings}
        props = (properties[index] if properties else {})
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    collection = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(collection))
    return path


def geod_area_km2(rings):
    """Independent ellipsoidal area of one polygon (outer ring, holes) by pyproj."""
    total = 0.0
    for index, ring in enumerate(rings):
        lons, lats = zip(*ring)
        area = abs(GEOD.polygon_area_perimeter(lons, lats)[0])
        total += area if index == 0 else -area
    return total / 1e6


def file_hash(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


class RecordingFeedback(QgsProcessingFeedback):
    """Feedback that keeps every info and warning message."""

    def __init__(self):
        super().__init__()
        self.infos, self.warnings = [], []

    def pushInfo(self, info):  # noqa: N802
        self.infos.append(info)

    def pushWarning(self, warning):  # noqa: N802
        self.warnings.append(warning)


def run_import(inputs, store, feedback=None, **params):
    import processing

    params.update({"INPUT": inputs, "OUTPUT": str(store)})
    return processing.run("situationmapper:importsnapshots", params,
                          feedback=feedback or RecordingFeedback())


def store_rows(store):
    """Control rows as dicts sorted by (source, status, valid_from), with geometry."""
    layer = QgsVectorLayer(f"{store}|layername=control", "control", "ogr")
    assert layer.isValid()
    rows = []
    for feature in layer.getFeatures():
        row = {name: feature[name] for name in layer.fields().names()}
        for key in ("valid_from", "valid_to"):
            value = row[key]
            row[key] = value.toPyDate() if value is not None and not (hasattr(value, "isNull") and value.isNull()) else None
        row["geometry"] = QgsGeometry(feature.geometry())
        rows.append(row)
    return sorted(rows, key=lambda r: (r["source"], r["status"], r["valid_from"]))


# -- tests -------------------------------------------------------------------------------
def test_three_days_make_a_chained_series(provider, tmp_path):
    files = [write_geojson(tmp_path / f"occupied_test_{day}.geojson", [[square(37.0, 48.0, size)]])
             for day, size in (("20251118", 0.10), ("20251119", 0.11), ("20251121", 0.12))]
    store = tmp_path / "store.gpkg"
    feedback = RecordingFeedback()
    result = run_import([str(f) for f in files], store, feedback)

    assert result["IMPORTED"] == 3 and result["SKIPPED"] == 0
    assert (result["FIRST_DATE"], result["LAST_DATE"]) == ("2025-11-18", "2025-11-21")
    assert result["GAPS"] == "2025-11-20" and result["GAP_DAYS"] == 1
    assert any("2025-11-20" in w for w in feedback.warnings)
    rows = store_rows(store)
    assert [(r["valid_from"], r["valid_to"]) for r in rows] == [
        (D(2025, 11, 18), D(2025, 11, 19)), (D(2025, 11, 19), D(2025, 11, 21)), (D(2025, 11, 21), None)]
    for row, size in zip(rows, (0.10, 0.11, 0.12)):
        assert row["source"] == "occupied_test"  # the file name before its date
        assert row["status"] == "occupied" and row["confidence"] == "assessed"
        assert row["imported_from"] == f"occupied_test_{row['valid_from']:%Y%m%d}.geojson"
        expected = geod_area_km2([square(37.0, 48.0, size)])
        assert row["area_km2"] == pytest.approx(expected, rel=1e-6)
        assert row["geometry"].wkbType() == 6  # MultiPolygon


def test_append_skips_what_is_there_and_rechains(provider, tmp_path):
    store = tmp_path / "store.gpkg"
    first = [write_geojson(tmp_path / f"s_{day}.geojson", [[square(37.0, 48.0, 0.1)]])
             for day in ("2025-11-18", "2025-11-19", "2025-11-21")]
    run_import([str(f) for f in first], store, SOURCE="DeepStateMap")
    later = [write_geojson(tmp_path / f"s_{day}.geojson", [[square(37.0, 48.0, 0.1)]])
             for day in ("2025-11-17", "2025-11-20")]
    feedback = RecordingFeedback()
    result = run_import([str(f) for f in first + later], store, feedback, SOURCE="DeepStateMap")

    assert result["IMPORTED"] == 2 and result["SKIPPED"] == 3
    assert result["GAPS"] == "" and result["GAP_DAYS"] == 0
    assert sum("is already in the store" in i for i in feedback.infos) == 3
    rows = store_rows(store)
    days = [r["valid_from"] for r in rows]
    assert days == [D(2025, 11, 17), D(2025, 11, 18), D(2025, 11, 19), D(2025, 11, 20), D(2025, 11, 21)]
    assert [r["valid_to"] for r in rows] == days[1:] + [None]

    # importing the same again changes nothing, not even the file
    before = file_hash(store)
    result = run_import([str(f) for f in first + later], store, SOURCE="DeepStateMap")
    assert result["IMPORTED"] == 0 and result["SKIPPED"] == 5
    assert file_hash(store) == before


def test_folder_as_input_or_folder_parameter(provider, tmp_path):
    folder = tmp_path / "snapshots"
    folder.mkdir()
    for day in ("2025-01-02", "2025-01-01"):
        write_geojson(folder / f"isw_{day}.geojson", [[square(36.0, 47.0, 0.2)]])
    (folder / "LICENSE").write_text("not a snapshot")
    (folder / "notes.txt").write_text("not a snapshot either")

    result = run_import(str(folder), tmp_path / "a.gpkg")
    assert result["IMPORTED"] == 2
    assert [r["source"] for r in store_rows(tmp_path / "a.gpkg")] == ["isw", "isw"]

    result = run_import([str(folder)], tmp_path / "b.gpkg")
    assert result["IMPORTED"] == 2

    import processing

    result = processing.run("situationmapper:importsnapshots",
                            {"FOLDER": str(folder), "OUTPUT": str(tmp_path / "c.gpkg")})
    assert result["IMPORTED"] == 2
    assert [r["valid_to"] for r in store_rows(tmp_path / "c.gpkg")] == [D(2025, 1, 2), None]


def test_features_of_one_file_are_unioned(provider, tmp_path):
    # two 0.1 degree squares overlapping by half, and one apart
    path = write_geojson(tmp_path / "occ_2025-11-20.geojson", [
        [square(37.0, 48.0, 0.1)], [square(37.05, 48.0, 0.1)], [square(38.0, 48.0, 0.1)]],
        geometry_type="MultiPolygon")
    store = tmp_path / "store.gpkg"
    run_import([str(path)], store)
    rows = store_rows(store)
    assert len(rows) == 1
    geometry = rows[0]["geometry"]
    assert geometry.constGet().numGeometries() == 2
    merged = [[37.0, 48.0], [37.15, 48.0], [37.15, 48.1], [37.0, 48.1], [37.0, 48.0]]
    expected = geod_area_km2([merged]) + geod_area_km2([square(38.0, 48.0, 0.1)])
    assert rows[0]["area_km2"] == pytest.approx(expected, rel=1e-6)


def test_dates_statuses_and_sources_from_fields(provider, tmp_path):
    properties = [
        {"day": "2025-11-18", "cls": "occupied", "who": "A", "conf": "claimed"},
        {"day": "2025-11-18", "cls": "contested", "who": "A", "conf": ""},
        {"day": "2025-11-19", "cls": "occupied", "who": "A", "conf": None},
        {"day": "2025-11-19", "cls": "occupied", "who": "B", "conf": None},
        {"day": "2025-11-20", "cls": "occupied", "who": "A", "conf": None},
    ]
    path = write_geojson(tmp_path / "all_in_one.geojson",
                         [[square(37.0 + i * 0.01, 48.0, 0.1)] for i in range(5)], properties)
    store = tmp_path / "store.gpkg"
    result = run_import([str(path)], store, DATE_SOURCE=1, DATE_FIELD="day", STATUS_FIELD="cls",
                        SOURCE_FIELD="who", CONFIDENCE_FIELD="conf", SIDE="RU")
    assert result["IMPORTED"] == 5
    rows = store_rows(store)
    summary = [(r["source"], r["status"], r["valid_from"], r["valid_to"], r["confidence"], r["side"])
               for r in rows]
    assert summary == [
        ("A", "contested", D(2025, 11, 18), None, "assessed", "RU"),
        ("A", "occupied", D(2025, 11, 18), D(2025, 11, 19), "claimed", "RU"),
        ("A", "occupied", D(2025, 11, 19), D(2025, 11, 20), "assessed", "RU"),
        ("A", "occupied", D(2025, 11, 20), None, "assessed", "RU"),
        ("B", "occupied", D(2025, 11, 19), None, "assessed", "RU"),
    ]
    assert all(r["imported_from"] == "all_in_one.geojson" for r in rows)


def test_projected_file_is_reprojected(provider, tmp_path):
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    to_mercator = QgsCoordinateTransform(wgs84, mercator, QgsProject.instance())
    ring = square(37.0, 48.0, 0.1)
    projected = [[p.x(), p.y()] for p in (to_mercator.transform(x, y) for x, y in ring)]
    path = write_geojson(tmp_path / "merc_20251120.geojson", [[projected]],
                         crs="urn:ogc:def:crs:EPSG::3857")
    store = tmp_path / "store.gpkg"
    run_import([str(path)], store)
    geometry = store_rows(store)[0]["geometry"]
    box = geometry.boundingBox()
    assert (box.xMinimum(), box.yMinimum()) == pytest.approx((37.0, 48.0), abs=1e-7)
    assert (box.xMaximum(), box.yMaximum()) == pytest.approx((37.1, 48.1), abs=1e-7)
    assert store_rows(store)[0]["area_km2"] == pytest.approx(geod_area_km2([ring]), rel=1e-6)


def test_memory_layer_input_and_polygon_type(provider, tmp_path):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "drawn 2025-11-20", "memory")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("Polygon ((37 48, 37.1 48, 37.1 48.1, 37 48.1, 37 48))"))
    feature["name"] = "sketch"
    layer.dataProvider().addFeatures([feature])
    store = tmp_path / "store.gpkg"
    result = run_import([layer], store, SOURCE="analyst", STATUS="claimed", CONFIDENCE="unverified")
    assert result["IMPORTED"] == 1
    row = store_rows(store)[0]
    assert (row["source"], row["status"], row["confidence"]) == ("analyst", "claimed", "unverified")
    assert row["valid_from"] == D(2025, 11, 20) and row["imported_from"] == "drawn 2025-11-20"
    assert row["geometry"].isMultipart()


def test_store_is_a_valid_control_layer_for_the_other_algorithms(provider, tmp_path):
    from situation_mapper.store import geopackage as store_api

    path = write_geojson(tmp_path / "x_20251120.geojson", [[square(37.0, 48.0, 0.1)]])
    store = tmp_path / "store.gpkg"
    run_import([str(path)], store)
    info = store_api.validate(str(store))
    assert info.control_rows == 1
    series = store_api.list_series(str(store))
    assert [(s.source, s.status, s.count) for s in series] == [("x", "occupied", 1)]
    assert store_api.source_info(str(store)) == {"x": store_api.SourceInfo("x")}


def test_source_name_from_file():
    from situation_mapper.layers.snapshot_files import source_name_from_file

    assert source_name_from_file("deepstatemap_data_20240708.geojson", D(2024, 7, 8)) == "deepstatemap_data"
    assert source_name_from_file("/x/ISW-2025-11-20.gpkg", D(2025, 11, 20)) == "ISW"
    assert source_name_from_file("20.11.2025.geojson", D(2025, 11, 20)) == "20.11.2025"
    assert source_name_from_file("front.shp", None) == "front"
